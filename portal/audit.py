"""Recording to the append-only audit log (R-SEL5: who, what, when, why)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from portal.models import AuditEvent, Person


class AuditLogIsAppendOnly(RuntimeError):
    pass


def record(
    session: Session,
    actor: Person | None,
    action: str,
    obj: Any = None,
    *,
    reason: str | None = None,
    **details: Any,
) -> AuditEvent:
    """Add an audit event to the current transaction; it commits or rolls back with it."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "none",
        object_id=getattr(obj, "id", None),
        reason=reason,
        details=details,
    )
    session.add(event)
    return event


@sa.event.listens_for(AuditEvent, "before_update")
@sa.event.listens_for(AuditEvent, "before_delete")
def _refuse_change(mapper, connection, target):
    raise AuditLogIsAppendOnly("audit events are never changed or deleted")

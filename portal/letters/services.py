"""Letters to post and calls to make: the outbox messages that wait for a person (R-AC1, R-AC2).

Someone without email is answered by post or by phone, in their language. Such a message is
an OutboxMessage with status MANUAL; it belongs to the organisation that sent it, and only
that organisation's engagement workers see it, print it and mark it done (R-IV1: they
deliver our words, they do not write their own).

Marking a letter posted (or a call made) is a conditional update from MANUAL to SENT, so two
workers cannot both do it: the second is told it has already been done, and by whom. The
application's timeline records it.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal.applications.access import worker_organisation_ids
from portal.applications.services import record
from portal.errors import DomainError, Forbidden, NotFound
from portal.models import Application, Organisation, OutboxMessage, Person, Recruitment
from portal.models.base import utcnow
from portal.models.enums import ContactChannel, OutboxStatus

MANUAL_CHANNELS = (ContactChannel.POST, ContactChannel.PHONE)


@dataclass(frozen=True)
class Letter:
    message: OutboxMessage
    application: Application | None
    recruitment: Recruitment | None
    organisation: Organisation | None

    @property
    def is_call(self) -> bool:
        return self.message.channel == ContactChannel.PHONE

    def _contact(self) -> dict:
        return dict(self.application.contact or {}) if self.application else {}

    @property
    def name(self) -> str:
        return self._contact().get("name") or (self.message.payload or {}).get("name") or ""

    @property
    def postal_address(self) -> str:
        """Where to post it: the address they gave last (they may have changed it since the
        letter was written), else the one it was written for."""
        return (self._contact().get("postal_address")
                or (self.message.payload or {}).get("postal_address") or "")

    @property
    def phone(self) -> str:
        return self._contact().get("phone") or (self.message.payload or {}).get("phone") or ""

    def title(self, lang: str) -> str:
        if self.recruitment is None:
            return ""
        version = self.recruitment.published_version
        sections = version.sections if version else {}
        return ((sections.get("title", {}).get(lang) or "").strip()
                or self.recruitment.board.name(lang))


def _query():
    return (sa.select(OutboxMessage, Application, Recruitment, Organisation)
            .outerjoin(Application, Application.id == OutboxMessage.application_id)
            .outerjoin(Recruitment, Recruitment.id == Application.recruitment_id)
            .outerjoin(Organisation, Organisation.id == OutboxMessage.organisation_id)
            .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))
            .where(OutboxMessage.channel.in_(MANUAL_CHANNELS)))


def _worker_orgs(session: Session, person: Person | None) -> set[int]:
    orgs = worker_organisation_ids(session, person)
    if not orgs:
        raise Forbidden()
    return orgs


def queue(session: Session, person: Person | None, recruitment_id: int | None = None
          ) -> list[Letter]:
    """Letters and calls still to do for the organisations this worker supports, oldest
    first; optionally only those about one recruitment. One statement however many."""
    orgs = _worker_orgs(session, person)
    query = _query().where(OutboxMessage.status == OutboxStatus.MANUAL,
                           OutboxMessage.organisation_id.in_(orgs))
    if recruitment_id is not None:
        query = query.where(Application.recruitment_id == recruitment_id)
    rows = session.execute(query.order_by(OutboxMessage.created_at, OutboxMessage.id))
    return [Letter(*row) for row in rows.unique()]


def recruitments_with_letters(session: Session, person: Person | None) -> list[Recruitment]:
    """For the filter: the recruitments that have letters or calls waiting."""
    orgs = _worker_orgs(session, person)
    waiting = (sa.select(Application.recruitment_id)
               .join(OutboxMessage, OutboxMessage.application_id == Application.id)
               .where(OutboxMessage.status == OutboxStatus.MANUAL,
                      OutboxMessage.organisation_id.in_(orgs)))
    return list(session.scalars(
        sa.select(Recruitment).where(Recruitment.id.in_(waiting))
        .options(joinedload(Recruitment.board), joinedload(Recruitment.published_version))
        .order_by(Recruitment.id)).unique())


def get_letter(session: Session, person: Person | None, message_id: int) -> Letter:
    """One letter or call, for an engagement worker of its organisation only."""
    orgs = _worker_orgs(session, person)
    row = session.execute(_query().where(OutboxMessage.id == message_id)).unique().first()
    if row is None:
        raise NotFound()
    letter = Letter(*row)
    if letter.message.organisation_id not in orgs:
        raise Forbidden()
    return letter


def mark_done(session: Session, person: Person, message_id: int) -> Letter:
    """The letter was posted, or the call made. Only one worker can mark it: the update only
    happens while it is still waiting (status MANUAL)."""
    letter = get_letter(session, person, message_id)
    now = utcnow()
    done = session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.MANUAL)
        .values(status=OutboxStatus.SENT, sent_at=now, handled_by_id=person.id)
        .execution_options(synchronize_session=False))
    if done.rowcount != 1:
        raise DomainError(_l("Someone has already marked this as done, so there is nothing "
                             "more to do."))
    if letter.application is not None:
        record(session, letter.application, "call_made" if letter.is_call else "letter_posted",
               person, message_id=message_id)
    session.flush()
    session.refresh(letter.message)
    # A code to carry on, printed in the letter or read out, is not kept once it has gone.
    from workers.jobs.email import forget_secrets

    forget_secrets(letter.message)
    session.flush()
    return letter


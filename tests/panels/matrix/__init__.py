"""Rows of the panel access matrix, one module per journey (`rows_<journey>.py`), so that each
journey adds its endpoints without touching the others'. Each module defines

    ROWS = {"panels.endpoint": ("GET" | "POST", "/{lang}/…{recruitment}…{application}…",
                               {role: expected, …}), …}
    POST_DATA = {"panels.endpoint": {field: value}}   # optional
    def extend(db_session, values: dict, people: dict) -> None:   # optional
        # Add the objects this journey's rows need, and their ids to `values` (which
        # already holds recruitment, application, other_application, other_recruitment,
        # outside_application); `people` maps each role to its Person.

Path templates may use every key of the matrix world (see test_panel_access_matrix.world).
Expected values: a status code, SIGN_IN, or REDIRECT (302 that is not to sign-in).
"""

from __future__ import annotations

import importlib
import pkgutil

OK, SIGN_IN, DENIED, NOT_FOUND, REDIRECT, CONFLICT = 200, "sign-in", 403, 404, 302, 409
ROLES = ["anonymous", "person", "engagement_worker", "org_admin", "platform_admin",
         "group_member", "chair", "member", "conflicted", "unready", "outsider",
         "budget_holder"]
# Only people on this panel, ready, and (for one application) without a conflict.
NOBODY = {**dict.fromkeys(ROLES, DENIED), "anonymous": SIGN_IN}
PANEL = {**NOBODY, "chair": OK, "member": OK, "conflicted": OK, "unready": OK}
READY_PANEL = {**PANEL, "unready": DENIED}
# The application the `conflicted` member declared a conflict with.
UNCONFLICTED = {**READY_PANEL, "conflicted": DENIED}
CHAIR = {**NOBODY, "chair": OK}


def collect() -> tuple[dict, dict, list]:
    rows, post_data, hooks = {}, {}, []
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("rows_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        overlap = set(rows) & set(module.ROWS)
        assert not overlap, f"{info.name} repeats {overlap}"
        rows.update(module.ROWS)
        post_data.update(getattr(module, "POST_DATA", {}))
        if hasattr(module, "extend"):
            hooks.append(module.extend)
    return rows, post_data, hooks

"""Access rows for the panel's home, "Your panels", the scheme (R-SEL3) and readiness and
conflicts (R-SEL6, R-SEL4)."""

from __future__ import annotations

import sqlalchemy as sa

from tests.panels.matrix import CHAIR, DENIED, NOBODY, OK, PANEL, REDIRECT, ROLES, SIGN_IN

# Group members (accepted), panel members, and the organisation's workers and administrators.
SEES_PANEL = {**PANEL, "group_member": OK, "engagement_worker": OK, "org_admin": OK,
              "platform_admin": OK}
# Accepted members of the leadership group (in the matrix world every panel member is one).
GROUP = {**NOBODY, "group_member": OK, "chair": OK, "member": OK, "conflicted": OK,
         "unready": OK}
GROUP_POSTS = {k: (REDIRECT if v == OK else v) for k, v in GROUP.items()}
PANEL_POSTS = {k: (REDIRECT if v == OK else v) for k, v in PANEL.items()}
SIGNED_IN = {**dict.fromkeys(ROLES, OK), "anonymous": SIGN_IN}
# The chair, lived-experience group members, engagement workers and administrators record
# that someone attended the training (the conflicted member is the independent adviser).
RECORDS_TRAINING = {**NOBODY, "chair": REDIRECT, "member": REDIRECT, "group_member": REDIRECT,
                    "unready": REDIRECT, "engagement_worker": REDIRECT, "org_admin": REDIRECT,
                    "platform_admin": REDIRECT, "conflicted": DENIED}
# Ready members see the names page; an unready one is sent to get ready first.
DECLARES = {**PANEL, "unready": REDIRECT}

R = "/{lang}/recruitment/{recruitment}/panel"
ROWS = {
    "panels.home": ("GET", R + "/", SEES_PANEL),
    "panels.mine": ("GET", "/{lang}/recruitment/panels/", SIGNED_IN),
    "panels.scheme": ("GET", R + "/scheme", SEES_PANEL),
    "panels.scheme_edit": ("GET", R + "/scheme/edit", GROUP),
    "panels.scheme_decide": ("POST", R + "/scheme/decision", GROUP_POSTS),
    "panels.readiness": ("GET", R + "/ready", PANEL),
    # Before the readiness posts below, which make the unready member ready.
    "panels.conflicts": ("GET", R + "/conflicts", DECLARES),
    "panels.training": ("POST", R + "/ready/training", PANEL_POSTS),
    "panels.confidentiality": ("POST", R + "/ready/confidentiality", PANEL_POSTS),
    "panels.preferences": ("POST", R + "/ready/preferences", PANEL_POSTS),
    "panels.record_training": ("POST", R + "/members/{unready_member}/training",
                               RECORDS_TRAINING),
    "panels.strength": ("GET", R + "/strength", CHAIR),
}
POST_DATA = {
    "panels.scheme_decide": {"version": "1", "decision": "approve"},
    # "neither" only offers the training session: the unready member stays unready for the
    # rows of other journeys that run after these in the same test.
    "panels.training": {"basis": "neither"},
    "panels.confidentiality": {"agree": "y"},
    "panels.preferences": {"scoring_mode": "by_question", "payment_choice": "volunteer"},
}


def extend(db_session, values: dict, people: dict) -> None:
    from portal.models import PanelMember

    values["unready_member"] = db_session.scalar(sa.select(PanelMember.id).where(
        PanelMember.person_id == people["unready"].id))

"""Every step recorded on an application has words for the applicant (my applications) and
for staff (the console): a new kind of step cannot reach a timeline as a bare code."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2] / "portal"
# record(session, application, "kind", …) in services, and the event templates of events.py
RECORDED = re.compile(r"(?<!audit\.)(?<!audit_)\brecord\(\s*session,\s*[\w.]+,\s*\"(\w+)\"")


def recorded_kinds() -> set[str]:
    kinds = set()
    for path in ROOT.rglob("*.py"):
        text = path.read_text()
        kinds |= set(RECORDED.findall(text))
        if path.name == "events.py":  # the message template is also the step's kind
            kinds |= set(re.findall(r"_tell_booked\([^)]*\"(\w+)\"", text))
        if path.parent.name == "letters":
            kinds |= {"letter_posted", "call_made"}
    return kinds - {"started_by"}


def test_every_recorded_step_has_words_for_the_applicant_and_for_staff__R_SEL5(app):
    from portal.applications.mine import EVENT_WORDS  # after the app: the views import forms
    from portal.console.labels import EVENT_NAMES

    kinds = recorded_kinds()
    assert len(kinds) > 25  # the pattern still finds them
    assert kinds - set(EVENT_WORDS) == set()
    assert kinds - set(EVENT_NAMES) == set()

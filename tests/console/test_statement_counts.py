"""The console runs the same number of SQL statements for 1 application as for 200."""

from __future__ import annotations

import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.models import Application, ApplicationEvent, InformalChat, InterestRegistration
from portal.models.base import utcnow
from portal.models.enums import ApplicationStatus, ChatMode, ContactChannel, Language


def _bulk(db_session, role, worker, start, n):
    """n sent applications in a few statements: a third chats, a third written down."""
    now = utcnow()
    rows = []
    for i in range(start, start + n):
        rows.append({
            "recruitment_id": role.id, "reference": f"B{i:03d}-{i:04d}",
            "access_token_hash": hash_token(f"bulk-{i}"),
            "route": "informal_chat" if i % 3 == 0 else "expression_of_interest",
            "status": ApplicationStatus.SUBMITTED, "language": Language.ENGLISH,
            "eligibility": "yes", "answers": {"expression": f"Words {i}"},
            "contact": {"name": f"Person {i}", "channel": "phone", "phone": "01970 123456"},
            "submitted_at": now, "created_at": now, "updated_at": now,
            "assisted_by_id": worker.id if i % 3 == 1 else None,
            "confirmed_at": now if i % 3 == 1 else None, "resume_failures": 0,
            "equality_answered": False})
    db_session.execute(sa.insert(Application), rows)
    ids = db_session.execute(sa.select(Application.id, Application.route).where(
        Application.reference.in_([r["reference"] for r in rows]))).all()
    db_session.execute(sa.insert(ApplicationEvent), [
        {"application_id": i, "kind": "submitted", "details": {}, "created_at": now}
        for i, _route in ids])
    db_session.execute(sa.insert(InformalChat), [
        {"application_id": i, "mode": ChatMode.PHONE, "best_times": "Mornings",
         "created_at": now} for i, route in ids if route == "informal_chat"])
    db_session.execute(sa.insert(InterestRegistration), [
        {"name": f"Interested {i}", "phone": "01970 123456",
         "contact_channel": ContactChannel.PHONE, "language": Language.WELSH, "areas": [],
         "seat_types": [], "unsubscribe_token": f"bulk-stop-{i}", "confirmed_at": now,
         "created_at": now} for i in range(start, start + n)])
    db_session.commit()


def test_the_console_home_is_constant_from_1_to_200_applications(
        db_session, as_person, statements, console_world):
    worker, member = console_world["worker"], console_world["member"]
    role = console_world["role"]
    clients = {"worker": as_person(worker), "member": as_person(member)}
    paths = ["/en/console/", f"/cy/console/?recruitment={role.id}"]

    def measure():
        counts = {}
        for who, client in clients.items():
            for path in paths:
                with statements() as seen:
                    response = client.get(path)
                assert response.status_code == 200, path
                counts[(who, path)] = len(seen)
        return counts

    _bulk(db_session, role, worker, 0, 3)  # one of each kind
    before = measure()
    _bulk(db_session, role, worker, 3, 197)
    html = clients["worker"].get("/en/console/").get_data(as_text=True)
    assert "Applications sent: 133" in html and "Person 199" in html
    assert measure() == before

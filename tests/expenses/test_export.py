"""Finance's CSV of approved claims (R-PAY1: nobody is left out of pocket, so finance pays
what the budget holder approved): UTF-8 with a byte-order mark for Excel, one row a claim,
safe from formula injection, an attachment never cached; "only the new ones" exports each
claim once, even on a double click."""

from __future__ import annotations

import csv
import io
import threading
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from portal.expenses import services
from portal.models import AuditEvent, ExpenseClaim, Person
from portal.models.base import utcnow
from portal.models.enums import ClaimActivity, ClaimStatus
from tests import factories
from tests.expenses.builders import yesterday


def approved_claim(db_session, world, person, *, amount="12.50", category="travel",
                   hours=None, status=ClaimStatus.APPROVED, recruitment=None):
    claim = ExpenseClaim(recruitment_id=(recruitment or world.recruitment).id,
                         person_id=person.id, activity=ClaimActivity.PANEL,
                         activity_on=yesterday(), category=category, amount=Decimal(amount),
                         hours=hours, status=status,
                         decided_by_id=world.holder.id if status != ClaimStatus.SUBMITTED
                         else None,
                         decided_at=utcnow() - timedelta(hours=1)
                         if status != ClaimStatus.SUBMITTED else None)
    db_session.add(claim)
    db_session.commit()
    return claim


def export(client, csrf, world, which="new", lang="en"):
    page = client.get(f"/{lang}/expenses/recruitment/{world.recruitment.id}/export")
    assert page.status_code == 200
    return client.post(f"/{lang}/expenses/recruitment/{world.recruitment.id}/export.csv",
                       data={"which": which, "csrf_token": csrf(page)})


def rows_of(response) -> list[list[str]]:
    assert response.data.startswith("\ufeff".encode())  # the BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))


def test_finance_downloads_approved_claims_as_csv__R_PAY1(client, login, csrf, world,
                                                          db_session):
    member = db_session.get(Person, world.panel.members[1].id)
    member.given_name = "Siân"
    fee = approved_claim(db_session, world, member, amount="44.10", category="fee",
                         hours=Decimal("3.5"))
    approved_claim(db_session, world, member, amount="9.99", status=ClaimStatus.SUBMITTED)
    approved_claim(db_session, world, member, amount="8.88", status=ClaimStatus.RETURNED)
    approved_claim(db_session, world, world.panel.outsider_member, amount="7.77",
                   recruitment=world.panel.other_role)
    login(client, world.admin)
    response = export(client, csrf, world)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="expenses-')
    assert response.headers["Cache-Control"] == "no-store"
    header, *rows = rows_of(response)
    assert header == ["Reference", "Claimant", "Activity", "Date", "Category", "Amount (£)",
                      "Hours", "Approved by", "Approved at"]
    assert len(rows) == 1  # only approved claims of this recruitment
    [row] = rows
    assert row[0] == services.claim_reference(fee) and row[1] == "Siân Panel"
    assert row[3] == yesterday().isoformat() and row[5] == "44.10" and row[6] == "3.50"
    assert row[7] == world.holder.full_name and row[8]
    db_session.expire_all()
    assert db_session.get(ExpenseClaim, fee.id).exported_at is not None
    assert db_session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "expenses_exported")).details["claims"] == 1


def test_only_new_claims_are_exported_once_and_all_can_be_exported_again__R_PAY1(
        client, login, csrf, world, db_session):
    approved_claim(db_session, world, world.panel.members[1])
    login(client, world.admin)
    assert len(rows_of(export(client, csrf, world))) == 2
    assert len(rows_of(export(client, csrf, world))) == 1  # nothing new: the header only
    approved_claim(db_session, world, world.panel.members[2], amount="3.00")
    assert [r[5] for r in rows_of(export(client, csrf, world))[1:]] == ["3.00"]
    assert len(rows_of(export(client, csrf, world, which="all"))) == 3


def test_a_double_click_exports_nothing_twice__R_PAY1(app, login, csrf, world, db_session):
    for n in range(5):
        approved_claim(db_session, world, world.panel.members[1], amount=f"{n + 1}.00")
    clients, tokens = [], []
    for _ in range(2):
        c = app.test_client()
        login(c, world.admin)
        tokens.append(csrf(c.get(f"/en/expenses/recruitment/{world.recruitment.id}/export")))
        clients.append(c)
    barrier = threading.Barrier(2)
    files = []

    def send(c, token):
        barrier.wait()
        files.append(c.post(f"/en/expenses/recruitment/{world.recruitment.id}/export.csv",
                            data={"which": "new", "csrf_token": token}))

    threads = [threading.Thread(target=send, args=p) for p in zip(clients, tokens,
                                                                   strict=True)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    exported = [row[0] for f in files for row in rows_of(f)[1:]]
    assert len(exported) == 5 and len(set(exported)) == 5


@pytest.mark.parametrize("value", ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3",
                                   "@SUM(A1)", "\tcmd", "\r=1"])
def test_cells_are_safe_from_csv_injection(value):
    assert services.csv_safe(value) == "'" + value
    assert services.csv_safe("Siân") == "Siân" and services.csv_safe(None) == ""


def test_a_claimants_name_cannot_become_a_formula_in_the_csv(client, login, csrf, world,
                                                              db_session):
    evil = factories.person(db_session, given_name="=cmd|' /C calc'!A0", family_name="X")
    approved_claim(db_session, world, evil)
    login(client, world.admin)
    [_header, row] = rows_of(export(client, csrf, world))
    assert row[1].startswith("'=cmd")
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row)


@pytest.mark.parametrize(("who", "status"), [("platform_admin", 200), ("other_admin", 403),
                                        ("worker", 403), ("holder", 403), ("member", 403)])
def test_only_administrators_of_the_organisation_export__R_PAY1(client, login, csrf, world,
                                                               db_session, who, status):
    approved_claim(db_session, world, world.panel.members[1])
    if who == "platform_admin":
        person = factories.person(db_session, given_name="Pat", family_name="Platform")
        factories.grant(db_session, person, "platform_admin")
        db_session.commit()
    elif who == "member":
        person = world.panel.members[1]
    else:
        person = getattr(world, who)
    login(client, person)
    page = client.get(f"/en/expenses/recruitment/{world.recruitment.id}/export")
    assert page.status_code == status
    token = csrf(client.get("/en/account"))
    response = client.post(f"/en/expenses/recruitment/{world.recruitment.id}/export.csv",
                           data={"which": "new", "csrf_token": token})
    assert response.status_code == status
    db_session.expire_all()
    exported = db_session.scalar(sa.select(sa.func.count(ExpenseClaim.id)).where(
        ExpenseClaim.exported_at.is_not(None)))
    assert exported == (1 if status == 200 else 0)


def test_the_csv_speaks_welsh_on_the_welsh_page(client, login, csrf, world, db_session):
    approved_claim(db_session, world, world.panel.members[1])
    login(client, world.admin)
    response = export(client, csrf, world, lang="cy")
    assert response.status_code == 200 and len(rows_of(response)) == 2

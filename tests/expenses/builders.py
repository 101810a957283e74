"""The expenses test world: the panel world (tests/panels/builders.py) with a named budget
holder, an organisation administrator and engagement worker, an applicant's interview link,
and the bytes of real and fake receipts."""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa

from portal.auth.services import hash_token
from portal.models import Board, Interview, Organisation, Person, Recruitment
from portal.models.base import today_in_wales
from tests import factories
from tests.panels.builders import PanelWorld, panel_world

TOKEN = "interview-link-secret-0123456789abcdef"


def png_bytes() -> bytes:
    """A real, valid 1×1 PNG."""
    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


# The start of a real JFIF file (SOI, APP0) and its end (EOI).
JPEG = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
        + b"\x00" * 64 + b"\xff\xd9")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# A Windows program renamed receipt.jpg, and an HTML page renamed receipt.png.
FAKE_EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64
FAKE_HTML = b"<html><script>alert(1)</script></html>"


@dataclass
class ExpensesWorld:
    panel: PanelWorld
    recruitment: Recruitment
    organisation: Organisation
    holder: Person
    admin: Person
    worker: Person
    other_holder: Person  # the other recruitment's budget holder (IDOR)
    other_admin: Person  # administers another organisation
    other_worker: Person


def expenses_world(db_session) -> ExpensesWorld:
    w = panel_world(db_session, commit=False)
    organisation = db_session.get(Organisation, db_session.get(
        Board, w.role.board_id).organisation_id)
    other_org = db_session.get(Organisation, db_session.get(
        Board, w.other_role.board_id).organisation_id)
    holder = factories.person(db_session, given_name="Bethan", family_name="Budget")
    admin = factories.person(db_session, given_name="Aled", family_name="Admin")
    worker = factories.person(db_session, given_name="Wyn", family_name="Worker")
    other_holder = factories.person(db_session, given_name="Osian", family_name="Other")
    other_admin = factories.person(db_session, given_name="Olwen", family_name="Otheradmin")
    other_worker = factories.person(db_session, given_name="Owain", family_name="Otherworker")
    factories.grant(db_session, holder, "engagement_worker", organisation)
    factories.grant(db_session, admin, "org_admin", organisation)
    factories.grant(db_session, worker, "engagement_worker", organisation)
    factories.grant(db_session, other_admin, "org_admin", other_org)
    factories.grant(db_session, other_worker, "engagement_worker", other_org)
    factories.grant(db_session, other_holder, "engagement_worker", other_org)
    db_session.get(Recruitment, w.role.id).budget_holder_id = holder.id
    db_session.get(Recruitment, w.other_role.id).budget_holder_id = other_holder.id
    db_session.add(Interview(application_id=w.applications[0].id,
                             token_hash=hash_token(TOKEN)))
    db_session.commit()
    return ExpensesWorld(w, w.role, organisation, holder, admin, worker, other_holder,
                         other_admin, other_worker)


def yesterday() -> date:
    return today_in_wales() - timedelta(days=1)


def claim_data(**overrides) -> dict:
    """The claim form as a person fills it in: travel, yesterday, £12.50."""
    day = overrides.pop("day", yesterday())
    data = {"activity": "panel", "activity_on-day": str(day.day),
            "activity_on-month": str(day.month), "activity_on-year": str(day.year),
            "category": "travel", "amount": "12.50",
            "description": "Bus from Rhyl to Bangor and back"}
    data.update(overrides)
    return data


def post_claim(client, csrf, path: str, data: dict, receipt: tuple[bytes, str] | None = None):
    """Open the claim page, then send it (with a receipt as a real multipart upload)."""
    import io

    page = client.get(path)
    assert page.status_code == 200, page.status_code
    body = {**data, "csrf_token": csrf(page)}
    if receipt is not None:
        body["receipt"] = (io.BytesIO(receipt[0]), receipt[1])
    return client.post(path, data=body, content_type="multipart/form-data")


def claims(db_session):
    from portal.models import ExpenseClaim

    db_session.expire_all()
    return list(db_session.scalars(sa.select(ExpenseClaim).order_by(ExpenseClaim.id)))

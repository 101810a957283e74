"""The advertising plan of a role (R-AD1).

Each line is a channel (from the R-AD1 list, or one the group names), with a planned date, a
done date and who did it. Each line has its own short code: the tracked link /r/<code> (also
printed as the QR code on posters for that channel) counts visits, so the group can see which
channels reach people. "Where did you hear about this?" answers join the same table: engagement
workers record what people tell them when they get in touch, and applications (issue 3/5) will
add their answers too.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from portal import audit
from portal.codes import is_readable_code, readable_code
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import AdvertChannel, AdvertVisit, HeardAbout, Person, Recruitment
from portal.models.base import today_in_wales
from portal.models.enums import ADVERT_CHANNELS, MemberStatus, RecruitmentStage
from portal.recruitment.services import Access, get_recruitment

CODE_LENGTH = 6

CHANNEL_NAMES = {
    "local_newspapers": _l("Local newspapers"),
    "radio": _l("Local or hospital radio"),
    "public_sector_websites": _l("Public-sector websites"),
    "third_sector_websites": _l("Third-sector websites"),
    "forum_website": _l("The Forum's website"),
    "social_media": _l("Social media"),
    "newsletters": _l("Organisations' newsletters"),
    "pharmacies_gp_opticians": _l("Pharmacies, GP surgeries and opticians"),
    "community_mental_health_teams": _l("Community mental health teams"),
    "drop_in_centres": _l("Drop-in centres"),
    "food_banks": _l("Food banks"),
    "events": _l("Events"),
    "libraries": _l("Libraries"),
    "partnership_boards": _l("Partnership boards"),
}
assert tuple(CHANNEL_NAMES) == ADVERT_CHANNELS


def channel_name(row: AdvertChannel) -> str:
    return row.custom_name if row.channel == "custom" else str(CHANNEL_NAMES[row.channel])


def can_plan(access: Access) -> bool:
    """The group's members, the organisation's administrators and its engagement workers
    (who put up posters and talk to drop-in centres)."""
    member = access.member is not None and access.member.status == MemberStatus.ACCEPTED
    return member or access.manage_group or access.record_in_person


def _new_code(session: Session) -> str:
    while True:
        code = readable_code(CODE_LENGTH)
        if session.scalar(sa.select(AdvertChannel.id).where(AdvertChannel.code == code)) is None:
            return code


def add_channel(session: Session, actor: Person, recruitment_id: int, data: dict[str, Any]
                ) -> AdvertChannel:
    _recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not can_plan(access):
        raise Forbidden()
    channel = data.get("channel") or ""
    custom = (data.get("custom_name") or "").strip()
    problems = []
    if channel not in (*ADVERT_CHANNELS, "custom"):
        problems.append(("channel", _l("Choose a channel")))
    if channel == "custom" and not custom:
        problems.append(("custom_name", _l("Enter the name of the channel")))
    if problems:
        raise ValidationFailed(problems)
    if channel != "custom":
        custom = ""
    exists = session.scalar(sa.select(AdvertChannel.id).where(
        AdvertChannel.recruitment_id == recruitment_id, AdvertChannel.channel == channel,
        sa.func.lower(AdvertChannel.custom_name) == custom.lower()))
    if exists:
        raise DomainError(_l("This channel is already in the plan"),
                          field="custom_name" if channel == "custom" else "channel")
    row = AdvertChannel(recruitment_id=recruitment_id, channel=channel, custom_name=custom,
                        planned_on=data.get("planned_on"), code=_new_code(session))
    try:
        with session.begin_nested():  # two people adding the same channel at once
            session.add(row)
    except IntegrityError:
        raise DomainError(_l("This channel is already in the plan"),
                          field="custom_name" if channel == "custom" else "channel") from None
    audit.record(session, actor, "advert_channel_added", row, recruitment_id=recruitment_id,
                 channel=channel, custom_name=custom or None)
    return row


def _row(session: Session, recruitment_id: int, channel_id: int) -> AdvertChannel:
    row = session.get(AdvertChannel, channel_id)
    if row is None or row.recruitment_id != recruitment_id:
        raise NotFound()
    return row


def mark_done(session: Session, actor: Person, recruitment_id: int, channel_id: int,
              done_on: date | None) -> AdvertChannel:
    """Record that the advert went out on this channel, when and by whom."""
    _recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not can_plan(access):
        raise Forbidden()
    row = _row(session, recruitment_id, channel_id)
    if done_on is None:
        raise DomainError(_l("Enter the date it was done"), field="done_on")
    if done_on > today_in_wales():
        raise DomainError(_l("The date it was done must be today or earlier"), field="done_on")
    row.done_on = done_on
    row.done_by_id = actor.id
    session.flush()
    audit.record(session, actor, "advert_channel_done", row, recruitment_id=recruitment_id,
                 done_on=done_on.isoformat())
    return row


def follow(session: Session, code: str, visitor: str | None = None) -> Recruitment:
    """The published role a tracked link leads to. When `visitor` is given (a keyed hash of
    the address and the day, see `visitor_key`), the visit is counted once per visitor per
    day; reloads, retries and repeated scans count once."""
    code = (code or "").strip().upper()
    if not is_readable_code(code, CODE_LENGTH):
        raise NotFound()
    row = session.scalar(sa.select(AdvertChannel).where(AdvertChannel.code == code))
    if row is None:
        raise NotFound()
    recruitment = session.get(Recruitment, row.recruitment_id)
    if recruitment is None or recruitment.stage != RecruitmentStage.PUBLISHED:
        raise NotFound()
    if visitor is not None:
        try:
            with session.begin_nested():
                session.add(AdvertVisit(channel_id=row.id, visitor=visitor,
                                        day=today_in_wales()))
        except IntegrityError:
            return recruitment  # already counted today
        session.execute(sa.update(AdvertChannel).where(AdvertChannel.id == row.id)
                        .values(visits=AdvertChannel.visits + 1))
    return recruitment


def visitor_key(secret: str, address: str | None) -> str:
    """A visitor for counting: the address and the day, hashed with the app's secret."""
    message = f"{today_in_wales().isoformat()}|{address or ''}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def record_heard_about(session: Session, actor: Person, recruitment_id: int,
                       channel_id: int | None, other: str) -> HeardAbout:
    """Record where someone who got in touch heard about the role (R-AD1). `channel_id`
    None means somewhere else, described in `other`."""
    _recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not can_plan(access):
        raise Forbidden()
    other = (other or "").strip()
    if channel_id is not None:
        _row(session, recruitment_id, channel_id)
        other = ""
    elif not other:
        raise DomainError(_l("Say where they heard about the role"), field="other")
    answer = HeardAbout(recruitment_id=recruitment_id, channel_id=channel_id, other=other,
                        recorded_by_id=actor.id)
    session.add(answer)
    session.flush()
    audit.record(session, actor, "heard_about_recorded", answer, recruitment_id=recruitment_id,
                 channel_id=channel_id)
    return answer


@dataclass
class ReachLine:
    name: str
    planned_on: date | None
    done_on: date | None
    done_by: str | None
    code: str
    visits: int
    channel_id: int
    heard: int  # people who said they heard about the role here


def reach(session: Session, recruitment_id: int) -> tuple[list[ReachLine], list[str]]:
    """One line per channel (planned, done, by whom, visits through its link, people who said
    they heard there), and what people said when it was somewhere else. Two queries."""
    heard = (sa.select(HeardAbout.channel_id, sa.func.count(HeardAbout.id).label("n"))
             .where(HeardAbout.recruitment_id == recruitment_id)
             .group_by(HeardAbout.channel_id).subquery())
    rows = session.execute(
        sa.select(AdvertChannel, Person.given_name, Person.family_name, heard.c.n)
        .outerjoin(Person, Person.id == AdvertChannel.done_by_id)
        .outerjoin(heard, heard.c.channel_id == AdvertChannel.id)
        .where(AdvertChannel.recruitment_id == recruitment_id)
        .order_by(AdvertChannel.planned_on.is_(None), AdvertChannel.planned_on,
                  AdvertChannel.id))
    lines = [ReachLine(channel_name(row), row.planned_on, row.done_on,
                       f"{given} {family}" if given else None, row.code, row.visits, row.id,
                       n or 0)
             for row, given, family, n in rows]
    elsewhere = list(session.scalars(
        sa.select(HeardAbout.other).where(HeardAbout.recruitment_id == recruitment_id,
                                          HeardAbout.channel_id.is_(None))
        .order_by(HeardAbout.created_at)))
    return lines, elsewhere

"""Starting a recruitment and forming its leadership group (R-LG1).

R-LG1: a recruitment is led by a group of existing service-user and carer representatives.
Lived-experience members are the majority of the accepted members; at most one person comes
from the recruiting organisation, and one independent adviser may join. Staff never decide
alone: while the majority is missing, nothing can be approved or published
(`ensure_group_can_decide`, used by approvals and publishing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session, joinedload

from portal import audit, outbox
from portal.auth.services import normalise_email
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.models import Board, GroupMember, Person, Recruitment, RoleGrant
from portal.models.base import today_in_wales, utcnow
from portal.models.enums import (
    MemberKind,
    MemberStatus,
    RecruitmentReason,
    RecruitmentStage,
    Role,
)

ACTIVE = (MemberStatus.INVITED, MemberStatus.ACCEPTED)


# ---- who may do what ------------------------------------------------------------------------

def _grants(session: Session, person: Person) -> list[RoleGrant]:
    return list(session.scalars(sa.select(RoleGrant).where(RoleGrant.person_id == person.id)))


def _holds(grants, role: Role, organisation_id: int | None = None) -> bool:
    return any(g.role == role and (organisation_id is None or g.organisation_id == organisation_id)
               for g in grants)


def _is_platform_admin(grants) -> bool:
    return _holds(grants, Role.PLATFORM_ADMIN)


def boards_person_can_start_for(session: Session, person: Person) -> list[Board]:
    """Organisation administrators start recruitments for their boards; representatives for
    the boards of the organisations they serve."""
    grants = _grants(session, person)
    query = sa.select(Board).options(joinedload(Board.organisation)).order_by(Board.name_en)
    if not _is_platform_admin(grants):
        org_ids = {g.organisation_id for g in grants
                   if g.role in (Role.ORG_ADMIN, Role.REPRESENTATIVE)}
        query = query.where(Board.organisation_id.in_(org_ids or {-1}))
    return list(session.scalars(query))


@dataclass
class Access:
    view: bool
    manage_group: bool  # invite and remove members
    record_in_person: bool  # an engagement worker records an answer given face to face
    member: GroupMember | None


def access_to(session: Session, person: Person, recruitment: Recruitment) -> Access:
    grants = _grants(session, person)
    org_id = recruitment.board.organisation_id
    admin = _is_platform_admin(grants) or _holds(grants, Role.ORG_ADMIN, org_id)
    worker = _holds(grants, Role.ENGAGEMENT_WORKER, org_id)
    member = session.scalar(sa.select(GroupMember).where(
        GroupMember.recruitment_id == recruitment.id, GroupMember.person_id == person.id,
        GroupMember.status.in_(ACTIVE)))
    lived_member = (member is not None and member.status == MemberStatus.ACCEPTED
                    and member.kind == MemberKind.LIVED_EXPERIENCE)
    return Access(
        view=admin or worker or member is not None,
        manage_group=admin or lived_member,
        record_in_person=admin or worker,
        member=member,
    )


def get_recruitment(session: Session, person: Person, recruitment_id: int) -> tuple[
        Recruitment, Access]:
    recruitment = session.scalar(
        sa.select(Recruitment)
        .options(joinedload(Recruitment.board).joinedload(Board.organisation))
        .where(Recruitment.id == recruitment_id)
    )
    if recruitment is None:
        raise NotFound()
    access = access_to(session, person, recruitment)
    if not access.view:
        raise Forbidden()
    return recruitment, access


def recruitments_for(session: Session, person: Person) -> list[Recruitment]:
    """Recruitments the person takes part in, supports or administers."""
    grants = _grants(session, person)
    query = (sa.select(Recruitment)
             .options(joinedload(Recruitment.board).joinedload(Board.organisation))
             .join(Board, Board.id == Recruitment.board_id)
             .order_by(Recruitment.created_at.desc()))
    if not _is_platform_admin(grants):
        org_ids = {g.organisation_id for g in grants
                   if g.role in (Role.ORG_ADMIN, Role.ENGAGEMENT_WORKER)}
        mine = sa.select(GroupMember.recruitment_id).where(
            GroupMember.person_id == person.id, GroupMember.status.in_(ACTIVE))
        query = query.where(sa.or_(Board.organisation_id.in_(org_ids or {-1}),
                                   Recruitment.id.in_(mine)))
    return list(session.scalars(query))


# ---- the group rule (R-LG1) -----------------------------------------------------------------

@dataclass(frozen=True)
class GroupBalance:
    """R-LG1 among accepted members: lived experience must be the majority."""

    lived: int
    others: int

    @property
    def can_decide(self) -> bool:
        return self.lived > self.others

    def line(self) -> str:
        total = self.lived + self.others
        if self.can_decide:
            return _("The group can approve and publish: %(lived)s of %(total)s members have "
                     "lived experience.", lived=self.lived, total=total)
        if total == 0:
            return _("The group cannot approve or publish anything yet: nobody has joined it.")
        return _("The group cannot approve or publish anything yet: members with lived "
                 "experience must be more than half of the group (now %(lived)s of %(total)s).",
                 lived=self.lived, total=total)


def balance(members: list[GroupMember]) -> GroupBalance:
    accepted = [m for m in members if m.status == MemberStatus.ACCEPTED]
    lived = sum(1 for m in accepted if m.kind == MemberKind.LIVED_EXPERIENCE)
    return GroupBalance(lived=lived, others=len(accepted) - lived)


def members_of(session: Session, recruitment_id: int) -> list[GroupMember]:
    return list(session.scalars(
        sa.select(GroupMember).options(joinedload(GroupMember.person))
        .where(GroupMember.recruitment_id == recruitment_id)
        .order_by(GroupMember.status, GroupMember.invited_at)
    ))


def ensure_group_can_decide(session: Session, recruitment_id: int) -> None:
    """R-LG1: raise DomainError unless accepted lived-experience members are the majority.
    Approvals and publishing (issue 2/5) call this before anything is decided."""
    group = balance(members_of(session, recruitment_id))
    if not group.can_decide:
        raise DomainError(group.line())


def _sync_stage(session: Session, recruitment: Recruitment) -> None:
    can_decide = balance(members_of(session, recruitment.id)).can_decide
    if recruitment.stage == RecruitmentStage.FORMING_GROUP and can_decide:
        recruitment.stage = RecruitmentStage.DRAFTING
    elif recruitment.stage == RecruitmentStage.DRAFTING and not can_decide:
        recruitment.stage = RecruitmentStage.FORMING_GROUP


# ---- starting a recruitment -----------------------------------------------------------------

def start_recruitment(session: Session, actor: Person, data: dict[str, Any]) -> Recruitment:
    """Start a recruitment for a board. A representative who starts one joins its group."""
    board = session.get(Board, data["board_id"]) if data.get("board_id") else None
    if board is None or board not in boards_person_can_start_for(session, actor):
        raise DomainError(_l("Choose a board you can start a recruitment for"), field="board_id")
    problems = []
    vacancies = (data["service_user_vacancies"], data["carer_vacancies"],
                 data["deputy_vacancies"])
    if sum(vacancies) < 1:
        problems.append(("service_user_vacancies",
                         _l("Enter at least one vacancy, for service users, carers or deputies")))
    for when in ("target_publish_date", "target_start_date"):
        if data.get(when) and data[when] < today_in_wales():
            problems.append((when, _l("The target date must be today or later")))
    if (data.get("target_publish_date") and data.get("target_start_date")
            and data["target_start_date"] < data["target_publish_date"]):
        problems.append(("target_start_date",
                         _l("The start date must be after the role is published")))
    if problems:
        raise ValidationFailed(problems)
    recruitment = Recruitment(
        board_id=board.id, reason=RecruitmentReason(data["reason"]),
        service_user_vacancies=vacancies[0], carer_vacancies=vacancies[1],
        deputy_vacancies=vacancies[2], target_publish_date=data.get("target_publish_date"),
        target_start_date=data.get("target_start_date"), started_by_id=actor.id,
    )
    session.add(recruitment)
    session.flush()
    audit.record(session, actor, "recruitment_started", recruitment, board_id=board.id,
                 reason=recruitment.reason.value, vacancies=list(vacancies))
    if _holds(_grants(session, actor), Role.REPRESENTATIVE):
        member = GroupMember(recruitment_id=recruitment.id, person_id=actor.id,
                             kind=MemberKind.LIVED_EXPERIENCE, status=MemberStatus.ACCEPTED,
                             invited_by_id=actor.id, responded_at=utcnow())
        session.add(member)
        session.flush()
        audit.record(session, actor, "group_joined", member, recruitment_id=recruitment.id)
        _sync_stage(session, recruitment)
    return recruitment


# ---- inviting, answering, removing ----------------------------------------------------------

def invitable_people(session: Session, recruitment: Recruitment) -> list[tuple[Person, MemberKind]]:
    """Representatives of any board in the portal, and staff of the recruiting organisation,
    who are not already in the group."""
    taken = sa.select(GroupMember.person_id).where(
        GroupMember.recruitment_id == recruitment.id, GroupMember.status.in_(ACTIVE))
    rows = session.execute(
        sa.select(Person, RoleGrant.role, RoleGrant.organisation_id)
        .join(RoleGrant, RoleGrant.person_id == Person.id)
        .where(Person.is_active, Person.id.not_in(taken), sa.or_(
            RoleGrant.role == Role.REPRESENTATIVE,
            sa.and_(RoleGrant.role.in_([Role.ORG_ADMIN, Role.ENGAGEMENT_WORKER]),
                    RoleGrant.organisation_id == recruitment.board.organisation_id),
        ))
        .order_by(Person.family_name, Person.given_name)
    )
    kinds: dict[int, tuple[Person, MemberKind]] = {}
    for person, role, _org in rows:
        kind = (MemberKind.LIVED_EXPERIENCE if role == Role.REPRESENTATIVE
                else MemberKind.ORGANISATION_STAFF)
        if person.id not in kinds or kind == MemberKind.LIVED_EXPERIENCE:
            kinds[person.id] = (person, kind)
    return list(kinds.values())


def _invite(session: Session, actor: Person, recruitment: Recruitment, person: Person,
            kind: MemberKind) -> GroupMember:
    members = members_of(session, recruitment.id)
    active = [m for m in members if m.status in ACTIVE]
    if any(m.person_id == person.id for m in active):
        raise DomainError(_l("This person is already in the group or invited"), field="person_id")
    if kind == MemberKind.ORGANISATION_STAFF and any(
            m.kind == MemberKind.ORGANISATION_STAFF for m in active):
        raise DomainError(_l("The group can include at most one person from the recruiting "
                             "organisation, so that representatives lead it"), field="person_id")
    if kind == MemberKind.INDEPENDENT_ADVISER and any(
            m.kind == MemberKind.INDEPENDENT_ADVISER for m in active):
        raise DomainError(_l("The group already has an independent adviser"), field="email")
    member = next((m for m in members if m.person_id == person.id), None)
    if member is None:
        member = GroupMember(recruitment_id=recruitment.id, person_id=person.id)
        session.add(member)
    member.kind = kind
    member.status = MemberStatus.INVITED
    member.invited_by_id = actor.id
    member.invited_at = utcnow()
    member.responded_at = None
    member.recorded_by_id = None
    session.flush()
    link = current_app.config["BASE_URL"].rstrip("/") + url_for(
        "recruitment.home", lang=person.preferred_language.value, recruitment_id=recruitment.id)
    outbox.queue_message(
        session, key=f"group-invitation:{member.id}:{member.invited_at.isoformat()}",
        template="group_invitation", person=person,
        payload={"name": person.given_name, "url": link,
                 "board_en": recruitment.board.name_en, "board_cy": recruitment.board.name_cy,
                 "inviter": actor.full_name},
    )
    audit.record(session, actor, "group_invited", member, recruitment_id=recruitment.id,
                 kind=kind.value)
    return member


def invite_person(session: Session, actor: Person, recruitment_id: int, person_id: int | None
                  ) -> GroupMember:
    """Invite a representative (a lived-experience member) or one member of staff."""
    recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not access.manage_group:
        raise Forbidden()
    choices = {p.id: (p, kind) for p, kind in invitable_people(session, recruitment)}
    if person_id not in choices:
        raise DomainError(_l("Choose someone from the list"), field="person_id")
    person, kind = choices[person_id]
    return _invite(session, actor, recruitment, person, kind)


def invite_adviser(session: Session, actor: Person, recruitment_id: int, data: dict[str, Any]
                   ) -> GroupMember:
    """Invite an independent adviser (someone with recruitment experience) by email."""
    recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not access.manage_group:
        raise Forbidden()
    email = normalise_email(data["email"])
    person = session.scalar(sa.select(Person).where(Person.email == email))
    if person is not None and (person.given_name.casefold(), person.family_name.casefold()) != (
            data["given_name"].casefold(), data["family_name"].casefold()):
        raise DomainError(_l("This email address cannot be used for this name. Check it."),
                          field="email")
    if person is None:
        person = Person(email=email, given_name=data["given_name"],
                        family_name=data["family_name"])
        session.add(person)
        session.flush()
    return _invite(session, actor, recruitment, person, MemberKind.INDEPENDENT_ADVISER)


def _member(session: Session, recruitment_id: int, member_id: int) -> GroupMember:
    member = session.get(GroupMember, member_id)
    if member is None or member.recruitment_id != recruitment_id:
        raise NotFound()
    return member


def respond(session: Session, actor: Person, recruitment_id: int, member_id: int,
            accept: bool) -> GroupMember:
    """The invitee accepts or declines their own invitation."""
    recruitment, _access = get_recruitment(session, actor, recruitment_id)
    member = _member(session, recruitment_id, member_id)
    if member.person_id != actor.id:
        raise Forbidden()
    if member.status != MemberStatus.INVITED:
        raise DomainError(_l("This invitation has already been answered"))
    member.status = MemberStatus.ACCEPTED if accept else MemberStatus.DECLINED
    member.responded_at = utcnow()
    audit.record(session, actor, "group_accepted" if accept else "group_declined", member,
                 recruitment_id=recruitment_id)
    _sync_stage(session, recruitment)
    return member


def record_accepted_in_person(session: Session, actor: Person, recruitment_id: int,
                              member_id: int, note: str) -> GroupMember:
    """An engagement worker records that the invitee said yes face to face or by phone."""
    recruitment, access = get_recruitment(session, actor, recruitment_id)
    if not access.record_in_person:
        raise Forbidden()
    member = _member(session, recruitment_id, member_id)
    if member.status != MemberStatus.INVITED:
        raise DomainError(_l("This invitation has already been answered"))
    if not note.strip():
        raise DomainError(_l("Say when and how they told you, for the record"), field="note")
    member.status = MemberStatus.ACCEPTED
    member.responded_at = utcnow()
    member.recorded_by_id = actor.id
    audit.record(session, actor, "group_accepted_in_person", member, reason=note.strip(),
                 recruitment_id=recruitment_id)
    _sync_stage(session, recruitment)
    return member


def remove_member(session: Session, actor: Person, recruitment_id: int, member_id: int,
                  reason: str) -> GroupMember:
    """Remove a member or withdraw an invitation, with a reason (audited)."""
    recruitment, access = get_recruitment(session, actor, recruitment_id)
    member = _member(session, recruitment_id, member_id)
    if not (access.manage_group or member.person_id == actor.id):
        raise Forbidden()
    if member.status not in ACTIVE:
        raise DomainError(_l("This person is no longer in the group"))
    if not reason.strip():
        raise DomainError(_l("Give a reason"), field="reason")
    member.status = MemberStatus.REMOVED
    member.responded_at = utcnow()
    audit.record(session, actor, "group_removed", member, reason=reason.strip(),
                 recruitment_id=recruitment_id)
    _sync_stage(session, recruitment)
    return member


def next_steps(recruitment: Recruitment, group: GroupBalance, members: list[GroupMember]
               ) -> list[str]:
    """Who does what next, in plain words, for the recruitment's home page."""
    steps = []
    invited = sum(1 for m in members if m.status == MemberStatus.INVITED)
    if invited:
        steps.append(_("Invited people accept or decline (%(n)s waiting).", n=invited))
    if not group.can_decide:
        steps.append(_("The group invites more representatives, so that members with lived "
                       "experience are more than half of it."))
    elif recruitment.stage == RecruitmentStage.PUBLISHED:
        steps.append(_("The group and the engagement workers advertise the role through the "
                       "channels in the advertising plan, until it closes on %(date)s.",
                       date=format_date(recruitment.closes_on, "d MMMM yyyy")))
    else:
        steps.append(_("The group writes the role description together from a template, "
                       "comments on it and approves it."))
        steps.append(_("Once more than half of the group approves, a representative or an "
                       "administrator publishes the role with its closing date."))
    return steps


"""The panel's home page, "Your panels", and agreeing the scheme (R-SEL3, R-LG1)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from portal.errors import Forbidden, NotFound
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, to_id
from portal.i18n import current_lang
from portal.models import Board, PanelMember, Recruitment
from portal.models.enums import MemberStatus
from portal.panels import bp, core, readiness
from portal.panels import scheme as service
from portal.panels.forms_scheme import fill, scheme_form, to_draft
from portal.recruitment.forms import DecisionForm
from portal.recruitment.services import Access, access_to

FLASH_MESSAGES.update({
    "panel_scheme_saved": _l("The scheme has been saved as a new version. The group approves "
                             "it before it is used."),
    "panel_scheme_decided": _l("Your decision has been recorded"),
    "panel_scheme_in_force": _l("The group has agreed this version: it is now the scheme in "
                                "force"),
})


@dataclass
class Viewer:
    """Who is looking at a panel page, and as what."""

    recruitment: Recruitment
    access: Access
    seat: core.Seat | None

    @property
    def group_member(self) -> bool:
        return (self.access.member is not None
                and self.access.member.status == MemberStatus.ACCEPTED)

    @property
    def staff(self) -> bool:
        """An engagement worker or administrator of the organisation: read-only, no scores."""
        return self.access.record_in_person


def viewer(recruitment_id: int) -> Viewer:
    """Group members (accepted), panel members, and the organisation's engagement workers and
    administrators see the panel's pages; anyone else is refused."""
    recruitment = db.session.scalar(
        sa.select(Recruitment)
        .options(joinedload(Recruitment.board).joinedload(Board.organisation))
        .where(Recruitment.id == recruitment_id))
    if recruitment is None:
        raise NotFound()
    try:
        seat = core.ensure_member(db.session, current_user, recruitment_id)
    except Forbidden:
        seat = None
    who = Viewer(recruitment, access_to(db.session, current_user, recruitment), seat)
    if not (seat or who.group_member or who.staff):
        raise Forbidden()
    return who


def _next_steps(who: Viewer, latest, in_force, state, rows, strength) -> list[tuple[str, str]]:
    """What the viewer can do next, as (words, link)."""
    rid = who.recruitment.id
    steps = []
    scheme_url = url_for("panels.scheme", recruitment_id=rid)
    if who.group_member:
        if latest is None:
            steps.append((_("Draft the panel scheme: who sits on the panel, the scoring scale, "
                             "the weight of each criterion and the interview questions."),
                          url_for("panels.scheme_edit", recruitment_id=rid)))
        elif latest.approved_at is None and state.mine is None:
            steps.append((_("Read version %(n)s of the scheme and say whether you approve it.",
                             n=latest.number), scheme_url + "#decision"))
    if who.seat is not None:
        member = who.seat.member
        if not core.is_ready(member):
            steps.append((_("Get ready to score: confirm your training and the "
                            "confidentiality agreement."),
                          url_for("panels.readiness", recruitment_id=rid)))
        else:
            mine = next((r for r in rows if r.member_id == member.id), None)
            if mine is not None and mine.declared < mine.applications:
                steps.append((_("Say whether you have a conflict of interest with each "
                                "applicant (%(done)s of %(total)s done).", done=mine.declared,
                                total=mine.applications),
                              url_for("panels.conflicts", recruitment_id=rid)))
        if who.seat.is_chair and any(s.short for s in strength):
            steps.append((_("Some applications have fewer members free to score them than "
                            "the scheme needs. Check the panel's strength."),
                          url_for("panels.strength", recruitment_id=rid)))
    if not steps and who.staff and who.seat is None:
        steps.append((_("You can follow where the panel stands. Panel members' scores are "
                        "never shown to staff."), scheme_url))
    return steps


@bp.get("/<int:recruitment_id>/panel/")
@login_required
def home(recruitment_id: int):
    who = viewer(recruitment_id)
    latest = core.latest_scheme(db.session, recruitment_id)
    in_force = core.current_scheme(db.session, recruitment_id)
    state = service.approval_state(db.session, recruitment_id, latest, viewer=current_user)
    rows = readiness.overview(db.session, in_force, recruitment_id) if in_force else []
    strength = (readiness.strength(db.session, in_force, recruitment_id)
                if who.seat is not None and who.seat.is_chair else [])
    named = (service.people_by_id(db.session, latest.member_ids or [])
             if latest is not None and latest is not in_force else {})
    return render_template(
        "panels/home.html", recruitment=who.recruitment, who=who, seat=who.seat,
        latest=latest, in_force=in_force, state=state, rows=rows, named=named,
        short=[s for s in strength if s.short],
        steps=_next_steps(who, latest, in_force, state, rows, strength),
        may_record=readiness.may_record_training(db.session, current_user, recruitment_id,
                                                 who.seat))


@bp.get("/panels/")
@login_required
def mine():
    """Every panel the signed-in person sits on, including people invited from outside the
    leadership group (who have no other way in)."""
    places = dict(readiness.panels_of(db.session, current_user))
    recruitments = list(db.session.scalars(
        sa.select(Recruitment)
        .options(joinedload(Recruitment.board).joinedload(Board.organisation))
        .where(Recruitment.id.in_(list(places) or [-1]))
        .order_by(Recruitment.created_at.desc())))
    return render_template("panels/mine.html", recruitments=recruitments)


@bp.app_template_global()
def current_user_sits_on_panel() -> bool:
    """For the navigation: one query per request, only for signed-in people."""
    if not current_user.is_authenticated:
        return False
    if "sits_on_panel" not in g:
        g.sits_on_panel = db.session.scalar(sa.select(sa.exists().where(
            PanelMember.person_id == current_user.id, PanelMember.removed_at.is_(None))))
    return g.sits_on_panel


# ---- the scheme -----------------------------------------------------------------------------

def _scheme_page(who: Viewer, decision_form=None, status=200):
    rid = who.recruitment.id
    all_versions = service.versions(db.session, rid)
    latest = all_versions[0] if all_versions else None
    in_force = next((v for v in all_versions if v.approved_at is not None), None)
    ids = set()
    for v in all_versions[:2]:
        ids.update(v.member_ids or [])
        if v.chair_id:
            ids.add(v.chair_id)
    ids.update(v.created_by_id for v in all_versions if v.created_by_id)
    return render_template(
        "panels/scheme/show.html", recruitment=who.recruitment, who=who, versions=all_versions,
        latest=latest, in_force=in_force, people=service.people_by_id(db.session, ids),
        state=service.approval_state(db.session, rid, latest, viewer=current_user),
        after_scoring=service.changed_after_scoring(all_versions),
        form=decision_form or DecisionForm(), lang=current_lang()), status


@bp.get("/<int:recruitment_id>/panel/scheme")
@login_required
def scheme(recruitment_id: int):
    return _scheme_page(viewer(recruitment_id))


@bp.post("/<int:recruitment_id>/panel/scheme/decision")
@login_required
def scheme_decide(recruitment_id: int):
    who = viewer(recruitment_id)
    if not who.group_member:
        raise Forbidden()
    form = DecisionForm()
    if form.validate_on_submit():
        number = to_id(form.version.data) or -1
        ok, _row = form.attempt(lambda: service.decide(
            db.session, current_user, recruitment_id, number, form.decision.data,
            form.note.data))
        if ok:
            latest = core.latest_scheme(db.session, recruitment_id)
            flash("panel_scheme_in_force" if latest and latest.approved_at else
                  "panel_scheme_decided", "success")
            return redirect(url_for("panels.scheme", recruitment_id=recruitment_id,
                                    _anchor="decision"))
    return _scheme_page(viewer(recruitment_id), decision_form=form, status=400)


@bp.route("/<int:recruitment_id>/panel/scheme/edit", methods=["GET", "POST"])
@login_required
def scheme_edit(recruitment_id: int):
    who = viewer(recruitment_id)
    if not who.group_member:
        raise Forbidden()
    people = service.candidates(db.session, recruitment_id)
    criteria = service.spec_criteria(db.session, who.recruitment)
    start = service.starting_draft(db.session, who.recruitment)
    rows = min(len(start.questions) + service.BLANK_QUESTION_ROWS,
               service.MAX_QUESTIONS + service.BLANK_QUESTION_ROWS)
    if request.method == "POST":
        # Keep every row the person sent (they may have filled the spare ones).
        sent = sum(1 for i in range(service.MAX_QUESTIONS + service.BLANK_QUESTION_ROWS)
                   if f"q{i}_en" in request.form)
        rows = max(rows, min(sent, service.MAX_QUESTIONS + service.BLANK_QUESTION_ROWS))
    form = scheme_form(people, criteria, rows)
    if request.method == "GET":
        fill(form, start)
    elif form.validate_on_submit():
        draft = to_draft(form)
        ok, _saved = form.attempt(lambda: service.save_version(
            db.session, current_user, recruitment_id, draft))
        if ok:
            flash("panel_scheme_saved", "success")
            return redirect(url_for("panels.scheme", recruitment_id=recruitment_id))
    else:
        # Some boxes could not be read (a weight that is not a number): show the scheme's
        # other problems too, so that everything is fixed in one go.
        for name, message in service.check(db.session, who.recruitment,
                                           to_draft(form)).problems:
            if name is None or name not in form or not form[name].errors:
                form.add_error(name, message)
    status = 400 if request.method == "POST" else 200
    return render_template(
        "panels/scheme/edit.html", recruitment=who.recruitment, form=form, criteria=criteria,
        scale_rows=service.SCALE_ROWS, invite_rows=service.INVITE_ROWS,
        latest=core.latest_scheme(db.session, recruitment_id)), status

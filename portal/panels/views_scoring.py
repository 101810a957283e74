"""Scoring pages (R-SEL3, R-SEL4, R-SEL6): what is left to score, one criterion across every
application (question by question) or one application at a time, the CV when the route was a
CV, and the chair's progress (counts only). Every page starts from panels.core's checks."""

from __future__ import annotations

from functools import wraps

from flask import (
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from portal.applications import documents
from portal.errors import DomainError, Forbidden, NotFound, ValidationFailed
from portal.extensions import db
from portal.forms_support import FLASH_MESSAGES, to_id
from portal.i18n import current_lang
from portal.models import Recruitment
from portal.models.enums import PanelStage
from portal.panels import bp, core, scoring
from portal.panels.forms_scoring import ModeForm, score_form

PRIVATE = {"Cache-Control": "no-store"}
STAGE = "<any(shortlist, interview):stage>"

FLASH_MESSAGES.update({
    "scores_saved": _l("Your scores have been saved. Nobody else can see them until you "
                       "submit them."),
    "sheet_submitted": _l("Your scores are submitted. You can now see the scores other "
                          "members have submitted for this applicant."),
    "sheet_already_submitted": _l("Your scores for this applicant were already submitted"),
    "scoring_mode_saved": _l("Your way of scoring has been saved"),
})


def guarded(view):
    """A member who is not ready, or who has not declared for an application, is told what to
    do first and where (403: they may not open anything yet)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except (core.NotReady, core.MustDeclare) as exc:
            db.session.rollback()
            endpoint = "panels.readiness" if isinstance(exc, core.NotReady) else "panels.conflicts"
            link = None
            if endpoint in current_app.view_functions:
                link = url_for(endpoint, recruitment_id=kwargs["recruitment_id"])
            return render_template("panels/scoring/blocked.html", message=exc.message,
                                   link=link, ready=isinstance(exc, core.NotReady),
                                   recruitment=_recruitment(kwargs["recruitment_id"])), 403,\
                PRIVATE
    return wrapper


def _recruitment(recruitment_id: int) -> Recruitment:
    recruitment = db.session.get(Recruitment, recruitment_id, options=[
        joinedload(Recruitment.board), joinedload(Recruitment.published_version)])
    if recruitment is None:
        raise NotFound()
    return recruitment


def _stage(name: str) -> PanelStage:
    return scoring.STAGES[name]


def _attempt(form, action, field_for):
    """Run one service for this form: commit on success; on a refusal roll back and show
    each problem on its field. Forbidden, NotFound and the readiness checks go on."""
    try:
        result = action()
    except (Forbidden, NotFound, core.NotReady, core.MustDeclare):
        raise
    except ValidationFailed as exc:
        db.session.rollback()
        for key, message in exc.problems:
            form.add_error(field_for(key), message)
        return False, None
    except DomainError as exc:
        db.session.rollback()
        form.add_error(field_for(exc.field) if exc.field else None, exc.message)
        return False, None
    db.session.commit()
    return True, result


def _home_links(recruitment_id: int) -> dict:
    views = current_app.view_functions
    return {name: url_for(f"panels.{name}", recruitment_id=recruitment_id)
            for name in ("readiness", "conflicts", "home") if f"panels.{name}" in views}


# ---- what is left -----------------------------------------------------------------------------

@bp.get("/<int:recruitment_id>/panel/scoring")
@login_required
@guarded
def scoring_home(recruitment_id: int, form=None, status=200):
    seat = core.ensure_ready(db.session, current_user, recruitment_id)
    stages = []
    for stage in (PanelStage.SHORTLIST, PanelStage.INTERVIEW):
        work = scoring.worklist(db.session, seat, stage, with_answers=False)
        if stage == PanelStage.INTERVIEW and not (work.applications or work.conflicted
                                                  or work.undeclared):
            continue
        sheets = scoring.my_sheets(db.session, seat.member, stage)
        keys = scoring.item_keys(seat.scheme, stage)
        rows = []
        for application in work.applications:
            sheet = sheets.get(application.id) or scoring.Sheet(None)
            rows.append({"id": application.id, "sheet": sheet,
                         "scored": sum(1 for k in keys if k in sheet.scores),
                         "complete": scoring.complete(sheet, keys)})
        criteria = [{"item": item, "scored": sum(
            1 for r in rows if str(item["key"]) in r["sheet"].scores)}
            for item in scoring.items(seat.scheme, stage)]
        stages.append({"stage": stage, "work": work, "rows": rows, "criteria": criteria,
                       "item_keys": keys, "submitted": sum(1 for r in rows if r["sheet"].submitted),
                       "to_submit": [r for r in rows
                                     if r["complete"] and not r["sheet"].submitted]})
    if form is None:
        form = ModeForm(data={"mode": seat.member.scoring_mode or scoring.BY_QUESTION})
    return render_template("panels/scoring/home.html", recruitment=_recruitment(recruitment_id),
                           seat=seat, stages=stages, form=form,
                           links=_home_links(recruitment_id),
                           applicant_label=core.label, text=scoring.text), status, PRIVATE


@bp.post("/<int:recruitment_id>/panel/scoring/mode")
@login_required
@guarded
def scoring_mode(recruitment_id: int):
    core.ensure_ready(db.session, current_user, recruitment_id)
    form = ModeForm()
    if form.validate_on_submit():
        ok, _member = form.attempt(lambda: scoring.set_mode(
            db.session, current_user, recruitment_id, form.mode.data))
        if ok:
            flash("scoring_mode_saved", "success")
            return redirect(url_for("panels.scoring_home", recruitment_id=recruitment_id))
    return scoring_home(recruitment_id=recruitment_id, form=form, status=400)


# ---- question by question ---------------------------------------------------------------------

def _question_rows(seat, stage: PanelStage, key: str):
    """The member's applications for this criterion, their sheets, and the form's rows (one
    per application whose sheet is not submitted) with the values saved so far."""
    work = scoring.worklist(db.session, seat, stage)
    sheets = scoring.my_sheets(db.session, seat.member, stage)
    rows, form_rows, data = [], [], {}
    for application in work.applications:
        sheet = sheets.get(application.id) or scoring.Sheet(None)
        answer, answered = scoring.criterion_answer(application, key) \
            if stage == PanelStage.SHORTLIST else (None, False)
        rows.append({"id": application.id, "label": core.label(application.id),
                     "sheet": sheet, "score": sheet.scores.get(key),
                     "answer": answer, "answered": answered})
        if not sheet.submitted:
            name = core.label(application.id)
            form_rows.append((str(application.id),
                              _("Your score for %(label)s", label=name),
                              _("Why you gave this score (%(label)s)", label=name)))
            score = sheet.scores.get(key)
            if score is not None:
                data[f"points_{application.id}"] = str(score.points)
                data[f"reason_{application.id}"] = score.reason
    return work, rows, form_rows, data


def _question_page(recruitment_id: int, stage_name: str, key: str, form=None, status=200):
    stage = _stage(stage_name)
    seat = core.ensure_ready(db.session, current_user, recruitment_id)
    keys = scoring.item_keys(seat.scheme, stage)
    if key not in keys:
        raise NotFound()
    item = scoring.items(seat.scheme, stage)[keys.index(key)]
    work, rows, form_rows, data = _question_rows(seat, stage, key)
    if form is None:
        form = score_form(form_rows, seat.scheme.scale, current_lang(), data)
    position = keys.index(key)
    return render_template(
        "panels/scoring/question.html", recruitment=_recruitment(recruitment_id), seat=seat,
        stage=stage, item=item, key=key, rows=rows, form=form, text=scoring.text,
        previous_key=keys[position - 1] if position > 0 else None,
        next_key=keys[position + 1] if position + 1 < len(keys) else None,
        position=position + 1, total=len(keys), scale=seat.scheme.scale,
        undeclared=work.undeclared, links=_home_links(recruitment_id)), status, PRIVATE


@bp.get(f"/<int:recruitment_id>/panel/scoring/{STAGE}/questions/<key>")
@login_required
@guarded
def score_question(recruitment_id: int, stage: str, key: str):
    return _question_page(recruitment_id, stage, key)


def _posted_ids() -> set[int]:
    """The applications a scoring form was posted for, from its field names."""
    found = set()
    for name in request.form:
        prefix, _sep, rest = name.partition("_")
        if prefix in ("points", "reason"):
            number = to_id(rest)
            if number is None:
                raise NotFound()
            found.add(number)
    return found


def _field_for(prefix_of):
    """Map a service's problem key ("<application>:<criterion>:points|reason") to a field."""

    def field_for(problem: str | None) -> str | None:
        if not problem or problem.count(":") < 2:
            return None
        application_id, criterion, part = problem.split(":")
        return f"{part}_{prefix_of(int(application_id), criterion)}"

    return field_for


@bp.post(f"/<int:recruitment_id>/panel/scoring/{STAGE}/questions/<key>")
@login_required
@guarded
def score_question_save(recruitment_id: int, stage: str, key: str):
    seat = core.ensure_ready(db.session, current_user, recruitment_id)
    keys = scoring.item_keys(seat.scheme, _stage(stage))
    if key not in keys:
        raise NotFound()
    posted = _posted_ids()
    _work, rows, form_rows, _data = _question_rows(seat, _stage(stage), key)
    # Rows submitted since the page was opened (another tab) never change: leave them out and
    # say so, rather than refuse the whole page.
    done = {r["id"] for r in rows if r["sheet"].submitted} & posted
    entries = {i: {key: (request.form.get(f"points_{i}"), request.form.get(f"reason_{i}"))}
               for i in posted - done}
    if done:
        flash("sheet_already_submitted", "info")
        if not entries:
            return redirect(url_for("panels.score_question", recruitment_id=recruitment_id,
                                    stage=stage, key=key))
    form = score_form(form_rows, seat.scheme.scale, current_lang())
    if form.validate_on_submit():
        # A posted application outside the page's rows is refused by the service (Forbidden).
        ok, _saved = _attempt(form, lambda: scoring.save_scores(
            db.session, current_user, recruitment_id, _stage(stage), entries),
            _field_for(lambda application_id, _criterion: application_id))
        if ok:
            flash("scores_saved", "success")
            position = keys.index(key)
            if request.form.get("action") == "next" and position + 1 < len(keys):
                key = keys[position + 1]
            return redirect(url_for("panels.score_question", recruitment_id=recruitment_id,
                                    stage=stage, key=key))
    return _question_page(recruitment_id, stage, key, form=form, status=400)


# ---- application by application ---------------------------------------------------------------

def _application_page(recruitment_id: int, stage_name: str, application_id: int, form=None,
                      status=200):
    stage = _stage(stage_name)
    seat, application = core.ensure_may_open(db.session, current_user, recruitment_id,
                                             application_id)
    scoring.stage_is_open(db.session, recruitment_id, stage, application_id)
    sheet = scoring.my_sheet(db.session, seat.member, application_id, stage)
    lang = current_lang()
    stage_items = scoring.items(seat.scheme, stage)
    rows, form_rows, data = [], [], {}
    for index, item in enumerate(stage_items):
        key = str(item["key"])
        answer, answered = scoring.criterion_answer(application, key) \
            if stage == PanelStage.SHORTLIST else (None, False)
        rows.append({"index": index, "item": item, "key": key, "score": sheet.scores.get(key),
                     "answer": answer, "answered": answered})
        title = scoring.text(item, lang)
        form_rows.append((str(index), _("Your score for ‘%(criterion)s’", criterion=title),
                          _("Why you gave this score for ‘%(criterion)s’", criterion=title)))
        if key in sheet.scores:
            data[f"points_{index}"] = str(sheet.scores[key].points)
            data[f"reason_{index}"] = sheet.scores[key].reason
    if form is None and not sheet.submitted:
        form = score_form(form_rows, seat.scheme.scale, lang, data)
    others = scoring.others_for(db.session, current_user, recruitment_id, application_id,
                                stage) if sheet.submitted else None
    cv = documents.cv_file(db.session, application) if application.route == "cv" else None
    work = scoring.worklist(db.session, seat, stage, with_answers=False)
    order = work.ids
    following = order[order.index(application_id) + 1] \
        if application_id in order and order.index(application_id) + 1 < len(order) else None
    return render_template(
        "panels/scoring/application.html", recruitment=_recruitment(recruitment_id),
        seat=seat, stage=stage, application=application, code=core.label_code(application_id),
        written=_written(application, stage, {r["key"] for r in rows}),
        rows=rows, sheet=sheet, form=form, others=others, cv=cv, text=scoring.text,
        following=following, scale=seat.scheme.scale,
        links=_home_links(recruitment_id)), status, PRIVATE


def _written(application, stage: PanelStage, beside: set[str]) -> list:
    """What the panel may read (documents.panel_view: the disclosure choices respected). At
    shortlisting the answers against the scheme's criteria are shown beside each criterion
    instead, so they are left out here."""
    pairs = zip(documents.written_answers(application), documents.panel_view(application),
                strict=True)
    return [view for answer, view in pairs
            if stage != PanelStage.SHORTLIST or answer.key not in beside]


@bp.get(f"/<int:recruitment_id>/panel/scoring/{STAGE}/applications/<int:application_id>")
@login_required
@guarded
def score_application(recruitment_id: int, stage: str, application_id: int):
    return _application_page(recruitment_id, stage, application_id)


@bp.post(f"/<int:recruitment_id>/panel/scoring/{STAGE}/applications/<int:application_id>")
@login_required
@guarded
def score_application_save(recruitment_id: int, stage: str, application_id: int):
    seat, _application = core.ensure_may_open(db.session, current_user, recruitment_id,
                                              application_id)
    scoring.stage_is_open(db.session, recruitment_id, _stage(stage), application_id)
    stage_items = scoring.items(seat.scheme, _stage(stage))
    keys = [str(i["key"]) for i in stage_items]
    form = score_form([(str(i), "", "") for i in range(len(keys))], seat.scheme.scale,
                      current_lang())
    entries = {application_id: {key: (request.form.get(f"points_{i}"),
                                      request.form.get(f"reason_{i}"))
                                for i, key in enumerate(keys)}}
    field_for = _field_for(lambda _application_id, criterion: keys.index(criterion)
                           if criterion in keys else 0)
    if scoring.my_sheet(db.session, seat.member, application_id, _stage(stage)).submitted:
        # A second click on Submit, or a form left open in another tab: it is already in and
        # nothing changes; say so.
        flash("sheet_already_submitted", "success")
        return redirect(url_for("panels.score_application", recruitment_id=recruitment_id,
                                stage=stage, application_id=application_id))
    if form.validate_on_submit():
        ok, _saved = _attempt(form, lambda: scoring.save_scores(
            db.session, current_user, recruitment_id, _stage(stage), entries), field_for)
        if ok and request.form.get("action") == "submit":
            ok, result = _attempt(form, lambda: scoring.submit(
                db.session, current_user, recruitment_id, _stage(stage), application_id),
                field_for)
            if ok:
                flash("sheet_submitted" if result[1] else "sheet_already_submitted", "success")
        elif ok:
            flash("scores_saved", "success")
        if ok:
            return redirect(url_for("panels.score_application", recruitment_id=recruitment_id,
                                    stage=stage, application_id=application_id))
    return _application_page(recruitment_id, stage, application_id,
                             form=_relabel(form, seat, _stage(stage)), status=400)


def _relabel(form, seat, stage):
    """The posted form with the page's labels (the POST built it without them)."""
    lang = current_lang()
    for index, item in enumerate(scoring.items(seat.scheme, stage)):
        title = scoring.text(item, lang)
        form[f"points_{index}"].label.text = _("Your score for ‘%(criterion)s’",
                                               criterion=title)
        form[f"reason_{index}"].label.text = _("Why you gave this score for ‘%(criterion)s’",
                                               criterion=title)
    return form


# ---- the CV (route "cv" only) ----------------------------------------------------------------

@bp.get("/<int:recruitment_id>/panel/scoring/applications/<int:application_id>/cv")
@login_required
@guarded
def scoring_cv(recruitment_id: int, application_id: int):
    """The CV of an application sent by the CV route, to a member who may open it (R-SEL4), as
    an attachment named by the application's label (its own file name may name them)."""
    _seat, application = core.ensure_may_open(db.session, current_user, recruitment_id,
                                              application_id)
    row = documents.cv_file(db.session, application) if application.route == "cv" else None
    if row is None:
        raise NotFound()
    path = documents.upload_folder() / row.stored_name
    if not path.is_file():
        raise NotFound()
    extension = row.original_name.rsplit(".", 1)[-1].lower() if "." in row.original_name else ""
    name = f"cv-{core.label_code(application_id)}" + (f".{extension}" if extension.isalnum()
                                                      else "")
    response = send_file(path, mimetype=row.media_type, as_attachment=True, download_name=name,
                         max_age=0, conditional=False, etag=False)
    response.headers["Cache-Control"] = "no-store"
    return response


# ---- the chair's progress ---------------------------------------------------------------------

@bp.get("/<int:recruitment_id>/panel/progress")
@login_required
def scoring_progress(recruitment_id: int):
    stages = scoring.progress(db.session, current_user, recruitment_id)
    return render_template("panels/scoring/progress.html",
                           recruitment=_recruitment(recruitment_id), stages=stages,
                           links=_home_links(recruitment_id)), 200, PRIVATE

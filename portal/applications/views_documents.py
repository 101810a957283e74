"""The application form, the CV, what the panel may read, and the CV download (documents.py
holds the rules). Pages of the "apply" blueprint, opened only by the browser that holds the
draft's secret; the download also by the people who handle the recruitment's applications."""

from __future__ import annotations

from flask import current_app, redirect, request, send_file, session, url_for
from flask_login import current_user

from portal import publication
from portal.applications import documents, services
from portal.applications.forms_documents import CvForm, criteria_form, sharing_form
from portal.applications.views import DRAFTS, PRIVATE, _editable, _next_page, _page, bp
from portal.extensions import db
from portal.i18n import current_lang


@bp.app_template_global()
def step_back(application, page: str) -> str:
    """The back link of a question page: the page before it on the applicant's route."""
    return url_for(f"apply.{services.previous_step(application, page)}",
                   reference=application.reference)


def _title(application) -> str:
    role = publication.get_published(db.session, application.recruitment_id)
    return publication.title(role, current_lang())


@bp.route("/apply/<reference>/criteria", methods=["GET", "POST"])
def criteria(reference: str):
    """The application form: an answer against each criterion, the criterion as its label
    (R-SEL1)."""
    application = _editable(reference)
    role = publication.get_published(db.session, application.recruitment_id)
    shown = documents.criteria(role, current_lang())
    title = publication.title(role, current_lang())  # before a refusal rolls back and expires
    saved = application.answers.get("criteria") or {}
    form = criteria_form(shown, request.form if request.method == "POST" else None,
                         {key: value.get("answer") for key, value in saved.items()})
    if form.validate_on_submit() and form.attempt(lambda: documents.save_criteria(
            db.session, application, shown, {c.key: form[c.key].data for c in shown}))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("criteria", application, form, status, criteria=shown, title=title,
                 limit=documents.CRITERION_ANSWER_MAX)


@bp.route("/apply/<reference>/cv", methods=["GET", "POST"])
def cv(reference: str):
    """Upload a CV, with an optional covering note (R-SEL1). A CV chosen before stays unless
    another file is chosen."""
    application = _editable(reference)
    form = CvForm(data={"note": application.answers.get("cv_note")})
    if form.validate_on_submit():
        chosen = form.cv.data
        data = (chosen.stream.read(current_app.config["CV_MAX_BYTES"] + 1)
                if chosen is not None else None)
        ok, old = form.attempt(lambda: documents.save_cv(
            db.session, application, data, chosen.filename if chosen is not None else None,
            form.note.data))
        if ok:
            documents.remove_files(old)
            return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("cv", application, form, status, title=_title(application),
                 current=documents.cv_file(db.session, application),
                 max_mb=max(1, current_app.config["CV_MAX_BYTES"] // (1024 * 1024)))


@bp.route("/apply/<reference>/sharing", methods=["GET", "POST"])
def sharing(reference: str):
    """For each written answer: the panel reads it in full, or sees only that the applicant
    has relevant experience (lived-experience disclosure). No choice is made for them."""
    application = _editable(reference)
    answers = documents.written_answers(application)
    form = sharing_form(answers, request.form if request.method == "POST" else None,
                        application.answers.get("disclosure") or {})
    if form.validate_on_submit() and form.attempt(lambda: documents.save_disclosure(
            db.session, application, {a.key: form[a.key].data for a in answers}))[0]:
        return redirect(_next_page(application))
    status = 400 if request.method == "POST" else 200
    return _page("sharing", application, form, status, answers=answers,
                 title=_title(application), next_url=_next_page(application))


@bp.get("/apply/<reference>/files/<int:file_id>")
def download_file(reference: str, file_id: int):
    """An uploaded file, always as an attachment with the type found in its content."""
    secret = (session.get(DRAFTS) or {}).get(reference)
    row, path = documents.file_for_download(db.session, reference, file_id, secret,
                                            current_user)
    response = send_file(path, mimetype=row.media_type, as_attachment=True,
                         download_name=row.original_name, conditional=False, etag=False,
                         max_age=0)
    response.headers.update({**PRIVATE, "X-Content-Type-Options": "nosniff"})
    return response

"""A board: its details, seats, representatives and compliance line."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.admin import bp, services
from portal.admin.forms import BoardForm
from portal.errors import DomainError
from portal.extensions import db
from portal.i18n import current_lang
from portal.models import Organisation
from portal.models.base import today_in_wales
from portal.permissions import ensure_administers


def _board_data(form: BoardForm) -> dict:
    return {name: form[name].data for name in services.BOARD_FIELDS}


def _save(form: BoardForm, organisation_id: int, board_id: int | None):
    try:
        board = services.save_board(db.session, current_user, organisation_id,
                                    _board_data(form), board_id=board_id)
    except services.ValidationFailed as exc:
        db.session.rollback()
        for field, message in exc.problems:
            form.add_error(field, message)
        return None
    except DomainError as exc:
        db.session.rollback()
        form.add_error(exc.field, exc.message)
        return None
    db.session.commit()
    flash("board_saved", "success")
    return redirect(url_for("admin.board", board_id=board.id))


def _render_form(form, organisation, board=None):
    status = 400 if request.method == "POST" else 200
    return render_template("admin/board_form.html", form=form, organisation=organisation,
                           board=board), status


@bp.route("/organisations/<int:organisation_id>/boards/new", methods=["GET", "POST"])
@login_required
def new_board(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    ensure_administers(db.session, current_user, organisation_id)
    form = BoardForm()
    form.set_choices(current_lang())
    if request.method == "GET":
        form.service_user_seats.data = 2
        form.carer_seats.data = 2
        form.deputy_seats.data = 2
    if form.validate_on_submit():
        response = _save(form, organisation_id, None)
        if response is not None:
            return response
    return _render_form(form, organisation)


@bp.route("/boards/<int:board_id>/edit", methods=["GET", "POST"])
@login_required
def edit_board(board_id: int):
    board = services.get_board(db.session, current_user, board_id)
    form = BoardForm(obj=board, data={"kind": board.kind.value})
    form.set_choices(current_lang())
    if form.validate_on_submit():
        response = _save(form, board.organisation_id, board.id)
        if response is not None:
            return response
        board = services.get_board(db.session, current_user, board_id)
    return _render_form(form, board.organisation, board)


@bp.get("/boards/<int:board_id>/")
@login_required
def board(board_id: int):
    board, appointments, compliance = services.board_detail(
        db.session, current_user, board_id, today_in_wales()
    )
    return render_template("admin/board.html", board=board, appointments=appointments,
                           compliance=compliance, today=today_in_wales())

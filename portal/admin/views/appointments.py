"""Recording an appointment by hand (the recruitment flow will create them later)."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from portal.admin import bp, services
from portal.admin.forms import AppointmentForm
from portal.boards import minimum_term_months, term_problem
from portal.extensions import db


@bp.route("/boards/<int:board_id>/appointments/new", methods=["GET", "POST"])
@login_required
def new_appointment(board_id: int):
    board = services.get_board(db.session, current_user, board_id)
    form = AppointmentForm()
    if request.method == "GET":
        form.term_months.data = minimum_term_months(board.meetings_per_year)
        form.term_number.data = 1
    if form.validate_on_submit():
        data = {name: form[name].data for name in (
            "given_name", "family_name", "email", "seat_type", "start_date",
            "term_months", "term_number")}
        try:
            services.record_appointment(db.session, current_user, board.id, data)
        except services.ValidationFailed as exc:
            db.session.rollback()
            for field, message in exc.problems:
                form.add_error(field, message)
            board = services.get_board(db.session, current_user, board_id)
        else:
            db.session.commit()
            flash("appointment_recorded", "success")
            return redirect(url_for("admin.board", board_id=board.id))
    elif form.is_submitted() and form.term_months.data and not form.term_months.errors:
        # Show the term rule (R-TM1) alongside the other errors rather than after them.
        message = term_problem(board.meetings_per_year, form.term_months.data)
        if message:
            form.add_error("term_months", message)
    status = 400 if request.method == "POST" else 200
    return render_template("admin/appointment_form.html", form=form, board=board,
                           minimum_months=minimum_term_months(board.meetings_per_year)), status

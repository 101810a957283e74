"""Pages anyone can read without an account."""

import sqlalchemy as sa
from flask import current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from portal import information, publication
from portal.applications import events as group_events
from portal.extensions import db, limiter
from portal.i18n import current_lang, preferred_from_header
from portal.models import Board, Organisation, Recruitment
from portal.models.base import today_in_wales
from portal.models.enums import RecruitmentStage
from portal.public import bp, links_bp
from portal.public.forms import RoleFilterForm
from portal.recruitment import advertising
from portal.roles import SECTION_NAMES, SELECTION_METHODS


@bp.get("/")
def home():
    return render_template("public/home.html")


def _with_open_roles():
    """The boards and organisations that have open roles, for the filters."""
    open_board_ids = (sa.select(Recruitment.board_id)
                      .where(Recruitment.stage == RecruitmentStage.PUBLISHED,
                             Recruitment.closes_on >= today_in_wales()))
    boards = list(db.session.scalars(
        sa.select(Board).where(Board.id.in_(open_board_ids)).order_by(Board.name_en)))
    organisations = list(db.session.scalars(
        sa.select(Organisation).where(Organisation.id.in_(
            sa.select(Board.organisation_id).where(Board.id.in_(open_board_ids))))
        .order_by(Organisation.name_en)))
    return boards, organisations


@bp.get("/roles/")
def roles():
    """Open roles with filters (area, board, who it is for, closing soon) and search."""
    lang = current_lang()
    args = MultiDict((k, v) for k, v in request.args.items(multi=True) if k != "lang")
    form = RoleFilterForm(formdata=args if args else None)
    form.set_choices(lang, *_with_open_roles())
    filters = publication.RoleFilters()
    status = 200
    if args and not form.validate():
        status = 400
    elif args:
        filters = publication.RoleFilters(
            area=form.area.data or None, board_id=form.board.data or None,
            organisation_id=form.organisation.data or None,
            seat_type=form.seat_type.data or None, closing_soon=bool(form.closing_soon.data),
            q=form.q.data or None)
    found = publication.open_roles(db.session, filters) if status == 200 else []
    return render_template("public/roles.html", roles=found, form=form,
                           filtered=bool(args), status=status,
                           closing_soon_days=publication.CLOSING_SOON_DAYS), status


@bp.get("/roles/<int:recruitment_id>")
def role(recruitment_id: int):
    """One role, open or closed, in the page's language (R-AD1, R-PI1)."""
    lang = current_lang()
    recruitment = publication.get_published(db.session, recruitment_id)
    version = recruitment.published_version
    return render_template(
        "public/role.html", recruitment=recruitment, version=version,
        title=publication.title(recruitment, lang), is_open=publication.is_open(recruitment),
        information=information.for_the_public(db.session, recruitment.board.organisation_id,
                                               lang),
        section_names=SECTION_NAMES, methods=SELECTION_METHODS,
        events=group_events.events_of(db.session, recruitment.id, upcoming_only=True)
        if "group_event" in version.selection_methods else [])


PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")


@links_bp.get("/r/<code>")
@limiter.limit(lambda: current_app.config["TRACKED_LINK_RATE_LIMIT"],
               exempt_when=lambda: not current_app.config["RATELIMIT_ENABLED"])
def follow(code: str):
    """A tracked advert link: count the visit (R-AD1), then show the role in the browser's
    language. Counted: a person's GET, once a day; not HEAD requests nor browsers'
    prefetching, which nobody reads."""
    prefetch = any("prefetch" in request.headers.get(h, "").lower() for h in PREFETCH_HEADERS)
    visitor = None
    if request.method == "GET" and not prefetch:
        visitor = advertising.visitor_key(current_app.config["SECRET_KEY"],
                                          request.remote_addr)
    recruitment = advertising.follow(db.session, code, visitor)
    db.session.commit()
    lang = preferred_from_header(request.accept_languages)
    return redirect(url_for("public.role", lang=lang, recruitment_id=recruitment.id))


def _content_page(content: str, heading):
    """Long pages are written per language in templates/public/content/ (R-AC2)."""
    return render_template("public/content_page.html", content=content, heading=heading)


@bp.get("/accessibility")
def accessibility():
    return _content_page("accessibility", _("Accessibility statement"))


@bp.get("/privacy")
def privacy():
    return _content_page("privacy", _("Privacy notice"))


@bp.get("/cookies")
def cookies():
    return _content_page("cookies", _("Cookies"))

"""Taking published roles beyond the portal (R-AD1): Atom feeds, an embeddable list for partner
websites with a page explaining how to use it, and print-ready posters and flyers with a QR
code for GP surgeries, pharmacies, food banks and drop-in centres.

What is published and open comes from `portal.publication` only, so these agree with the role
list and the role pages.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Response, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup, escape

from portal.errors import NotFound
from portal.extensions import db
from portal.forms_support import to_id
from portal.geography import AREAS, AREAS_BY_KEY
from portal.i18n import LANGUAGES, current_lang
from portal.models import AdvertChannel, Organisation, Recruitment
from portal.public import bp, syndication
from portal.publication import RoleFilters, get_published, is_open, open_roles, title
from portal.security import frameable

FEED_MAX_AGE = 300  # seconds feed readers and proxies may keep a copy


# --- Jinja helpers for the role pages -----------------------------------------------------

bp.add_app_template_global(title, "role_title")


@bp.app_template_global()
def job_posting_script(recruitment: Recruitment, lang: str | None = None) -> Markup:
    """For the role page's <head>: `{{ job_posting_script(recruitment) }}`."""
    return syndication.job_posting_script(recruitment, lang or current_lang())


# --- Atom feeds ---------------------------------------------------------------------------

def _atom(body: bytes) -> Response:
    response = Response(body, content_type="application/atom+xml; charset=utf-8")
    response.cache_control.public = True
    response.cache_control.max_age = FEED_MAX_AGE
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/roles/feed.atom")
def roles_feed():
    lang = current_lang()
    body = syndication.atom_feed(
        open_roles(db.session), lang,
        feed_title=_("Roles open now – %(service)s", service=_("Representatives Recruitment Wales")),
        self_url=syndication.absolute_url("public.roles_feed", lang=lang),
        alternate_url=syndication.absolute_url("public.roles", lang=lang),
        author=_("Representatives Recruitment Wales"))
    return _atom(body)


@bp.get("/organisations/<int:organisation_id>/roles.atom")
def organisation_feed(organisation_id: int):
    lang = current_lang()
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound()
    body = syndication.atom_feed(
        open_roles(db.session, RoleFilters(organisation_id=organisation_id)), lang,
        feed_title=_("Roles open now – %(service)s", service=organisation.name(lang)),
        self_url=syndication.absolute_url("public.organisation_feed", lang=lang,
                                          organisation_id=organisation_id),
        alternate_url=syndication.absolute_url("public.roles", lang=lang,
                                               organisation=organisation_id),
        author=organisation.name(lang))
    return _atom(body)


# --- The embeddable list and its how-to page ----------------------------------------------

def _embed_choice() -> tuple[Organisation | None, str | None]:
    """?organisation=<id>&area=<key>; an unknown one is a 404, never a silent "all roles"
    (a partner who pasted a wrong code should see it at once)."""
    organisation = area = None
    raw_org = request.args.get("organisation", "").strip()
    if raw_org:
        if to_id(raw_org) is None:
            raise NotFound()
        organisation = db.session.get(Organisation, to_id(raw_org))
        if organisation is None:
            raise NotFound()
    raw_area = request.args.get("area", "").strip()
    if raw_area:
        if raw_area not in AREAS_BY_KEY:
            raise NotFound()
        area = raw_area
    return organisation, area


def _embed_args(organisation: Organisation | None, area: str | None) -> dict:
    args = {}
    if organisation:
        args["organisation"] = organisation.id
    if area:
        args["area"] = area
    return args


@bp.get("/embed/roles")
@frameable
def embed_roles():
    """A small page of open roles for an <iframe> on any website. It sets no cookies."""
    organisation, area = _embed_choice()
    roles = open_roles(db.session, RoleFilters(
        organisation_id=organisation.id if organisation else None, area=area))
    return render_template("public/embed/roles.html", roles=roles, organisation=organisation,
                           area=AREAS_BY_KEY.get(area or ""),
                           args=_embed_args(organisation, area))


def iframe_code(src: str, frame_title: str) -> str:
    return (f'<iframe src="{escape(src)}" title="{escape(frame_title)}" width="100%" '
            'height="600" loading="lazy"></iframe>')


@bp.get("/embed")
def embed():
    """How partners show our open roles on their website: the code to copy, and the feeds."""
    organisation, area = _embed_choice()
    args = _embed_args(organisation, area)
    lang = current_lang()
    codes = []
    for code_lang in (lang, *[other for other in LANGUAGES if other != lang]):
        with force_locale(code_lang):
            frame_title = _("Roles open now – %(service)s",
                            service=_("Representatives Recruitment Wales"))
        src = syndication.absolute_url("public.embed_roles", lang=code_lang, **args)
        codes.append((code_lang, iframe_code(src, frame_title)))
    organisations = db.session.scalars(sa.select(Organisation).order_by(
        Organisation.name_cy if lang == "cy" else Organisation.name_en)).all()
    feeds = [(_("All roles"), syndication.absolute_url("public.roles_feed", lang=lang))]
    if organisation:
        feeds.append((organisation.name(lang), syndication.absolute_url(
            "public.organisation_feed", lang=lang, organisation_id=organisation.id)))
    return render_template("public/embed/index.html", codes=codes, feeds=feeds,
                           organisations=organisations, areas=AREAS, organisation=organisation,
                           area=area, preview_src=url_for("public.embed_roles", **args))


# --- Posters and flyers -------------------------------------------------------------------

def _qr_link(recruitment: Recruitment, lang: str) -> str:
    """The advertising channel's short link when ?channel= is one of this role's channels, so
    that scans count towards that channel's reach (R-AD1); otherwise the role page."""
    channel_id = to_id(request.args.get("channel"))
    if channel_id is not None:
        channel = db.session.get(AdvertChannel, channel_id)
        if channel is not None and channel.recruitment_id == recruitment.id:
            return syndication.tracked_link(channel.code)
    return syndication.role_url(recruitment.id, lang)


def _printable(recruitment_id: int, kind: str):
    """A poster or flyer page. Unpublished: 404. Closed: 410 with an explanation, so that no
    poster for a role nobody can apply for gets printed."""
    recruitment = get_published(db.session, recruitment_id)
    lang = current_lang()
    if not is_open(recruitment):
        return render_template("public/print/closed.html", recruitment=recruitment,
                               role_title=title(recruitment, lang)), 410
    both = request.args.get("both") == "1"
    # Welsh first, as the Welsh language standards ask of bilingual signs and documents. A
    # poster is one A4 sheet per language; flyers are two A5 halves of one sheet: Welsh and
    # English, or the same flyer twice to cut in two.
    if both:
        parts = [("cy", False), ("en", False)]
    elif kind == "flyer":
        parts = [(lang, False), (lang, True)]
    else:
        parts = [(lang, False)]
    sheets = []
    for sheet_lang, copy in parts:
        with force_locale(sheet_lang):
            link = _qr_link(recruitment, sheet_lang)
            html = render_template(
                f"public/print/_{kind}.html", sheet_lang=sheet_lang, link=link, copy=copy,
                facts=syndication.print_facts(recruitment, sheet_lang),
                qr=syndication.qr_svg(link, _("QR code for %(link)s", link=link)))
        sheets.append((sheet_lang, Markup(html)))  # noqa: S704 - our own autoescaped template
    keep = {key: value for key, value in request.args.items() if key == "channel"}
    return render_template(
        "public/print/page.html", kind=kind, sheets=sheets, both=both,
        role_title=title(recruitment, lang),
        recruitment=recruitment,
        poster_url=url_for("public.poster", recruitment_id=recruitment.id, **keep,
                           **({"both": 1} if both else {})),
        flyer_url=url_for("public.flyer", recruitment_id=recruitment.id, **keep,
                          **({"both": 1} if both else {})),
        single_url=url_for(f"public.{kind}", recruitment_id=recruitment.id, **keep),
        both_url=url_for(f"public.{kind}", recruitment_id=recruitment.id, both=1, **keep))


@bp.get("/roles/<int:recruitment_id>/poster")
def poster(recruitment_id: int):
    return _printable(recruitment_id, "poster")


@bp.get("/roles/<int:recruitment_id>/flyer")
def flyer(recruitment_id: int):
    return _printable(recruitment_id, "flyer")

"""Builders that take published roles elsewhere (R-AD1): schema.org JobPosting for search
engines, Atom feeds for partner websites and feed readers, and QR codes for printed posters.

Pure in the sense that they query nothing: they take recruitments already loaded by
`portal.publication` (board, organisation and published version joined in) and return data.
They do read the request locale and `BASE_URL`, so they need an app context.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from datetime import date, datetime, time
from decimal import Decimal
from functools import lru_cache
from typing import Any

import segno
from flask import current_app, url_for
from flask_babel import format_date, format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.geography import AREAS_BY_KEY, DISTRICTS_BY_KEY
from portal.models import Recruitment
from portal.models.base import WALES, utcnow
from portal.publication import is_open, title
from portal.roles import SECTION_NAMES, SELECTION_METHODS
from portal.security import csp_nonce

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

SEAT_TYPE_NAMES = {"service_user": _l("Service user"), "carer": _l("Carer"),
                   "deputy": _l("Deputy")}

# Google's JobPosting accepts FULL_TIME, PART_TIME, CONTRACTOR, TEMPORARY, INTERN, VOLUNTEER,
# PER_DIEM and OTHER, one or a list. A representative gives a few hours a month and chooses to
# take the hourly fee or to volunteer (R-PAY2), so both of these are true of every role.
EMPLOYMENT_TYPES = ("PART_TIME", "VOLUNTEER")


# --- URLs ---------------------------------------------------------------------------------

def absolute_url(endpoint: str, **values: Any) -> str:
    """The public address of a page: BASE_URL, as in emails, not the Host of this request."""
    return current_app.config["BASE_URL"].rstrip("/") + url_for(endpoint, **values)


def role_url(recruitment_id: int, lang: str) -> str:
    return absolute_url("public.role", lang=lang, recruitment_id=recruitment_id)


def tracked_link(code: str) -> str:
    """An advertising channel's short link (R-AD1): its visits measure that channel's reach."""
    return current_app.config["BASE_URL"].rstrip("/") + "/r/" + code


# --- Text ---------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")


def plain_text(text: str | None) -> str:
    """Section text as plain lines: any markup dropped, spaces collapsed, blank lines gone."""
    lines = (" ".join(_TAG.sub(" ", line).split()) for line in (text or "").splitlines())
    return "\n".join(line for line in lines if line)


def section(recruitment: Recruitment, key: str, lang: str) -> str:
    sections = recruitment.published_version.sections
    return plain_text(sections.get(key, {}).get(lang))


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters, cut at a word, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def description(recruitment: Recruitment, lang: str) -> str:
    """The introduction and the key responsibilities, without markup (for search engines)."""
    parts = [section(recruitment, "introduction", lang)]
    duties = section(recruitment, "responsibilities", lang)
    if duties:
        parts.append(f"{SECTION_NAMES['responsibilities']}:\n"
                     + "\n".join(f"- {line}" for line in duties.splitlines()))
    return "\n\n".join(part for part in parts if part)


def hourly_pay(rate: Decimal) -> str:
    return _("£%(rate)s an hour", rate=format_decimal(rate, "#,##0.00"))


# --- schema.org JobPosting ----------------------------------------------------------------

def valid_through(closes_on: date) -> str:
    """The end of the closing day in Wales, with its UTC offset (BST or GMT)."""
    return datetime.combine(closes_on, time(23, 59, 59), tzinfo=WALES).isoformat()


def job_posting(recruitment: Recruitment, lang: str, url: str) -> dict[str, Any]:
    """schema.org JobPosting for one published role, in `lang` (Google's job search reads it).

    Google's required properties are all here (title, description, datePosted,
    hiringOrganization, jobLocation); the address is as precise as a board is: its
    health-board area, and one place per district it covers."""
    board = recruitment.board
    organisation = board.organisation
    version = recruitment.published_version
    area = AREAS_BY_KEY.get(board.area)
    region = area.name(lang) if area else board.area
    places = [DISTRICTS_BY_KEY[key] for key in board.districts or [] if key in DISTRICTS_BY_KEY]
    addresses = [{"@type": "PostalAddress", "addressLocality": place.name(lang),
                  "addressRegion": region, "addressCountry": "GB"} for place in places]
    if not addresses:
        addresses = [{"@type": "PostalAddress", "addressRegion": region, "addressCountry": "GB"}]
    posted = recruitment.published_at or utcnow()
    data: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": title(recruitment, lang),
        "description": description(recruitment, lang),
        "datePosted": posted.astimezone(WALES).date().isoformat(),
        "employmentType": list(EMPLOYMENT_TYPES),
        "hiringOrganization": {"@type": "Organization", "name": organisation.name(lang)},
        "jobLocation": [{"@type": "Place", "address": address} for address in addresses],
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": "GBP",
            "value": {"@type": "QuantitativeValue", "value": float(version.hourly_rate),
                      "unitText": "HOUR"},
        },
        "inLanguage": lang,
        "directApply": False,
        "identifier": {"@type": "PropertyValue", "name": organisation.name(lang),
                       "value": str(recruitment.id)},
        "url": url,
    }
    if recruitment.closes_on:
        data["validThrough"] = valid_through(recruitment.closes_on)
    return data


def json_for_script(data: Any) -> str:
    """JSON that cannot end its <script> element early: <, > and & become \\u escapes (still
    the same JSON to any parser)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def job_posting_script(recruitment: Recruitment, lang: str) -> Markup:
    """`<script type="application/ld+json" nonce=…>` for a role page's <head>, or nothing once
    the role has closed (Google: take the markup off a job that is no longer open)."""
    if not is_open(recruitment):
        return Markup("")
    data = job_posting(recruitment, lang, role_url(recruitment.id, lang))
    # Script content is raw text: HTML escaping would corrupt the JSON, and json_for_script
    # already made it safe to embed.
    safe_json = Markup(json_for_script(data))  # noqa: S704
    return Markup('<script type="application/ld+json" nonce="{}">{}</script>').format(
        csp_nonce(), safe_json)


# --- Atom (RFC 4287) ----------------------------------------------------------------------

def _atom_date(value: datetime) -> str:
    return value.astimezone(WALES).isoformat(timespec="seconds")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def entry_summary(recruitment: Recruitment, lang: str) -> str:
    facts = _("Closes %(date)s. %(pay)s.", date=format_date(recruitment.closes_on, "d MMMM yyyy"),
              pay=hourly_pay(recruitment.published_version.hourly_rate))
    return shorten(f"{facts} {section(recruitment, 'introduction', lang)}", 600)


def atom_feed(recruitments: Iterable[Recruitment], lang: str, *, feed_title: str, self_url: str,
              alternate_url: str, author: str, now: datetime | None = None) -> bytes:
    """An Atom feed of open roles in one language.

    Ids are the permanent absolute addresses (the feed's own, each role page's), so they stay
    the same across requests and differ between the Welsh and English feeds. `updated` is the
    latest publication, or now for a feed with no entries."""
    recruitments = list(recruitments)
    # Unprefixed Atom elements under a default xmlns (ElementTree's default_namespace option
    # refuses unprefixed attributes such as rel and href).
    feed = ET.Element("feed", {"xmlns": ATOM, XML_LANG: lang})
    _sub(feed, "id", self_url)
    _sub(feed, "title", feed_title)
    published = [r.published_at for r in recruitments if r.published_at]
    _sub(feed, "updated", _atom_date(max(published) if published else (now or utcnow())))
    _sub(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    _sub(feed, "link", rel="alternate", type="text/html", href=alternate_url, hreflang=lang)
    _sub(_sub(feed, "author"), "name", author)
    for recruitment in recruitments:
        url = role_url(recruitment.id, lang)
        when = _atom_date(recruitment.published_at or now or utcnow())
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", title(recruitment, lang))
        _sub(entry, "updated", when)
        _sub(entry, "published", when)
        _sub(entry, "link", rel="alternate", type="text/html", href=url, hreflang=lang)
        _sub(entry, "summary", entry_summary(recruitment, lang), type="text")
        _sub(_sub(entry, "author"), "name", recruitment.board.organisation.name(lang))
        for seat_type in recruitment.seat_types():
            _sub(entry, "category", term=seat_type, label=str(SEAT_TYPE_NAMES[seat_type]))
        area = AREAS_BY_KEY.get(recruitment.board.area)
        if area:
            _sub(entry, "category", term=area.key, label=area.name(lang))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


# --- Posters and flyers ------------------------------------------------------------------

# Ways to apply that need neither an email address nor a CV (R-AC1).
NO_EMAIL_OR_CV_METHODS = {"informal_chat", "expression_of_interest"}


def who_can_apply(recruitment: Recruitment) -> list[str]:
    """Plain-language eligibility for the seats on offer, with the role's own window (R-RD4).
    Deputies may be service users or carers (R-BD2)."""
    years = recruitment.published_version.eligibility_years
    seats = set(recruitment.seat_types())
    users = bool(seats & {"service_user", "deputy"})
    carers = bool(seats & {"carer", "deputy"})
    if users and carers:
        return [_("People who have used mental health services, or cared for someone who has, "
                  "in the last %(years)s years", years=years)]
    if users:
        return [_("People who have used mental health services in the last %(years)s years",
                  years=years)]
    return [_("Carers of someone who has used mental health services in the last %(years)s "
              "years", years=years)]


def print_facts(recruitment: Recruitment, lang: str) -> dict[str, Any]:
    """What a poster or flyer says about a role, in `lang` (call inside force_locale(lang))."""
    version = recruitment.published_version
    methods = version.selection_methods or []
    role_title = title(recruitment, lang)
    board = recruitment.board.name(lang)
    organisation = recruitment.board.organisation.name(lang)
    return {
        "title": role_title,
        # Under the title: the board and organisation, without repeating a board it names.
        "where": organisation if board in role_title else f"{board}, {organisation}",
        "who": who_can_apply(recruitment),
        "deputies": "deputy" in recruitment.seat_types(),
        "pay": hourly_pay(version.hourly_rate),
        "closes_on": recruitment.closes_on,
        "contact_name": recruitment.contact_name,
        "contact_phone": recruitment.contact_phone,
        "contact_email": recruitment.contact_email,
        "no_email_or_cv": bool(NO_EMAIL_OR_CV_METHODS & set(methods)),
        "ways": [str(SELECTION_METHODS[m]) for m in methods if m in SELECTION_METHODS],
        "summary": shorten(section(recruitment, "introduction", lang), 330),
    }


# --- QR codes -----------------------------------------------------------------------------

@lru_cache(maxsize=512)
def qr_svg(data: str, label: str) -> Markup:
    """An inline SVG QR code for `data`, sized by CSS (viewBox only), named for screen readers
    by its <title>. Built on the server with segno, so posters print with JavaScript off.
    Kept once made: the same link and label always draw the same code, and segno's mask
    search was most of a poster's time (cProfile: 0.57 of 1.01 s over 30 requests)."""
    qr = segno.make(data, error="m")
    svg = qr.svg_inline(omitsize=True, title=label, svgclass="qr", lineclass=None)
    # segno writes only numbers and the XML-escaped title into the SVG.
    return Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1))  # noqa: S704


def qr_path(svg: str) -> str:
    """The drawing of a QR code SVG (its path data): equal paths encode equal content."""
    match = re.search(r'<path[^>]* d="([^"]+)"', svg)
    return match.group(1) if match else ""

"""Language in the URL (/en/…, /cy/…), the locale for Flask-Babel, and the language toggle.

Welsh and English are equal (R-AC2): every page lives under both prefixes and links to the
same page in the other language.
"""

from __future__ import annotations

from flask import Flask, abort, g, has_request_context, redirect, request, url_for
from werkzeug.datastructures import LanguageAccept

LANGUAGES = ("en", "cy")
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def current_lang() -> str:
    if has_request_context():
        return g.get("lang", "en")
    return "en"


def other_lang(lang: str) -> str:
    return "cy" if lang == "en" else "en"


def select_locale() -> str:
    return g.get("forced_lang") or current_lang()


def toggle_url() -> str:
    """The same page in the other language, keeping the query string."""
    other = other_lang(current_lang())
    if request.url_rule is not None and request.endpoint and "lang" in request.url_rule.arguments:
        args = dict(request.view_args or {})
        args["lang"] = other
        url = url_for(request.endpoint, **args)
    else:
        url = url_for("public.home", lang=other)
    if request.query_string:
        url += "?" + request.query_string.decode("latin-1")
    return url


def preferred_from_header(accept: LanguageAccept) -> str:
    return accept.best_match(LANGUAGES, default="en") or "en"


def init_app(app: Flask) -> None:
    @app.url_value_preprocessor
    def pull_lang(endpoint, values):
        if values and "lang" in values:
            lang = values.pop("lang")
            if lang not in LANGUAGES:
                g.lang = preferred_from_header(request.accept_languages)
                abort(404)
            g.lang = lang

    @app.url_defaults
    def add_lang(endpoint, values):
        if "lang" in values or not endpoint:
            return
        if app.url_map.is_endpoint_expecting(endpoint, "lang"):
            values["lang"] = current_lang()

    @app.get("/")
    def root():
        return redirect(url_for("public.home", lang=preferred_from_header(request.accept_languages)))

    from flask_babel import format_date

    from portal.geography import AREAS_BY_KEY, DISTRICTS_BY_KEY

    def district_names(keys: list[str], lang: str) -> str:
        return ", ".join(DISTRICTS_BY_KEY[k].name(lang) for k in keys if k in DISTRICTS_BY_KEY)

    def long_date(value) -> str:
        """GOV.UK style, the same in both languages: 1 April 2026 / 1 Ebrill 2026."""
        return format_date(value, "d MMMM yyyy")

    from flask_babel import lazy_gettext as _l

    stage_names = {
        "forming_group": _l("Forming the leadership group"),
        "drafting": _l("Writing the role description"),
        "published": _l("Published and advertised"),
    }

    def stage_name(key: str) -> str:
        return str(stage_names.get(key, key))

    from portal.boards import minimum_term_months

    app.jinja_env.globals.update(
        minimum_term=minimum_term_months,
        stage_name=stage_name,
        long_date=long_date, areas_by_key=AREAS_BY_KEY, district_names=district_names
    )

    @app.context_processor
    def language_context():
        lang = current_lang()
        return {
            "lang": lang,
            "other_lang": other_lang(lang),
            "other_lang_name": LANGUAGE_NAMES[other_lang(lang)],
            "toggle_url": toggle_url,
        }

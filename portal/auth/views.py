"""Sign in, sign out, and the account's language and contact preferences."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from portal.auth import bp, services
from portal.auth.forms import ConfirmSignInForm, PreferencesForm, SignInForm, SignOutForm
from portal.errors import DomainError
from portal.extensions import db, limiter
from portal.forms_support import clean_text
from portal.i18n import current_lang

# Pages whose address holds a sign-in token pass on only the origin, never the path: the
# confirm POST still carries the Referer that Flask-WTF's HTTPS check needs.
NO_REFERRER = {"Referrer-Policy": "strict-origin"}


def _sign_in_ip_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def _sign_in_email_limit() -> str:
    return current_app.config["SIGN_IN_EMAIL_RATE_LIMIT"]


def _email_key() -> str:
    # The same cleaning as the form, so "a@x\x01" and "a@x" share one bucket.
    email = services.normalise_email(clean_text(request.form.get("email", "")))[:254]
    return "sign-in-email:" + services.hash_token(email)


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (no open redirect).

    Refuses backslashes, whitespace and control characters, which browsers or Werkzeug may
    drop, turning "/\t/evil.example" into "//evil.example"."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if any(c == "\\" or c.isspace() or ord(c) < 32 or ord(c) == 127 for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target


def _limits_off() -> bool:
    # Read per app: one Limiter object serves every app built in a process (tests build many).
    return not current_app.config["RATELIMIT_ENABLED"]


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_ip_limit, methods=["POST"], exempt_when=_limits_off)
@limiter.limit(_sign_in_email_limit, methods=["POST"], key_func=_email_key,
               exempt_when=_limits_off)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("auth.account"))
    form = SignInForm()
    if form.validate_on_submit():
        services.request_sign_in(db.session, form.email.data, current_lang())
        db.session.commit()
        nxt = safe_next(request.args.get("next"))
        if nxt:
            session["next"] = nxt
        return redirect(url_for("auth.check_email"))
    status = 400 if form.is_submitted() else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.get("/sign-in/check-email")
def check_email():
    minutes = current_app.config["SIGN_IN_TOKEN_MINUTES"]
    return render_template("auth/check_email.html", minutes=minutes)


@bp.route("/sign-in/link/<token>", methods=["GET", "POST"])
def confirm(token: str):
    form = ConfirmSignInForm()
    if form.validate_on_submit():
        try:
            person = services.confirm_sign_in(db.session, token)
        except DomainError as exc:
            db.session.rollback()
            return render_template("auth/link_invalid.html", message=exc.message), 410, NO_REFERRER
        db.session.commit()
        nxt = session.pop("next", None)
        session.clear()
        session.permanent = True  # the cookie ends with the server-side session
        login_user(person)
        if person.preferences_recorded_at is None:
            # First sign-in: ask once for language and contact preference (R-AC2).
            return redirect(url_for("auth.preferences", lang=current_lang()))
        return redirect(safe_next(nxt) or url_for("auth.account",
                                                  lang=person.preferred_language.value))
    if not services.token_is_usable(db.session, token):
        return render_template("auth/link_invalid.html",
                               message=services.LINK_INVALID), 410, NO_REFERRER
    return render_template("auth/confirm.html", form=form), 200, NO_REFERRER


@bp.post("/sign-out")
@login_required
def sign_out():
    form = SignOutForm()
    if form.validate_on_submit():
        services.sign_out(db.session, current_user)
        db.session.commit()
        logout_user()
        session.clear()
        return redirect(url_for("auth.signed_out"))
    return redirect(url_for("auth.account"))


@bp.get("/signed-out")
def signed_out():
    return render_template("auth/signed_out.html")


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", sign_out_form=SignOutForm())


@bp.route("/account/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    person = current_user
    form = PreferencesForm(
        data={
            "preferred_language": person.preferred_language.value
            if person.preferences_recorded_at else current_lang(),
            "contact_channel": person.contact_channel.value
            if person.preferences_recorded_at else None,
            "phone": person.phone,
            "postal_address": person.postal_address,
        }
    )
    first_time = person.preferences_recorded_at is None
    if form.validate_on_submit():
        try:
            services.update_preferences(
                db.session,
                person,
                language=form.preferred_language.data,
                channel=form.contact_channel.data,
                phone=form.phone.data,
                postal_address=form.postal_address.data,
            )
        except DomainError as exc:
            db.session.rollback()
            form.add_error(exc.field, exc.message)
        else:
            db.session.commit()
            flash("preferences_saved", "success")
            return redirect(url_for("auth.account", lang=form.preferred_language.data))
    status = 400 if form.is_submitted() and form.error_summary() else 200
    return render_template("auth/preferences.html", form=form, first_time=first_time), status

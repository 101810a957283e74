"""Pages anyone can read without an account."""

from flask import render_template

from portal.public import bp


@bp.get("/")
def home():
    return render_template("public/home.html")


@bp.get("/roles/")
def roles():
    # Issue 2/5 publishes roles; until then the page explains what is coming.
    return render_template("public/roles.html", roles=[])


@bp.get("/accessibility")
def accessibility():
    return render_template("public/accessibility.html")


@bp.get("/privacy")
def privacy():
    return render_template("public/privacy.html")


@bp.get("/cookies")
def cookies():
    return render_template("public/cookies.html")

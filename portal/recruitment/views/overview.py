"""The recruitments a signed-in person takes part in (empty until issue 2/5)."""

from flask import render_template
from flask_login import login_required

from portal.recruitment import bp


@bp.get("/")
@login_required
def index():
    return render_template("recruitment/index.html", recruitments=[])

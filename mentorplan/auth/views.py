from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..models.types import utcnow
from ..urls import local_path
from . import normalise_email
from .forms import LoginForm
from .throttle import forget_failures, is_throttled, record_failure

bp = Blueprint("auth", __name__)


@bp.route("/logg-inn", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        email, address = normalise_email(form.email.data), request.remote_addr or "-"
        user = db.session.scalar(select(User).where(User.email == email))
        if is_throttled(email, address):
            flash("For mange mislykkede innlogginger. Vent et kvarter og prøv igjen.", "error")
        elif user is None or not user.is_active or not user.check_password(form.password.data):
            record_failure(email, address)
            db.session.commit()
            flash("Feil e-post eller passord.", "error")
        else:
            forget_failures(email)
            _new_session()
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(local_path(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/login.html", form=form)


def _new_session() -> None:
    """Nothing from before the login carries over, not even the CSRF token (Flask-WTF caches it in g)."""
    session.clear()
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)


@bp.route("/logg-ut", methods=["POST"])
@login_required
def logout():
    current_user.end_sessions()  # every copy of this session and its remember-me cookie, on every device
    db.session.commit()
    logout_user()
    flash("Du er logget ut.", "info")
    return redirect(url_for("auth.login"))

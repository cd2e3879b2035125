from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..extensions import db
from ..models import User
from ..models.types import utcnow
from ..urls import local_path
from . import normalise_email
from .forms import LoginForm

bp = Blueprint("auth", __name__)


@bp.route("/logg-inn", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.email == normalise_email(form.email.data)))
        if user is None or not user.is_active or not user.check_password(form.password.data):
            flash("Feil e-post eller passord.", "error")
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            db.session.commit()
            return redirect(local_path(request.args.get("next")) or url_for("home.index"))
    return render_template("auth/login.html", form=form)


@bp.route("/logg-ut", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Du er logget ut.", "info")
    return redirect(url_for("auth.login"))

"""Logging in (with a TOTP code when the account has one) and out; a forgotten password; and the
account pages under /profil: a new password, a new e-mail address and the second factor, each behind
the current password asked on the same form."""
import time

from authlib.integrations.base_client import OAuthError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from mentorplan.access import allowed, can_manage_totp, can_use_totp
from mentorplan.auth.email_change import EmailChangeError, confirm, request_change
from mentorplan.auth.forms import (
    ChangeEmailForm,
    ChangePasswordForm,
    CodeForm,
    DisableTotpForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from mentorplan.auth.identity import normalise_email
from mentorplan.auth.invitations import accept, user_for_invitation
from mentorplan.auth.links import Link, end_secrets, holder
from mentorplan.auth.login import (
    Step,
    give_code,
    give_password,
    pending_login,
    pending_user,
)
from mentorplan.auth.mail import send_after_response, send_now
from mentorplan.auth.reset import consume, request_reset, user_for_token
from mentorplan.auth.sso import account_for, sso_client
from mentorplan.auth.throttle import forget_failures, is_throttled, record_failure
from mentorplan.auth.totp import new_secret, provisioning_uri, qr_svg
from mentorplan.extensions import db
from mentorplan.models import User
from mentorplan.models.types import utcnow
from mentorplan.web.forms import EmptyForm
from mentorplan.web.http_headers import NO_LEAKS
from mentorplan.web.urls import local_path
from mentorplan.web.viewer import current_viewer

bp = Blueprint("auth", __name__)

PENDING = "totp_pending"  # the half-logged-in state: password right, code not yet given
THROTTLED = "For mange mislykkede innlogginger. Vent et kvarter og prøv igjen."
THROTTLED_CODES = "For mange feil koder. Vent et kvarter og prøv igjen."
WRONG_CODE = "Koden stemmer ikke, eller den er brukt før. Vent på neste kode og prøv igjen."
REAUTHENTICATION_REFUSED = "Passordet stemmer ikke."


def _secret_page(template: str, status: int, **context):
    """A page whose address (a link's token) or body (a TOTP secret) is a secret: no Referer beyond
    the origin, not indexed (and never stored: web/http_headers.py)."""
    response = make_response(render_template(template, **context), status)
    response.headers.update(NO_LEAKS)
    return response


def _address() -> str:
    return request.remote_addr or "-"


# --- Logging in and out ----------------------------------------------------------------------

@bp.route("/logg-inn", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        attempt = give_password(normalise_email(form.email.data), form.password.data, _address())
        db.session.commit()  # a refusal is counted
        if attempt.step is Step.THROTTLED:
            flash(THROTTLED, "error")
        elif attempt.step is Step.REFUSED:
            flash("Feil e-post eller passord.", "error")
        else:
            return _first_factor_passed(attempt.user, form.remember.data, local_path(request.args.get("next")))
    return render_template("auth/login.html", form=form, sso=sso_client() is not None)


def _first_factor_passed(user: User, remember: bool, next_path: str | None):
    """A password (or an invitation) proved: the second factor next where the account has one,
    else the session starts. Every way in goes through here."""
    if user.totp_enabled:
        _new_session()
        session[PENDING] = pending_login(user, remember, next_path, time.time())
        return redirect(url_for("auth.second_factor"))
    _complete_login(user, remember)
    return redirect(next_path or url_for("home.index"))


def _complete_login(user: User, remember: bool) -> None:
    _new_session()
    login_user(user, remember=remember)
    user.last_login_at = utcnow()
    db.session.commit()


@bp.route("/logg-inn/kode", methods=["GET", "POST"])
def second_factor():
    """The code from the authenticator app, after the password; the state before it grants nothing else."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    state = session.get(PENDING)
    user = pending_user(state, time.time())
    if user is None:
        session.pop(PENDING, None)
        flash("Logg inn med e-post og passord først.", "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        if _code_accepted(user, form.code):
            _complete_login(user, bool(state.get("remember")))
            return redirect(state.get("next") or url_for("home.index"))
    return render_template("auth/second_factor.html", form=form)


@bp.route("/logg-inn/sso")
def sso_start():
    """To the kommune's identity provider; it sends the person back to sso_callback."""
    client = sso_client()
    if client is None:
        abort(404)
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    session["sso_next"] = local_path(request.args.get("next"))
    redirect_uri = current_app.config["BASE_URL"].rstrip("/") + url_for("auth.sso_callback")
    return client.authorize_redirect(redirect_uri)


@bp.route("/logg-inn/sso/svar")
def sso_callback():
    client = sso_client()
    if client is None:
        abort(404)
    try:
        token = client.authorize_access_token()
    except OAuthError as error:
        current_app.logger.warning("Enkel pålogging avvist: %s", error.error)
        flash("Innloggingen hos kommunen ble avbrutt eller avvist. Prøv igjen, eller logg inn med passord.", "error")
        return redirect(url_for("auth.login"))
    answer = account_for(token.get("userinfo") or {})  # the ID token's claims
    db.session.commit()  # a subject bound on first use stays bound, whether or not a code follows
    if answer.user is None:
        flash(answer.refusal, "error")
        return redirect(url_for("auth.login"))
    user, next_path = answer.user, session.pop("sso_next", None)
    if user.totp_enabled:  # the second factor is mentorplan's own, whoever vouched for the password
        _new_session()
        session[PENDING] = pending_login(user, False, next_path, time.time())
        return redirect(url_for("auth.second_factor"))
    _complete_login(user, remember=False)
    return redirect(next_path or url_for("home.index"))


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


@bp.route("/hold-innlogget", methods=["POST"])
@login_required
def keep_alive():
    """Nothing but a request: the idle time starts again (auth/sessions.py notes every request).
    The warning before an idle logout asks for this (WCAG 2.2.1); 204 leaves the page as it is."""
    return "", 204


# --- A forgotten password --------------------------------------------------------------------

@bp.route("/glemt-passord", methods=["GET", "POST"])
def forgot_password():
    """Always the same answer, whether the address has an account or not."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_reset(normalise_email(form.email.data), _address())
        return render_template("auth/forgot_password.html", form=None)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/nytt-passord/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = user_for_token(token)
    form = ResetPasswordForm() if user is not None else None
    if form is not None and form.validate_on_submit():
        if consume(user, token):
            user.set_password(form.new_password.data)  # ends every session and every link of the account
            end_secrets(user)  # and its calendar feeds: whoever needed the reset may not be the only one with them
            forget_failures(user.email)
            db.session.commit()
            current_app.logger.info("Nytt passord satt med lenke fra e-post for konto %s.", user.id)
            _new_session()
            flash("Passordet er endret, og du er logget ut overalt. Logg inn med det nye passordet.", "success")
            return redirect(url_for("auth.login"))
        db.session.rollback()
        form = None
    return _secret_page("auth/reset_password.html", 200 if form else 404, form=form)


# --- An invitation -------------------------------------------------------------------------

@bp.route("/invitasjon/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """A new account chooses its first password and is logged in."""
    user = user_for_invitation(token)
    form = ResetPasswordForm() if user is not None else None
    if form is not None and form.validate_on_submit():
        if accept(user, token, form.new_password.data):
            db.session.commit()
            response = _first_factor_passed(user, False, None)  # a new session: the flash comes after
            flash(f"Velkommen, {user.person.first_name}! Passordet er lagret"
                  + (". Skriv inn koden fra appen din." if user.totp_enabled else ", og du er logget inn."), "success")
            return response
        db.session.rollback()
        form = None
    return _secret_page("auth/invitation.html", 200 if form else 404, form=form, user=user)


# --- The account pages under /profil ---------------------------------------------------------

def _reauthenticated(field) -> bool:
    """The current password, given on the same form; wrong ones count as failed logins."""
    email, address = current_user.email, _address()
    if is_throttled(email, address):
        field.errors.append(THROTTLED)
        return False
    if not current_user.check_password(field.data or ""):
        record_failure(email, address)
        db.session.commit()
        field.errors.append(REAUTHENTICATION_REFUSED)
        return False
    return True


def _keep_this_session(user: User) -> None:
    """Other sessions have ended (the version was raised); this one goes on, as a new session."""
    _new_session()
    login_user(user)


@bp.route("/profil/passord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and _reauthenticated(form.current_password):
        user = current_user._get_current_object()
        user.set_password(form.new_password.data)
        db.session.commit()
        _keep_this_session(user)
        flash("Passordet er endret. Du er logget ut på alle andre enheter.", "success")
        return redirect(url_for("profile.index"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/profil/e-post", methods=["GET", "POST"])
@login_required
def change_email():
    """The new address gets a link; the change is made when it is followed (auth/email_change.py)."""
    form = ChangeEmailForm()
    if form.validate_on_submit() and _reauthenticated(form.current_password):
        user = current_user._get_current_object()
        new = normalise_email(form.email.data)
        try:
            message = request_change(user, new)
        except EmailChangeError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            if send_now(message):
                flash(f"Vi har sendt en lenke til {new}. E-postadressen endres når du åpner lenken "
                      f"(innen {current_app.config['EMAIL_CHANGE_HOURS']} timer).", "success")
            else:
                flash(f"E-posten til {new} kunne ikke sendes nå, og adressen er ikke endret. Prøv igjen senere.",
                      "error")
            return redirect(url_for("profile.index"))
    return render_template("auth/change_email.html", form=form)


@bp.route("/profil/e-post/bekreft/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    """The link sent to the new address: a page with a button (a mail scanner that opens links
    changes nothing), and the change on the button. The link proves the address; the session
    proves the person: whoever gets a mistyped address's mail may not move the login (and its
    reset mails) there, nor learn whose account it is."""
    user = holder(Link.EMAIL, token)
    if user is not None and (not current_user.is_authenticated or current_user.id != user.id):
        return _secret_page("auth/confirm_email.html", 403, form=None, user=None, log_in_first=True)
    form = EmptyForm() if user is not None else None
    status = 200 if form else 404
    if form is not None and form.validate_on_submit():
        try:
            message = confirm(user, token)
        except EmailChangeError as error:
            db.session.commit()
            flash(str(error), "error")
            form, status = None, 409
        else:
            if message is not None:
                db.session.commit()
                send_after_response(message)
                flash(f"E-postadressen er endret til {user.email}. Bruk den når du logger inn.", "success")
                return redirect(url_for("profile.index"))
            db.session.rollback()
            form, status = None, 404
    return _secret_page("auth/confirm_email.html", status, form=form, user=user)


@bp.route("/profil/totp")
@login_required
def totp():
    allowed(can_manage_totp(current_viewer(), current_user.totp_enabled))
    return _totp_page()


def _totp_page(form=None, status: int = 200):
    user = current_user
    uri = provisioning_uri(user) if user.totp_secret and not user.totp_enabled else None
    return _secret_page("auth/totp.html", status, form=form or DisableTotpForm(formdata=None),
                        start_form=EmptyForm(), uri=uri, qr=qr_svg(uri) if uri else None)


@bp.route("/profil/totp/ny", methods=["POST"])
@login_required
def totp_start():
    """A new secret to enrol with; the second factor is on only once a code from it is confirmed."""
    allowed(can_use_totp(current_viewer()))
    form = EmptyForm()
    if form.validate_on_submit() and not current_user.totp_enabled:
        current_user.totp_secret = new_secret()
        current_user.totp_last_step = None
        db.session.commit()
    return redirect(url_for("auth.totp"))


@bp.route("/profil/totp/bekreft", methods=["POST"])
@login_required
def totp_confirm():
    allowed(can_use_totp(current_viewer()))
    user = current_user._get_current_object()
    if user.totp_enabled or not user.totp_secret:
        return redirect(url_for("auth.totp"))
    form = DisableTotpForm()
    if form.validate_on_submit() and _reauthenticated(form.current_password) and _code_accepted(user, form.code):
        user.totp_enabled = True
        user.end_sessions()
        db.session.commit()
        _keep_this_session(user)
        flash("Tofaktorinnlogging er slått på. Du er logget ut på alle andre enheter.", "success")
        return redirect(url_for("profile.index"))
    return _totp_page(form)


@bp.route("/profil/totp/av", methods=["POST"])
@login_required
def totp_disable():
    user = current_user._get_current_object()
    allowed(can_manage_totp(current_viewer(), user.totp_enabled))
    if not user.totp_enabled:
        return redirect(url_for("auth.totp"))
    form = DisableTotpForm()
    if form.validate_on_submit() and _reauthenticated(form.current_password) and _code_accepted(user, form.code):
        user.totp_enabled = False
        user.totp_secret = None
        user.totp_last_step = None
        db.session.commit()
        flash("Tofaktorinnlogging er slått av.", "success")
        return redirect(url_for("profile.index"))
    return _totp_page(form)


def _code_accepted(user: User, field) -> bool:
    step = give_code(user, field.data, _address())
    db.session.commit()  # a refusal is counted, a right code used up
    if step is not Step.ACCEPTED:
        field.errors.append(THROTTLED_CODES if step is Step.THROTTLED else WRONG_CODE)
    return step is Step.ACCEPTED

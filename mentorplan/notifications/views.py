"""Each person's notifications and settings; the admin's view of e-mail delivery (the outbox)."""
from datetime import datetime

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from wtforms import SelectChoice, SelectField
from wtforms.validators import InputRequired

from mentorplan.access import (
    allowed,
    can_view_notification,
    can_view_outbox,
    found,
    outbox_clause,
)
from mentorplan.clock import OSLO
from mentorplan.extensions import db
from mentorplan.models import (
    EMAIL_STATUS_LABELS,
    NOTIFICATION_KIND_LABELS,
    AccessKind,
    Notification,
    NotificationKind,
)
from mentorplan.norwegian import WEEKDAYS
from mentorplan.notifications.inbox import (
    mark_all_read,
    mark_read,
    own_notifications,
    save_settings,
    settings_for,
)
from mentorplan.privacy.access_log import log_reads
from mentorplan.web.forms import EmptyForm, MultiCheckboxField, NorwegianForm
from mentorplan.web.paging import paginate
from mentorplan.web.urls import local_path
from mentorplan.web.viewer import current_viewer

bp = Blueprint("notifications", __name__)
bp.add_app_template_filter(lambda kind: NOTIFICATION_KIND_LABELS.get(kind, str(kind)), "notification_kind")
bp.add_app_template_filter(lambda status: EMAIL_STATUS_LABELS.get(status, str(status)), "email_status")


@bp.app_template_filter("localtime")
def localtime(moment: datetime | None) -> str:
    """A stored UTC instant as Oslo wall-clock time."""
    return moment.astimezone(OSLO).strftime("%d.%m.%Y kl. %H:%M") if moment else ""


class SettingsForm(NorwegianForm):
    email_kinds = MultiCheckboxField("Send meg e-post om", choices=[
        SelectChoice(kind.value, label) for kind, label in NOTIFICATION_KIND_LABELS.items()])
    digest_weekday = SelectField("Ukeoversikten kommer på", coerce=int,
                                 choices=[SelectChoice(n, day.capitalize()) for n, day in enumerate(WEEKDAYS)],
                                 validators=[InputRequired("Velg en ukedag.")])


@bp.route("/varsler")
@login_required
def index():
    page = paginate(own_notifications(current_user.person_id))
    return render_template("notifications/index.html", page=page, button=EmptyForm())


@bp.route("/varsler/<int:notification_id>")
@login_required
def show(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    found(can_view_notification(current_viewer(), notification))
    return render_template("notifications/show.html", notification=notification, button=EmptyForm())


@bp.route("/varsler/<int:notification_id>/lest", methods=["POST"])
@login_required
def read(notification_id: int):
    notification = db.get_or_404(Notification, notification_id)
    found(can_view_notification(current_viewer(), notification))
    if not EmptyForm().validate_on_submit():
        abort(400)
    mark_read(notification)
    db.session.commit()
    return redirect(local_path(request.form.get("next")) or url_for("notifications.index"))


@bp.route("/varsler/lest", methods=["POST"])
@login_required
def read_all():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = mark_all_read(current_user.person)
    db.session.commit()
    flash(f"{count} varsler er merket som lest." if count != 1 else "1 varsel er merket som lest.", "success")
    return redirect(local_path(request.form.get("next")) or url_for("notifications.index"))


@bp.route("/varsler/innstillinger", methods=["GET", "POST"])
@login_required
def settings():
    current = settings_for(current_user)
    form = SettingsForm(data={"digest_weekday": current.digest_weekday, "email_kinds": [
        kind.value for kind in NotificationKind if current.emails(kind)]})
    if form.validate_on_submit():
        save_settings(current_user, form.digest_weekday.data, {NotificationKind(k) for k in form.email_kinds.data})
        db.session.commit()
        flash("Varslingsinnstillingene er lagret.", "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html", form=form)


@bp.route("/utboks")
@login_required
def outbox():
    viewer = current_viewer()
    allowed(can_view_outbox(viewer))
    query = (select(Notification).join(Notification.person).where(outbox_clause(viewer))
             .options(joinedload(Notification.person))
             .order_by(Notification.due_at.desc(), Notification.id.desc()))
    page = paginate(query)
    # The outbox shows whom each message went to, at which address, of what kind and whether it
    # failed (never its text): each recipient on the page is logged as having had their
    # notifications read, once a day, so that they see the admin's look in their own log.
    log_reads(viewer, AccessKind.NOTIFICATION,
              [(pid, pid) for pid in sorted({notification.person_id for notification in page.items})])
    return render_template("notifications/outbox.html", page=page,
                           smtp=current_app.config.get("SMTP_HOST"))

"""Privacy pages: the access log (tilgangslogg), the admin's search and each employee's own entries;
and each logged-in person's download of their own data (GDPR: JSON, or CSV files in a zip) from /profil."""
from flask import Blueprint, Response, render_template, request
from flask_login import current_user, login_required
from wtforms import DateField, StringField
from wtforms.validators import Length, Optional

from mentorplan.access import (
    access_log_clause,
    allowed,
    can_search_access_log,
    own_access_log_clause,
)
from mentorplan.clock import OSLO, now, today
from mentorplan.models import ACCESS_ACTION_LABELS, ACCESS_KIND_LABELS, AccessLogEntry
from mentorplan.privacy.access_log import search
from mentorplan.privacy.own_data import as_json, as_zip, own_data
from mentorplan.web.forms import DATE_FORMATS, NorwegianForm
from mentorplan.web.paging import paginate
from mentorplan.web.viewer import current_viewer

bp = Blueprint("privacy", __name__)
bp.add_app_template_filter(lambda kind: ACCESS_KIND_LABELS.get(kind, str(kind)), "access_kind")
bp.add_app_template_filter(lambda action: ACCESS_ACTION_LABELS.get(action, str(action)), "access_action")


@bp.app_template_filter("access_when")
def access_when(entry: AccessLogEntry) -> str:
    """An entry's day and time in Oslo, from the first to the last time that day when they differ."""
    first, last = entry.at.astimezone(OSLO), entry.last_at.astimezone(OSLO)
    shown = first.strftime("%d.%m.%Y kl. %H:%M")
    return shown if f"{last:%H:%M}" == f"{first:%H:%M}" else f"{shown}–{last:%H:%M}"

DOWNLOAD_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


class SearchForm(NorwegianForm):
    class Meta:
        csrf = False  # a search only reads

    subject = StringField("Gjelder (navn eller ansattnummer)", validators=[Optional(), Length(max=100)])
    actor = StringField("Utført av (navn eller ansattnummer)", validators=[Optional(), Length(max=100)])
    from_day = DateField("Fra dato", format=DATE_FORMATS, validators=[Optional()])
    to_day = DateField("Til og med dato", format=DATE_FORMATS, validators=[Optional()])


@bp.route("/tilgangslogg/")
@login_required
def access_log():
    viewer = current_viewer()
    allowed(can_search_access_log(viewer))
    form = SearchForm(request.args)
    query = search(access_log_clause(viewer))
    if form.validate():
        query = search(access_log_clause(viewer), subject=form.subject.data or "", actor=form.actor.data or "",
                       from_day=form.from_day.data, to_day=form.to_day.data)
    page = paginate(query)
    filters = {k: v for k, v in request.args.items() if k in form.data}
    return render_template("privacy/access_log.html", form=form, page=page, filters=filters)


@bp.route("/tilgangslogg/meg")
@login_required
def own_access_log():
    page = paginate(search(own_access_log_clause(current_viewer())))
    return render_template("privacy/own_access_log.html", page=page)


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.update(DOWNLOAD_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="mine-data-{today():%Y-%m-%d}.{extension}"'
    return response


def _data() -> dict:
    return own_data(current_viewer(), current_user.person, current_user, now())


@bp.route("/profil/mine-data.json")
@login_required
def download_json():
    return _download(as_json(_data()), "application/json", "json")


@bp.route("/profil/mine-data.zip")
@login_required
def download_zip():
    return _download(as_zip(_data()), "application/zip", "zip")

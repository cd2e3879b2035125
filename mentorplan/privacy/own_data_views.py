"""GDPR: each logged-in person downloads their own data (JSON, or CSV files in a zip) from /profil."""
from flask import Blueprint, Response
from flask_login import current_user, login_required

from mentorplan.auth.identity import current_viewer
from mentorplan.clock import now, today
from mentorplan.privacy.own_data import as_json, as_zip, own_data

bp = Blueprint("own_data", __name__, url_prefix="/profil")

DOWNLOAD_HEADERS = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Content-Type-Options": "nosniff"}


def _download(body: bytes, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers.update(DOWNLOAD_HEADERS)
    response.headers["Content-Disposition"] = f'attachment; filename="mine-data-{today():%Y-%m-%d}.{extension}"'
    return response


def _data() -> dict:
    return own_data(current_viewer(), current_user.person, current_user, now())


@bp.route("/mine-data.json")
@login_required
def download_json():
    return _download(as_json(_data()), "application/json", "json")


@bp.route("/mine-data.zip")
@login_required
def download_zip():
    return _download(as_zip(_data()), "application/zip", "zip")

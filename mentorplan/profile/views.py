"""The profile page: one's calendar links (a new secret link for a feed, or its deletion), and the way
to one's own data, access log, password, e-mail and second factor."""
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from mentorplan.access import allowed, can_take_ward_feed, can_take_ward_feeds, feed_wards, found
from mentorplan.extensions import db
from mentorplan.feeds import tokens
from mentorplan.files.input_rules import record_id
from mentorplan.models import FeedKind, Ward
from mentorplan.web.forms import EmptyForm
from mentorplan.web.http_headers import NO_LEAKS
from mentorplan.web.viewer import current_viewer

bp = Blueprint("profile", __name__)


@bp.route("/profil")
@login_required
def index():
    return _profile_page()


@bp.route("/profil/kalender", methods=["POST"])
@login_required
def new_link():
    """A new secret link for one feed, shown once on the page that answers; the old one stops working."""
    kind, ward = _requested_feed()
    token = tokens.issue(current_user, kind, ward)
    db.session.commit()
    return _profile_page(new=(kind, ward.id if ward else None, url_for("feeds.feed", token=token, _external=True)))


@bp.route("/profil/kalender/slett", methods=["POST"])
@login_required
def delete_link():
    kind, ward = _requested_feed()
    tokens.revoke(current_user, kind, ward)
    db.session.commit()
    flash("Lenken er slettet. Kalendere som abonnerte på den, får ikke lenger oppdateringer.", "success")
    return redirect(url_for("profile.index"))


def _requested_feed() -> tuple[FeedKind, Ward | None]:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        kind = FeedKind(request.form.get("kind", ""))
    except ValueError:
        abort(404)
    if kind is not FeedKind.WARD:
        return kind, None
    viewer = current_viewer()
    allowed(can_take_ward_feeds(viewer))
    ward = db.session.get(Ward, record_id(request.form.get("ward_id")) or 0)
    found(ward is not None and can_take_ward_feed(viewer, ward))
    return kind, ward


def _profile_page(new=None):
    feeds = [(FeedKind.ACTIVITIES, None, "Mine aktiviteter",
              "Opplæringsvakter, samtaler og gjennomganger du skal være med på."),
             (FeedKind.SHIFTS, None, "Mine vakter", "Vaktene dine fra turnusen.")]
    feeds += [(FeedKind.WARD, w.id, f"Avdeling: {w.unit.name}, {w.name}",
               "Alle planlagte aktiviteter for de nytilsatte i avdelingen.") for w in feed_wards(current_viewer())]
    response = Response(render_template("profile/index.html", feeds=feeds, issued=tokens.user_tokens(current_user),
                                        new=new, form=EmptyForm()))
    response.headers.update(NO_LEAKS)
    response.headers["Cache-Control"] = "no-store"
    return response

"""Calendars: the profile page with one's feeds, the secret feeds themselves, and .ics downloads."""
from datetime import date

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from mentorplan.access import (
    allowed,
    can_download_plan,
    can_take_ward_feed,
    can_take_ward_feeds,
    feed_wards,
    follows_plans,
    found,
    load_or_404,
    viewer_for,
)
from mentorplan.auth.identity import current_viewer
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.feeds import tokens
from mentorplan.feeds.events import person_feed, plan_feed, shifts_feed, ward_feed
from mentorplan.feeds.ical import Feed, calendar_bytes
from mentorplan.feeds.ratelimit import rate_limited
from mentorplan.models import CalendarToken, FeedKind, Mentorship, Ward
from mentorplan.web.forms import EmptyForm

bp = Blueprint("calendar", __name__)

# strict-origin: the form on the profile posts over HTTPS, where Flask-WTF needs a Referer; the origin alone
# carries no token.
NO_LEAKS = {"Referrer-Policy": "strict-origin", "X-Robots-Tag": "noindex", "X-Content-Type-Options": "nosniff"}


@bp.route("/profil")
@login_required
def profile():
    return _profile_page()


@bp.route("/profil/kalender", methods=["POST"])
@login_required
def new_link():
    """A new secret link for one feed, shown once on the page that answers; the old one stops working."""
    kind, ward = _requested_feed()
    token = tokens.issue(current_user, kind, ward)
    db.session.commit()
    return _profile_page(new=(kind, ward.id if ward else None, url_for("calendar.feed", token=token, _external=True)))


@bp.route("/profil/kalender/slett", methods=["POST"])
@login_required
def delete_link():
    kind, ward = _requested_feed()
    tokens.revoke(current_user, kind, ward)
    db.session.commit()
    flash("Lenken er slettet. Kalendere som abonnerte på den, får ikke lenger oppdateringer.", "success")
    return redirect(url_for("calendar.profile"))


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
    ward = db.session.get(Ward, request.form.get("ward_id", type=int) or 0)
    found(ward is not None and can_take_ward_feed(viewer, ward))
    return kind, ward


def _profile_page(new=None):
    feeds = [(FeedKind.ACTIVITIES, None, "Mine aktiviteter",
              "Opplæringsvakter, samtaler og gjennomganger du skal være med på."),
             (FeedKind.SHIFTS, None, "Mine vakter", "Vaktene dine fra turnusen.")]
    feeds += [(FeedKind.WARD, w.id, f"Avdeling: {w.unit.name}, {w.name}",
               "Alle planlagte aktiviteter for de nytilsatte i avdelingen.") for w in feed_wards(current_viewer())]
    response = Response(render_template("calendar/profile.html", feeds=feeds, issued=tokens.user_tokens(current_user),
                                        new=new, form=EmptyForm()))
    response.headers.update(NO_LEAKS)
    response.headers["Cache-Control"] = "no-store"
    return response


# --- The feeds -------------------------------------------------------------------------------

@bp.route("/kalender/<token>.ics")
@rate_limited("feed")
def feed(token: str):
    """Public by its secret token; unknown and revoked tokens answer the same plain 404."""
    entry = tokens.find(token)
    calendar = _feed_for(entry, today()) if entry is not None else None
    if calendar is None:
        abort(404)
    return calendar_response(calendar)


def _feed_for(entry: CalendarToken, day: date) -> Feed | None:
    user = entry.user
    if not user.is_enabled:
        return None
    if entry.kind is FeedKind.ACTIVITIES:
        return person_feed(user.person, day)
    if entry.kind is FeedKind.SHIFTS:
        return shifts_feed(user.person, day, current_app.config["SECRET_KEY"])
    if not can_take_ward_feed(viewer_for(user, day), entry.ward):
        return None
    return ward_feed(entry.ward, day)


@bp.route("/plan/<int:mentorship_id>/kalender.ics")
@login_required
def plan_download(mentorship_id: int):
    viewer = current_viewer()
    mentorship = load_or_404(Mentorship, mentorship_id, has_page=follows_plans(viewer),
                             in_scope=lambda mentorship: can_download_plan(viewer, mentorship))
    return calendar_response(plan_feed(mentorship), download_name="mentorplan-plan.ics")


@bp.route("/avdeling/<int:ward_id>/kalender.ics")
@login_required
def ward_download(ward_id: int):
    viewer = current_viewer()
    ward = load_or_404(Ward, ward_id, has_page=can_take_ward_feeds(viewer),
                       in_scope=lambda ward: can_take_ward_feed(viewer, ward))
    return calendar_response(ward_feed(ward, today()), download_name="mentorplan-avdeling.ics")


def calendar_response(calendar: Feed, download_name: str | None = None) -> Response:
    """text/calendar with ETag and Last-Modified; an unchanged feed answers 304 without being built."""
    if calendar.etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(calendar_bytes(calendar), mimetype="text/calendar")
    response.set_etag(calendar.etag)
    if calendar.last_modified is not None:
        response.last_modified = calendar.last_modified
    response.headers.update(NO_LEAKS)
    response.headers["Cache-Control"] = "private, no-cache"
    if download_name:
        response.headers["Content-Disposition"] = f'attachment; filename="{download_name}"'
    return response.make_conditional(request)

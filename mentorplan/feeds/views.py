"""Calendars: the secret feeds themselves, and .ics downloads (the links to them are made on the profile page)."""
from datetime import date

from flask import Blueprint, Response, abort, current_app, request
from flask_login import login_required

from mentorplan.access import (
    can_download_plan,
    can_take_ward_feed,
    can_take_ward_feeds,
    follows_plans,
    load_or_404,
    viewer_for,
)
from mentorplan.clock import today
from mentorplan.feeds import tokens
from mentorplan.feeds.events import person_feed, plan_feed, shifts_feed, ward_feed
from mentorplan.feeds.ical import Feed, calendar_bytes
from mentorplan.feeds.ratelimit import rate_limited
from mentorplan.models import CalendarToken, FeedKind, Mentorship, Ward
from mentorplan.web.http_headers import NO_LEAKS
from mentorplan.web.viewer import current_viewer

bp = Blueprint("feeds", __name__)


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

"""Idle and absolute session timeouts.

Flask's session lives in a signed cookie, so a session is ended by forgetting the login in it
(and, for every copy of the cookie, by raising the user's session version: see User.get_id). A
remember-me cookie, when the person chose one, opens a new session after a timeout; it is itself
limited to REMEMBER_COOKIE_DURATION (30 days) and revoked the same way.
"""
import time

from flask import Flask, current_app, request, session

LOGIN_KEYS = ("_user_id", "_fresh", "_id", "seen", "since")


def enforce_timeouts() -> None:
    now = time.time()
    config = current_app.config
    if "_user_id" in session:
        idle = now - session.get("seen", now) > config["SESSION_IDLE_MINUTES"] * 60
        too_old = now - session.get("since", now) > config["SESSION_ABSOLUTE_HOURS"] * 3600
        if idle or too_old:
            for key in LOGIN_KEYS:
                session.pop(key, None)
    if "_user_id" in session or config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies:
        session["seen"] = now
        session.setdefault("since", now)


def init_session_timeouts(app: Flask) -> None:
    app.before_request(enforce_timeouts)

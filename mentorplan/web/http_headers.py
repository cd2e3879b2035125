"""Security headers on every response, in one `after_request` hook (instead of Flask-Talisman,
unmaintained since 2023).

The Content-Security-Policy allows no inline script at all: behaviour lives in static/js. The
Referrer-Policy still sends same-origin referrers (CSRF checks over HTTPS compare them); pages
that carry a secret in their URL or body (the calendar feed, the profile page) send their own
`strict-origin` (the origin only, which the HTTPS CSRF check needs and which carries no token), which is kept. Every page a logged-in person sees carries personal data, so none
is stored by the browser or a proxy, unless the view chose its own private caching (the calendar
file, polled with an ETag).

A page that carries a secret is never stored, whoever asks (`Cache-Control: no-store`, and
`Pragma: no-cache` for HTTP/1.0 caches): every page whose address has a `token` (a reset link, an
invitation, an e-mail confirmation — found by the URL rule's argument, so a new such route needs
nothing here) and the pages that show a secret in their body (SECRET_PAGES). A view's own private
caching is still kept: the calendar feed, whose token is in its address, is polled with an ETag.
"""
from flask import Flask, current_app, request
from flask_login import current_user

# img-src allows data: images because Designsystemet's CSS draws its icons (the select's chevron, the
# error message's mark) as data: SVG masks; blocked, errors showed without their icon. An image
# cannot run script.
CONTENT_SECURITY_POLICY = ("default-src 'self'; script-src 'self'; img-src 'self' data:; object-src 'none'; "
                           "base-uri 'self'; frame-ancestors 'none'; form-action 'self'")


# Views whose page shows a secret: the calendar links on the profile page (a new one on the page that
# answers its POST) and the TOTP secret while the second factor is being set up (the forms' answers
# show the page again).
SECRET_PAGES = frozenset({"profile.index", "profile.new_link", "auth.totp", "auth.totp_confirm",
                          "auth.totp_disable"})

# The own headers of the pages that carry a secret (feeds, the profile, the link and TOTP pages). strict-origin: their forms post over
# HTTPS, where Flask-WTF needs a Referer; the origin alone carries no token.
NO_LEAKS = {"Referrer-Policy": "strict-origin", "X-Robots-Tag": "noindex", "X-Content-Type-Options": "nosniff"}


def carries_secret() -> bool:
    """Whether this request's page has a secret in its address or its body."""
    rule = request.url_rule
    return rule is not None and ("token" in rule.arguments or rule.endpoint in SECRET_PAGES)


def secure_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    if not current_app.debug and current_app.config["HSTS_SECONDS"]:
        headers.setdefault("Strict-Transport-Security", f"max-age={current_app.config['HSTS_SECONDS']}; "
                                                        "includeSubDomains")
    if request.endpoint == "static" or response.cache_control.private:
        return response
    if carries_secret():
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    elif current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"
    return response


def init_http_headers(app: Flask) -> None:
    app.after_request(secure_headers)

"""Single sign-on with OpenID Connect: the kommune's identity provider (Microsoft Entra ID is what
kommuner use) vouches for who is logging in. Off unless OIDC_ISSUER is set.

The provider says who the person is; mentorplan still decides who has an account. A person signs in
only to an active account mentorplan already has (made by invitation), matched on the e-mail
address the provider gives; nobody gets an account by signing in. Each app has its own client
(app.extensions), so that apps with different settings (tests) do not share one.
"""
from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app

EXTENSION = "mentorplan_sso"
SCOPE = "openid email profile"


def init_sso(app: Flask) -> None:
    if not app.config.get("OIDC_ISSUER"):
        return
    oauth = OAuth(app)
    oauth.register(
        "kommune", client_id=app.config["OIDC_CLIENT_ID"], client_secret=app.config["OIDC_CLIENT_SECRET"],
        server_metadata_url=app.config["OIDC_ISSUER"].rstrip("/") + "/.well-known/openid-configuration",
        client_kwargs={"scope": SCOPE})
    app.extensions[EXTENSION] = oauth


def sso_client():
    """The provider's client, or None when single sign-on is off."""
    oauth = current_app.extensions.get(EXTENSION)
    return oauth.kommune if oauth is not None else None


def address_of(claims: dict) -> str:
    """The e-mail address the provider vouches for: `email`, or Entra ID's `preferred_username`
    (the user principal name, which kommuner set to the address) when no `email` claim is sent."""
    return str(claims.get("email") or claims.get("preferred_username") or "")

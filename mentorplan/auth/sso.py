"""Single sign-on with OpenID Connect: the kommune's identity provider (Microsoft Entra ID is what
kommuner use) vouches for who is logging in. Off unless OIDC_ISSUER is set.

The provider says who the person is; mentorplan still decides who has an account, and whose word
it takes for which account (account_for). Nobody gets an account by signing in. Each app has its own
client (app.extensions), so that apps with different settings (tests) do not share one.
"""
from dataclasses import dataclass

from authlib.integrations.flask_client import OAuth
from flask import Flask, current_app
from sqlalchemy import select, update

from mentorplan.auth.identity import normalise_email
from mentorplan.extensions import db
from mentorplan.models import User

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


NO_ACCOUNT = ("Det finnes ingen aktiv konto i mentorplan for {address}. Kontoer lages med en invitasjon fra "
              "lederen din eller administratoren.")
NO_SUBJECT = "Kommunen sendte ikke hvem du er. Prøv igjen, eller logg inn med e-post og passord."
UNVERIFIED = ("Kommunen har ikke bekreftet e-postadressen {address}, så den kan ikke åpne en konto i mentorplan. "
              "Logg inn med e-post og passord.")
NOT_ENABLED = ("Kommunen din har ikke slått på innlogging med kommunens konto i mentorplan. "
               "Logg inn med e-post og passord.")
OTHER_ISSUER = ("Kontoen din hører til en kommune som ikke bruker denne innloggingen. "
                "Logg inn med e-post og passord.")
OTHER_SUBJECT = ("Kontoen for {address} er knyttet til en annen bruker hos kommunen. Logg inn med e-post og "
                 "passord, eller be administratoren om hjelp.")


@dataclass(frozen=True)
class SsoAnswer:
    """The account the provider's word opens, or, when it opens none, why (a sentence for the person)."""
    user: User | None = None
    refusal: str = ""


def account_for(claims: dict) -> SsoAnswer:
    """The account an ID token's claims open (Authlib has checked its signature, audience, nonce
    and that `iss` is the configured issuer).

    The provider's stable subject is the identity: Entra ID's `oid`, else `sub`. A subject already
    bound to an account opens that account and no other, whatever address it claims now (addresses
    change; the subject does not). An unbound subject may claim an account by its address, and is
    then bound to it (first use), but only if the address is not marked unverified
    (`email_verified` false) and the account is not bound to another subject. Either way the
    account's kommune must have named this issuer as its own (Kommune.sso_issuer): one kommune's
    provider never vouches for another kommune's people. Flushes the binding; the caller commits.
    """
    subject = str(claims.get("oid") or claims.get("sub") or "")
    if not subject:
        return SsoAnswer(refusal=NO_SUBJECT)
    issuer = _issuer(claims.get("iss"))
    bound = db.session.scalar(select(User).where(User.sso_subject == subject))
    if bound is not None:
        return _open(bound, issuer, bound.email)
    address = normalise_email(address_of(claims))
    if not address:
        return SsoAnswer(refusal=NO_ACCOUNT.format(address="denne kontoen"))
    if "email_verified" in claims and not _true(claims["email_verified"]):
        return SsoAnswer(refusal=UNVERIFIED.format(address=address))
    user = db.session.scalar(select(User).where(User.email == address))
    answer = _open(user, issuer, address)
    if answer.user is not None and not _bind(answer.user, subject):
        current_app.logger.warning("Enkel pålogging avvist: konto %s er knyttet til en annen bruker hos %s.",
                                   answer.user.id, issuer)
        return SsoAnswer(refusal=OTHER_SUBJECT.format(address=address))
    return answer


def _open(user: User | None, issuer: str, address: str) -> SsoAnswer:
    """The account, if it is active and its kommune takes this issuer's word."""
    if user is None or not user.is_active:
        return SsoAnswer(refusal=NO_ACCOUNT.format(address=address))
    own = _issuer(user.person.kommune.sso_issuer)
    if not own:
        return SsoAnswer(refusal=NOT_ENABLED)
    if own != issuer:
        current_app.logger.warning("Enkel pålogging avvist: konto %s hører til en kommune med en annen utsteder "
                                   "enn %s.", user.id, issuer)
        return SsoAnswer(refusal=OTHER_ISSUER)
    return SsoAnswer(user=user)


def _bind(user: User, subject: str) -> bool:
    """Bind the subject to an account that has none; whether the account is now bound to it. Only an
    unbound row is written, so that two first logins at once cannot both bind (the second loses)."""
    if user.sso_subject is not None:
        return False
    written = db.session.execute(update(User).where(User.id == user.id, User.sso_subject.is_(None))
                                 .values(sso_subject=subject)).rowcount
    db.session.refresh(user)
    return written == 1


def _issuer(value) -> str:
    return str(value or "").strip().rstrip("/")


def _true(value) -> bool:
    """`email_verified` is a JSON boolean, but some providers send it as a string."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")

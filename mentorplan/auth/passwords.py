"""Password rules (NIST SP 800-63B): at least 12 characters, no composition rules, and not one of
the common passwords shipped with the app. Hashing is argon2id (argon2-cffi, RFC 9106 defaults);
older hashes (Werkzeug's scrypt/pbkdf2) still verify and are replaced at the next login."""
from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from werkzeug.security import check_password_hash, generate_password_hash

MIN_LENGTH = 12
MAX_LENGTH = 256
ARGON2ID = "argon2id"
COMMON_PASSWORDS = Path(__file__).resolve().parent / "data" / "common-passwords.txt"

_hasher = PasswordHasher()


@cache
def _common() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why a new password will not do, in words for the person choosing it; None if it will."""
    if len(password) < MIN_LENGTH:
        return f"Passordet må ha minst {MIN_LENGTH} tegn."
    if len(password) > MAX_LENGTH:
        return f"Passordet kan ha høyst {MAX_LENGTH} tegn."
    if password.lower() in _common() or len(set(password)) < 3:
        return "Passordet er for vanlig eller lett å gjette. Velg et annet."
    return None


def hash_password(password: str, method: str) -> str:
    if method == ARGON2ID:
        return _hasher.hash(password)
    return generate_password_hash(password, method=method)  # tests use a cheap Werkzeug method


def verify_password(stored: str | None, password: str) -> bool:
    if not stored:
        return False
    if stored.startswith("$argon2"):
        try:
            return _hasher.verify(stored, password)
        except (VerificationError, InvalidHashError, UnicodeEncodeError):
            return False
    return check_password_hash(stored, password)


def needs_rehash(stored: str, method: str) -> bool:
    """A hash made another way (or with weaker parameters) than the configured method."""
    if method != ARGON2ID:
        return False
    return not stored.startswith("$argon2id$") or _hasher.check_needs_rehash(stored)


@cache
def _dummy_hash(method: str) -> str:
    return hash_password("ikke et passord: bare for lik tidsbruk", method)


def verify_dummy(password: str, method: str) -> bool:
    """The same work as checking a real password, for a login to an address without an account, so
    that the answer takes as long as for a wrong password. Always False."""
    verify_password(_dummy_hash(method), password)
    return False

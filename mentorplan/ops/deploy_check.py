"""What a production configuration must not be (like Django's `check --deploy`): the app refuses
to start with any of these, rather than run unsafe."""
WEAK_SECRETS = {"", "dev-only-change-me", "test-secret", "secret", "changeme", "change-me"}
MIN_SECRET_LENGTH = 32


def deploy_problems(config) -> list[str]:
    problems = []
    secret = config.get("SECRET_KEY") or ""
    if secret in WEAK_SECRETS or len(secret) < MIN_SECRET_LENGTH:
        problems.append(f"SECRET_KEY må være en tilfeldig verdi på minst {MIN_SECRET_LENGTH} tegn "
                        "(f.eks. python -c 'import secrets; print(secrets.token_hex(32))').")
    if config.get("DEBUG"):
        problems.append("DEBUG må være av i produksjon.")
    for setting in ("SESSION_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY",
                    "REMEMBER_COOKIE_HTTPONLY"):
        if not config.get(setting):
            problems.append(f"{setting} må være på i produksjon.")
    if config.get("PASSWORD_HASH_METHOD") != "argon2id":
        problems.append("PASSWORD_HASH_METHOD må være argon2id i produksjon.")
    if not config.get("WTF_CSRF_ENABLED", True):
        problems.append("CSRF-beskyttelsen må være på i produksjon.")
    return problems


def check_deploy(config) -> None:
    problems = deploy_problems(config)
    if problems:
        raise RuntimeError("mentorplan starter ikke med usikre innstillinger:\n- " + "\n- ".join(problems))

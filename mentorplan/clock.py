"""Today's date and now, in the kommune's time zone (Europe/Oslo)."""
from datetime import date, datetime, time

from flask import current_app

from mentorplan.norwegian import OSLO  # noqa: F401 (many take the time zone from here)


def today() -> date:
    """Today in Oslo; tests and demos may pin it with the FIXED_TODAY setting."""
    fixed = current_app.config.get("FIXED_TODAY")
    return fixed if fixed is not None else datetime.now(OSLO).date()


def now() -> datetime:
    """Now in Oslo, aware. FIXED_NOW pins it; with only FIXED_TODAY pinned it is noon that day, so
    that tests and demos which pin the day see one moment."""
    config = current_app.config
    if config.get("FIXED_NOW") is not None:
        return config["FIXED_NOW"].astimezone(OSLO)
    if config.get("FIXED_TODAY") is not None:
        return datetime.combine(config["FIXED_TODAY"], time(12), tzinfo=OSLO)
    return datetime.now(OSLO)

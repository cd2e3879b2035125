"""Today's date and now, in the kommune's time zone (Europe/Oslo)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

OSLO = ZoneInfo("Europe/Oslo")


def today() -> date:
    """Today in Oslo; tests and demos may pin it with the FIXED_TODAY setting."""
    fixed = current_app.config.get("FIXED_TODAY")
    return fixed if fixed is not None else datetime.now(OSLO).date()

"""How mentorplan writes for its users and where they are: the kommune's time zone
(Europe/Oslo), the weekday names and the decimal comma («95,8 %», «7,5 timer»). Pure: the
scheduling rules, the file readers and the iCalendar builder use it as the pages do."""
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
WEEKDAYS = ("mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag")


def decimal(value: float, digits: int = 1) -> str:
    """7.5 → «7,5»: the number with `digits` decimals and a decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")


def percent(value: float | None) -> str:
    """0.9583 → «95,8 %»; nothing for no value."""
    return "" if value is None else decimal(value * 100) + " %"

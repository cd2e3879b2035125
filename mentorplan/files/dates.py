"""Dates as people write them in files and forms: ISO `YYYY-MM-DD`, or `DD.MM.YYYY` (CONTRACT.md).

Pure: no Flask, no database. The staff CSV, the turnus files and every date field of a form read
dates this one way.
"""
import re
from datetime import date

ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
NORWEGIAN_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
# The same two forms for WTForms' DateField (strptime formats).
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


def parse_date(value: str) -> date | None:
    """The date the text names, or None when it is neither form or names no real day (31.02.2026)."""
    if match := ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif match := NORWEGIAN_DATE.fullmatch(value):
        day, month, year = match.groups()
    else:
        return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None

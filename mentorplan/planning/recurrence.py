"""Dates that repeat by whole months (pure): milestones after a start, meetings every other month."""
import calendar
from datetime import date


def months_after(start: date, months: int) -> date:
    """The same day `months` later; the 31st becomes the month's last day where there is none."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def every_months(first: date, interval: int, count: int) -> list[date]:
    """`count` dates from `first`, `interval` months apart, each counted from the first (no drift)."""
    return [months_after(first, n * interval) for n in range(count)]

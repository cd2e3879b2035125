"""The mentor's funksjonstillegg: a yearly amount, pro-rated by the months served in a period.

Pure: dates and amounts in, amounts out. A month counts in full when the mentor served all of
it, and by its share of days otherwise (served 1.–15. of a 30-day month: half a month), so a
mentor appointed on the 16th is paid from the 16th, not from the 1st of the next month.
"""
import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal


class SupplementError(ValueError):
    """The supplement cannot be computed; the message is for the user."""


@dataclass(frozen=True)
class Period:
    first: date
    last: date  # inclusive

    def __post_init__(self):
        if self.last < self.first:
            raise SupplementError("Perioden må slutte samme dag som eller etter at den begynner.")


def served_period(appointed_from: date | None, appointed_to: date | None, period: Period) -> Period | None:
    """The part of the period the mentor was appointed; None when they served none of it."""
    first = max(period.first, appointed_from) if appointed_from else period.first
    last = min(period.last, appointed_to) if appointed_to else period.last
    return Period(first, last) if first <= last else None


def months_served(served: Period) -> Decimal:
    """Whole months count 1, partial months by their share of days (exact, not rounded)."""
    total = Decimal(0)
    day = served.first
    while day <= served.last:
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        month_end = date(day.year, day.month, days_in_month)
        last = min(month_end, served.last)
        total += Decimal((last - day).days + 1) / Decimal(days_in_month)
        day = last + timedelta(days=1)
    return total


def supplement(annual: int, appointed_from: date | None, appointed_to: date | None, period: Period) -> Decimal:
    """The supplement for the period in whole kroner; a period the mentor did not serve is refused."""
    if annual < 0:
        raise SupplementError("Funksjonstillegget kan ikke være negativt.")
    served = served_period(appointed_from, appointed_to, period)
    if served is None:
        raise SupplementError(
            f"Mentoren var ikke oppnevnt i perioden {period.first:%d.%m.%Y}–{period.last:%d.%m.%Y}.")
    amount = Decimal(annual) / 12 * months_served(served)
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)

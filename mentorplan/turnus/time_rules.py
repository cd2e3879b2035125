"""The time rules of a turnus: when a shift starts and ends, and which days a turnus may cover.

Pure: no Flask, no database. Shared by the file readers and by `turnus.database_checks`, which gives
shifts their times from the ward's code table.

Times are Europe/Oslo wall-clock values without tzinfo, as `Shift` stores them. Durations are
measured on UTC instants, so across the October change a 23:00–07:00 night lasts nine hours.
"""
import re
from datetime import UTC, date, datetime, time, timedelta

from mentorplan.norwegian import OSLO

MAX_SHIFT = timedelta(hours=16)
PLAN_YEARS = 2
CLOCK = re.compile(r"(\d{1,2}):(\d{2})")


class TimeProblem(ValueError):
    """A shift whose times cannot be; `column` is the one to fix (start or slutt)."""

    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column, self.message = column, message


def shift_times(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A shift's wall-clock start and end; an end at or before the start is the next day."""
    starts = datetime.combine(day, start)
    ends = datetime.combine(day + timedelta(days=1) if end <= start else day, end)
    check_shift(starts, ends)
    return starts, ends


def check_shift(starts: datetime, ends: datetime) -> None:
    """Raises TimeProblem for a time that does not exist in Oslo or a shift over 16 hours."""
    for column, moment in (("start", starts), ("slutt", ends)):
        if not exists_in_oslo(moment):
            raise TimeProblem(column, f"klokkeslettet {moment:%H:%M} finnes ikke {moment:%d.%m.%Y}: "
                                      "klokka stilles fra 02:00 til 03:00 den natta.")
    if ends <= starts:
        raise TimeProblem("slutt", "vakten slutter før den begynner.")
    length = real_duration(starts, ends)
    if length > MAX_SHIFT:
        raise TimeProblem("slutt", f"vakten varer {_hours(length)}; en vakt kan vare høyst 16 timer.")


def exists_in_oslo(moment: datetime) -> bool:
    # A time skipped by the March change comes back from a round trip through UTC moved an hour.
    round_trip = moment.replace(tzinfo=OSLO).astimezone(UTC).astimezone(OSLO).replace(tzinfo=None)
    return round_trip == moment


def real_duration(starts: datetime, ends: datetime) -> timedelta:
    return ends.replace(tzinfo=OSLO).astimezone(UTC) - starts.replace(tzinfo=OSLO).astimezone(UTC)


def _hours(length: timedelta) -> str:
    hours, minutes = divmod(int(length.total_seconds()) // 60, 60)
    return f"{hours} t {minutes} min" if minutes else f"{hours} timer"


def oslo_wall_clock(moment: datetime) -> datetime:
    """Oslo wall-clock time; a floating time (no zone) is taken as Oslo time already."""
    return moment.astimezone(OSLO).replace(tzinfo=None) if moment.tzinfo else moment


def parse_clock(value: str) -> time | None:
    match = CLOCK.fullmatch(value)
    if match is None:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return time(hour, minute) if hour < 24 and minute < 60 else None


def plan_bounds(today: date) -> tuple[date, date]:
    """The dates a turnus may cover: two years either side of today."""
    def shifted(years: int) -> date:
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)
    return shifted(-PLAN_YEARS), shifted(PLAN_YEARS)


def outside_plan(day: date, first: date, last: date) -> str:
    return (f"datoen {day:%d.%m.%Y} ligger utenfor planen: en turnus kan gjelde fra {first:%d.%m.%Y} "
            f"til {last:%d.%m.%Y} (to år før og etter i dag).")

"""Why an activity could not be placed, in words a ward manager reads («mentor på ferie
01.07–21.07; ingen felles vakt i vinduet»), and the lawful shift moves that would let it be placed
(arbeidsmiljøloven § 10-8: a move is refused only for a rest breach it adds). Pure."""
from datetime import date, datetime, time

from mentorplan.scheduling.placement import (
    Request,
    Suggestion,
    Turnus,
    days_between,
    dm,
    usable,
)
from mentorplan.scheduling.rules import REST_HORIZON, Interval, is_night, rest_problems

MAX_SUGGESTIONS = 3


def _absence_spans(turnus: Turnus, person: int, first: date, last: date) -> list[str]:
    """The person's absences in a window as «ferie 01.07–21.07»; days off in between (a weekend
    inside three weeks' ferie) do not split a span, a working day does."""
    spans, current = [], None
    for day in days_between(first, last):
        kind = turnus.absent(person, day)
        if kind is None:
            if current and turnus.shifts(person, day):
                spans.append(current)
                current = None
        elif current and current[0] == kind:
            current = (kind, current[1], day)
        else:
            if current:
                spans.append(current)
            current = (kind, day, day)
    if current:
        spans.append(current)
    return [f"{kind} {start:%d.%m}" + (f"–{end:%d.%m}" if end != start else "") for kind, start, end in spans]


def _who_is_away(request, turnus, first) -> str:
    people = [(request.mentee, "nytilsatt")] + [
        (p, "leder" if request.partner_is_leader else ("mentor" if i == 0 else "reservementor"))
        for i, p in enumerate(request.partners)]
    parts = [f"{role} {turnus.name(p)} har {', '.join(spans)}"
             for p, role in people if (spans := _absence_spans(turnus, p, first, request.due_to))]
    return "; ".join(parts) + "; " if parts else ""


def why_no_shared_shift(request, turnus, first) -> str:
    window = f"{first:%d.%m}–{request.due_to:%d.%m}"
    if not any(turnus.shifts(request.mentee, d) for d in days_between(first, request.due_to)):
        return f"{turnus.name(request.mentee)} har ingen vakter i turnus {window}."
    return f"{_who_is_away(request, turnus, first)}ingen felles vakt med mentor eller reservementor {window}."


def why_no_common_time(request, turnus, first) -> str:
    window = f"{first:%d.%m}–{request.due_to:%d.%m}"
    if request.partner_is_leader:
        return f"{_who_is_away(request, turnus, first)}ingen dagvakt i lederens kontortid {window}."
    return (f"{_who_is_away(request, turnus, first)}ingen felles arbeidstid utenom vaktskifte "
            f"og natt {window}.")


# --- Suggesting a way out ------------------------------------------------------------------

def suggest_shift_moves(request: Request, turnus: Turnus, first: date) -> tuple[Suggestion, ...]:
    """Move the mentee onto a shift where the partner is at work, on days the rest rules allow it."""
    suggestions = []
    for day in days_between(first, request.due_to):
        if turnus.absent(request.mentee, day):
            continue
        suggestion = next((move for partner in request.partners
                           for target in _target_shifts(request, partner, day, turnus)
                           if (move := _lawful_move(request, partner, day, target, turnus))), None)
        if suggestion:
            suggestions.append(suggestion)
        if len(suggestions) == MAX_SUGGESTIONS:
            break
    return tuple(suggestions)


def _target_shifts(request, partner, day, turnus) -> list[Interval]:
    """Shifts the mentee could be moved onto that day to be at work with the partner."""
    if request.partner_is_leader:
        models = _day_shifts(turnus, request.mentee)
        return [_on_day(models[0], day)] if models and turnus.shifts(partner, day) else []
    shifts = turnus.shifts(partner, day)
    return shifts if request.is_training_shift else [s for s in shifts if usable(s, turnus.settings, False)]


def _day_shifts(turnus, person) -> list[Interval]:
    """The person's own day shifts (starting 06:00–09:00), the model for a move to days."""
    return [s for s in turnus.all_shifts(person) if time(6) <= s.start.time() <= time(9) and not is_night(s)]


def _on_day(model: Interval, day: date) -> Interval:
    return Interval(datetime.combine(day, model.start.time()), datetime.combine(day, model.end.time()), model.code)


def _lawful_move(request, partner, day, target, turnus) -> Suggestion | None:
    """The move onto `target`, unless it adds a breach of the rest rules. A breach the mentee's
    turnus has already is no reason to refuse a move that does not worsen it; the suggestion names it."""
    mine = turnus.shifts(request.mentee, day)
    if any(s.start == target.start and s.end == target.end for s in mine):
        return None
    around = turnus.shifts_around(request.mentee, day, REST_HORIZON)
    others = [s for s in around if s.day != day]
    before = rest_problems(around, day, turnus.settings.rest)
    after = rest_problems(others + [target], day, turnus.settings.rest)
    if len(after) > len(before) or (after and not before):
        return None
    replaces = mine[0].code if mine else None
    what = f"fra {replaces} til {target.code}" if replaces else f"fra fri til {target.code}"
    together = ("så er dere på jobb samtidig med lederen" if request.partner_is_leader
                else f"så går {turnus.name(request.mentee)} samme vakt som {turnus.name(partner)}")
    text = f"Flytt {turnus.name(request.mentee)} {what} {dm(day)}, {together}."
    if after:
        text += f" Turnusen bryter allerede hvilereglene her ({after[0]}); flyttingen gjør det ikke verre."
    return Suggestion(request.mentee, day, target.code, target.start, target.end, replaces, text)

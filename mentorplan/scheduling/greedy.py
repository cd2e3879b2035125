"""The greedy placement strategy: activity by activity in order of deadline, each in the earliest
lawful slot (scheduling/placement.py has the rules and the data; scheduling/conflicts.py explains
what could not be placed). Pure, like them."""
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from mentorplan.scheduling.conflicts import suggest_shift_moves, why_no_common_time, why_no_shared_shift
from mentorplan.scheduling.placement import (
    Bookings,
    Conflict,
    Outcome,
    Placement,
    Request,
    Turnus,
    Waiting,
    days_between,
    dm,
    same_shift,
    usable,
)
from mentorplan.scheduling.rules import Interval


class GreedyStrategy:
    """Earliest lawful slot first, activity by activity in order of deadline."""

    def place(self, requests: list[Request], turnus: Turnus, bookings: Bookings, today: date) -> list[Outcome]:
        outcomes = []
        used_codes: dict[str, int] = defaultdict(int)
        for request in sorted(requests, key=lambda r: (r.due_to, r.due_from, r.id)):
            outcome = self.place_one(request, turnus, bookings, today, used_codes)
            if isinstance(outcome, Placement):
                bookings.book(request, outcome, turnus)
            outcomes.append(outcome)
        return outcomes

    def place_one(self, request, turnus, bookings, today, used_codes) -> Outcome:
        first = max(request.due_from, today)
        if request.due_to < first:
            # Overdue shows as such on every page; there is no slot left to find.
            return Waiting(request.id, f"Fristen {request.due_to:%d.%m.%Y} er passert uten at aktiviteten er utført.")
        # A leader's office hours are always known, so with a leader it is the mentee's turnus that counts.
        whose = (request.mentee,) if request.partner_is_leader else request.partners
        known = [k for k in (turnus.known_until(p) for p in whose) if k]
        if not any(k >= first for k in known):
            return Waiting(request.id, "Venter på turnus: den er ikke kjent for vinduet ennå.")
        if request.is_training_shift:
            outcome = self._training_shift(request, turnus, bookings, first, used_codes)
        else:
            outcome = self._conversation(request, turnus, bookings, first)
        if not isinstance(outcome, Conflict):
            return outcome
        if not any(k >= request.due_to for k in known):
            # Only a fully known window can be declared impossible.
            return Waiting(request.id, "Venter på turnus for resten av vinduet; ingen felles tid i den kjente delen.")
        return Conflict(request.id, outcome.reason, suggest_shift_moves(request, turnus, first))

    def _training_shift(self, request, turnus, bookings, first, used_codes) -> Outcome:
        candidates = [
            (used_codes[mine.code], day, rank, mine, partner)
            for day in days_between(first, request.due_to)
            for mine in turnus.shifts(request.mentee, day)
            if (request.mentee, mine.start) not in bookings.training
            for rank, partner in enumerate(request.partners)
            if any(same_shift(mine, theirs, turnus.settings) for theirs in turnus.shifts(partner, day))
        ]
        if not candidates:
            return Conflict(request.id, why_no_shared_shift(request, turnus, first))
        _, day, rank, mine, partner = min(candidates, key=lambda c: c[:3])
        used_codes[mine.code] += 1
        role = "mentor" if rank == 0 else "reservementor"
        return Placement(request.id, mine.start, mine.end, partner,
                         f"Felles vakt {mine.code} {dm(day)} med {role} {turnus.name(partner)}.")

    def _conversation(self, request, turnus, bookings, first) -> Outcome:
        length = timedelta(minutes=request.minutes or 45)
        for day in days_between(first, request.due_to):
            for partner in request.partners:
                slot = _first_slot(request, partner, day, length, turnus, bookings)
                if slot is not None:
                    return Placement(request.id, slot.start, slot.end, partner, _slot_note(request, partner, slot, turnus))
        return Conflict(request.id, why_no_common_time(request, turnus, first))



def _first_slot(request, partner, day, length, turnus, bookings) -> Interval | None:
    settings = turnus.settings
    for mine in turnus.shifts(request.mentee, day):
        my_window = usable(mine, settings, False)
        if my_window is None:
            continue
        for theirs in turnus.shifts(partner, day):
            if (not request.partner_is_leader
                    and bookings.per_shift[(partner, theirs.start)] >= settings.conversations_per_shift):
                continue
            their_window = usable(theirs, settings, request.partner_is_leader)
            if their_window is None:
                continue
            start, end = max(my_window.start, their_window.start), min(my_window.end, their_window.end)
            start = _round_up(start, settings.step)
            while start + length <= end:
                slot = Interval(start, start + length)
                if bookings.free(request.mentee, slot) and bookings.free(partner, slot):
                    return slot
                start += settings.step
    return None


def _round_up(moment: datetime, step: timedelta) -> datetime:
    midnight = datetime.combine(moment.date(), time())
    steps = -(-(moment - midnight) // step)
    return midnight + steps * step


def _slot_note(request, partner, slot, turnus) -> str:
    who = "leder" if request.partner_is_leader else (
        "mentor" if partner == request.partners[0] else "reservementor")
    return (f"{dm(slot.day)} kl. {slot.start:%H:%M}–{slot.end:%H:%M}: {turnus.name(request.mentee)} og "
            f"{who} {turnus.name(partner)} er begge på jobb, utenom vaktskiftet.")

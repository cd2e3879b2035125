"""The mentees' pulse at 3, 6 and 12 months: asked once, answered by the mentee alone, and shown to
leaders only as unit aggregates of at least five answers (fewer shows "<5", as in retention).

A mentee who says they intend to leave may ask for a conversation with their avdelingsleder: that
adds a ledersamtale to their plan, placed at once. Operations flush; the caller commits.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import (
    ActivityKind,
    ActivityStatus,
    Employment,
    Mentorship,
    Person,
    PlanActivity,
    PulseResponse,
    Responsible,
)
from mentorplan.planning.default_template import LEADER_CONVERSATION_MINUTES
from mentorplan.planning.recurrence import months_after
from mentorplan.retention import SUPPRESSED
from mentorplan.scheduling.service import schedule_plans

MILESTONES = (3, 6, 12)
MINIMUM_ANSWERS = 5
SCORES = {  # field → the statement, answered 1 (helt uenig) to 5 (helt enig)
    "safety": "Jeg føler meg trygg i rollen som sykepleier her.",
    "inclusion": "Jeg føler meg inkludert i arbeidsmiljøet.",
    "growth": "Jeg utvikler meg faglig.",
    "workload": "Arbeidsmengden er til å leve med.",
    "recommend": "Jeg vil anbefale arbeidsplassen til andre sykepleiere.",
}
REQUEST_TITLE = "Samtale med avdelingsleder (ønsket av den nytilsatte)"
REQUEST_WINDOW = timedelta(days=14)


class PulseError(ValueError):
    """The answer is refused; the message is for the mentee."""


def answered(mentorship: Mentorship) -> set[int]:
    return set(db.session.scalars(select(PulseResponse.milestone).where(PulseResponse.mentorship_id == mentorship.id)))


def open_milestone(mentorship: Mentorship, day: date) -> int | None:
    """The latest milestone reached and not yet answered (an earlier one missed stays missed)."""
    reached = [m for m in MILESTONES if months_after(mentorship.start_date, m) <= day]
    if not reached or reached[-1] in answered(mentorship):
        return None
    return reached[-1]


@dataclass(frozen=True)
class Answers:
    safety: int
    inclusion: int
    growth: int
    workload: int
    recommend: int
    intends_to_stay: bool
    wants_conversation: bool = False


def answer_pulse(mentorship: Mentorship, by: Person, milestone: int, answers: Answers, day: date) -> PulseResponse:
    """Store the mentee's answer; someone else, a milestone not open, or a second answer is refused.
    A conversation asked for is added to the plan and placed."""
    if by.id != mentorship.mentee_id:
        raise PulseError("Bare den nytilsatte selv kan svare på pulsen.")
    if milestone in answered(mentorship):
        raise PulseError(f"Du har allerede svart på pulsen for {milestone} måneder. Et svar kan ikke endres.")
    if milestone != open_milestone(mentorship, day):
        raise PulseError(f"Pulsen for {milestone} måneder er ikke åpen nå.")
    if any(not 1 <= getattr(answers, name) <= 5 for name in SCORES):
        raise PulseError("Svar på hver påstand med et tall fra 1 til 5.")
    asks = answers.wants_conversation and not answers.intends_to_stay
    response = PulseResponse(mentorship_id=mentorship.id, milestone=milestone, answered_on=day,
                             intends_to_stay=answers.intends_to_stay, asked_for_conversation=asks,
                             **{name: getattr(answers, name) for name in SCORES})
    db.session.add(response)
    if asks:
        request_leader_conversation(mentorship, day)
    db.session.flush()
    if asks:
        schedule_plans([mentorship.plan], day)
    return response


def request_leader_conversation(mentorship: Mentorship, day: date) -> PlanActivity:
    """A ledersamtale in the mentee's plan within two weeks; it says nothing of the pulse answers."""
    plan = mentorship.plan
    activity = PlanActivity(
        position=max((a.position for a in plan.activities), default=0) + 1,
        kind=ActivityKind.LEDERSAMTALE, title=REQUEST_TITLE, responsible=Responsible.AVDELINGSLEDER,
        participants="mentee", due_from=day, due_to=day + REQUEST_WINDOW,
        duration_minutes=LEADER_CONVERSATION_MINUTES, needs_shared_shift=False,
        guidance="Den nytilsatte har bedt om en samtale med deg. Lytt til hva som skal til for at hun eller han blir.",
        status=ActivityStatus.PLANNED)
    plan.activities.append(activity)
    db.session.flush()
    return activity


@dataclass(frozen=True)
class UnitPulse:
    """One unit's answers at one milestone (None: all milestones together); every figure is "<5"
    when fewer than five different mentees answered."""
    unit_id: int
    milestone: int | None
    answers: int
    respondents: int
    averages: dict  # field → float or "<5"
    staying: float | str  # share of answers intending to stay, or "<5"

    @property
    def suppressed(self) -> bool:
        return self.respondents < MINIMUM_ANSWERS


def aggregate(unit_id: int, milestone: int | None, rows: list[PulseResponse]) -> UnitPulse:
    """Pure: the averages of the rows, or "<5" everywhere when fewer than five mentees gave them."""
    respondents = len({r.mentorship_id for r in rows})
    if respondents < MINIMUM_ANSWERS:
        return UnitPulse(unit_id, milestone, len(rows), respondents, {name: SUPPRESSED for name in SCORES},
                         SUPPRESSED)
    averages = {name: sum(getattr(r, name) for r in rows) / len(rows) for name in SCORES}
    return UnitPulse(unit_id, milestone, len(rows), respondents, averages,
                     sum(r.intends_to_stay for r in rows) / len(rows))


def unit_pulse(unit_id: int) -> list[UnitPulse]:
    """The unit's aggregate per milestone, and over all milestones."""
    rows = list(db.session.scalars(
        select(PulseResponse).join(PulseResponse.mentorship).join(Mentorship.employment)
        .where(Employment.unit_id == unit_id)))
    return [aggregate(unit_id, m, [r for r in rows if r.milestone == m]) for m in MILESTONES] + [
        aggregate(unit_id, None, rows)]

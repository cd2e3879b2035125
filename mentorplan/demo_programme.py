"""The demo's mentor programme: mentors at different stages of their training, and the mentees'
pulse answers at the milestones they have passed. Drawn from a generator of its own, so the rest
of the demo does not change with it. Adds; the caller flushes and commits.
"""
import random
from datetime import date, timedelta

from sqlalchemy import select

from .extensions import db
from .models import Employment, Mentorship, MentorTraining, PulseResponse, TrainingStatus, Unit
from .programme import unit_mentors
from .pulse import MILESTONES, SCORES, months_after
from .training import DEFAULT_PROGRAMME

SEED = 6024


def add_programme(units: list[Unit], programme_start: date, today: date) -> None:
    rng = random.Random(SEED)
    for index, unit in enumerate(units):
        for offset, mentor in enumerate(unit_mentors(unit, today)):
            _training(mentor.id, (index + offset) % 3, programme_start)
    mentorships = db.session.scalars(select(Mentorship).join(Mentorship.employment)
                                     .where(Employment.unit_id.in_([u.id for u in units]))
                                     .order_by(Mentorship.id))
    for mentorship in mentorships:
        _pulse(rng, mentorship, today)


def _training(person_id: int, stage: int, programme_start: date) -> None:
    """Stage 0: completed before the programme started; 1: in progress; 2: not started yet."""
    if stage == 0:
        db.session.add(MentorTraining(person_id=person_id, programme=DEFAULT_PROGRAMME,
                                      status=TrainingStatus.COMPLETED, started_on=programme_start - timedelta(days=400),
                                      completed_on=programme_start - timedelta(days=60)))
    elif stage == 1:
        db.session.add(MentorTraining(person_id=person_id, programme=DEFAULT_PROGRAMME,
                                      status=TrainingStatus.IN_PROGRESS, started_on=programme_start + timedelta(days=60)))


def _pulse(rng: random.Random, mentorship: Mentorship, today: date) -> None:
    """An answer at each milestone passed while the mentorship ran; most intend to stay."""
    last = min(today, mentorship.end_date or today)
    for milestone in MILESTONES:
        due = months_after(mentorship.start_date, milestone)
        if due > last:
            break
        answered = min(last, due + timedelta(days=rng.randint(0, 10)))
        scores = {name: rng.choice((3, 4, 4, 5, 5)) for name in SCORES}
        stays = rng.random() > 0.15
        if not stays:
            scores["workload"] = rng.choice((1, 2))
        db.session.add(PulseResponse(mentorship_id=mentorship.id, milestone=milestone, answered_on=answered,
                                     intends_to_stay=stays, **scores))

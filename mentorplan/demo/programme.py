"""The demo's mentor programme: network meetings with attendance, mentors at different stages of their
training, and the mentees' pulse answers at the milestones they have passed. Drawn from a generator of its own, so the rest
of the demo does not change with it. Adds; the caller flushes and commits.
"""
import random
from datetime import date, time, timedelta

from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import (
    Employment,
    Mentorship,
    MentorTraining,
    PulseResponse,
    TrainingStatus,
    Unit,
)
from mentorplan.network.operations import Recurrence, plan_meetings, register_attendance
from mentorplan.planning.recurrence import months_after
from mentorplan.plans.operations import unit_mentors
from mentorplan.pulse.operations import MILESTONES, SCORES
from mentorplan.roster.training import DEFAULT_PROGRAMME

SEED = 6024


def add_programme(units: list[Unit], programme_start: date, today: date) -> None:
    # Seeded, repeatable demo data, not a secret (docs/security-findings.md).
    rng = random.Random(SEED)  # nosec B311
    _networks(rng, units, today)
    for index, unit in enumerate(units):
        for offset, mentor in enumerate(unit_mentors(unit, today)):
            _training(mentor.id, (index + offset) % 3, programme_start)
    mentorships = db.session.scalars(select(Mentorship).join(Mentorship.employment)
                                     .where(Employment.unit_id.in_([u.id for u in units]))
                                     .order_by(Mentorship.id))
    for mentorship in mentorships:
        _pulse(rng, mentorship, today)


def _networks(rng: random.Random, units: list[Unit], today: date) -> None:
    """Two district networks meeting every other month, on a Tuesday at noon: three meetings held
    (with attendance, about two in three came) and two ahead; mentors on day shifts show as on shift."""
    districts = {"Mentornettverk helse- og velferdssentre": [u for u in units if not u.unit_type.is_home_care],
                 "Mentornettverk hjemmetjenesten": [u for u in units if u.unit_type.is_home_care]}
    for offset in range(-3, 2):
        month = months_after(today.replace(day=1), 2 * offset + (1 if offset >= 0 else 0))
        day = month + timedelta(days=(1 - month.weekday()) % 7)  # the month's first Tuesday
        for name, members in districts.items():
            recurrence = Recurrence(name, day, time(12), time(14), 2, 1, "Rådhuset, møterom 3")
            meeting = plan_meetings(members, recurrence, min(day, today))[0]
            if day < today:
                register_attendance(meeting, {i.person_id for i in meeting.invitations if rng.random() < 0.65}, today)


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

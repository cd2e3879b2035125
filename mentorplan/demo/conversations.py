"""The demo's logged conversations and checklists: what a real year would have left behind.

Conversations are logged through the same operation a mentor uses; checklists are marked as the
mentee and the mentor would, more of them the longer the mentee has been at work.
"""
import random
from datetime import date, timedelta

from mentorplan.checklists.operations import ensure_checklist, mark
from mentorplan.conversations.operations import (
    CONVERSATION_KINDS,
    ActionSpec,
    Log,
    log_conversation,
    points_for,
)
from mentorplan.models import Mentorship, Person, PlanActivity, Responsible

NOTES = (
    "Vi snakket om hvordan de første vaktene har gått. Hun kjenner seg tryggere på morgenstellet, "
    "men synes medisinrunden tar lang tid.",
    "Gikk gjennom en vanskelig situasjon med en pårørende. Avtalte å øve på samtalen sammen neste gang.",
    "Turnusen føles tung etter tre kvelder på rad. Vi så på hvordan hun kan hvile bedre mellom vaktene.",
    "Hun har vært ansvarssykepleier for første gang og mestret det godt. Vi snakket om prioritering.",
    "Snakket om dokumentasjon i journalsystemet og hva som skal med i rapporten.",
    "Trives godt i teamet. Ønsker å lære mer om sårstell og vurderer videreutdanning.",
)
ACTIONS = (
    ("Lese prosedyren for dobbeltkontroll av legemidler", Responsible.MENTEE),
    ("Bli med på legevisitt neste uke", Responsible.MENTEE),
    ("Sette opp en vakt sammen med sårsykepleier", Responsible.MENTOR),
    ("Øve på HLR med hjertestarter", Responsible.MENTEE),
    ("Ta opp turnusønske med avdelingsleder", Responsible.MENTEE),
)


def log_demo_conversation(rng: random.Random, mentorship: Mentorship, activity: PlanActivity, by: Person,
                          on: date, today: date) -> None:
    """Log a held conversation for a plan activity (and so mark it done)."""
    points = points_for(mentorship.plan, activity, on)
    actions = []
    if rng.random() < 0.35:
        what, who = rng.choice(ACTIONS)
        actions.append(ActionSpec(what, who, on + timedelta(days=rng.choice((7, 14, 21)))))
    log = Log(on, activity.duration_minutes or 45, rng.sample(points, min(len(points), rng.randint(2, 3))),
              rng.choice(NOTES), actions)
    conversation = log_conversation(mentorship, CONVERSATION_KINDS[activity.kind], log, by, today, activity)
    for action in conversation.actions:
        if action.due_on < today - timedelta(days=10):
            action.done_on, action.done_by = action.due_on - timedelta(days=rng.randint(0, 5)), mentorship.mentee


def is_conversation(activity: PlanActivity) -> bool:
    return activity.kind in CONVERSATION_KINDS


def fill_checklist(rng: random.Random, mentorship: Mentorship, until: date, today: date) -> None:
    """Mark the checklist as far as the mentee has come: most items taught within three months,
    mastered and signed off a little later, the rest still open."""
    days = (until - mentorship.start_date).days
    if days < 7:
        return
    checklist = ensure_checklist(mentorship)
    share = min(1.0, days / 120)
    mentee, mentor = mentorship.mentee, mentorship.mentor
    for item in checklist.template.items:
        if rng.random() > share:
            continue
        taught = mentorship.start_date + timedelta(days=rng.randint(1, max(1, min(days - 1, 60))))
        mark(mentorship, item, "opplaering", taught, mentee, today)
        mastered = taught + timedelta(days=rng.randint(7, 45))
        if mastered < until and rng.random() < 0.8:
            mark(mentorship, item, "mestrer", mastered, mentee, today)
            signed = mastered + timedelta(days=rng.randint(0, 20))
            if signed < until and rng.random() < 0.8:
                mark(mentorship, item, "godkjent", signed, mentor, today)

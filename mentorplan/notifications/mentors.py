"""The mentee is told who can read her mentor conversations: when she gets a mentor and when
another takes over (a hand-over, a new mentor in the staff file). The mentor reads the notes of
every mentor conversation in the plan, earlier ones too, so the mentee should never learn of it
only by chance."""
from mentorplan.models import Mentorship, NotificationKind, Person
from mentorplan.models.types import utcnow
from mentorplan.notifications.messages import Draft, path_for, queue


def queue_mentor_notice(mentorship: Mentorship, mentor: Person, by: Person | None) -> int:
    mentee, who = mentorship.mentee, (by.full_name if by is not None else "Personalfilen")
    return queue([Draft(
        f"mentor:{mentorship.id}:{mentor.id}:{utcnow():%Y%m%dT%H%M%S%f}", NotificationKind.MENTOR, mentee,
        subject=f"{mentor.full_name} er mentoren din i mentorplan",
        summary=f"{mentor.full_name} er mentoren din og kan lese notatene fra mentorsamtalene deres.",
        intro=(f"{who} har gjort {mentor.full_name} til mentoren din. Mentoren kan lese notatene fra "
               "mentorsamtalene i planen din, også dem fra før. Er dette feil, si fra til enhetslederen."),
        link=path_for("plans.my_plan"), link_text="Se planen din")])

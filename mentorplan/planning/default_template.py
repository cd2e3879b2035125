"""The default one-year Mentoreringsplan that ships with mentorplan (DOMAIN.md).

Its mentor rhythm is Trondheim's: weekly in the first month, every second week in
months 2–3, then monthly to month 12. Units copy and adapt it.
"""
from dataclasses import dataclass

from mentorplan.planning.calendar import month, week

TALKING_POINTS = (
    "trivsel og arbeidsmiljø",
    "faglige utfordringer",
    "prosedyrer og rutiner",
    "sykepleiefaglige vurderinger og prioritering",
    "ansvar og arbeidsdeling (sykepleier–helsefagarbeider)",
    "legemiddelhåndtering",
    "dokumentasjon",
    "kommunikasjon med pasienter og pårørende",
    "samarbeid med lege og legevakt",
    "etiske dilemmaer",
    "akutte situasjoner",
    "turnus, søvn og balanse",
    "stress og mestring",
    "læringsmål og kompetanseplan",
    "videreutdanning og karriere",
)

OPPLAERINGSVAKTER = 10
MENTOR_CONVERSATION_MINUTES = 45
LEADER_CONVERSATION_MINUTES = 60


@dataclass(frozen=True)
class ActivitySpec:
    """One activity of a template, its due window in days from the start date."""

    kind: str
    title: str
    responsible: str
    participants: tuple[str, ...]
    due_from_day: int
    due_to_day: int
    duration_minutes: int | None = None
    needs_shared_shift: bool = False
    guidance: str = ""


_MENTOR_GUIDANCE = (
    "Velg stikkord fra stikkordslisten: " + "; ".join(TALKING_POINTS) + ". "
    "Den nytilsatte tar med egne spørsmål og erfaringer siden sist."
)


def _mentor_conversation(title: str, window: tuple[int, int], guidance: str = _MENTOR_GUIDANCE):
    return ActivitySpec("mentorsamtale", title, "mentor", ("mentee",), *window,
                        MENTOR_CONVERSATION_MINUTES, True, guidance)


def _leader_conversation(title: str, window: tuple[int, int], participants, guidance: str):
    return ActivitySpec("ledersamtale", title, "avdelingsleder", participants, *window,
                        LEADER_CONVERSATION_MINUTES, False, guidance)


def _checklist_review(number: int, window: tuple[int, int], guidance: str):
    return ActivitySpec("sjekkliste", f"Gjennomgang av sjekkliste {number}", "mentor", ("mentee",),
                        *window, 30, True, guidance)


def default_activities() -> list[ActivitySpec]:
    first_month = (0, week(4)[1])
    activities = [
        ActivitySpec(
            "forberedelse", "Forberede ankomst", "avdelingsleder", ("enhetsleder",), -14, -1,
            guidance="Mentor tildelt, opplæringsvakter lagt inn i turnus, tilganger, nøkler og "
                     "IT bestilt, teamet informert.",
        ),
        _leader_conversation(
            "Velkomst og oppstartssamtale", (0, 0), ("mentee", "mentor"),
            "Forventninger, planen overleveres og mentor presenteres.",
        ),
        _mentor_conversation(
            "Første mentorsamtale: bli kjent", week(1),
            "Bli kjent, forventninger til hverandre og læringsmål for det første året.",
        ),
    ]
    activities += [
        ActivitySpec(
            "opplaeringsvakt", f"Opplæringsvakt {n}", "mentor", ("mentee",), *first_month,
            needs_shared_shift=True,
            guidance="Den nytilsatte går på topp sammen med mentor (eller enhetens andre mentor). "
                     "Bland vakttypene den nytilsatte skal jobbe.",
        )
        for n in range(1, OPPLAERINGSVAKTER + 1)
    ]
    activities += [_mentor_conversation(f"Mentorsamtale uke {n}", week(n)) for n in (2, 3, 4)]
    activities.append(_checklist_review(1, week(4), "Gå gjennom sjekklisten sammen: hva er vist, hva mestres."))
    activities.append(_leader_conversation(
        "Oppfølgingssamtale", week(6), ("mentee",),
        "Hvordan har de første ukene vært? Trivsel, opplæring og behov for tilrettelegging.",
    ))
    activities += [_mentor_conversation(f"Mentorsamtale uke {n}", week(n)) for n in (6, 8, 10, 12)]
    activities.append(_checklist_review(2, month(3), "Følg opp punkter som gjenstår fra forrige gjennomgang."))
    activities += [_mentor_conversation(f"Mentorsamtale måned {n}", month(n)) for n in (4, 5)]
    activities.append(_leader_conversation(
        "Prøvetidsvurdering", month(5), ("mentee",),
        "Vurdering før prøvetiden går ut (arbeidsmiljøloven § 15-6). Mentor rådføres på forhånd.",
    ))
    activities.append(_checklist_review(3, month(6), "Lukk åpne punkter på sjekklisten."))
    activities += [_mentor_conversation(f"Mentorsamtale måned {n}", month(n)) for n in range(6, 12)]
    activities.append(_leader_conversation(
        "Årssamtale og avslutning av programmet", month(12), ("mentee", "mentor"),
        "Den nytilsatte evaluerer året; neste steg og videreutdanning. Enhetsleder informeres.",
    ))
    return activities

"""The two shipped training checklists (DOMAIN.md) and progress per category. No Flask, no session."""
from dataclasses import dataclass
from typing import Iterable

INSTITUSJON_NAME = "Sjekkliste for helse- og velferdssenter, sykehjem og helsehus"
HJEMMESYKEPLEIE_NAME = "Sjekkliste for hjemmesykepleie og hjemmetjeneste"

# (category, items), for helse- og velferdssenter / sykehjem / helsehus.
INSTITUSJON = (
    ("Praktisk", ("Nøkler", "ID-kort", "Garderobeskap", "Tilganger (adgangskort, datasystemer)")),
    ("Systemer", ("Journalsystemet (f.eks. Gerica, Profil eller CosDoc)", "Meldingsutveksling (PLO-meldinger)",
                  "Avviksmelding")),
    ("Legemidler", ("Multidose", "Legemiddelkurve", "Narkotikaregnskap", "Dobbeltkontroll")),
    ("Akutte situasjoner", ("Hjerte-lungeredning (HLR)", "Hjertestarter", "Akuttutstyr",
                            "Brannrutiner og evakuering", "Tilkalle legevakt")),
    ("Smittevern", ("Basale smittevernrutiner og håndhygiene", "Isolering og smitteutbrudd")),
    ("Pasientrettigheter og samtykke", ("Samtykke og samtykkekompetanse",
                                        "Pasient- og brukerrettighetsloven kap. 4A")),
    ("Daglige rutiner", ("Rapport", "Primærsykepleier", "Legevisitt", "Kontakt med pårørende")),
    ("Dokumentasjon", ("Pleieplan", "IPLOS-registrering")),
)

# What hjemmesykepleie / hjemmetjeneste adds, by category (new categories come last).
HJEMMESYKEPLEIE_EXTRA = (
    ("Praktisk", ("Bil og kjøreregler",)),
    ("Nøkler og tilgang hos brukeren", ("Nøkkelbokser", "Elektroniske låser")),
    ("Systemer", ("Mobil arbeidsenhet og arbeidslister", "Trygghetsalarm")),
    ("Legemidler", ("Levering av legemidler",)),
    ("Alenearbeid og egen sikkerhet", ("Rutiner for alenearbeid", "Egen sikkerhet i brukerens hjem")),
    ("Samarbeid", ("Kontakt med fastleger", "Vedtak fra tildelingskontoret")),
)
# Items of the institution list that do not apply in home care.
NOT_IN_HOME_CARE = {"Garderobeskap", "Legevisitt", "Primærsykepleier"}


def default_items(home_care: bool) -> list[tuple[str, str]]:
    """The shipped checklist as (category, item) in order: the institution list, or the
    home-care list (the institution items that apply there, plus its own)."""
    if not home_care:
        return [(category, item) for category, items in INSTITUSJON for item in items]
    categories = {category: [i for i in items if i not in NOT_IN_HOME_CARE] for category, items in INSTITUSJON}
    for category, items in HJEMMESYKEPLEIE_EXTRA:
        categories.setdefault(category, []).extend(items)
    return [(category, item) for category, items in categories.items() for item in items]


@dataclass(frozen=True)
class CategoryProgress:
    category: str
    total: int
    trained: int
    mastered: int
    signed_off: int

    @property
    def percent(self) -> int:
        return round(100 * self.signed_off / self.total) if self.total else 0


def category_progress(rows: Iterable[tuple[str, bool, bool, bool]]) -> list[CategoryProgress]:
    """Per category, in first-seen order: (category, trained, mastered, signed off) per item."""
    counts: dict[str, list[int]] = {}
    for category, trained, mastered, signed_off in rows:
        c = counts.setdefault(category, [0, 0, 0, 0])
        c[0] += 1
        c[1] += trained
        c[2] += mastered
        c[3] += signed_off
    return [CategoryProgress(category, *c) for category, c in counts.items()]


def parse_lines(text: str) -> list[str]:
    """One entry per non-empty line, trimmed, duplicates dropped (first kept)."""
    seen: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line and line not in seen:
            seen.append(line)
    return seen

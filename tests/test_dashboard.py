"""The enhetsleder's programme dashboard: pure figures, and the page."""
from dataclasses import dataclass
from datetime import date

from mentorplan.planning.dashboard import PlanFigures, Share, dashboard

TODAY = date(2026, 10, 1)


@dataclass
class A:
    kind: str
    status: str
    due_from: date
    due_to: date


def _a(kind, status, due_to, due_from=date(2026, 9, 1)):
    return A(kind, status, due_from, due_to)


def test_the_figures_of_two_plans():
    on_track = PlanFigures([
        _a("mentorsamtale", "done", date(2026, 9, 14)),
        _a("ledersamtale", "scheduled", date(2026, 10, 20)),
        _a("opplaeringsvakt", "done", date(2026, 9, 30)),
        _a("opplaeringsvakt", "cancelled", date(2026, 9, 30)),
    ], 3, 10)
    behind = PlanFigures([
        _a("mentorsamtale", "planned", date(2026, 9, 20)),  # overdue
        _a("mentorsamtale", "done", date(2026, 10, 20)),    # held early: counts as held and due
        _a("opplaeringsvakt", "conflict", date(2026, 9, 28)),
        _a("sjekkliste", "planned", date(2026, 11, 1)),
    ], 0, 10)
    figures = dashboard([on_track, behind], TODAY)
    assert (figures.plans, figures.behind, figures.on_track) == (2, 1, 1)
    assert figures.conversations == Share(2, 3)
    assert figures.training_shifts == Share(1, 2)
    assert figures.checklist == Share(3, 20) and figures.checklist.percent == 15


def test_no_plans_gives_no_percentages():
    figures = dashboard([], TODAY)
    assert figures.plans == 0 and figures.conversations.percent is None


def test_the_enhetsleder_sees_the_units_dashboard(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    client = login(world.email("enhetsleder_b"))
    page = client.get(f"/enhet/{world.unit_ids['b']}/program").get_data(as_text=True)
    assert "Virker mentorprogrammet ved Hjemmesykepleien Øst?" in page
    assert "<dt>Planer som løper</dt><dd>1</dd>" in page
    assert "Enheten har 1 aktiv mentor" in page and "&lt;5" in page
    # Nothing of unit A leaks in: its mentee is not counted, its mentors are not named.
    assert "Mona" not in page

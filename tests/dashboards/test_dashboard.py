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


def test_the_dashboard_shows_retention_before_and_after_the_programme_started(app, world, login):
    """Unit B started 01.10.2025: four hires the year before (one left within 12 months), one the
    year after who has passed 12 months and stayed, and the world's mentee, hired 07.09.2026."""
    from mentorplan.extensions import db
    from mentorplan.models import EndReason, Kommune, Unit

    from tests import factories

    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        unit = db.session.get(Unit, world.unit_ids["b"])
        unit.programme_started_on = date(2025, 10, 1)
        kommune = db.session.get(Kommune, world.kommune_id)
        for n, (start, end) in enumerate([(date(2024, 11, 1), None), (date(2025, 1, 6), date(2025, 6, 30)),
                                          (date(2025, 3, 3), None), (date(2025, 10, 1), None),
                                          (date(2025, 9, 30), None)]):
            hire = factories.person(kommune, "Historisk", f"Ansatt{n}", number=f"H{n}")
            employment = factories.employment(hire, unit, start)
            if end:
                employment.end_date, employment.end_reason = end, EndReason.FRIVILLIG
        db.session.commit()
    page = login(world.email("enhetsleder_b")).get(f"/enhet/{world.unit_ids['b']}/program").get_data(as_text=True)
    section = page[page.index('id="retention-heading"'):]
    assert "Programmet startet 01.10.2025." in section
    assert "<dt>Ansatt året før programmet</dt><dd>3 av 4 (75,0 %)</dd>" in section
    assert "<dt>Ansatt året etter at programmet startet</dt><dd>1 av 1 (100,0 %); 1 ansatt for kort tid siden til å telle</dd>" in section

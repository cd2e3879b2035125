"""The demo runs the mentor programme: a unit one mentor short, mentors at every training stage,
pulse aggregates (shown at Lade, suppressed elsewhere) and the payroll export."""
from collections import Counter

from sqlalchemy import select

from mentorplan.demo.kommune import DEMO_PASSWORD
from mentorplan.extensions import db
from mentorplan.models import MentorTraining, Unit

from tests.conftest import csrf_token
from tests.demo.test_demo import day, demo  # noqa: F401 (fixtures)


def _login(app, key):
    client = app.test_client()
    response = client.post("/logg-inn", data={"email": f"{key}@demo.no", "password": DEMO_PASSWORD,
                                               "csrf_token": csrf_token(client, "/logg-inn")})
    assert response.status_code == 302
    return client


def test_the_demo_shows_the_programme(app, demo, day):
    with app.app_context():
        units = {u.name: u.id for u in db.session.scalars(select(Unit))}
        stages = Counter(t.status.value for t in db.session.scalars(select(MentorTraining)))
    assert stages["completed"] and stages["in_progress"]
    hr = _login(app, "hr")
    heimdal = hr.get(f"/enhet/{units['Hjemmetjenesten Heimdal']}/mentorer").get_data(as_text=True)
    assert "Enheten har 1 aktiv mentor." in heimdal
    lade = _login(app, "enhetsleder")
    roster = lade.get(f"/enhet/{units['Lade helse- og velferdssenter']}/mentorer").get_data(as_text=True)
    assert "Ikke startet: " in roster and "aktiv mentor." not in roster
    pulse = lade.get(f"/enhet/{units['Lade helse- og velferdssenter']}/puls").get_data(as_text=True)
    assert "3 måneder (5 svar)" in pulse and "12 måneder (&lt;5 svar)" in pulse
    export = hr.get(f"/mentorer/funksjonstillegg.csv?first={day.year}-01-01&last={day.isoformat()}")
    assert export.status_code == 200
    lines = export.get_data(as_text=True).strip().splitlines()
    assert len(lines) >= 12 and all(line.count(";") == 7 for line in lines)


def test_the_demo_has_network_meetings_with_attendance_and_mentors_on_shift(app, demo, day):
    from mentorplan.models import NetworkMeeting
    from mentorplan.network.operations import on_shift
    with app.app_context():
        meetings = db.session.scalars(select(NetworkMeeting).order_by(NetworkMeeting.starts)).all()
        held = [m for m in meetings if m.starts.date() < day]
        assert len(held) == 6 and len(meetings) == 10
        assert all(i.attended is not None for m in held for i in m.invitations)
        assert any(i.attended for m in held for i in m.invitations)
        assert any(on_shift(m) for m in meetings)
        shown = next(m for m in meetings if on_shift(m))
    page = _login(app, "hr").get(f"/nettverk/{shown.id}").get_data(as_text=True)
    assert "er på vakt da møtet holdes" in page
    overview = _login(app, "enhetsleder").get("/nettverk/").get_data(as_text=True)
    assert "Oppmøte per mentor" in overview and "Mentornettverk helse- og velferdssentre" in overview

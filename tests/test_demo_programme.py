"""The demo runs the mentor programme: a unit one mentor short, mentors at every training stage,
pulse aggregates (shown at Lade, suppressed elsewhere) and the payroll export."""
from collections import Counter

from sqlalchemy import select

from mentorplan.demo import DEMO_PASSWORD
from mentorplan.extensions import db
from mentorplan.models import MentorTraining, Unit

from .conftest import csrf_token
from .test_demo import day, demo  # noqa: F401 (fixtures)


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

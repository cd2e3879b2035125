"""Start pages that surface the work (issue 23): the avdelingsleder's open conflicts and the ward's
conversations this week, the admin's invitations waiting, open and expired, HR's retention
headline (suppressed below five people) — read as the page shows them."""
import html as html_lib
import re
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select

from mentorplan.auth.invitations import invite_new_accounts
from mentorplan.extensions import db
from mentorplan.models import (
    ActivityStatus,
    EndReason,
    Kommune,
    Mentorship,
    Person,
    Role,
    RoleAssignment,
    Unit,
    User,
)
from mentorplan.models.types import utcnow
from tests import factories
from tests.factories import MENTEE_START
from tests.pages import html, section
from tests.scheduling.test_schedule_pages import add_shift

TODAY = date(2026, 9, 15)  # Tuesday, week 38: Monday 14.09 to Sunday 20.09


def card(page: str, heading_id: str) -> str:
    return section(page, f'id="{heading_id}"', "</article>")


# --- The avdelingsleder ------------------------------------------------------------------

@pytest.fixture
def ward_work(app, world):
    """Four conflicts in Nina's plan (Avdeling 1) and one in Nils's (Avdeling 2); Nina's mentor
    conversation of week 2 placed on Wednesday 16.09, Nils's on Thursday; Nina has a turnus (so her
    conflicts are listed one by one on the conflicts page); returns the ids by title."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        for offset in range(42):
            day = MENTEE_START + timedelta(days=offset)
            if day.weekday() < 5:
                add_shift(world.person_ids["mentee"], day, "D1")
        nina = db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan.activities
        nils = db.session.get(Mentorship, world.mentorship_ids["mentee2"]).plan.activities
        ids = {}
        for title in ("Velkomst og oppstartssamtale", "Første mentorsamtale: bli kjent", "Opplæringsvakt 1",
                      "Opplæringsvakt 2"):
            activity = next(a for a in nina if a.title == title)
            activity.status, activity.conflict_reason = ActivityStatus.CONFLICT, "ingen felles vakt i vinduet"
            ids[title] = activity.id
        next(a for a in nils if a.title == "Opplæringsvakt 1").status = ActivityStatus.CONFLICT
        for activities, day, mentor in ((nina, 16, "mentor"), (nils, 17, "mentor2")):
            talk = next(a for a in activities if a.title == "Mentorsamtale uke 2")
            talk.status, talk.partner_id = ActivityStatus.SCHEDULED, world.person_ids[mentor]
            talk.scheduled_start = datetime(2026, 9, day, 10)
            talk.scheduled_end = datetime(2026, 9, day, 10, 45)
            ids[f"talk {mentor}"] = talk.id
        db.session.commit()
        return ids


def test_the_avdelingsleder_sees_her_wards_open_conflicts_first_few_linked(world, login, ward_work):
    leader = login(world.email("avdelingsleder"))
    ward = card(html(leader, "/"), "kort-avdeling")
    assert '<a class="ds-link" href="/avdeling/konflikter"><strong>4 åpne konflikter</strong></a>' in ward
    with leader.application.app_context():
        number = db.session.get(Person, world.person_ids["mentee"]).employee_number
    for title in ("Velkomst og oppstartssamtale", "Første mentorsamtale: bli kjent", "Opplæringsvakt 1"):
        link = f'href="/avdeling/konflikter?sok={number}#a{ward_work[title]}">{title}</a> – Nina Nytilsatt'
        assert link in html_lib.unescape(ward)
    assert "Opplæringsvakt 2" not in ward  # the fourth is on the conflicts page
    assert "Nils" not in ward  # Avdeling 2 is not hers
    # The link leads to the conflict on the page, with its reason.
    target = section(html(leader, f"/avdeling/konflikter?sok={number}"),
                     f'id="a{ward_work["Velkomst og oppstartssamtale"]}"', "</article>")
    assert "Velkomst og oppstartssamtale" in target and "ingen felles vakt i vinduet" in target


def test_the_avdelingsleder_sees_her_wards_conversations_this_week(world, login, ward_work):
    ward = card(html(login(world.email("avdelingsleder")), "/"), "kort-avdeling")
    talks = section(ward, 'id="kort-samtaler"')
    assert "1 samtale, 0 utført." in talks
    talk = ward_work["talk mentor"]
    link = rf'<a class="ds-link" href="/plan/\d+#a{talk}">Mentorsamtale uke 2</a>'
    assert re.search(rf"onsdag 10:00: {link} – Nina Nytilsatt", talks)
    assert "torsdag" not in talks  # Nils's conversation is in Avdeling 2


def test_a_ward_without_conflicts_says_so(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    ward = card(html(login(world.email("avdelingsleder")), "/"), "kort-avdeling")
    assert "Ingen åpne konflikter." in ward and "Ingen samtaler plassert denne uken." in ward


def test_the_conflicts_card_is_the_ward_leaders_alone(world, login, ward_work):
    for key in ("mentor", "mentee", "hr", "admin"):
        assert 'id="kort-avdeling"' not in html(login(world.email(key)), "/")


# --- The admin -----------------------------------------------------------------------------

@pytest.fixture
def invitations(app, world):
    """Two accounts waiting for their invitation, one sent and open, one expired; and a person with a
    role whose address another account has, who can get no account and so waits for nothing."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        kommune = db.session.get(Kommune, world.kommune_id)
        people = {}
        for key, first in (("venter", "Vera"), ("laget", "Lars"), ("sendt", "Sara"), ("utlopt", "Ulf"),
                           ("mentor", "Mads")):
            person = factories.person(kommune, first, "Invitert", email=f"{key}@test.no")
            db.session.flush()
            db.session.add(RoleAssignment(person=person, role=Role.MENTOR, kommune_id=kommune.id,
                                          unit_id=world.unit_ids["a"]))
            people[key] = person
        people["mentor"].email = world.email("mentor")  # taken: invite_new_accounts makes no account
        for key in ("venter", "laget"):
            db.session.add(User(person=people[key], email=f"{key}@test.no"))  # made, never sent
        db.session.flush()
        invite_new_accounts([people["sendt"].id, people["utlopt"].id, people["mentor"].id], TODAY)
        db.session.flush()
        expired = db.session.scalar(select(User).where(User.email == "utlopt@test.no"))
        expired.invitation_expires_at = utcnow() - timedelta(days=1)
        db.session.commit()


def test_the_admin_sees_the_invitations_not_taken_up_and_reaches_each_list(world, login, invitations):
    admin = login(world.email("admin"))
    invited = card(html(admin, "/"), "kort-invitasjoner")
    assert '<a class="ds-link" href="/admin/kontoer/?vis=venter">2 venter på å bli sendt</a>' in invited
    assert '<a class="ds-link" href="/admin/kontoer/?vis=sendt">1 sendt, ikke tatt i bruk</a>' in invited
    assert '<a class="ds-link" href="/admin/kontoer/?vis=utlopt">1 gått ut uten å bli brukt</a>' in invited
    names = re.compile(r'<th scope="row"><a class="ds-link" href="/admin/kontoer/\d+">([^<]+)</a>')
    assert set(names.findall(html(admin, "/admin/kontoer/?vis=venter"))) == {"Invitert, Vera", "Invitert, Lars"}
    assert set(names.findall(html(admin, "/admin/kontoer/?vis=sendt"))) == {"Invitert, Sara"}
    expired = html(admin, "/admin/kontoer/?vis=utlopt")
    assert set(names.findall(expired)) == {"Invitert, Ulf"} and "Invitasjonen har gått ut" in expired
    waiting = html(admin, "/admin/kontoer/?vis=venter")
    assert "2 personer: invitasjonen er ikke sendt." in waiting and "Send invitasjon" in waiting


def test_the_invitation_card_is_the_admins_alone(world, login, invitations):
    for key in ("hr", "enhetsleder", "avdelingsleder", "mentor"):
        assert 'id="kort-invitasjoner"' not in html(login(world.email(key)), "/")


# --- HR ------------------------------------------------------------------------------------

def hires(app, world, count: int, left: int = 0, unit: str = "a") -> None:
    """`count` nurses hired at the unit in October 2024 (a year that has had its first
    anniversary by TODAY); the first `left` of them left before their year was out."""
    app.config["FIXED_TODAY"] = TODAY
    with app.app_context():
        kommune, at = db.session.get(Kommune, world.kommune_id), db.session.get(Unit, world.unit_ids[unit])
        for n in range(count):
            person = factories.person(kommune, f"Hanna{n}", "Ansatt")
            ended = {"end_date": date(2025, 3, 31), "end_reason": EndReason.FRIVILLIG} if n < left else {}
            factories.employment(person, at, date(2024, 10, 1) + timedelta(days=n), **ended)
        db.session.commit()


def test_hr_reads_the_retention_headline(app, world, login):
    hires(app, world, 6, left=1)
    retention = card(html(login(world.email("hr")), "/"), "kort-stabilitet")
    assert ("<strong>83,3 %</strong> av de 6 nyansatte fra 16.09.2024–15.09.2025 var fortsatt i kommunen "
            "ett år etter.") in retention
    assert ('href="/stabilitet/?start_from=16.09.2024&amp;start_to=15.09.2025&amp;months=12&amp;as_of=15.09.2026"'
            in retention)


def test_under_five_people_hr_sees_no_rate(app, world, login):
    hires(app, world, 4, left=1)
    retention = card(html(login(world.email("hr")), "/"), "kort-stabilitet")
    assert ("Færre enn fem nyansatte fra 16.09.2024–15.09.2025 er fulgt et helt år, "
            "så andelen vises ikke.") in retention
    assert "%" not in retention


def test_the_enhetsleder_reads_her_own_units_figure_in_full(app, world, login):
    hires(app, world, 4, left=1)
    hires(app, world, 3, unit="b")
    retention = card(html(login(world.email("enhetsleder")), "/"), "kort-stabilitet")
    assert "<strong>75,0 %</strong> av de 4 nyansatte" in retention  # unit A only, as on her retention page


def test_no_hires_followed_a_year_says_so(app, world, login):
    app.config["FIXED_TODAY"] = TODAY
    retention = card(html(login(world.email("hr")), "/"), "kort-stabilitet")
    assert "Ingen nyansatte fra 16.09.2024–15.09.2025 er fulgt et helt år ennå." in retention


def test_the_retention_card_is_for_those_who_read_retention(app, world, login):
    hires(app, world, 6, left=1)
    for key in ("admin", "avdelingsleder", "mentor", "mentee"):
        assert 'id="kort-stabilitet"' not in html(login(world.email(key)), "/")

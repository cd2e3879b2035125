"""An access log worth reading (issue 23): one entry per reader, record and day with a count, not
one per item on a page nor per reload; nothing for a person reading what is hers; nothing for
notes a page does not show; every read of someone else's employment record, absences and
notifications; and a person's own view that names the reader but not the reader's address.

`talks` (tests/conversations/test_conversations.py): Nina's mentor conversation of 10.09.2026,
topics from the fixed list and one open agreed action for Nina; her oppstartssamtale with the
avdelingsleder on 07.09.2026, which the mentor may not read. "Today" is 20.09.2026.
"""
from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from mentorplan.extensions import db
from mentorplan.models import (
    Absence,
    AbsenceKind,
    AccessAction,
    AccessKind,
    AccessLogEntry,
    AgreedAction,
    Conversation,
    Notification,
    NotificationKind,
    Person,
)
from mentorplan.models.types import utcnow
from mentorplan.norwegian import OSLO

from tests.conversations.test_agreed_actions import log_with_action
from tests.conversations.test_conversations import talks  # noqa: F401  (the fixture)
from tests.pages import html as page
from tests.pages import section

READ = AccessAction.READ


def entries(app) -> list[tuple]:
    """(actor, subject, kind, action, object id, count) of every entry, oldest first."""
    with app.app_context():
        rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
        return [(e.actor_id, e.subject_id, e.kind, e.action, e.object_id, e.count) for e in rows]


def _actions_done(app, conversation_id: int) -> None:
    with app.app_context():
        db.session.execute(update(AgreedAction).where(AgreedAction.conversation_id == conversation_id)
                           .values(done_on=date(2026, 9, 15)))
        db.session.commit()


# --- One entry per reader, record and day ------------------------------------------------------

def test_a_mentor_opening_a_plan_is_one_entry_and_a_reload_counts_it(app, world, login, talks):
    """The plan page shows the mentee's open agreed action, so it reads that conversation's notes:
    one entry, not one per conversation held, and the same entry again on a reload."""
    mentor = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}"
    assert "Bytte to nattevakter" in page(mentor, url)
    expected = (world.person_ids["mentor"], world.person_ids["mentee"], AccessKind.CONVERSATION, READ,
                talks["conversation"])
    assert entries(app) == [(*expected, 1)]
    page(mentor, url)
    assert entries(app) == [(*expected, 2)]
    with app.app_context():
        entry = db.session.scalar(select(AccessLogEntry))
        assert entry.day == entry.at.astimezone(OSLO).date() and entry.last_at >= entry.at


def test_a_conversation_page_and_the_plan_showing_its_action_add_to_one_entry(app, world, login, talks):
    mentor = login(world.email("mentor"))
    page(mentor, f"/samtale/{talks['conversation']}")
    page(mentor, f"/plan/{world.mentorship_ids['mentee']}")
    page(mentor, "/mine-menteer")
    assert [e[4:] for e in entries(app)] == [(talks["conversation"], 3)]


def test_a_page_that_shows_no_notes_logs_no_notes_read(app, world, login, talks):
    """With the agreed action done, the plan lists the conversations by date, title and fixed
    topics only: the mentor's, the enhetsleder's and the other mentor's views of it read no notes.
    The avdelingsleder is shown the free-text topic «forventninger» of the oppstartssamtale she
    held: that conversation, and only that, is read."""
    _actions_done(app, talks["conversation"])
    url = f"/plan/{world.mentorship_ids['mentee']}"
    for key in ("mentor", "enhetsleder", "mentor2"):
        text = page(login(world.email(key)), url)
        held = section(text, 'id="samtaler"', "</section>")
        assert "Første mentorsamtale" in held and "forventninger" not in held
        assert 'id="tiltak"' not in text and "nattevakter" not in text
    assert entries(app) == []
    assert "forventninger" in section(page(login(world.email("avdelingsleder")), url), 'id="samtaler"', "</section>")
    assert entries(app) == [(world.person_ids["avdelingsleder"], world.person_ids["mentee"], AccessKind.CONVERSATION,
                             READ, talks["leader_conversation"], 1)]


def test_a_free_text_topic_on_the_plan_is_a_read_of_the_notes_for_whoever_is_shown_it(app, world, login, talks):
    _actions_done(app, talks["conversation"])
    with app.app_context():
        conversation = db.session.get(Conversation, talks["conversation"])
        conversation.topics = [*conversation.topics, "Nattevaktene i november"]
        db.session.commit()
    url = f"/plan/{world.mentorship_ids['mentee']}"
    assert "Nattevaktene i november" not in page(login(world.email("enhetsleder")), url)  # it is not hers to read
    assert entries(app) == []
    assert "Nattevaktene i november" in page(login(world.email("mentor")), url)
    assert entries(app) == [(world.person_ids["mentor"], world.person_ids["mentee"], AccessKind.CONVERSATION, READ,
                             talks["conversation"], 1)]


def test_a_leader_given_an_agreed_action_reads_it_once_a_day_on_her_start_page(app, world, login):
    _, conversation_id = log_with_action(app, world, login, "avdelingsleder")
    leader = login(world.email("avdelingsleder"))
    for _ in range(3):
        assert "Finne bytte for to nattevakter" in page(leader, "/")
    reads = [e for e in entries(app) if e[0] == world.person_ids["avdelingsleder"]]
    assert reads == [(world.person_ids["avdelingsleder"], world.person_ids["mentee"], AccessKind.CONVERSATION, READ,
                      conversation_id, 3)]


# --- Reads that were missing ----------------------------------------------------------------------

def test_the_people_list_logs_each_listed_persons_employment_record_once_a_day(app, world, login):
    hr = login(world.email("hr"))
    assert "Nina" in page(hr, "/personer/")
    with app.app_context():
        kommune_id = db.session.get(Person, world.person_ids["hr"]).kommune_id
        listed = set(db.session.scalars(select(Person.id).where(Person.kommune_id == kommune_id)))
    hr_id = world.person_ids["hr"]
    first = entries(app)
    assert {e[1] for e in first} == listed - {hr_id}  # her own line is her own record
    assert all(e[0] == hr_id and e[2:4] == (AccessKind.EMPLOYMENT, READ) and e[4] == e[1] and e[5] == 1
               for e in first)
    page(hr, "/personer/")
    page(hr, f"/personer/{world.person_ids['mentee']}")
    counts = {e[1]: e[5] for e in entries(app)}
    assert len(entries(app)) == len(first)
    assert counts[world.person_ids["mentee"]] == 3 and counts[world.person_ids["mentor"]] == 2


def test_the_absence_page_logs_each_person_whose_absences_it_shows(app, world, login, set_today):
    day = set_today(date(2026, 9, 20))
    with app.app_context():
        db.session.add_all([
            Absence(person_id=world.person_ids["mentee"], day=day + timedelta(days=3), kind=AbsenceKind.SYKEFRAVAER),
            Absence(person_id=world.person_ids["mentee"], day=day + timedelta(days=4), kind=AbsenceKind.SYKEFRAVAER),
            Absence(person_id=world.person_ids["mentor"], day=day + timedelta(days=10), kind=AbsenceKind.FERIE),
            Absence(person_id=world.person_ids["mentee2"], day=day + timedelta(days=5), kind=AbsenceKind.KURS),
        ])
        db.session.commit()
    leader = login(world.email("avdelingsleder"))
    text = page(leader, "/avdeling/fravaer/")
    assert "Nina Nytilsatt" in text and "Mona Mentor" in text
    leader_id = world.person_ids["avdelingsleder"]
    assert sorted(entries(app)) == sorted(
        (leader_id, world.person_ids[key], AccessKind.ABSENCE, READ, world.person_ids[key], 1)
        for key in ("mentee", "mentor"))  # Nils is in the other ward: not shown, not logged


def test_the_outbox_logs_whose_notifications_the_admin_saw(app, world, login):
    with app.app_context():
        for n, key in enumerate(("mentee", "mentee", "admin")):
            db.session.add(Notification(
                key=f"test:{key}:{n}", kind=NotificationKind.TOMORROW,
                person_id=world.person_ids[key], summary="Påminnelse", subject="Påminnelse",
                body_text="x", body_html="<p>x</p>", due_at=utcnow(), email_to=f"{key}@test.no"))
        db.session.commit()
    admin = login(world.email("admin"))
    assert "mentee@test.no" in page(admin, "/utboks")
    assert entries(app) == [(world.person_ids["admin"], world.person_ids["mentee"], AccessKind.NOTIFICATION, READ,
                             world.person_ids["mentee"], 1)]
    page(login(world.email("mentee")), "/varsler")  # her own: not logged
    assert len(entries(app)) == 1
    own = page(login(world.email("mentee")), "/tilgangslogg/meg")
    assert "Ada Admin" in own and "Varsler" in own


# --- Who sees what of the log ------------------------------------------------------------------------

def test_the_own_view_names_the_reader_but_not_the_address_the_admins_shows_it(app, world, login, talks):
    mentor = login(world.email("mentor"))
    for _ in range(2):
        mentor.get(f"/samtale/{talks['conversation']}", environ_base={"REMOTE_ADDR": "10.1.2.3"})
    own = page(login(world.email("mentee")), "/tilgangslogg/meg")
    assert "Mona Mentor" in own and "Samtalenotater" in own and "Lest, 2 ganger" in own
    assert "10.1.2.3" not in own and "Adresse" not in own
    today = datetime.now(OSLO).date()
    assert f"{today:%d.%m.%Y} kl." in own
    admin = page(login(world.email("admin")), "/tilgangslogg/")
    assert "10.1.2.3" in admin and "Adresse" in admin and "Lest, 2 ganger" in admin


def test_outside_a_request_reads_join_the_unit_of_work_one_entry_a_record(app, world):
    """A command or job (no request): the same record twice in one call, and again in another, is
    one entry; nothing is written until the unit of work commits."""
    from mentorplan.access.viewer import viewer_for_person
    from mentorplan.privacy.access_log import log_read, log_reads

    with app.app_context():
        viewer = viewer_for_person(db.session.get(Person, world.person_ids["hr"]), date(2026, 9, 20))
        nina, nils = world.person_ids["mentee"], world.person_ids["mentee2"]
        log_reads(viewer, AccessKind.EMPLOYMENT, [(nina, nina), (nils, nils), (nina, nina)])
        log_read(viewer, AccessKind.EMPLOYMENT, nina, nina)
        log_read(viewer, AccessKind.EMPLOYMENT, viewer.person_id, viewer.person_id)  # her own: not logged
        db.session.rollback()
    assert entries(app) == []
    with app.app_context():
        log_reads(viewer, AccessKind.EMPLOYMENT, [(nina, nina), (nils, nils), (nina, nina)])
        log_read(viewer, AccessKind.EMPLOYMENT, nina, nina)
        db.session.commit()
    assert sorted(e[1:] for e in entries(app)) == sorted([(nina, AccessKind.EMPLOYMENT, READ, nina, 3),
                                                          (nils, AccessKind.EMPLOYMENT, READ, nils, 1)])

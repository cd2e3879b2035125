"""The ward leader's page (/avdeling/): the ward's plans and the leader's own tasks."""
import re
from datetime import date

from tests.pages import html, section
from tests.world import OTHER_MENTEES, START, activity_id, mark_done


def test_avdeling_lists_only_the_wards_mentees(world, login, set_today):
    set_today(date(2026, 9, 15))
    plans = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="planer"')
    assert "Nina Nytilsatt" in plans
    assert "Mona Mentor" in plans
    assert "07.09.2026" in plans
    for name in OTHER_MENTEES:
        assert name not in plans


def test_avdeling_2_lists_its_own_mentee(world, login, set_today):
    set_today(date(2026, 9, 15))
    page = html(login(world.email("avdelingsleder2")), "/avdeling/")
    assert "Nils Nytilsatt" in page
    assert "Nina Nytilsatt" not in page


def test_avdeling_leader_tasks_show_the_welcome_near_the_start(world, login, set_today):
    set_today(date(2026, 9, 1))
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Velkomst og oppstartssamtale" in tasks
    assert "Forberede ankomst" in tasks
    assert "Nina Nytilsatt" in tasks
    assert "Oppfølgingssamtale" not in tasks       # day 35, beyond the 31-day horizon
    assert "Mentorsamtale" not in tasks             # the mentor's, not the leader's


def test_avdeling_leader_tasks_flag_what_is_overdue(world, login, set_today):
    set_today(date(2026, 9, 10))
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    row = re.search(r"<tr>\s*<td>Velkomst og oppstartssamtale.*?</tr>", tasks, re.S).group(0)
    assert "Forfalt" in row


def test_avdeling_leader_tasks_drop_what_is_done(app, world, login, set_today):
    set_today(date(2026, 9, 8))
    client = login(world.email("avdelingsleder"))
    mark_done(client, activity_id(app, world.mentorship_ids["mentee"], "Velkomst og oppstartssamtale"), START)
    tasks = section(html(client, "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Velkomst og oppstartssamtale" not in tasks


def test_avdeling_leader_tasks_keep_what_is_overdue_and_look_31_days_ahead(world, login, set_today):
    set_today(date(2026, 11, 20))  # day 74
    tasks = section(html(login(world.email("avdelingsleder")), "/avdeling/"), 'id="lederoppgaver"', 'id="planer"')
    assert "Oppfølgingssamtale" in tasks            # weeks 6, overdue
    assert "Prøvetidsvurdering" not in tasks        # month 5, from 07.01.2027

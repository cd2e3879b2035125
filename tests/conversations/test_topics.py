"""«Andre stikkord» are notes (security issue 20): a conversation's own free-text topics are read
only by those who read its notes; everyone else who follows the plan (the leaders, the other
mentor) sees that it was held, its date and its topics from the fixed list (the plan template's
talking points, or the shipped stikkordsliste).
"""
import pytest
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Conversation, Mentorship, TalkingPoint

from tests.pages import html as page
from tests.conftest import post_form
from tests.conversations.test_conversations import share, talk_form, talks  # noqa: F401  (the fixture)

FREE = "Konflikt med nattsykepleier Berit"
FIXED = "stress og mestring"
OWN_POINT = "Hvordan går det med nattevaktene?"


@pytest.fixture
def logged(app, world, login, talks):  # noqa: F811
    """A mentor conversation with a point of the shipped list, one of the template's own and a
    free-text topic."""
    with app.app_context():
        template = db.session.get(Mentorship, world.mentorship_ids["mentee"]).plan.template
        template.talking_points.append(TalkingPoint(phase="month1", position=1, text=OWN_POINT))
        db.session.commit()
    mentor = login(world.email("mentor"))
    url = f"/plan/{world.mentorship_ids['mentee']}/samtale/ny"
    response = post_form(mentor, url, talk_form(topics=[OWN_POINT], other_topics=f"{FIXED}\n{FREE}",
                                                notes="Notat."))
    assert response.status_code == 302, response.get_data(as_text=True)[:400]
    with app.app_context():
        conversation = db.session.scalar(select(Conversation).where(Conversation.notes == "Notat."))
        assert conversation.topics == [OWN_POINT, FIXED, FREE]
        return conversation.id


def _held(text: str) -> str:
    return text[text.index('id="samtaler"'):text.index('id="aaret"')]


@pytest.mark.parametrize("key", ["mentor", "mentee"])
def test_those_who_read_the_notes_see_every_topic(world, login, logged, key):
    client = login(world.email(key))
    for text in (page(client, f"/samtale/{logged}"), _held(page(client, f"/plan/{world.mentorship_ids['mentee']}"))):
        assert FREE in text and FIXED in text and OWN_POINT in text


@pytest.mark.parametrize("key", ["avdelingsleder", "enhetsleder", "mentor2"])
def test_the_others_see_only_topics_from_the_fixed_list(world, login, logged, key):
    client = login(world.email(key))
    for text in (page(client, f"/samtale/{logged}"), _held(page(client, f"/plan/{world.mentorship_ids['mentee']}"))):
        assert FIXED in text and OWN_POINT in text
        assert FREE not in text and "Berit" not in text


def test_shared_with_the_leader_the_free_topics_are_too(world, login, logged):
    assert share(login(world.email("mentee")), logged, "ja").status_code == 302
    assert FREE in page(login(world.email("avdelingsleder")), f"/samtale/{logged}")
    assert FREE not in page(login(world.email("enhetsleder")), f"/samtale/{logged}")

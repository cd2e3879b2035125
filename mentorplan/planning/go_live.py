"""Hires already under way when a kommune takes mentorplan into use (pure).

A nurse who started on 01.09 when the kommune goes live on 01.12 has three months of her plan
behind her: the welcome, the first opplæringsvakter, the first conversations. They happened on
paper or not at all; mentorplan cannot know. Calling them overdue would open every leader's first
day with a wall of red, so an activity due before the go-live date is «før mentorplan» instead:
neither open nor overdue, until someone records that it was in fact done.
"""
from datetime import date

from mentorplan.planning.progress import BEFORE_GO_LIVE, OPEN

REOPENED = "planned"


def status_at_go_live(status: str, due_to: date, go_live: date | None) -> str:
    """The status an activity should have under the kommune's go-live date.

    An open activity whose window closed before go-live is «før mentorplan»; one that was, and
    whose window no longer closes before it (the date moved earlier, or was removed), is open again,
    to be placed anew. Done and cancelled activities are history and keep their status.
    """
    before = go_live is not None and due_to < go_live
    if status in OPEN and before:
        return BEFORE_GO_LIVE
    if status == BEFORE_GO_LIVE and not before:
        return REOPENED
    return status

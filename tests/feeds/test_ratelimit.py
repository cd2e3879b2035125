"""The feed rate limit: a sliding window per client, and a bounded memory that forgets the
client seen longest ago, never everyone at once."""
from mentorplan.feeds.ratelimit import MAX_CLIENTS, SlidingWindow


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_a_client_over_the_limit_waits_for_the_window_to_slide():
    clock = Clock()
    window = SlidingWindow(limit=3, seconds=60, clock=clock)
    assert [window.allow("a") for _ in range(4)] == [True, True, True, False]
    clock.now = 59.9
    assert not window.allow("a")
    clock.now = 60.1
    assert window.allow("a")


def test_one_noisy_client_cannot_reset_another_clients_limit():
    window = SlidingWindow(limit=2, clock=Clock())
    assert [window.allow("guesser") for _ in range(3)] == [True, True, False]
    refused = []
    for number in range(2 * MAX_CLIENTS):  # another client sprays twice as many addresses as are kept
        window.allow(f"sprayed-{number}")
        if number % 1000 == 0:
            refused.append(not window.allow("guesser"))
    assert all(refused) and len(refused) == 20
    assert len(window.hits) == MAX_CLIENTS


def test_past_the_bound_the_client_seen_longest_ago_is_forgotten():
    window = SlidingWindow(limit=1, clock=Clock(), max_keys=3)
    for key in ("old", "middle", "recent"):
        assert window.allow(key)
    assert not window.allow("old")  # seen again: now the most recent
    assert window.allow("new")
    assert list(window.hits) == ["recent", "old", "new"]
    assert not window.allow("old") and not window.allow("recent")

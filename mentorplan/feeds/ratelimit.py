"""A small in-process rate limit for the public calendar feeds.

Calendar clients poll a feed every hour or so; anything near a request a second is a script
guessing tokens. A sliding window per client address, kept in memory, is enough for that and
needs no extra service or dependency (Flask-Limiter's in-memory storage is no different: like
this, it counts per worker process).
"""
import time
from collections import OrderedDict, deque
from functools import wraps

from flask import abort, current_app, request

MAX_CLIENTS = 10_000


class SlidingWindow:
    """Hits per key within the last `seconds`. At most `max_keys` keys are kept: past that the key
    seen longest ago is forgotten, so a client that sprays addresses cannot reset anyone's count."""

    def __init__(self, limit: int, seconds: float = 60.0, clock=time.monotonic, max_keys: int = MAX_CLIENTS):
        self.limit, self.seconds, self.clock, self.max_keys = limit, seconds, clock, max_keys
        self.hits: OrderedDict[str, deque[float]] = OrderedDict()

    def allow(self, key: str) -> bool:
        now = self.clock()
        window = self.hits.setdefault(key, deque())
        self.hits.move_to_end(key)
        while len(self.hits) > self.max_keys:
            self.hits.popitem(last=False)
        while window and window[0] <= now - self.seconds:
            window.popleft()
        if len(window) >= self.limit:
            return False
        window.append(now)
        return True


def rate_limited(name: str):
    """Answer 429 when one client address asks more than the configured requests a minute."""
    def decorate(view):
        @wraps(view)
        def limited(*args, **kwargs):
            limits = current_app.extensions.setdefault("mentorplan_rate_limits", {})
            window = limits.get(name)
            if window is None:
                window = limits[name] = SlidingWindow(current_app.config["FEED_REQUESTS_PER_MINUTE"])
            if not window.allow(request.remote_addr or "-"):
                abort(429)
            return view(*args, **kwargs)
        return limited
    return decorate

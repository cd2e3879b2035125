"""Lists that can grow, a page at a time (`?side=2`) and searchable (`?sok=…`).

Every such list takes its page and search term from here, so that the links and the
pager (templates/_pager.html) mean the same on every page.
"""
from flask import current_app, request
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from mentorplan.extensions import db

SEARCH_MAX_LENGTH = 100


def search_term() -> str:
    # PostgreSQL refuses NUL in text, even in a LIKE pattern.
    return request.args.get("sok", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


# No list comes near it; a larger number would overflow the database's OFFSET (a 500 before).
MAX_PAGE = 100_000


def page_number() -> int:
    """The ?side= asked for, within 1…MAX_PAGE: a page past the end shows as empty, not an error."""
    return min(max(request.args.get("side", 1, type=int) or 1, 1), MAX_PAGE)


def paginate(query: Select) -> Pagination:
    """One page of the select; a page past the end is empty, not an error."""
    return db.paginate(query, page=page_number(), per_page=current_app.config["PAGE_SIZE"], error_out=False)

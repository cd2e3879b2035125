"""Where a redirect may go, and which records a URL may name."""
from urllib.parse import urlsplit

from werkzeug.routing import IntegerConverter

from mentorplan.files.input_rules import MAX_RECORD_ID


def local_path(target: str | None) -> str | None:
    """A path on this site to return to (a `next`); anything that could lead elsewhere is dropped.

    Browsers read a backslash as a slash and drop control characters, so "/\\evil.example" and
    "/\t/evil.example" would leave the site.
    """
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


class RecordIdConverter(IntegerConverter):
    """`<int:…>` in every route: a number no record can have (past PostgreSQL's integer) matches no
    route and answers 404, as an unknown id does, instead of overflowing SQLite's INTEGER (a 500)."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("max", MAX_RECORD_ID)
        super().__init__(url_map, *args, **kwargs)


def init_url_converters(app) -> None:
    """Before any blueprint: a route takes its converters when it is added."""
    app.url_map.converters["int"] = RecordIdConverter

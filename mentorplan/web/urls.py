"""Where a redirect may go."""
from urllib.parse import urlsplit


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

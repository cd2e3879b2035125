"""Reading a page in the tests: its HTML, a part of it, the message next to a field."""
import re


def html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return response.get_data(as_text=True)


def section(page: str, start: str, end: str | None = None) -> str:
    """The part of a page between two markers (an id, a heading)."""
    tail = page[page.index(start):]
    return tail[:tail.index(end)] if end else tail


def field_error(page: str, field_id: str) -> str | None:
    """The validation message shown next to a field (its id is the field's aria-describedby)."""
    match = re.search(rf'<p class="ds-validation-message"[^>]*id="{field_id}-error">(.*?)</p>', page, re.S)
    return match.group(1).strip() if match else None

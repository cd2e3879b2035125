"""Recognising a Norwegian fødselsnummer (or D-/H-nummer), so that imports and forms can refuse
text that carries one: mentorplan stores no national identity numbers (DOMAIN.md, Privacy and
access). Pure; the forms' validator is `web.forms.no_national_id`.

A number is eleven digits, or six and five with one space, dot or dash between, standing on its
own (no digit right before or after), with a plausible birth date and both mod-11 control digits
right. So a phone number with something after it, or any eleven digits, passes: only about one
in a hundred random numbers has valid control digits, and few of those a valid date."""
import re
from collections.abc import Sequence

ID_COLUMN_NAMES = {"fodselsnummer", "fødselsnummer", "fnr", "personnummer", "foedselsnummer", "pnr", "dnummer",
                   "d-nummer", "fodselsnr", "fødselsnr"}
_SEPARATOR = r"[\s.\-\u2010-\u2013]?"
_ELEVEN_DIGITS = re.compile(rf"\d{{6}}{_SEPARATOR}\d{{5}}")
_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def national_id_columns(header: Sequence[str]) -> list[str]:
    """The header cells named like a fødselsnummer column, as written."""
    return [cell.strip() for cell in header if cell.strip().lower() in ID_COLUMN_NAMES]


NATIONAL_ID_IN_VALUE = re.compile(rf"(?<!\d)(?=(\d{{6}}{_SEPARATOR}\d{{5}})(?!\d))")


def holds_national_id(text: str) -> bool:
    """Whether free text (notes, a name, a CSV cell, an iCalendar property) has a fødselsnummer
    anywhere in it."""
    return any(looks_like_national_id(found) for found in NATIONAL_ID_IN_VALUE.findall(text or ""))


def _control(digits: list[int], weights) -> int | None:
    k = 11 - sum(d * w for d, w in zip(digits, weights)) % 11
    return 0 if k == 11 else None if k == 10 else k


def looks_like_national_id(value: str) -> bool:
    """Eleven digits with a plausible birth date (D- and H-numbers too) and valid control digits."""
    text = value.strip()
    if not _ELEVEN_DIGITS.fullmatch(text):
        return False
    d = [int(c) for c in text if c.isdigit()]
    day, month = d[0] * 10 + d[1], d[2] * 10 + d[3]
    day -= 40 if day > 40 else 0          # D-nummer
    month -= 80 if month > 80 else 40 if month > 40 else 0  # synthetic test numbers (Tenor), H-nummer
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return _control(d[:9], _W1) == d[9] and _control(d[:10], _W2) == d[10]

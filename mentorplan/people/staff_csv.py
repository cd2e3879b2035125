"""Reading and checking the staff CSV (CONTRACT.md, "Staff CSV"). Pure: no Flask, no database."""
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from mentorplan.files.csv_header import header_problem, national_id_message, quoted
from mentorplan.files.dates import parse_date
from mentorplan.files.input_rules import (
    LineTooLong,
    bounded_lines,
    file_date_problem,
    header_width_problem,
    row_problem,
)
from mentorplan.files.national_id import holds_national_id
from mentorplan.vocabulary import (
    EMAIL_LENGTH,
    EMPLOYEE_NUMBER_LENGTH,
    PERSON_NAME_LENGTH,
    UNIT_NAME_LENGTH,
    WARD_NAME_LENGTH,
    EndReason,
    Profession,
    Role,
)

REQUIRED_COLUMNS = ("ansattnr", "fornavn", "etternavn", "stilling", "enhet", "startdato")
IMPORTABLE_ROLES = (Role.MENTOR, Role.AVDELINGSLEDER, Role.ENHETSLEDER, Role.HR)
# Roles that hold in the whole kommune: a row giving only these may leave `enhet` empty, so an HR
# adviser needs no made-up unit (which would show in every unit filter and scope picker).
UNITLESS_ROLES = (Role.HR,)
# Longer values would fail on PostgreSQL (SQLite does not check), so they are row errors.
MAX_LENGTHS = {
    "ansattnr": EMPLOYEE_NUMBER_LENGTH,
    "mentor_ansattnr": EMPLOYEE_NUMBER_LENGTH,
    "fornavn": PERSON_NAME_LENGTH,
    "etternavn": PERSON_NAME_LENGTH,
    "epost": EMAIL_LENGTH,
    "enhet": UNIT_NAME_LENGTH,
    "avdeling": WARD_NAME_LENGTH,
}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
FORMULA_START = ("=", "+", "-", "@")


@dataclass(frozen=True)
class StaffError:
    """One problem in the file; `line` is the physical line (the header is line 1)."""

    line: int
    message: str
    column: str | None = None

    def __str__(self) -> str:
        where = f"Linje {self.line}" + (f", kolonne «{self.column}»" if self.column else "")
        return f"{where}: {self.message}"


class StaffFileError(ValueError):
    """The file cannot be imported; `errors` lists every problem found."""

    def __init__(self, errors: Sequence[StaffError]):
        self.errors = sorted(errors, key=lambda error: error.line)
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass(frozen=True)
class StaffRow:
    """One checked row of the file: one employment of one person."""

    line: int
    employee_number: str
    first_name: str
    last_name: str
    email: str | None
    profession: Profession
    unit: str | None  # None: a row with only kommune-wide roles (UNITLESS_ROLES), and no employment
    ward: str | None
    start_date: date
    end_date: date | None
    end_reason: EndReason | None
    position_percent: int
    newly_graduated: bool
    mentor_number: str | None
    roles: tuple[Role, ...]


# --- Reading the file (pure) -------------------------------------------------------------


def decode_staff_file(data: bytes) -> str:
    """The file's text; it must be UTF-8, with or without a BOM."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise StaffFileError([StaffError(line, "filen er ikke UTF-8. Lagre den som «CSV UTF-8» og prøv igjen.")]
                             ) from None


def parse_staff_csv(text: str) -> list[StaffRow]:
    """The file's rows, checked; raises StaffFileError listing every problem, not just the first.

    A row with errors of its own is left out of the checks between rows (same person,
    same employment). Rules that need the database are checked by `import_staff_rows`.
    """
    records = _records(text.removeprefix("\ufeff"))
    if not records:
        raise StaffFileError([StaffError(1, "filen er tom.")])
    (header_line, header), data = records[0], records[1:]
    columns = _columns(header_line, header)
    if not data:
        raise StaffFileError([StaffError(header_line + 1, "filen har ingen ansatte under overskriftsraden.")])
    _refuse_national_ids(header_line, header, data)
    rows, errors = [], []
    for line, cells in data:
        if problem := row_problem(cells):  # a control character (NUL among them) or a huge cell, in any column
            position, message = problem
            errors.append(StaffError(line, message, _column_label(header, position)))
            continue
        row = _parse_row(line, _cells_by_column(columns, len(header), line, cells, errors), errors)
        if row is not None:
            rows.append(row)
    errors += _consistency_errors(rows)
    if errors:
        raise StaffFileError(errors)
    return rows


def _refuse_national_ids(header_line: int, header: list[str], data) -> None:
    """Any cell, in a known column or not, holding a fødselsnummer anywhere in it (a name, a note)
    stops the whole import (a column named like one is refused with the header, `_columns`)."""
    errors = []
    for line, cells in data:
        for position, cell in enumerate(cells):
            if holds_national_id(cell):
                errors.append(StaffError(line, national_id_message(_column_label(header, position))))
    if errors:
        raise StaffFileError(errors)


def _column_label(header: list[str], position: int) -> str:
    return header[position].strip() if position < len(header) else f"nr. {position + 1}"


def _delimiter(text: str) -> str:
    # Column names hold neither character, so the header line decides.
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") >= header.count(",") else ","


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Non-blank records with the physical line each starts on (a quoted value may span lines)."""
    # A line of a megabyte is the wrong file: refused naming its line, before the csv module's own limit.
    reader = csv.reader(bounded_lines(io.StringIO(text, newline="")), delimiter=_delimiter(text), strict=True)
    records, line = [], 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        message = "anførselstegnene (\") står ikke riktig, så raden kan ikke leses."
        raise StaffFileError([StaffError(line, message)]) from None
    except LineTooLong as error:
        raise StaffFileError([StaffError(error.line, str(error))]) from None
    return records


def _column_name(cell: str) -> str:
    # People write «sluttårsak»; the contract spells it «sluttaarsak».
    return cell.strip().lower().replace("å", "aa")


def _columns(line: int, header: list[str]) -> dict[str, int]:
    """Column name → position; raises when a column is missing, given twice or a fødselsnummer."""
    names = [_column_name(cell) for cell in header]
    problem = header_width_problem(len(header)) or header_problem(header, names, REQUIRED_COLUMNS)
    if problem:
        raise StaffFileError([StaffError(line, problem)])
    return {name: position for position, name in enumerate(names) if name}


def _cells_by_column(columns: dict[str, int], width: int, line: int, cells: list[str],
                     errors: list[StaffError]) -> dict[str, str]:
    # Extra values usually mean an unquoted delimiter inside a value, which shifts nothing
    # before it but would silently cut the value short.
    if any(cell.strip() for cell in cells[width:]):
        errors.append(StaffError(line, f"raden har {len(cells)} felt, men overskriftsraden har {width}. "
                                       "Står det et skilletegn inne i en verdi uten anførselstegn?"))
    return {name: cells[position] if position < len(cells) else "" for name, position in columns.items()}


class _CellReader:
    """Reads one row's cells by column name, noting every problem instead of stopping at the first."""

    def __init__(self, line: int, cells: dict[str, str], errors: list[StaffError]):
        self.line, self.cells, self.errors = line, cells, errors

    def error(self, column: str, message: str) -> None:
        self.errors.append(StaffError(self.line, message, column))

    def raw(self, column: str) -> str:
        return self.cells.get(column, "").strip()

    def text(self, column: str, required: bool = False) -> str | None:
        value = self.raw(column)
        if not value:
            if required:
                self.error(column, "må fylles ut.")
            return None
        if "\n" in value or "\r" in value:
            self.error(column, "verdien går over flere linjer (mangler et avsluttende anførselstegn?).")
        elif len(value) > MAX_LENGTHS.get(column, len(value)):
            self.error(column, f"verdien er for lang (høyst {MAX_LENGTHS[column]} tegn).")
        return value

    def unit_name(self, column: str, required: bool = False) -> str | None:
        """A unit or avdeling name. They reach CSV files (the contract's `retention --format csv`)
        unescaped, so a name a spreadsheet would run as a formula is refused here."""
        value = self.text(column, required)
        if value and value.startswith(FORMULA_START):
            self.error(column, f"«{value}» kan ikke begynne med {value[0]!r}: et regneark ville lest navnet som en formel.")
        return value

    def choice(self, column: str, choices, noun: str, required: bool = False):
        value = self.text(column, required)
        if value is None:
            return None
        try:
            return choices(value.lower())
        except ValueError:
            valid = ", ".join(choice.value for choice in choices)
            self.error(column, f"«{value}» er ikke en gyldig {noun} (gyldige: {valid}).")
            return None

    def date(self, column: str, required: bool = False) -> date | None:
        value = self.text(column, required)
        if value is None:
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(column, f"«{value}» er ikke en gyldig dato (bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).")
        elif problem := file_date_problem(parsed):
            self.error(column, problem)
            return None
        return parsed

    def percent(self, column: str) -> int:
        value = self.text(column)
        if value is None:
            return 100
        number = value.removesuffix("%").strip()
        if not number.isdigit() or not 1 <= int(number) <= 100:
            self.error(column, f"«{value}» er ikke en gyldig stillingsprosent (et helt tall fra 1 til 100).")
            return 100
        return int(number)

    def yes_no(self, column: str) -> bool:
        value = (self.text(column) or "nei").lower()
        if value not in ("ja", "nei"):
            self.error(column, f"«{self.raw(column)}» er ikke gyldig her (bruk ja eller nei).")
        return value == "ja"

    def email(self, column: str) -> str | None:
        value = self.text(column)
        if value is not None and not EMAIL.fullmatch(value):
            self.error(column, f"«{value}» er ikke en gyldig e-postadresse.")
        # Lower case, as login e-mails are (auth.normalise_email).
        return value.lower() if value else None

    def roles(self, column: str) -> tuple[Role, ...]:
        names = [name.strip().lower() for name in (self.text(column) or "").split(",") if name.strip()]
        valid = {role.value: role for role in IMPORTABLE_ROLES}
        unknown = [name for name in names if name not in valid]
        if unknown:
            self.error(column, f"{quoted(unknown)} er ikke en gyldig rolle "
                               f"(gyldige: {', '.join(valid)}).")
        return tuple(dict.fromkeys(valid[name] for name in names if name in valid))


def _parse_row(line: int, cells: dict[str, str], errors: list[StaffError]) -> StaffRow | None:
    """The row, or None with its problems added to `errors`."""
    read = _CellReader(line, cells, errors)
    before = len(errors)
    values = dict(
        employee_number=read.text("ansattnr", required=True),
        first_name=read.text("fornavn", required=True),
        last_name=read.text("etternavn", required=True),
        email=read.email("epost"),
        profession=read.choice("stilling", Profession, "stilling", required=True),
        unit=read.unit_name("enhet", required=not _only_unitless_roles(read.raw("roller"))),
        ward=read.unit_name("avdeling"),
        start_date=read.date("startdato", required=True),
        end_date=read.date("sluttdato"),
        end_reason=read.choice("sluttaarsak", EndReason, "sluttårsak"),
        position_percent=read.percent("stillingsprosent"),
        newly_graduated=read.yes_no("nyutdannet"),
        mentor_number=read.text("mentor_ansattnr"),
        roles=read.roles("roller"),
    )
    _check_row_rules(read, values)
    if len(errors) > before:
        return None
    return StaffRow(line=line, **values)


def _check_row_rules(read: _CellReader, values: dict) -> None:
    """The rules that tie one row's columns together."""
    start, end = values["start_date"], values["end_date"]
    if start and end and end < start:
        read.error("sluttdato", f"sluttdato {end:%d.%m.%Y} er før startdato {start:%d.%m.%Y}.")
    reasons = ", ".join(reason.value for reason in EndReason)
    if read.raw("sluttdato") and not read.raw("sluttaarsak"):
        read.error("sluttaarsak", f"må fylles ut når sluttdato er satt (gyldige: {reasons}).")
    if read.raw("sluttaarsak") and not read.raw("sluttdato"):
        read.error("sluttaarsak", "er fylt ut, men sluttdato mangler.")
    if values["mentor_number"] and values["mentor_number"] == values["employee_number"]:
        read.error("mentor_ansattnr", "en ansatt kan ikke være sin egen mentor.")
    if values["unit"] is None and _only_unitless_roles(read.raw("roller")):
        for column in ("avdeling", "mentor_ansattnr"):
            if read.raw(column):
                read.error(column, "må stå tom på en rad uten enhet (bare rollen hr); fyll ut enhet ellers.")


def _only_unitless_roles(text: str) -> bool:
    """Whether `roller` names roles, all of them kommune-wide (read again, with errors, by _CellReader.roles)."""
    names = {name.strip().lower() for name in text.split(",") if name.strip()}
    return bool(names) and names <= {role.value for role in UNITLESS_ROLES}


def _consistency_errors(rows: Sequence[StaffRow]) -> list[StaffError]:
    """The rules between rows: one person, one name and e-mail; one row per employment."""
    errors = _overlap_errors(rows)
    first_row: dict[str, StaffRow] = {}
    email_row: dict[str, StaffRow] = {}
    employment_row: dict[tuple, StaffRow] = {}
    for row in rows:
        errors += _person_conflicts(row, first_row.setdefault(row.employee_number, row))
        if row.email:
            errors += _email_conflicts(row, email_row.setdefault(row.employee_number, row))
        if row.unit is None:
            continue  # no employment, nothing to overlap
        key = (row.employee_number, row.unit.casefold(), row.start_date)
        earlier = employment_row.setdefault(key, row)
        if earlier is not row:
            errors.append(StaffError(row.line, f"ansattnr {row.employee_number} har allerede en rad for "
                                               f"«{earlier.unit}» med samme startdato (linje {earlier.line}).",
                                     "startdato"))
    return errors


def overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """Whether two employment periods share a day (an open end runs on)."""
    return (other_end is None or start <= other_end) and (end is None or other_start <= end)


def period_text(start: date, end: date | None) -> str:
    return f"{start:%d.%m.%Y}–{end:%d.%m.%Y}" if end else f"fra {start:%d.%m.%Y}, uten sluttdato"


def _overlap_errors(rows: Sequence[StaffRow]) -> list[StaffError]:
    """One person cannot hold two employments in one unit at the same time."""
    errors, seen = [], {}
    for row in sorted((r for r in rows if r.unit is not None), key=lambda r: (r.start_date, r.line)):
        key = (row.employee_number, row.unit.casefold())
        for earlier in seen.get(key, []):
            if earlier.start_date != row.start_date and overlaps(row.start_date, row.end_date,
                                                                 earlier.start_date, earlier.end_date):
                errors.append(StaffError(row.line, f"ansattnr {row.employee_number} har allerede et arbeidsforhold "
                                                   f"ved «{earlier.unit}» {period_text(earlier.start_date, earlier.end_date)} "
                                                   f"(linje {earlier.line}), som overlapper med dette.", "startdato"))
                break
        seen.setdefault(key, []).append(row)
    return errors


def _person_conflicts(row: StaffRow, first: StaffRow) -> list[StaffError]:
    for column, attribute in (("fornavn", "first_name"), ("etternavn", "last_name")):
        if getattr(row, attribute) != getattr(first, attribute):
            return [StaffError(row.line, f"ansattnr {row.employee_number} heter «{first.first_name} "
                                         f"{first.last_name}» på linje {first.line}, men «{row.first_name} "
                                         f"{row.last_name}» her.", column)]
    return []


def _email_conflicts(row: StaffRow, first: StaffRow) -> list[StaffError]:
    if row.email == first.email:
        return []
    return [StaffError(row.line, f"ansattnr {row.employee_number} har e-post «{first.email}» på linje "
                                 f"{first.line}, men «{row.email}» her.", "epost")]

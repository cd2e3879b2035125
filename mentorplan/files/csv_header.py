"""What the staff and turnus CSV imports check of a header row, with the same words."""
from collections.abc import Sequence

from mentorplan.files.national_id import national_id_columns


def quoted(names: Sequence[str]) -> str:
    return ", ".join(f"«{name}»" for name in names)


def header_problem(header: Sequence[str], names: Sequence[str], required: Sequence[str]) -> str | None:
    """Why the header row cannot be used, or None. `names` are the header's cells as the import
    reads them (normalised); `header` as written, to name a fødselsnummer column as the file has it."""
    national = national_id_columns(header)
    if national:
        return (f"kolonnen {quoted(national)} ser ut til å være fødselsnummer. "
                "mentorplan lagrer ikke fødselsnumre: fjern kolonnen.")
    twice = sorted({name for name in names if name and names.count(name) > 1})
    if twice:
        return f"kolonnen {quoted(twice)} står flere ganger i overskriftsraden."
    missing = [name for name in required if name not in names]
    if missing:
        hint = " Fant bare én kolonne: skilletegnet må være ; eller ,." if len(names) == 1 else ""
        return f"mangler påkrevde kolonner: {quoted(missing)}.{hint}"
    return None


def national_id_message(column: str) -> str:
    return (f"kolonnen «{column}» ser ut til å inneholde et fødselsnummer. "
            "mentorplan lagrer ikke fødselsnumre: fjern det fra filen.")

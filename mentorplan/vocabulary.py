"""The words the data is written in: the values the models store and the files spell
(CONTRACT.md's staff and turnus CSV), and the longest text each of those columns takes.

Pure: the models import these, and so do the file readers, which must not import the models
(tests/app/test_purity.py).
"""
import enum


class Role(enum.StrEnum):
    ADMIN = "admin"
    HR = "hr"
    ENHETSLEDER = "enhetsleder"
    AVDELINGSLEDER = "avdelingsleder"
    MENTOR = "mentor"
    # Being a mentee is not assigned: it follows from having a mentorship.
    MENTEE = "mentee"


class Profession(enum.StrEnum):
    SYKEPLEIER = "sykepleier"
    SPESIALSYKEPLEIER = "spesialsykepleier"
    VERNEPLEIER = "vernepleier"
    HELSEFAGARBEIDER = "helsefagarbeider"
    ANNET = "annet"


class EndReason(enum.StrEnum):
    FRIVILLIG = "frivillig"
    ARBEIDSGIVER = "arbeidsgiver"
    INTERN_OVERGANG = "intern_overgang"
    PENSJON = "pensjon"
    MIDLERTIDIG_UTLOPT = "midlertidig_utlopt"
    ANNET = "annet"


class AbsenceKind(enum.StrEnum):
    FERIE = "FE"
    KURS = "KU"
    PERMISJON = "PE"
    SYKEFRAVAER = "SY"


# Column lengths. A longer value fails on PostgreSQL (SQLite does not check), so the readers
# refuse it as a row error.
EMPLOYEE_NUMBER_LENGTH = 20
PERSON_NAME_LENGTH = 80
EMAIL_LENGTH = 254
UNIT_NAME_LENGTH = 160
WARD_NAME_LENGTH = 160
SHIFT_CODE_LENGTH = 10

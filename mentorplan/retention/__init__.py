"""Retention statistics on plain data: hires, Kaplan–Meier, Aalen–Johansen, the report's tables.

Nothing here knows Flask or the database; `mentorplan.retention.source` turns the database
into `EmploymentRecord`s, and the views, exports and the `retention` command lay out `Report`s.
"""
from mentorplan.retention.cohort import EmploymentRecord, Spell, horizon_days, spells
from mentorplan.retention.report import (
    ALLOWED_MONTHS,
    SUPPRESSED,
    Question,
    Report,
    ReportError,
    Table,
    build_report,
    contract_csv_rows,
    contract_json,
)

__all__ = [
    "EmploymentRecord", "Spell", "horizon_days", "spells",
    "ALLOWED_MONTHS", "SUPPRESSED", "Question", "Report", "ReportError", "Table", "build_report",
    "contract_csv_rows", "contract_json",
]

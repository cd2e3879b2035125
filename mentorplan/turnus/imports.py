"""Importing a turnus file (see turnus.reading): check it, apply it, then re-place the plans it
touches — the operation the `import-turnus` command and the upload page share.

The check and the preview are `turnus.changes.plan_turnus_import` (it only reads), the writing
`turnus.applying.apply_turnus_plan` (it flushes and the caller commits once, so an import is all
or nothing); `import_turnus` is the two in one. `after_turnus_change` is the follow-up, a unit of
work of its own after the import's commit.

Speed (a year for 6 000 people is about 1.3 million rows): people, employments and the code
table are loaded with one query each, existing rows with one Core query per 500 people, and
rows are deleted by id in chunks of 5 000 and inserted in bulk straight to the driver (see
`applying._insert`) — never one ORM object per row.

Measured (2026-11, the 2-CPU development machine shared with other work, Python 3.11,
SQLAlchemy 2.1, a synthetic file of 365 days per person with D1/K1/N1 shifts, F1 and FE;
read = parse the file, plan = check and compare, write = write and commit):

  100 000 rows (273 people)      SQLite: first import 0.6 s, same file again 0.5 s, a different
                                 file 1.3 s. PostgreSQL 15: 1.4 s, 0.5 s, 1.4 s.
  1.3 million rows (3 561 people; 867 000 shifts, 108 000 absences; 620 MB peak):
                                 SQLite: first 10 s (read 3.5, plan 1.2, write 5), same again
                                 8 s, different 21 s (632 000 rows replaced). PostgreSQL:
                                 12 s, 7.5 s, 18 s.

Before the bulk paths, SQLAlchemy's executemany took 14 s (SQLite) and 32 s (PostgreSQL) to
write the first import, and Python's cycle collector a third of everything else.
"""
from collections.abc import Collection

from mentorplan.extensions import db
from mentorplan.models import Kommune
from mentorplan.scheduling.service import replan_people
from mentorplan.turnus.applying import apply_turnus_plan
from mentorplan.turnus.changes import TurnusSummary, plan_turnus_import
from mentorplan.turnus.entries import TurnusFile


def import_turnus(kommune: Kommune, turnus: TurnusFile,
                  allowed_person_ids: Collection[int] | None = None) -> TurnusSummary:
    """Check and apply a read file (adds and flushes; the caller commits). Raises TurnusFileError."""
    return apply_turnus_plan(plan_turnus_import(kommune, turnus, allowed_person_ids))


def after_turnus_change(person_ids: Collection[int]) -> Exception | None:
    """Re-place the plans of people whose shifts changed (DOMAIN.md: new import → re-placed), and commit.

    The one follow-up the command and the upload page share, called after the import is
    committed: the turnus stands whatever happens here, so this is a second unit of work of its
    own. A failure is rolled back and returned for the caller to report; None when all went well.
    """
    try:
        if person_ids:
            replan_people(set(person_ids))
        db.session.commit()
    except Exception as error:  # the import stands; the plans can be re-placed later
        db.session.rollback()
        return error
    return None

"""Reading a plan's activities to rewrite them, without writing over what someone recorded meanwhile."""
from sqlalchemy import select

from mentorplan.extensions import db
from mentorplan.models import Plan, PlanActivity

LOCK_CHUNK = 1000  # plan ids per statement, well under PostgreSQL's 65 535 parameters


def read_for_update(plans: list[Plan]) -> None:
    """Lock the plans' activities and read them again, before anything is decided from them.

    A re-plan (scheduling/service.py) reads each activity's status and writes a placement back,
    and a new template version (plans/operations.apply_template) replaces the open ones; a mentor
    may mark one done in between, and the write would then put back, or delete, what was read
    before it (a lost update: the mentor was told «utført»). Row locks (SELECT … FOR UPDATE) taken
    here make that mark wait until this transaction ends, or make this read wait for the mark and
    see it, so the rewrite always decides from what is committed. Locks rather than a version
    column: the rewrite then waits a few milliseconds instead of failing and starting over, and
    the re-plan's bulk write stays one statement. Rows are locked in id order, so two re-plans of
    overlapping plans queue instead of deadlocking. SQLite has no row locks (FOR UPDATE renders as
    nothing): there a writing request holds the database's write lock from its first statement
    (ops/sqlite.py, BEGIN IMMEDIATE), which gives the same guarantee.
    """
    ids = sorted(p.id for p in plans)
    for start in range(0, len(ids), LOCK_CHUNK):
        db.session.scalars(select(PlanActivity).where(PlanActivity.plan_id.in_(ids[start:start + LOCK_CHUNK]))
                           .order_by(PlanActivity.id).with_for_update()
                           .execution_options(populate_existing=True)).all()

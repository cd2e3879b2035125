"""Versions of a template, shared by plan templates and checklist templates.

Both are versioned the same way: the kommune has a published template with no unit; a unit may
make its own versions, one draft at a time, numbered on from its newest; a published version is
never changed again, so the plans and checklists made from it keep what they were given. New
plans and checklists at a unit take its newest published version, or else the kommune's.

`model` is `PlanTemplate` or `ChecklistTemplate`: both have kommune_id, unit_id, version, status,
published_at and created_by_id. Operations add and flush; the caller commits.
"""
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import and_, or_, select

from mentorplan.extensions import db
from mentorplan.models import (
    ChecklistTemplate,
    Person,
    PlanTemplate,
    TemplateStatus,
    Unit,
)
from mentorplan.models.types import utcnow
from mentorplan.plans.errors import ProgrammeError

Template = TypeVar("Template", PlanTemplate, ChecklistTemplate)


def kommune_version(model: type[Template], kommune_id: int, *where) -> Template | None:
    """The kommune's newest published template (no unit), narrowed by `where` (a checklist's kind)."""
    return db.session.scalars(
        select(model)
        .where(model.kommune_id == kommune_id, model.unit_id.is_(None),
               *where, model.status == TemplateStatus.PUBLISHED)
        .order_by(model.version.desc())
    ).first()


def current_version(model: type[Template], unit: Unit, *kommune_where) -> Template | None:
    """The unit's newest published version, or else the kommune's saved one (narrowed by
    `kommune_where`): one query for both, the unit's own versions first. None when neither is
    saved yet, and the caller saves the shipped one."""
    kommunes = and_(model.kommune_id == unit.kommune_id, model.unit_id.is_(None), *kommune_where)
    return db.session.scalars(
        select(model)
        .where(model.status == TemplateStatus.PUBLISHED, or_(model.unit_id == unit.id, kommunes))
        .order_by(model.unit_id.is_(None), model.version.desc()).limit(1)
    ).first()


def unit_versions(model: type[Template], unit: Unit) -> list[Template]:
    """The unit's own versions, newest first."""
    return list(db.session.scalars(
        select(model).where(model.unit_id == unit.id).order_by(model.version.desc())))


def draft_version(model: type[Template], unit: Unit) -> Template | None:
    return next((t for t in unit_versions(model, unit) if t.is_draft), None)


def new_draft_version(model: type[Template], unit: Unit, author: Person,
                      current: Callable[[Unit], Template], contents: Callable[[Template], dict]) -> Template:
    """A draft copy of the unit's current version as its next version, or the draft it already has.

    `current` finds the version to copy; `contents` gives the copied content (activities, items)
    as keyword arguments for `model`."""
    versions = unit_versions(model, unit)
    existing = next((t for t in versions if t.is_draft), None)
    if existing is not None:
        return existing
    source = current(unit)
    draft = model(
        kommune_id=unit.kommune_id, unit=unit,
        name=source.name if source.unit_id is not None else f"{source.name} – {unit.name}",
        version=max((t.version for t in versions), default=0) + 1,
        status=TemplateStatus.DRAFT, created_by_id=author.id, **contents(source))
    db.session.add(draft)
    db.session.flush()
    return draft


def publish_version(template: Template, already_published: str) -> None:
    """Publish a draft; `already_published` is the message when it is not a draft."""
    if not template.is_draft:
        raise ProgrammeError(already_published)
    template.status, template.published_at = TemplateStatus.PUBLISHED, utcnow()
    db.session.flush()

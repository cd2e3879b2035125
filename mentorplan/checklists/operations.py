"""Operations on training checklists: the shipped templates, a unit's own versions, and the
mentee's self-assessment and the mentor's sign-off. Operations add and flush; the caller commits."""
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import func, select

from mentorplan.extensions import db
from mentorplan.models import (
    Checklist,
    ChecklistEntry,
    ChecklistItem,
    ChecklistKind,
    ChecklistTemplate,
    Kommune,
    Mentorship,
    Person,
    TemplateStatus,
    Unit,
)
from mentorplan.models.types import utcnow
from mentorplan.planning.checklists import (
    HJEMMESYKEPLEIE_NAME,
    INSTITUSJON_NAME,
    CategoryProgress,
    category_progress,
    default_items,
)
from mentorplan.plans import versions
from mentorplan.plans.errors import ProgrammeError

NAMES = {ChecklistKind.INSTITUSJON: INSTITUSJON_NAME, ChecklistKind.HJEMMESYKEPLEIE: HJEMMESYKEPLEIE_NAME}
# A mark on an item: which columns it sets, and whether it is the mentee's own or the mentor's.
MARKS = {
    "opplaering": ("trained_on", "trained_by", "mentee"),
    "mestrer": ("mastered_on", "mastered_by", "mentee"),
    "godkjent": ("signed_off_on", "signed_off_by", "mentor"),
}


def checklist_kind(unit: Unit) -> ChecklistKind:
    return ChecklistKind.HJEMMESYKEPLEIE if unit.unit_type.is_home_care else ChecklistKind.INSTITUSJON


def _items(pairs) -> list[ChecklistItem]:
    return [ChecklistItem(position=i, category=c, text=t) for i, (c, t) in enumerate(pairs, 1)]


def kommune_checklist(kommune: Kommune, kind: ChecklistKind, create: bool = True) -> ChecklistTemplate:
    """The kommune's newest published checklist of a kind, created from the shipped one if none.
    With `create=False` (pages that only show it) the shipped one is returned unsaved: a GET
    that does not commit would otherwise insert it, and roll it back, on every request."""
    template = versions.kommune_version(ChecklistTemplate, kommune.id, ChecklistTemplate.kind == kind)
    if template is None and not create:
        return ChecklistTemplate(
            kommune_id=kommune.id, kind=kind, name=NAMES[kind], version=1, status=TemplateStatus.PUBLISHED,
            items=_items(default_items(kind is ChecklistKind.HJEMMESYKEPLEIE)))
    if template is None:
        template = ChecklistTemplate(
            kommune=kommune, kind=kind, name=NAMES[kind], version=1, status=TemplateStatus.PUBLISHED,
            published_at=utcnow(), items=_items(default_items(kind is ChecklistKind.HJEMMESYKEPLEIE)))
        db.session.add(template)
        db.session.flush()
    return template


def unit_checklists(unit: Unit) -> list[ChecklistTemplate]:
    return versions.unit_versions(ChecklistTemplate, unit)


def current_checklist(unit: Unit, create: bool = True) -> ChecklistTemplate:
    """The unit's newest published checklist, or the kommune's of the unit's kind (the kommune is
    loaded only when none is saved yet)."""
    kind = checklist_kind(unit)
    template = versions.current_version(ChecklistTemplate, unit, ChecklistTemplate.kind == kind)
    return template if template is not None else kommune_checklist(unit.kommune, kind, create)


def draft_checklist(unit: Unit) -> ChecklistTemplate | None:
    return versions.draft_version(ChecklistTemplate, unit)


def new_checklist_draft(unit: Unit, author: Person) -> ChecklistTemplate:
    """A draft copy of the unit's current checklist; mentees' checklists stay on their version."""
    return versions.new_draft_version(ChecklistTemplate, unit, author, current_checklist, _copied_contents)


def _copied_contents(source: ChecklistTemplate) -> dict:
    return {"kind": source.kind, "items": _items((i.category, i.text) for i in source.items)}


def set_items(draft: ChecklistTemplate, sections: list[tuple[str, list[str]]]) -> None:
    """Replace a draft's items: (category, items) in order; empty categories are dropped."""
    if not draft.is_draft:
        raise ProgrammeError("Bare en kladd kan endres.")
    pairs = [(category, text) for category, texts in sections for text in texts]
    if not pairs:
        raise ProgrammeError("Sjekklisten må ha minst ett punkt.")
    draft.items.clear()
    db.session.flush()
    draft.items.extend(_items(pairs))
    db.session.flush()


def publish_checklist(template: ChecklistTemplate) -> None:
    versions.publish_version(template, "Sjekklisten er allerede publisert.")


# --- The mentee's checklist ---------------------------------------------------------------

def checklist_of(mentorship: Mentorship) -> Checklist | None:
    return db.session.scalar(select(Checklist).where(Checklist.mentorship_id == mentorship.id))


def ensure_checklist(mentorship: Mentorship) -> Checklist:
    """The mentee's checklist, on the unit's current version the first time it is needed."""
    checklist = checklist_of(mentorship)
    if checklist is None:
        checklist = Checklist(mentorship=mentorship, template=current_checklist(mentorship.employment.unit))
        db.session.add(checklist)
        db.session.flush()
    return checklist


@dataclass(frozen=True)
class ChecklistState:
    template: ChecklistTemplate
    sections: list[tuple[str, list[tuple[ChecklistItem, ChecklistEntry | None]]]]
    progress: list[CategoryProgress]

    @property
    def signed_off(self) -> int:
        return sum(p.signed_off for p in self.progress)

    @property
    def total(self) -> int:
        return sum(p.total for p in self.progress)


def state_of(mentorship: Mentorship) -> ChecklistState:
    """Every item with where it stands, grouped by category, and progress per category."""
    checklist = checklist_of(mentorship)
    template = checklist.template if checklist else current_checklist(mentorship.employment.unit)
    entries = {e.item_id: e for e in checklist.entries} if checklist else {}
    sections: dict[str, list] = {}
    for item in template.items:
        sections.setdefault(item.category, []).append((item, entries.get(item.id)))
    progress = category_progress(
        (item.category, bool(e and e.trained_on), bool(e and e.mastered_on), bool(e and e.signed_off_on))
        for item, e in ((i, entries.get(i.id)) for i in template.items))
    return ChecklistState(template, list(sections.items()), progress)


def item_on_checklist(mentorship: Mentorship, item_id: int) -> ChecklistItem | None:
    """The item with this id if it is on the mentorship's checklist (the pinned version, or the
    unit's current one before it is pinned); None for any other, so an id from a request tells
    nothing of another unit's or kommune's items."""
    checklist = checklist_of(mentorship)
    template_id = checklist.template_id if checklist else current_checklist(mentorship.employment.unit).id
    return db.session.scalar(select(ChecklistItem).where(ChecklistItem.id == item_id,
                                                         ChecklistItem.template_id == template_id))


def mark(mentorship: Mentorship, item: ChecklistItem, mark_name: str, on: date | None, by: Person,
         today: date) -> ChecklistEntry:
    """Set (with a date) or clear (on=None) one mark on an item; who may do it is access's to say."""
    if mark_name not in MARKS:
        raise ProgrammeError("Ukjent markering.")
    checklist = ensure_checklist(mentorship)
    if item.template_id != checklist.template_id:
        raise ProgrammeError("Punktet hører ikke til denne sjekklisten.")
    if on is not None and on > today:
        raise ProgrammeError("Datoen kan ikke være fram i tid.")
    if on is not None and on < mentorship.start_date:
        raise ProgrammeError(f"Datoen kan ikke være før mentorforløpet begynte ({mentorship.start_date:%d.%m.%Y}).")
    entry = next((e for e in checklist.entries if e.item_id == item.id), None)
    if entry is None:
        entry = ChecklistEntry(item=item)
        checklist.entries.append(entry)
    day_column, person_column, _ = MARKS[mark_name]
    setattr(entry, day_column, on)
    setattr(entry, person_column, by if on is not None else None)
    db.session.flush()
    return entry


class SignedOff(NamedTuple):
    signed_off: int
    total: int


def signed_off_counts(mentorships: list[Mentorship], unit: Unit) -> dict[int, SignedOff]:
    """Mentorship id → (items signed off by the mentor, items) of each mentee's checklist, as
    `state_of(m).signed_off, .total` give them, in one query however many mentorships (a mentee
    without a checklist yet has the unit's current one, nothing signed off: up to two more)."""
    ids = [m.id for m in mentorships]
    if not ids:
        return {}
    signed = (select(ChecklistEntry.checklist_id, func.count(ChecklistEntry.id).label("n"))
              .join(ChecklistItem, ChecklistItem.id == ChecklistEntry.item_id)
              .join(Checklist, Checklist.id == ChecklistEntry.checklist_id)
              .where(Checklist.mentorship_id.in_(ids), ChecklistEntry.signed_off_on.is_not(None),
                     ChecklistItem.template_id == Checklist.template_id)
              .group_by(ChecklistEntry.checklist_id).subquery())
    size = (select(func.count(ChecklistItem.id)).where(ChecklistItem.template_id == Checklist.template_id)
            .correlate(Checklist).scalar_subquery())
    own = {mentorship_id: SignedOff(n or 0, total or 0) for mentorship_id, n, total in db.session.execute(
        select(Checklist.mentorship_id, signed.c.n, size)
        .outerjoin(signed, signed.c.checklist_id == Checklist.id).where(Checklist.mentorship_id.in_(ids)))}
    default = _current_size(unit) if len(own) < len(ids) else 0
    return {i: own[i] if i in own else SignedOff(0, default) for i in ids}


def _current_size(unit: Unit) -> int:
    """The number of items on the unit's current checklist, without building the shipped one."""
    kind = checklist_kind(unit)
    template = versions.current_version(ChecklistTemplate, unit, ChecklistTemplate.kind == kind)
    if template is None:
        return len(default_items(kind is ChecklistKind.HJEMMESYKEPLEIE))
    return db.session.scalar(select(func.count(ChecklistItem.id)).where(ChecklistItem.template_id == template.id))

"""Checklist forms: marking an item, and editing a unit's checklist version."""
from wtforms import HiddenField, StringField, TextAreaField
from wtforms.validators import AnyOf, Optional, ValidationError

from mentorplan.conversations.forms import check_lines, too_long
from mentorplan.planning.checklists import parse_lines
from mentorplan.web.forms import NorwegianDateField, NorwegianForm


class ChecklistMarkForm(NorwegianForm):
    mark = HiddenField(validators=[AnyOf(("opplaering", "mestrer", "godkjent"), message="Ugyldig markering.")])
    action = HiddenField(validators=[AnyOf(("sett", "fjern"), message="Ugyldig valg.")])
    on = NorwegianDateField("Dato", validators=[Optional()])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if self.action.data == "sett" and self.on.data is None:
            self.on.errors = ["Skriv inn en gyldig dato (dd.mm.åååå)."]
            return False
        return valid


def checklist_edit_form(sections: list[tuple[str, list[str]]]):
    """A name and a text area (one item per line) per category, and one empty pair for a new category."""

    class ChecklistEditForm(NorwegianForm):
        def sections(self) -> list[tuple[str, list[str]]]:
            pairs = [(self[f"name_{i}"].data.strip(), parse_lines(self[f"items_{i}"].data or ""))
                     for i in range(self.count)]
            return [(name, items) for name, items in pairs if items]

        def validate(self, extra_validators=None):
            valid = super().validate(extra_validators)
            if valid and not self.sections():
                self.form_errors.append("Sjekklisten må ha minst ett punkt.")
                return False
            return valid

    rows = list(sections) + [("", [])]
    ChecklistEditForm.count = len(rows)
    for i, (name, items) in enumerate(rows):
        label = f"Kategori {i + 1}" if name else "Ny kategori"
        setattr(ChecklistEditForm, f"name_{i}", StringField(
            f"{label}: navn", default=name, validators=[too_long("Kategorinavnet", 80)]))
        setattr(ChecklistEditForm, f"items_{i}", TextAreaField(
            f"{label}: punkter (ett per linje)", default="\n".join(items), validators=[_items_validator(i)]))
    return ChecklistEditForm


def _items_validator(index: int):
    def validate(form, field):
        lines = parse_lines(field.data or "")
        if lines and not form[f"name_{index}"].data.strip():
            raise ValidationError("Gi kategorien et navn.")
        check_lines(lines, "Punkter", 200, 60)
    return validate

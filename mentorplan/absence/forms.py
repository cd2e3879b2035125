"""The absence form: a whole-day absence registered by a leader."""
from wtforms import (
    SelectChoice,
    SelectField,
)
from wtforms.validators import DataRequired, ValidationError

from mentorplan.models import ABSENCE_LABELS
from mentorplan.web.forms import NorwegianDateField, NorwegianForm, choices


class AbsenceForm(NorwegianForm):
    person_id = SelectField("Hvem", coerce=int, validate_choice=False)
    kind = SelectField("Fravær", choices=choices({k.value: label.capitalize() for k, label in ABSENCE_LABELS.items()}))
    first_day = NorwegianDateField("Fra og med", validators=[DataRequired("Skriv inn første fraværsdag.")])
    last_day = NorwegianDateField("Til og med", validators=[DataRequired("Skriv inn siste fraværsdag.")])

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.id: p for p in people}
        self.person_id.choices = [SelectChoice(0, "Velg person")] + [
            SelectChoice(p.id, f"{p.full_name} ({p.employee_number})") for p in people]

    def validate_person_id(self, field):
        if field.data not in self.people:
            raise ValidationError("Velg en person du er leder for.")

    def validate_last_day(self, field):
        if self.first_day.data and field.data:
            if field.data < self.first_day.data:
                raise ValidationError("Siste dag kan ikke være før første dag.")
            if (field.data - self.first_day.data).days > 366:
                raise ValidationError("Registrer høyst ett år om gangen.")



"""Roster forms: appointing mentors, the unit's terms, the payroll period, mentors' training."""
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.files.input_rules import HISTORY_DATES
from mentorplan.models import TrainingStatus
from mentorplan.web.forms import NorwegianDateField, NorwegianForm, WholeNumberField


class AppointMentorForm(NorwegianForm):
    person_id = SelectField("Mentor", coerce=int, validate_choice=False)
    valid_from = NorwegianDateField("Oppnevnt fra",
                                    validators=[DataRequired("Skriv inn første dag som mentor (dd.mm.åååå).")])
    valid_to = NorwegianDateField("Oppnevnt til", validators=[Optional()])

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {p.id: p for p in people}
        self.person_id.choices = [SelectChoice(p.id, f"{p.full_name} ({p.employee_number})") for p in people]

    def validate_person_id(self, field):
        if field.data not in self.people:
            raise ValidationError("Velg en ansatt ved enheten.")

    def validate_valid_to(self, field):
        if field.data and self.valid_from.data and field.data < self.valid_from.data:
            raise ValidationError("Sluttdatoen kan ikke være før startdatoen.")


class TermsForm(NorwegianForm):
    annual_supplement = WholeNumberField(
        "Funksjonstillegg per år (kr)",
        validators=[InputRequired("Skriv inn beløpet per år."),
                    NumberRange(0, 200_000, "Beløpet må være mellom 0 og 200 000 kr.")])
    mentee_limit = WholeNumberField(
        "Høyst antall mentees per mentor",
        validators=[InputRequired("Skriv inn et antall."), NumberRange(1, 20, "Antallet må være mellom 1 og 20.")])


class PayrollForm(NorwegianForm):
    """The payroll period, asked with GET so that an export has a link."""

    class Meta:
        csrf = False

    first = NorwegianDateField("Fra og med",
                               validators=[DataRequired("Skriv inn første dag i perioden (dd.mm.åååå).")])
    last = NorwegianDateField("Til og med",
                              validators=[DataRequired("Skriv inn siste dag i perioden (dd.mm.åååå).")])

    def validate_last(self, field):
        if field.data and self.first.data and field.data < self.first.data:
            raise ValidationError("Perioden må slutte samme dag som eller etter at den begynner.")


class TrainingForm(NorwegianForm):
    person_id = SelectField("Mentor", coerce=int, validate_choice=False)
    programme = StringField("Utdanning", validators=[DataRequired("Skriv inn navnet på utdanningen."), Length(max=160)])
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in TrainingStatus])
    # A mentor may have taken the education long before being appointed.
    started_on = NorwegianDateField("Startet", window=HISTORY_DATES, validators=[Optional()])
    completed_on = NorwegianDateField("Fullført", window=HISTORY_DATES, validators=[Optional()])

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = {p.id: p for p in mentors}
        self.person_id.choices = [SelectChoice(p.id, p.full_name) for p in mentors]

    def validate_person_id(self, field):
        if field.data not in self.mentors:
            raise ValidationError("Velg en av enhetens mentorer.")



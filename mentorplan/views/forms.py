"""The forms of the pages; every message is Norwegian and tied to its field."""
from sqlalchemy import select
from wtforms import (
    BooleanField,
    SelectChoice,
    DateField,
    DecimalField,
    EmailField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from mentorplan.extensions import db
from mentorplan.forms import NorwegianForm
from mentorplan.staff_csv import overlaps, period_text
from mentorplan.models import ABSENCE_LABELS, END_REASON_LABELS, PROFESSION_LABELS, Person
from mentorplan.templating import KIND_LABELS, RESPONSIBLE_LABELS

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class WholeNumberField(IntegerField):
    """An integer field whose one message, when the input is no number, is ours."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Skriv inn et helt tall.") from error


def choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]
REQUIRED = "Feltet må fylles ut."


class CompleteActivityForm(NorwegianForm):
    completed_on = DateField("Utført dato", format=DATE_FORMATS,
                             validators=[DataRequired("Skriv inn datoen aktiviteten ble utført (dd.mm.åååå).")])

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_completed_on(self, field):
        if self.today is not None and field.data > self.today:
            raise ValidationError("Datoen kan ikke være fram i tid.")


class NewHireForm(NorwegianForm):
    first_name = StringField("Fornavn", validators=[DataRequired(REQUIRED), Length(max=80)])
    last_name = StringField("Etternavn", validators=[DataRequired(REQUIRED), Length(max=80)])
    employee_number = StringField("Ansattnummer", validators=[DataRequired(REQUIRED), Length(max=20)])
    email = EmailField("E-post", validators=[Optional(), Email("Skriv inn en gyldig e-postadresse.")])
    profession = SelectField("Stilling", choices=choices({p.value: label for p, label in PROFESSION_LABELS.items()}))
    # The choices depend on the leader; checked in validate_* with our own messages.
    ward_id = SelectField("Avdeling", coerce=int, validate_choice=False)
    start_date = DateField("Startdato", format=DATE_FORMATS,
                           validators=[DataRequired("Skriv inn en gyldig startdato (dd.mm.åååå).")])
    position_percent = WholeNumberField(
        "Stillingsprosent", default=100,
        validators=[InputRequired("Skriv inn stillingsprosent."),
                    NumberRange(1, 100, "Stillingsprosenten må være mellom 1 og 100.")])
    newly_graduated = BooleanField("Nyutdannet")
    mentor_id = SelectField("Mentor", coerce=int, validate_choice=False)

    def __init__(self, *args, kommune_id: int, wards, mentors_by_unit: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.kommune_id = kommune_id
        self.ward_unit = {w.id: w.unit_id for w in wards}
        self.mentors_by_unit = mentors_by_unit
        self.ward_id.choices = [SelectChoice(w.id, w.name, optgroup=w.unit.name) for w in wards]
        self.mentor_id.choices = [SelectChoice(0, "Velg mentor")] + [
            SelectChoice(m.id, m.full_name, optgroup=unit_name)
            for unit_name, mentors in mentors_by_unit.values() for m in mentors
        ]

    def validate_employee_number(self, field):
        taken = db.session.scalar(select(Person.id).where(
            Person.kommune_id == self.kommune_id, Person.employee_number == field.data.strip()))
        if taken is not None:
            raise ValidationError("Ansattnummeret er allerede i bruk i kommunen.")

    def validate_ward_id(self, field):
        if field.data not in self.ward_unit:
            raise ValidationError("Velg en avdeling du er leder for.")

    def validate_mentor_id(self, field):
        if not field.data:
            raise ValidationError("Velg en mentor.")
        unit_id = self.ward_unit.get(self.ward_id.data)
        _, mentors = self.mentors_by_unit.get(unit_id, ("", []))
        if field.data not in {m.id for m in mentors}:
            raise ValidationError("Mentoren må være mentor ved samme enhet som avdelingen.")


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class TemplateActivityForm(NorwegianForm):
    kind = SelectField("Type", choices=choices(KIND_LABELS))
    title = StringField("Tittel", validators=[DataRequired(REQUIRED), Length(max=160)])
    responsible = SelectField("Ansvarlig", choices=choices(RESPONSIBLE_LABELS))
    participants = MultiCheckboxField("Deltar", choices=choices(RESPONSIBLE_LABELS))
    due_from_day = WholeNumberField("Tidligst (dag)", validators=[
        InputRequired("Skriv inn første dag i vinduet."),
        NumberRange(-60, 730, "Dagen må være mellom -60 og 730.")])
    due_to_day = WholeNumberField("Senest (dag)", validators=[
        InputRequired("Skriv inn siste dag i vinduet."),
        NumberRange(-60, 730, "Dagen må være mellom -60 og 730.")])
    duration_minutes = WholeNumberField("Varighet (minutter)", validators=[
        Optional(), NumberRange(5, 720, "Varigheten må være mellom 5 og 720 minutter.")])
    needs_shared_shift = BooleanField("Mentor og nytilsatt må være på vakt samtidig")
    guidance = TextAreaField("Veiledning", validators=[Length(max=4000)])

    def validate_due_to_day(self, field):
        if self.due_from_day.data is not None and field.data is not None and field.data < self.due_from_day.data:
            raise ValidationError("Siste dag kan ikke være før første dag.")


class EmptyForm(NorwegianForm):
    """A form with only the CSRF token, for buttons that post."""


class AbsenceForm(NorwegianForm):
    person_id = SelectField("Hvem", coerce=int, validate_choice=False)
    kind = SelectField("Fravær", choices=choices({k.value: label.capitalize() for k, label in ABSENCE_LABELS.items()}))
    first_day = DateField("Fra og med", format=DATE_FORMATS,
                          validators=[DataRequired("Skriv inn første fraværsdag.")])
    last_day = DateField("Til og med", format=DATE_FORMATS,
                         validators=[DataRequired("Skriv inn siste fraværsdag.")])

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


class RetentionForm(NorwegianForm):
    """The retention report's question, asked with GET so that a report has a link."""

    class Meta:
        csrf = False

    start_from = DateField("Ansatt fra", format=DATE_FORMATS,
                           validators=[DataRequired("Skriv inn første startdato i perioden (dd.mm.åååå).")])
    start_to = DateField("Ansatt til", format=DATE_FORMATS,
                         validators=[DataRequired("Skriv inn siste startdato i perioden (dd.mm.åååå).")])
    months = SelectField("Antall måneder", coerce=int, validate_choice=False,
                         choices=[SelectChoice(m, f"{m} måneder") for m in (3, 6, 12, 24)])
    as_of = DateField("Per dato", format=DATE_FORMATS,
                      validators=[DataRequired("Skriv inn datoen tallene skal gjelde per (dd.mm.åååå).")])
    unit_id = SelectField("Enhet", coerce=int, validate_choice=False)

    def __init__(self, *args, units, all_label: str | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.id: u for u in units}
        self.unit_id.choices = ([SelectChoice(0, all_label)] if all_label else []) + [
            SelectChoice(u.id, u.name) for u in units]

    def validate_unit_id(self, field):
        # 0 stands for every unit the viewer may see.
        if field.data != 0 and field.data not in self.units:
            raise ValidationError("Velg en enhet du har tilgang til.")


class PercentField(DecimalField):
    """A number that may be written with a decimal comma, as Norwegians do."""

    def process_formdata(self, valuelist):
        if valuelist:
            valuelist = [valuelist[0].replace(",", ".").replace("%", "").strip()]
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError("Skriv inn et tall, for eksempel 82,5.") from error


class BenchmarkForm(NorwegianForm):
    label = StringField("Navn på referansen", validators=[DataRequired(REQUIRED), Length(max=120)])
    months = SelectField("Etter antall måneder", coerce=int,
                         choices=[SelectChoice(m, f"{m} måneder") for m in (3, 6, 12, 24)])
    percent = PercentField("Andel fortsatt ansatt (prosent)", places=1, validators=[
        InputRequired("Skriv inn andelen i prosent, for eksempel 82,5."),
        NumberRange(0, 100, "Andelen må være mellom 0 og 100 prosent.")])
    source = StringField("Kilde", validators=[Optional(), Length(max=300)])


class EndEmploymentForm(NorwegianForm):
    end_date = DateField("Siste arbeidsdag", format=DATE_FORMATS,
                         validators=[DataRequired("Skriv inn siste arbeidsdag (dd.mm.åååå).")])
    end_reason = SelectField("Sluttårsak", validators=[DataRequired("Velg en sluttårsak.")],
                             choices=[SelectChoice("", "Velg sluttårsak")] + choices(
                                 {reason.value: label for reason, label in END_REASON_LABELS.items()}))

    def __init__(self, *args, employment, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment = employment

    def validate_end_date(self, field):
        start = self.employment.start_date
        if field.data < start:
            raise ValidationError(f"Siste arbeidsdag kan ikke være før startdatoen {start:%d.%m.%Y}.")
        clash = overlapping_employment(self.employment.person, self.employment.unit_id, start, field.data,
                                       besides=self.employment)
        if clash is not None:
            raise ValidationError(overlap_message(clash))


def overlapping_employment(person: Person, unit_id: int, start, end, besides=None):
    """Another employment of the person in the unit that shares a day with [start, end]."""
    return next((e for e in person.employments if e is not besides and e.unit_id == unit_id
                 and overlaps(start, end, e.start_date, e.end_date)), None)


def overlap_message(other) -> str:
    return (f"Overlapper med arbeidsforholdet ved {other.unit.name} "
            f"{period_text(other.start_date, other.end_date)}.")


class NewEmploymentForm(NorwegianForm):
    """HR registers another employment of a person, e.g. at the unit they move to."""

    unit_id = SelectField("Enhet", coerce=int, validate_choice=False)
    start_date = DateField("Startdato", format=DATE_FORMATS,
                           validators=[DataRequired("Skriv inn en gyldig startdato (dd.mm.åååå).")])
    profession = SelectField("Stilling", choices=choices({p.value: label for p, label in PROFESSION_LABELS.items()}))
    position_percent = WholeNumberField(
        "Stillingsprosent", default=100,
        validators=[InputRequired("Skriv inn stillingsprosent."),
                    NumberRange(1, 100, "Stillingsprosenten må være mellom 1 og 100.")])
    newly_graduated = BooleanField("Nyutdannet")

    def __init__(self, *args, person, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.person, self.units = person, {u.id: u for u in units}
        self.unit_id.choices = [SelectChoice(0, "Velg enhet")] + [SelectChoice(u.id, u.name) for u in units]

    def validate_unit_id(self, field):
        if field.data not in self.units:
            raise ValidationError("Velg en enhet i kommunen.")

    def validate_start_date(self, field):
        if self.unit_id.data in self.units:
            clash = overlapping_employment(self.person, self.unit_id.data, field.data, None)
            if clash is not None:
                raise ValidationError(overlap_message(clash))


class PositionChangeForm(NorwegianForm):
    from_date = DateField("Gjelder fra", format=DATE_FORMATS,
                          validators=[DataRequired("Skriv inn datoen endringen gjelder fra (dd.mm.åååå).")])
    position_percent = WholeNumberField(
        "Ny stillingsprosent", validators=[InputRequired("Skriv inn stillingsprosent."),
                                           NumberRange(1, 100, "Stillingsprosenten må være mellom 1 og 100.")])

    def __init__(self, *args, employment, **kwargs):
        super().__init__(*args, **kwargs)
        self.employment = employment

    def validate_from_date(self, field):
        e = self.employment
        if field.data <= e.start_date or (e.end_date is not None and field.data > e.end_date):
            raise ValidationError(f"Datoen må ligge etter starten og innenfor arbeidsforholdet "
                                  f"({period_text(e.start_date, e.end_date)}).")


class ProgrammeStartForm(NorwegianForm):
    """The day a unit started the mentor programme: the line between before and after."""

    unit_id = SelectField("Enhet", coerce=int, validate_choice=False)
    started_on = DateField("Programmet startet", format=DATE_FORMATS, validators=[Optional()])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.id: u for u in units}
        self.unit_id.choices = [SelectChoice(0, "Velg enhet")] + [SelectChoice(u.id, u.name) for u in units]

    def validate_unit_id(self, field):
        if field.data not in self.units:
            raise ValidationError("Velg en enhet i kommunen.")

"""HR's employment forms: a new employment, an end, a change of position; the staff file upload; and the
leader's form for registering a new hire."""
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import select
from wtforms import (
    BooleanField,
    EmailField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.extensions import db
from mentorplan.files.input_rules import HISTORY_DATES
from mentorplan.models import END_REASON_LABELS, PROFESSION_LABELS, Person
from mentorplan.people.staff_csv import overlaps, period_text
from mentorplan.web.forms import REQUIRED, NorwegianDateField, NorwegianForm, WholeNumberField, choices


class EndEmploymentForm(NorwegianForm):
    end_date = NorwegianDateField("Siste arbeidsdag", window=HISTORY_DATES,
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
    start_date = NorwegianDateField("Startdato", window=HISTORY_DATES,
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
    from_date = NorwegianDateField("Gjelder fra", window=HISTORY_DATES, validators=[
        DataRequired("Skriv inn datoen endringen gjelder fra (dd.mm.åååå).")])
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




class StaffUploadForm(NorwegianForm):
    file = FileField("Personalfil", validators=[
        FileRequired("Velg en fil å laste opp."),
        FileAllowed(["csv", "txt"], "Filen må være en CSV-fil (.csv)."),
    ])


class NewHireForm(NorwegianForm):
    first_name = StringField("Fornavn", validators=[DataRequired(REQUIRED), Length(max=80)])
    last_name = StringField("Etternavn", validators=[DataRequired(REQUIRED), Length(max=80)])
    employee_number = StringField("Ansattnummer", validators=[DataRequired(REQUIRED), Length(max=20)])
    email = EmailField("E-post", validators=[Optional(), Email("Skriv inn en gyldig e-postadresse.")])
    profession = SelectField("Stilling", choices=choices({p.value: label for p, label in PROFESSION_LABELS.items()}))
    # The choices depend on the leader; checked in validate_* with our own messages.
    ward_id = SelectField("Avdeling", coerce=int, validate_choice=False)
    start_date = NorwegianDateField("Startdato",
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

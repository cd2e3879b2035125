"""The avdelingsleder's form for registering a new hire."""
from sqlalchemy import select
from wtforms import (
    BooleanField,
    DateField,
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
from mentorplan.models import PROFESSION_LABELS, Person
from mentorplan.web.forms import (
    DATE_FORMATS,
    REQUIRED,
    NorwegianForm,
    WholeNumberField,
    choices,
)


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



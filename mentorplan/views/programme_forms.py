"""Forms of the mentor programme pages: appointing mentors, the unit's terms, the payroll period."""
from wtforms import BooleanField, DateField, HiddenField, SelectChoice, SelectField, StringField, TimeField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from mentorplan.forms import NorwegianForm
from mentorplan.models import TrainingStatus
from mentorplan.pulse import SCORES
from mentorplan.views.forms import DATE_FORMATS, MultiCheckboxField, WholeNumberField


class AppointMentorForm(NorwegianForm):
    person_id = SelectField("Mentor", coerce=int, validate_choice=False)
    valid_from = DateField("Oppnevnt fra", format=DATE_FORMATS,
                           validators=[DataRequired("Skriv inn første dag som mentor (dd.mm.åååå).")])
    valid_to = DateField("Oppnevnt til", format=DATE_FORMATS, validators=[Optional()])

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

    first = DateField("Fra og med", format=DATE_FORMATS,
                      validators=[DataRequired("Skriv inn første dag i perioden (dd.mm.åååå).")])
    last = DateField("Til og med", format=DATE_FORMATS,
                     validators=[DataRequired("Skriv inn siste dag i perioden (dd.mm.åååå).")])

    def validate_last(self, field):
        if field.data and self.first.data and field.data < self.first.data:
            raise ValidationError("Perioden må slutte samme dag som eller etter at den begynner.")


SCORE_CHOICES = [SelectChoice(0, "Velg")] + [
    SelectChoice(n, label) for n, label in ((1, "1 – helt uenig"), (2, "2 – uenig"), (3, "3 – både og"),
                                            (4, "4 – enig"), (5, "5 – helt enig"))]


def _score(label: str) -> SelectField:
    return SelectField(label, coerce=int, choices=SCORE_CHOICES,
                       validators=[NumberRange(1, 5, "Velg et svar fra 1 til 5.")])


class PulseForm(NorwegianForm):
    milestone = HiddenField()
    safety = _score(SCORES["safety"])
    inclusion = _score(SCORES["inclusion"])
    growth = _score(SCORES["growth"])
    workload = _score(SCORES["workload"])
    recommend = _score(SCORES["recommend"])
    intends_to_stay = SelectField("Har du tenkt å fortsette her det neste året?", choices=[
        SelectChoice("", "Velg"), SelectChoice("ja", "Ja, jeg har tenkt å bli"),
        SelectChoice("nei", "Nei, jeg vurderer å slutte")], validators=[DataRequired("Velg ja eller nei.")])
    wants_conversation = BooleanField("Jeg ønsker en samtale med avdelingslederen min om dette")


class TrainingForm(NorwegianForm):
    person_id = SelectField("Mentor", coerce=int, validate_choice=False)
    programme = StringField("Utdanning", validators=[DataRequired("Skriv inn navnet på utdanningen."), Length(max=160)])
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label) for s in TrainingStatus])
    started_on = DateField("Startet", format=DATE_FORMATS, validators=[Optional()])
    completed_on = DateField("Fullført", format=DATE_FORMATS, validators=[Optional()])

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentors = {p.id: p for p in mentors}
        self.person_id.choices = [SelectChoice(p.id, p.full_name) for p in mentors]

    def validate_person_id(self, field):
        if field.data not in self.mentors:
            raise ValidationError("Velg en av enhetens mentorer.")


class NetworkForm(NorwegianForm):
    name = StringField("Navn på nettverket", validators=[DataRequired("Skriv inn et navn."), Length(max=160)])
    unit_ids = MultiCheckboxField("Enheter", coerce=int, validate_choice=False)
    first = DateField("Første møte", format=DATE_FORMATS,
                      validators=[DataRequired("Skriv inn datoen for første møte (dd.mm.åååå).")])
    starts = TimeField("Fra klokken", validators=[DataRequired("Skriv inn når møtet begynner (tt:mm).")])
    ends = TimeField("Til klokken", validators=[DataRequired("Skriv inn når møtet slutter (tt:mm).")])
    interval_months = SelectField("Hvor ofte", coerce=int, choices=[
        SelectChoice(1, "Hver måned"), SelectChoice(2, "Annenhver måned"), SelectChoice(3, "Hver tredje måned")])
    count = WholeNumberField("Antall møter", validators=[
        InputRequired("Skriv inn antall møter."), NumberRange(1, 24, "Planlegg mellom 1 og 24 møter om gangen.")])
    location = StringField("Sted", validators=[Optional(), Length(max=200)])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.id: u for u in units}
        self.unit_ids.choices = [SelectChoice(u.id, u.name) for u in units]

    def validate_unit_ids(self, field):
        if not field.data:
            raise ValidationError("Velg minst én enhet.")
        if any(i not in self.units for i in field.data):
            raise ValidationError("Velg enheter du har tilgang til.")

    def validate_ends(self, field):
        if field.data and self.starts.data and field.data <= self.starts.data:
            raise ValidationError("Møtet må slutte etter at det begynner.")

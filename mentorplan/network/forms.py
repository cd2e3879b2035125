"""The form that plans mentor network meetings from a recurrence."""
from wtforms import SelectChoice, SelectField, StringField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.web.forms import (
    ClockField,
    MultiCheckboxField,
    NorwegianDateField,
    NorwegianForm,
    WholeNumberField,
)


class NetworkForm(NorwegianForm):
    name = StringField("Navn på nettverket", validators=[DataRequired("Skriv inn et navn."), Length(max=160)])
    unit_ids = MultiCheckboxField("Enheter", coerce=int, validate_choice=False)
    first = NorwegianDateField("Første møte", validators=[
        DataRequired("Skriv inn datoen for første møte (dd.mm.åååå).")])
    starts = ClockField("Fra klokken", validators=[DataRequired("Skriv inn når møtet begynner (tt:mm).")])
    ends = ClockField("Til klokken", validators=[DataRequired("Skriv inn når møtet slutter (tt:mm).")])
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

"""The retention report's question, the programme start, and HR's benchmark lines."""
from wtforms import (
    DecimalField,
    SelectChoice,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.files.input_rules import HISTORY_DATES
from mentorplan.retention.report import ALLOWED_MONTHS
from mentorplan.web.forms import REQUIRED, NorwegianDateField, NorwegianForm


def _month_choices() -> list[SelectChoice]:
    """The horizons the report reads off the curve (retention.ALLOWED_MONTHS)."""
    return [SelectChoice(m, f"{m} måneder") for m in ALLOWED_MONTHS]


class RetentionForm(NorwegianForm):
    """The retention report's question, asked with GET so that a report has a link."""

    class Meta:
        csrf = False

    start_from = NorwegianDateField("Ansatt fra", window=HISTORY_DATES, validators=[
        DataRequired("Skriv inn første startdato i perioden (dd.mm.åååå).")])
    start_to = NorwegianDateField("Ansatt til", window=HISTORY_DATES,
                                  validators=[DataRequired("Skriv inn siste startdato i perioden (dd.mm.åååå).")])
    months = SelectField("Antall måneder", coerce=int, validate_choice=False, choices=_month_choices())
    as_of = NorwegianDateField("Per dato", window=HISTORY_DATES,
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
    months = SelectField("Etter antall måneder", coerce=int, choices=_month_choices())
    percent = PercentField("Andel fortsatt ansatt (prosent)", places=1, validators=[
        InputRequired("Skriv inn andelen i prosent, for eksempel 82,5."),
        NumberRange(0, 100, "Andelen må være mellom 0 og 100 prosent.")])
    source = StringField("Kilde", validators=[Optional(), Length(max=300)])


class ProgrammeStartForm(NorwegianForm):
    """The day a unit started the mentor programme: the line between before and after."""

    unit_id = SelectField("Enhet", coerce=int, validate_choice=False)
    started_on = NorwegianDateField("Programmet startet", window=HISTORY_DATES, validators=[Optional()])

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.id: u for u in units}
        self.unit_id.choices = [SelectChoice(0, "Velg enhet")] + [SelectChoice(u.id, u.name) for u in units]

    def validate_unit_id(self, field):
        if field.data not in self.units:
            raise ValidationError("Velg en enhet i kommunen.")

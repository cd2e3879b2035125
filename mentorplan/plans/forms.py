"""Plan forms: completing an activity, a template's activities and talking points, handing over a mentee."""
from datetime import date

from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.conversations.forms import TOPIC_MAX, check_lines, too_long
from mentorplan.conversations.operations import CONVERSATION_PHASES, MAX_TALKING_POINTS
from mentorplan.planning.checklists import parse_lines
from mentorplan.web.forms import (
    REQUIRED,
    MultiCheckboxField,
    NorwegianDateField,
    NorwegianForm,
    WholeNumberField,
    choices,
)
from mentorplan.web.templating import KIND_LABELS, RESPONSIBLE_LABELS


class CompleteActivityForm(NorwegianForm):
    completed_on = NorwegianDateField("Utført dato", validators=[
        DataRequired("Skriv inn datoen aktiviteten ble utført (dd.mm.åååå).")])

    def __init__(self, *args, today=None, plan_began=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today, self.plan_began = today, plan_began

    def validate_completed_on(self, field):
        if self.today is not None and field.data > self.today:
            raise ValidationError("Datoen kan ikke være fram i tid.")
        if self.plan_began is not None and field.data < self.plan_began:
            raise ValidationError(f"Datoen kan ikke være før planen begynte ({self.plan_began:%d.%m.%Y}).")


def plan_began(plan) -> date:
    """The first day of the plan: its start, or the first day of an activity due before it (the
    preparations before a new nurse's first day)."""
    return min([plan.start_date, *(a.due_from for a in plan.activities)])


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


class HandOverForm(NorwegianForm):
    mentor_id = SelectField("Ny mentor", coerce=int, validate_choice=False)
    reason = TextAreaField("Hvorfor byttes mentor?", validators=[DataRequired(REQUIRED), too_long("Begrunnelsen", 300)])

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentor_ids = {m.id for m in mentors}
        self.mentor_id.choices = [SelectChoice(0, "Velg mentor")] + [SelectChoice(m.id, m.full_name) for m in mentors]

    def validate_mentor_id(self, field):
        if field.data not in self.mentor_ids:
            raise ValidationError("Velg en annen av enhetens mentorer.")


def talking_points_form(template_points: dict[str, list[str]]):
    """One text area per conversation phase, one talking point per line."""

    class TalkingPointsForm(NorwegianForm):
        pass

    for phase in CONVERSATION_PHASES:
        setattr(TalkingPointsForm, phase.key, TextAreaField(
            f"Stikkord for {phase.title.lower()}", default="\n".join(template_points.get(phase.key, [])),
            validators=[_lines_validator(phase.title)]))
    return TalkingPointsForm


def _lines_validator(title: str):
    def validate(form, field):
        lines = parse_lines(field.data or "")
        if not lines:
            raise ValidationError(f"{title}: skriv minst ett stikkord.")
        check_lines(lines, title, TOPIC_MAX, MAX_TALKING_POINTS)
    return validate



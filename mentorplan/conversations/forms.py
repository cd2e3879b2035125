"""Conversation forms: logging one with its agreed actions, the mentee's own notes, sharing."""
from wtforms import (
    FieldList,
    FormField,
    HiddenField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    AnyOf,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from mentorplan.conversations.operations import check_date
from mentorplan.planning.checklists import parse_lines
from mentorplan.web.forms import (
    MultiCheckboxField,
    NorwegianDateField,
    NorwegianForm,
    NorwegianSubform,
    WholeNumberField,
)

NOTES_MAX = 5000
TOPIC_MAX = 160
WHO_CHOICES = [SelectChoice("mentee", "Nytilsatt"), SelectChoice("mentor", "Mentor"),
               SelectChoice("avdelingsleder", "Avdelingsleder")]


def too_long(label: str, limit: int) -> Length:
    return Length(max=limit, message=f"{label} kan ha høyst {limit} tegn.")


def check_lines(lines: list[str], label: str, limit: int, most: int) -> None:
    long = next((line for line in lines if len(line) > limit), None)
    if long is not None:
        raise ValidationError(f"{label}: «{long[:30]}…» er for langt (høyst {limit} tegn per linje).")
    if len(lines) > most:
        raise ValidationError(f"{label}: høyst {most} linjer.")


class ActionForm(NorwegianSubform):
    """One agreed action; a row left empty is ignored."""

    what = StringField("Hva", validators=[too_long("Hva", 300)])
    who = SelectField("Hvem", choices=WHO_CHOICES, default="mentee", validate_choice=False)
    due_on = NorwegianDateField("Frist", validators=[Optional()])

    @property
    def is_empty(self) -> bool:
        return not (self.what.data or "").strip() and self.due_on.data is None

    def validate_what(self, field):
        if not (field.data or "").strip() and self.due_on.data is not None:
            raise ValidationError("Skriv hva som er avtalt, eller fjern fristen.")

    def validate_who(self, field):
        if not self.is_empty and field.data not in {c.value for c in WHO_CHOICES}:
            raise ValidationError("Velg hvem som skal gjøre det.")

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if (self.what.data or "").strip() and self.due_on.data is None and not self.due_on.errors:
            self.due_on.errors = ["Skriv inn en frist (dd.mm.åååå)."]
            return False
        return valid


class ConversationForm(NorwegianForm):
    kind = SelectField("Type samtale", validate_choice=False)
    held_on = NorwegianDateField("Dato", validators=[
        DataRequired("Skriv inn datoen samtalen ble holdt (dd.mm.åååå).")])
    duration_minutes = WholeNumberField("Varighet (minutter)", validators=[
        InputRequired("Skriv inn hvor lenge samtalen varte, i minutter."),
        NumberRange(5, 480, "Varigheten må være mellom 5 og 480 minutter.")])
    topics = MultiCheckboxField("Stikkord fra listen", validate_choice=False)
    other_topics = TextAreaField("Andre stikkord (ett per linje)", validators=[too_long("Andre stikkord", 1000)])
    notes = TextAreaField("Notater", validators=[too_long("Notater", NOTES_MAX)])
    actions = FieldList(FormField(ActionForm), label="Avtalte tiltak", min_entries=3, max_entries=10)

    def __init__(self, *args, mentorship, today, points: list[str], kinds: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.mentorship, self.today = mentorship, today
        self.topics.choices = [SelectChoice(p, p) for p in points]
        self.kind.choices = [SelectChoice(value, label) for value, label in kinds]
        if len(kinds) == 1 and not self.kind.data:
            self.kind.data = kinds[0][0]  # a planned conversation's kind is given
        for number, entry in enumerate(self.actions.entries, 1):
            for field, label in ((entry.form.what, "hva"), (entry.form.who, "hvem"), (entry.form.due_on, "frist")):
                field.label.text = f"Tiltak {number}: {label}"

    def validate_kind(self, field):
        if field.data not in {c.value for c in self.kind.choices}:
            raise ValidationError("Velg hva slags samtale det var.")

    def validate_held_on(self, field):
        problem = check_date(self.mentorship, field.data, self.today)
        if problem:
            raise ValidationError(problem)

    def validate_topics(self, field):
        offered = {c.value for c in field.choices}
        if any(value not in offered for value in field.data):
            raise ValidationError("Velg stikkord fra listen.")
        if not field.data and not parse_lines(self.other_topics.data or ""):
            raise ValidationError("Velg minst ett stikkord, eller skriv et eget.")

    def validate_other_topics(self, field):
        check_lines(parse_lines(field.data or ""), "Andre stikkord", TOPIC_MAX, 15)

    def validate_actions(self, field):
        for entry in field.entries:
            due = entry.form.due_on.data
            if due is not None and self.held_on.data is not None and due < self.held_on.data:
                entry.form.due_on.errors = list(entry.form.due_on.errors) + ["Fristen kan ikke være før samtalen."]
                raise ValidationError("Et tiltak har frist før samtalen.")

    @property
    def all_topics(self) -> list[str]:
        return list(dict.fromkeys(self.topics.data + parse_lines(self.other_topics.data or "")))


class OwnNotesForm(NorwegianForm):
    preparation = TextAreaField("Min forberedelse", validators=[too_long("Forberedelsen", NOTES_MAX)])
    reflection = TextAreaField("Min refleksjon etter samtalen", validators=[too_long("Refleksjonen", NOTES_MAX)])


class ShareForm(NorwegianForm):
    shared = HiddenField(validators=[AnyOf(("ja", "nei"), message="Ugyldig valg.")])



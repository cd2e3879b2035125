"""The base of every form: WTForms' own messages in bokmål, and only input in range reaches the
database. The rules are `files.input_rules`; here they are bound to every form, so that no field
can forget them.

Every text field (StringField and TextAreaField; not a password or hidden field) refuses control
characters (NUL among them; a text area keeps its line breaks and tabs) and a fødselsnummer
anywhere in its text (`files.national_id`), and every one-line field a line break (its text may
become an e-mail header or a calendar property). Every date field refuses a date outside its
window of today (`NorwegianDateField`; a plain DateField, the widest window). Each message
names the field. The other fields (a choice, a password, a hidden token) have NUL dropped.
"""
import re

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import StopValidation, ValidationError
from wtforms.fields.core import UnboundField
from wtforms.widgets import CheckboxInput, ListWidget

from mentorplan.clock import today
from mentorplan.files.dates import DATE_FORMATS
from mentorplan.files.input_rules import (
    EVENT_DATES,
    HISTORY_DATES,
    DateWindow,
    control_character,
    control_character_message,
)
from mentorplan.files.national_id import holds_national_id
from mentorplan.web.submissions import SubmissionCSRF


def without_nul(value):
    """PostgreSQL refuses NUL (0x00) in text: dropped from a field no one types in (a choice, a
    hidden token, a password, which is never stored as typed)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


_LINE_BREAK = re.compile(r"[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def single_line(form, field) -> None:
    """A one-line field holds no line break (a browser's text input sends none; a forged post may)."""
    if isinstance(field.data, str) and _LINE_BREAK.search(field.data):
        raise ValidationError(f"{field_name(field)} kan ikke inneholde linjeskift.")


def field_name(field) -> str:
    """The field's label without its hint in brackets: «Andre stikkord (ett per linje)» → «Andre stikkord»."""
    return re.sub(r"\s*\([^)]*\)\s*$", "", field.label.text)


def no_national_id(form, field) -> None:
    """No fødselsnummer (or D-nummer) anywhere in the text: mentorplan stores none (DOMAIN.md)."""
    if isinstance(field.data, str) and holds_national_id(field.data):
        raise ValidationError(f"{field_name(field)} ser ut til å inneholde et fødselsnummer. "
                              "Fødselsnummer skal ikke lagres i mentorplan.")


def no_control_characters(form, field) -> None:
    """Nothing a person types holds a control character; one comes from a broken paste or a forged post.
    It stops the field's other checks: one of them may look the text up, and PostgreSQL refuses NUL."""
    code = control_character(field.data) if isinstance(field.data, str) else None
    if code:
        raise StopValidation(control_character_message(field_name(field), code))


def _bind(form, unbound_field, options):
    """The field with the rules every field of its kind keeps (in a new validator list: the class's stays)."""
    kind = unbound_field.field_class
    typed = issubclass(kind, StringField) and not issubclass(kind, (PasswordField, HiddenField))
    if not typed and not issubclass(kind, (FieldList, FormField)):  # those two take no filters
        filters = unbound_field.kwargs.get("filters", ())
        unbound_field.kwargs["filters"] = (without_nul, *[f for f in filters if f is not without_nul])
    if kind is DateField:  # declared without a window (a search's): the widest
        unbound_field = UnboundField(_PlainDateField, *unbound_field.args, **unbound_field.kwargs)
    field = unbound_field.bind(form=form, **options)
    if typed:
        own = [no_national_id] if issubclass(kind, TextAreaField) else [single_line, no_national_id]
        field.validators = [no_control_characters, *field.validators, *own]
    return field


class NorwegianForm(FlaskForm):
    class Meta:
        locales = ("nb",)
        csrf_class = SubmissionCSRF  # the CSRF token and a one-time submission token (web/submissions.py)

        def bind_field(self, form, unbound_field, options):
            return _bind(form, unbound_field, options)


class NorwegianSubform(Form):
    """A form inside a FieldList/FormField of a NorwegianForm."""

    class Meta:
        locales = ("nb",)

        def bind_field(self, form, unbound_field, options):
            return _bind(form, unbound_field, options)


class _DateInWindow:
    """A date field that holds its date to `window` of today. Checked after the form's own checks of
    the date (WTForms' post_validate): «kan ikke være fram i tid» says more than the window, and the
    window still stops what no check of the form covers."""

    window = HISTORY_DATES

    def post_validate(self, form, validation_stopped):
        if not validation_stopped and self.data is not None:
            problem = self.window.problem(self.data, today(), field_name(self))
            if problem:
                raise ValidationError(problem)


class _PlainDateField(_DateInWindow, DateField):
    pass


class NorwegianDateField(_DateInWindow, DateField):
    """A date as people write it (dd.mm.åååå, or ISO from a date picker) within `window` of today:
    the window of events, unless HR types it from the record of a working life (`files.input_rules`).

    A date that cannot be read is refused naming the field as it reads when the form is checked (a
    FieldList row's label is set after the form is built), unless the field's required check words
    it its own way; an empty one is left to the required or optional check."""

    def __init__(self, label=None, validators=None, window: DateWindow = EVENT_DATES, **kwargs):
        super().__init__(label, validators, format=DATE_FORMATS, **kwargs)
        self.window, self.unreadable = window, False

    def process_formdata(self, valuelist):
        self.unreadable = False
        if valuelist and not " ".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data, self.unreadable = None, True

    def pre_validate(self, form):
        if self.unreadable:
            raise ValidationError(f"{field_name(self)} er ikke en gyldig dato (dd.mm.åååå).")


class ClockField(TimeField):
    """A time of day (tt:mm), refused in bokmål naming the field (WTForms has no bokmål for it)."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(f"{field_name(self)} er ikke et gyldig klokkeslett (tt:mm).") from error


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


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class EmptyForm(NorwegianForm):
    """A form with only the CSRF token, for buttons that post."""



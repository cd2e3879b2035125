"""The base of every form: WTForms' own messages in bokmål, and input PostgreSQL can store.

Every text field (StringField and TextAreaField; not a password or hidden field) refuses a
fødselsnummer anywhere in its text (`files.national_id`), and every one-line field a line break
(its text may become an e-mail header or a calendar property), each naming the field.
"""
import re

from flask_wtf import FlaskForm
from wtforms import (
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
)
from wtforms.validators import ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from mentorplan.files.dates import DATE_FORMATS  # noqa: F401  (every form's date fields read these)
from mentorplan.files.national_id import holds_national_id
from mentorplan.web.submissions import SubmissionCSRF


def without_nul(value):
    """PostgreSQL refuses NUL (0x00) in text, and no one types it: drop it from every field."""
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


def _bind_without_nul(form, unbound_field, options):
    if not issubclass(unbound_field.field_class, (FieldList, FormField)):  # they take no filters
        filters = unbound_field.kwargs.get("filters", ())
        unbound_field.kwargs["filters"] = (without_nul, *[f for f in filters if f is not without_nul])
    field = unbound_field.bind(form=form, **options)
    kind = unbound_field.field_class
    if issubclass(kind, StringField) and not issubclass(kind, (PasswordField, HiddenField)):
        own = [no_national_id] if issubclass(kind, TextAreaField) else [single_line, no_national_id]
        field.validators = [*field.validators, *own]  # a new list: the class's stays as it is
    return field


class NorwegianForm(FlaskForm):
    class Meta:
        locales = ("nb",)
        csrf_class = SubmissionCSRF  # the CSRF token and a one-time submission token (web/submissions.py)

        def bind_field(self, form, unbound_field, options):
            return _bind_without_nul(form, unbound_field, options)


class NorwegianSubform(Form):
    """A form inside a FieldList/FormField of a NorwegianForm."""

    class Meta:
        locales = ("nb",)

        def bind_field(self, form, unbound_field, options):
            return _bind_without_nul(form, unbound_field, options)




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



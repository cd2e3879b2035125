"""The go-live date on «Innstillinger for kommunen», and the one-screen record of what was done
before it."""
from datetime import date, timedelta

from wtforms import BooleanField, DateField
from wtforms.validators import Optional, ValidationError

from mentorplan.files.dates import DATE_FORMATS
from mentorplan.web.forms import MultiCheckboxField, NorwegianForm

# A kommune sets the date around the day it starts: some months after the fact, or ahead of it.
GO_LIVE_PAST = timedelta(days=730)
GO_LIVE_AHEAD = timedelta(days=366)


class GoLiveForm(NorwegianForm):
    go_live_on = DateField("Tatt i bruk fra", format=DATE_FORMATS, validators=[Optional()])

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_go_live_on(self, field):
        if field.data is None:  # unreadable: the field has said so already
            return
        if field.data < self.today - GO_LIVE_PAST:
            raise ValidationError(f"Datoen kan ikke være før {self.today - GO_LIVE_PAST:%d.%m.%Y}.")
        if field.data > self.today + GO_LIVE_AHEAD:
            raise ValidationError(f"Datoen kan ikke være etter {self.today + GO_LIVE_AHEAD:%d.%m.%Y}.")


class RecordBeforeGoLiveForm(NorwegianForm):
    done = MultiCheckboxField("Dette ble gjort", coerce=int)
    completed_on = DateField("Utført dato", format=DATE_FORMATS, validators=[Optional()])
    date_unknown = BooleanField("Dato ukjent")

    def __init__(self, *args, activities, today: date, plan_began: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.done.choices = [(a.id, a.title) for a in activities]
        self.today, self.plan_began = today, plan_began

    def validate_completed_on(self, field):
        if field.data is None:  # unreadable: the field has said so already
            return
        if field.data > self.today:
            raise ValidationError("Datoen kan ikke være fram i tid.")
        if field.data < self.plan_began:
            raise ValidationError(f"Datoen kan ikke være før planen begynte ({self.plan_began:%d.%m.%Y}).")

    def validate(self, extra_validators=None) -> bool:
        """One date for all that is ticked, or «Dato ukjent»: never both, and never neither."""
        if not super().validate(extra_validators):
            return False
        if self.completed_on.data is not None and self.date_unknown.data:
            self.completed_on.errors.append("Skriv inn en dato eller kryss av for «Dato ukjent», ikke begge.")
            return False
        if self.done.data and self.completed_on.data is None and not self.date_unknown.data:
            self.completed_on.errors.append("Skriv inn datoen det ble gjort (dd.mm.åååå), "
                                            "eller kryss av for «Dato ukjent».")
            return False
        return True

    @property
    def day(self) -> date | None:
        return None if self.date_unknown.data else self.completed_on.data

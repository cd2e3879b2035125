"""Jinja filters and globals: Norwegian dates, labels, the current viewer."""
from datetime import date, datetime

from flask import Flask
from flask_login import current_user
from wtforms import FieldList, FormField

from mentorplan.access import TEMPLATE_RULES
from mentorplan.models import (
    END_REASON_LABELS,
    PROFESSION_LABELS,
    ROLE_LABELS,
    UNIT_TYPE_LABELS,
)
from mentorplan.norwegian import WEEKDAYS, percent
from mentorplan.planning.calendar import iso_week
from mentorplan.web.viewer import current_viewer

KIND_LABELS = {
    "opplaeringsvakt": "Opplæringsvakt",
    "mentorsamtale": "Mentorsamtale",
    "ledersamtale": "Ledersamtale",
    "sjekkliste": "Sjekkliste",
    "forberedelse": "Forberedelse",
    "annet": "Annet",
}

STATUS_LABELS = {
    "planned": "Ikke plassert",
    "scheduled": "Plassert",
    "conflict": "Konflikt",
    "done": "Utført",
    "cancelled": "Avlyst",
    "before_go_live": "Før mentorplan",
}

RESPONSIBLE_LABELS = {
    "enhetsleder": "Enhetsleder",
    "avdelingsleder": "Avdelingsleder",
    "mentor": "Mentor",
    "mentee": "Nytilsatt",
}


def norwegian_date(value: date | datetime | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def norwegian_datetime(value: datetime | None) -> str:
    return value.strftime("%d.%m.%Y kl. %H:%M") if value else ""


def weekday(value: date) -> str:
    return WEEKDAYS[value.weekday()]


def labelled(mapping):
    return lambda value: mapping.get(getattr(value, "value", value), str(value)) if value is not None else ""


def leaf_fields(form):
    """Every input field of a form, with the rows of its lists and sub-forms opened up."""
    for field in form:
        if isinstance(field, FieldList):
            for entry in field.entries:
                yield from leaf_fields(entry.form) if isinstance(entry, FormField) else [entry]
        elif isinstance(field, FormField):
            yield from leaf_fields(field.form)
        else:
            yield field


def init_templating(app: Flask) -> None:
    app.jinja_env.globals["leaf_fields"] = leaf_fields
    app.jinja_env.globals.update({rule.__name__: rule for rule in TEMPLATE_RULES})
    app.jinja_env.filters.update(
        date=norwegian_date,
        datetime=norwegian_datetime,
        week=iso_week,
        weekday=weekday,
        percent=percent,
        kind=labelled(KIND_LABELS),
        status=labelled(STATUS_LABELS),
        responsible=labelled(RESPONSIBLE_LABELS),
        role=labelled({k.value: v for k, v in ROLE_LABELS.items()}),
        profession=labelled({k.value: v for k, v in PROFESSION_LABELS.items()}),
        end_reason=labelled({k.value: v for k, v in END_REASON_LABELS.items()}),
        unit_type=labelled({k.value: v for k, v in UNIT_TYPE_LABELS.items()}),
    )

    @app.context_processor
    def inject_viewer():
        return {"viewer": current_viewer() if current_user.is_authenticated else None}

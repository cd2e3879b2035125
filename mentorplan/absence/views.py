"""Leaders register absences; the operation re-plans the person's plans at once."""
from datetime import date, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import login_required
from sqlalchemy import select

from mentorplan.absence.forms import AbsenceForm
from mentorplan.absence.operations import register_absence, remove_absence, spans
from mentorplan.access import allowed, can_register_absence, people_led
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import ABSENCE_LABELS, Absence, AbsenceKind, AccessKind
from mentorplan.privacy.access_log import log_reads
from mentorplan.web.forms import EmptyForm
from mentorplan.web.submissions import answers_repeats
from mentorplan.web.viewer import current_viewer

bp = Blueprint("absence", __name__, url_prefix="/avdeling/fravaer")

HORIZON = timedelta(days=120)


def _people():
    viewer = current_viewer()
    allowed(can_register_absence(viewer))
    return list(db.session.scalars(people_led(viewer, today())))


@bp.route("/", methods=["GET", "POST"])
@login_required
@answers_repeats("Fraværet er allerede registrert.")
def index():
    people = _people()
    form = AbsenceForm(people=people)
    if form.validate_on_submit():
        person = form.people[form.person_id.data]
        kind = AbsenceKind(form.kind.data)
        change = register_absence(person, kind, form.first_day.data, form.last_day.data)
        db.session.commit()
        flash(f"{ABSENCE_LABELS[kind].capitalize()} {form.first_day.data:%d.%m.%Y}–{form.last_day.data:%d.%m.%Y} "
              f"({change.days} dager) er registrert for {person.full_name}. Planene er lagt på nytt: {change.plans}",
              "success")
        return redirect(url_for("absence.index"))
    day = today()
    rows = db.session.scalars(select(Absence).where(
        Absence.person_id.in_([p.id for p in people]), Absence.day.between(day - timedelta(days=7), day + HORIZON)))
    names = {p.id: p.full_name for p in people}
    shown = spans(list(rows))
    # Absences tell of health (sykefravær) and private life: each person whose absences the page
    # shows is logged as read; the list of names in the form shows none and is not.
    log_reads(current_viewer(), AccessKind.ABSENCE, [(pid, pid) for pid in sorted({s.person_id for s in shown})])
    return render_template("absence/index.html", form=form, spans=shown, names=names,
                           labels=ABSENCE_LABELS, button=EmptyForm())


@bp.route("/slett", methods=["POST"])
@login_required
@answers_repeats("Fraværet er allerede fjernet.")
def remove():
    people = {p.id: p for p in _people()}
    if EmptyForm().validate_on_submit():
        try:
            person = people[int(request.form["person_id"])]
            first, last = date.fromisoformat(request.form["first"]), date.fromisoformat(request.form["last"])
        except (KeyError, ValueError):
            flash("Fraværet finnes ikke, eller du er ikke leder for personen.", "error")
            return redirect(url_for("absence.index"))
        change = remove_absence(person, first, last)
        db.session.commit()
        flash(f"{change.days} fraværsdager er fjernet for {person.full_name}. "
              f"Planene er lagt på nytt: {change.plans}", "success")
    return redirect(url_for("absence.index"))

"""HR's and the enhetsleder's retention report: do the new nurses stay? With exports and benchmarks."""
from dataclasses import dataclass
from datetime import date

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import login_required
from markupsafe import Markup
from sqlalchemy import select

from mentorplan.access import (
    allowed,
    can_edit_benchmarks,
    can_view_retention,
    in_kommune,
    load_or_404,
    retention_suppressed,
    retention_unit_ids,
)
from mentorplan.clock import today
from mentorplan.extensions import db
from mentorplan.models import RetentionBenchmark, Unit
from mentorplan.norwegian import percent
from mentorplan.retention import Question, Report, ReportError, source
from mentorplan.retention.chart import ReferenceLine, survival_svg
from mentorplan.retention.export import report_csv, report_xlsx
from mentorplan.retention.forms import BenchmarkForm, ProgrammeStartForm, RetentionForm
from mentorplan.web.forms import EmptyForm
from mentorplan.web.templating import norwegian_date
from mentorplan.web.viewer import current_viewer

bp = Blueprint("retention", __name__, url_prefix="/stabilitet")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HIDDEN = Markup('<abbr title="Færre enn fem personer: skjult av personvernhensyn">&lt;5</abbr>')


@bp.app_template_filter("retention_cell")
def retention_cell(value, kind: str):
    """One cell of the report's tables (a filter, not a macro: a report has hundreds of cells);
    what is not Markup is escaped by the template."""
    if value is None:
        return "–"
    if isinstance(value, str) and value == "<5":
        return HIDDEN
    if kind == "rate":
        return percent(value)
    if kind == "date":
        return norwegian_date(value)
    return value


@dataclass
class Asked:
    form: RetentionForm
    report: Report | None


def _scope_units(viewer) -> list[Unit]:
    unit_ids = retention_unit_ids(viewer)
    query = select(Unit).where(Unit.kommune_id == viewer.kommune_id).order_by(Unit.name)
    if unit_ids is not None:
        query = query.where(Unit.id.in_(unit_ids))
    return list(db.session.scalars(query))


def _defaults(day: date) -> dict:
    """The last two whole years' hires at 12 months, as things stand today."""
    return {"start_from": date(day.year - 2, 1, 1), "start_to": date(day.year - 1, 12, 31), "months": 12,
            "as_of": day, "unit_id": 0}


def _ask(viewer, *, export: bool) -> Asked:
    """Read the question from the query string, check it, and answer it (or say what is wrong)."""
    units = _scope_units(viewer)
    everything = "Alle enheter" if retention_unit_ids(viewer) is None or len(units) > 1 else None
    given = request.args if request.args else None
    form = RetentionForm(formdata=given, units=units, all_label=everything, data=_defaults(today()))
    if given is not None and not form.validate():
        return Asked(form, None)
    chosen = [form.units[form.unit_id.data]] if form.unit_id.data else units
    scope_ids = [u.id for u in chosen] if form.unit_id.data or retention_unit_ids(viewer) is not None else None
    question = Question(form.start_from.data, form.start_to.data, form.months.data, form.as_of.data,
                        units=frozenset(u.name for u in chosen) if scope_ids is not None else None)
    try:
        question.check()
    except ReportError as error:
        form[error.field].errors = [str(error)]
        return Asked(form, None)
    return Asked(form, source.retention_report(viewer.kommune_id, question, scope_ids,
                                               suppress=retention_suppressed(viewer, export=export), units=chosen))


@bp.route("/")
@login_required
def report():
    viewer = current_viewer()
    allowed(can_view_retention(viewer))
    asked = _ask(viewer, export=False)
    chart = None
    if asked.report is not None:
        references = [ReferenceLine(b.label, b.months, b.rate) for b in source.benchmarks(viewer.kommune_id)
                      if b.months <= asked.report.question.months]
        # survival_svg escapes every text it writes (retention/chart.py; docs/security-findings.md).
        svg = survival_svg(asked.report.curve_shown, asked.report.question.months, references)
        chart = Markup(svg)  # nosec B704
    return render_template("retention/report.html", form=asked.form, report=asked.report, chart=chart,
                           can_edit_benchmarks=can_edit_benchmarks(viewer))


def _download(body: bytes, mimetype: str, suffix: str, report: Report) -> Response:
    name = f"stabilitet-{report.question.start_from:%Y%m%d}-{report.question.start_to:%Y%m%d}.{suffix}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _export(render, mimetype: str, suffix: str):
    viewer = current_viewer()
    allowed(can_view_retention(viewer))
    asked = _ask(viewer, export=True)
    if asked.report is None:
        flash("Rapporten kunne ikke lastes ned: rett feilene i skjemaet.", "error")
        return redirect(url_for("retention.report", **request.args))
    return _download(render(asked.report), mimetype, suffix, asked.report)


@bp.route("/eksport.csv")
@login_required
def export_csv():
    return _export(report_csv, "text/csv; charset=utf-8", "csv")


@bp.route("/eksport.xlsx")
@login_required
def export_xlsx():
    return _export(report_xlsx, XLSX, "xlsx")


@bp.route("/referanser", methods=["GET", "POST"])
@login_required
def benchmarks():
    viewer = current_viewer()
    allowed(can_edit_benchmarks(viewer))
    form = BenchmarkForm()
    if form.validate_on_submit():
        db.session.add(RetentionBenchmark(kommune_id=viewer.kommune_id, label=form.label.data.strip(),
                                          months=form.months.data, rate=float(form.percent.data) / 100,
                                          source=(form.source.data or "").strip() or None))
        db.session.commit()
        flash(f"Referansen «{form.label.data.strip()}» er lagt til.", "success")
        return redirect(url_for("retention.benchmarks"))
    return render_template("retention/benchmarks.html", form=form, delete_form=EmptyForm(),
                           benchmarks=source.benchmarks(viewer.kommune_id))


@bp.route("/referanser/<int:benchmark_id>/slett", methods=["POST"])
@login_required
def delete_benchmark(benchmark_id: int):
    viewer = current_viewer()
    benchmark = load_or_404(RetentionBenchmark, benchmark_id, has_page=can_edit_benchmarks(viewer),
                            in_scope=lambda benchmark: in_kommune(viewer, benchmark))
    if EmptyForm().validate_on_submit():
        db.session.delete(benchmark)
        db.session.commit()
        flash(f"Referansen «{benchmark.label}» er fjernet.", "success")
    return redirect(url_for("retention.benchmarks"))


@bp.route("/programstart", methods=["GET", "POST"])
@login_required
def programme_start():
    """HR records when each unit started the programme, for the before/after comparison."""
    viewer = current_viewer()
    allowed(can_edit_benchmarks(viewer))
    units = list(db.session.scalars(select(Unit).where(Unit.kommune_id == viewer.kommune_id).order_by(Unit.name)))
    form = ProgrammeStartForm(units=units)
    if form.validate_on_submit():
        unit = form.units[form.unit_id.data]
        unit.programme_started_on = form.started_on.data
        db.session.commit()
        when = f"startet {unit.programme_started_on:%d.%m.%Y}" if unit.programme_started_on else "har ingen startdato"
        flash(f"{unit.name} {when}.", "success")
        return redirect(url_for("retention.programme_start"))
    return render_template("retention/programme_start.html", form=form, units=units)

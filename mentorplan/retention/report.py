"""The retention report: the figures of one hire period laid out as tables, with small numbers
suppressed where the viewer must not be able to pick out a person (DOMAIN.md, "Retention")."""
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from mentorplan.retention.cohort import EmploymentRecord, Spell
from mentorplan.retention.cohort import spells as follow_hires
from mentorplan.retention.figures import (
    EXIT_REASONS,
    INVOLUNTARY,
    REPORT_MONTHS,
    VOLUNTARY,
    BeforeAfter,
    Counts,
    CurvePoint,
    before_after,
    breakdown,
    cohort_table,
    counts,
    cumulative_incidence,
    survival_curve,
    transfers_out,
)

MINIMUM_GROUP = 5
SUPPRESSED = "<5"
ALLOWED_MONTHS = (3, 6, 12, 24)


class ReportError(ValueError):
    """The question cannot be answered; the message says why, in Norwegian, naming the field."""

    def __init__(self, field_name: str, message: str):
        self.field = field_name
        super().__init__(message)


@dataclass(frozen=True)
class Question:
    start_from: date
    start_to: date
    months: int
    as_of: date
    units: frozenset[str] | None = None  # hires at these units only; None: all

    def check(self) -> None:
        if self.start_to < self.start_from:
            raise ReportError("start_to", f"Til-datoen {self.start_to:%d.%m.%Y} er før fra-datoen "
                                          f"{self.start_from:%d.%m.%Y}.")
        if self.months not in ALLOWED_MONTHS:
            raise ReportError("months", f"Antall måneder må være 3, 6, 12 eller 24 (ikke {self.months}).")
        if self.as_of < self.start_from:
            raise ReportError("as_of", f"Per-datoen {self.as_of:%d.%m.%Y} er før perioden begynner "
                                       f"({self.start_from:%d.%m.%Y}).")


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = "count"  # text, count, rate, date


@dataclass
class Table:
    """One table of the report; cells are int, float (rates 0–1), date, str, None (no figure) or "<5"."""

    key: str
    title: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    note: str | None = None


@dataclass
class Report:
    question: Question
    suppressed: bool
    total: Counts
    by_unit: dict[str, Counts]
    curve: list[CurvePoint]
    incidence: dict[str, list[float]]
    tables: list[Table]

    @property
    def curve_shown(self) -> list[CurvePoint]:
        """The curve points that may be shown (none over fewer than five people when suppressing)."""
        return [p for p in self.curve if not self.suppressed or p.at_risk >= MINIMUM_GROUP or p.month == 0]


def build_report(records: Sequence[EmploymentRecord], question: Question, *, suppress: bool,
                 reason_labels: dict[str, str] | None = None,
                 programme_starts: dict[str, date] | None = None,
                 comparison_records: Sequence[EmploymentRecord] | None = None,
                 mentor_records: Sequence[EmploymentRecord] | None = None) -> Report:
    """The report for hires starting in the question's period, as things stood on its as-of date.

    `programme_starts` (unit → date the programme started there) adds the before/after table,
    from `comparison_records` (employments covering the year before each start).
    `mentor_records` (one per mentor role, from its first to its last day) adds the mentors' tables.
    """
    question.check()
    hires = follow_hires(records, question.start_from, question.start_to, question.as_of)
    if question.units is not None:
        hires = [s for s in hires if s.hire.unit in question.units]
    months = question.months
    total = counts(hires, months)
    by_unit = breakdown(hires, lambda s: s.hire.unit, months)
    curve = survival_curve(hires, months)
    incidence = cumulative_incidence(hires, months)
    layout = _Layout(suppress, reason_labels or {})
    tables = [
        layout.summary(total, months),
        layout.cohorts(cohort_table(hires)),
        layout.curve(curve),
        layout.groups("enhet", "Per enhet", "Enhet", by_unit, months),
        layout.groups("yrke", "Per yrke", "Yrke", breakdown(hires, lambda s: s.hire.profession, months), months),
        layout.groups("nyutdannet", "Nyutdannet eller erfaren", "Gruppe",
                      breakdown(hires, _graduate_label, months), months),
        layout.groups("mentor", "Med og uten mentor", "Gruppe", breakdown(hires, _mentor_label, months), months),
        layout.reasons(total, incidence, months),
        layout.transfers(transfers_out(hires, months), months),
    ]
    if programme_starts:
        comparison = follow_hires(comparison_records or records, date.min, question.as_of, question.as_of)
        tables.append(layout.before_after(before_after(comparison, programme_starts, months), months))
    if mentor_records is not None:
        tables += mentor_tables(mentor_records, question, layout)
    return Report(question, suppress, total, by_unit, curve, incidence, tables)


def mentor_tables(records: Sequence[EmploymentRecord], question: Question, layout: "_Layout") -> list[Table]:
    """Mentor turnover: of those who became mentors in the period, how many were still mentors
    N months later (any end of the role counts; the pilot lost 5 of 12 in the first year)."""
    mentors = follow_hires(records, question.start_from, question.start_to, question.as_of)
    if question.units is not None:
        mentors = [s for s in mentors if s.hire.unit in question.units]
    months = question.months
    total = counts(mentors, months)
    summary = Table("mentorer", f"Mentorer som fortsatt er mentor etter {months} måneder",
                    [Column("Ble mentor"), Column(f"Sluttet som mentor før {months} mnd"), Column("Fortsatt mentor"),
                     Column(f"Mentor, ikke nådd {months} mnd"), Column("Andel fortsatt mentor", "rate")],
                    note="Regnet fra dagen rollen som mentor begynte; å gi seg som mentor regnes som å slutte.")
    summary.rows.append(layout.mentor_cells(total))
    by_unit = Table("mentorer_enhet", "Mentorer per enhet",
                    [Column("Enhet", "text")] + summary.columns)
    by_unit.rows = [[unit] + layout.mentor_cells(c)
                    for unit, c in breakdown(mentors, lambda s: s.hire.unit, months).items()]
    return [summary, by_unit]


def _graduate_label(spell: Spell) -> str:
    return "Nyutdannet" if spell.hire.newly_graduated else "Erfaren"


def _mentor_label(spell: Spell) -> str:
    return "Med mentor" if spell.hire.mentored else "Uten mentor"


def exit_class(reason: str) -> str:
    if reason in VOLUNTARY:
        return "Frivillig"
    if reason in INVOLUNTARY:
        return "Ufrivillig"
    return "Annet"


class _Layout:
    """Turns figures into tables; a group of fewer than five people shows "<5" when suppressing."""

    def __init__(self, suppress: bool, reason_labels: dict[str, str]):
        self.suppress, self.reason_labels = suppress, reason_labels

    def hidden(self, people: int) -> bool:
        return self.suppress and 0 < people < MINIMUM_GROUP

    def count(self, value: int, people: int):
        return SUPPRESSED if self.hidden(people) else value

    def rate(self, value: float | None, people: int):
        if value is None:
            return None
        return SUPPRESSED if self.hidden(people) else value

    def counts_cells(self, c: Counts) -> list:
        people = c.hired
        return [self.count(c.hired, people), self.count(c.left_so_far, people), self.count(c.retained, people),
                self.count(c.ongoing, people), self.count(c.internal_transfers, people),
                self.count(c.probation_exits, people), self.rate(c.retention_rate, c.followed)]

    @staticmethod
    def counts_columns(months: int) -> list[Column]:
        # Every hire is exactly one of the three (DOMAIN.md): never someone who left as censored.
        return [Column("Ansatt"), Column(f"Sluttet før {months} mnd"), Column(f"Beholdt {months} mnd"),
                Column(f"Ansatt, ikke nådd {months} mnd"), Column("Interne overganger"), Column("Sluttet i prøvetid"),
                Column("Andel beholdt", "rate")]

    def mentor_cells(self, c: Counts) -> list:
        people = c.hired
        return [self.count(c.hired, people), self.count(c.left_so_far, people), self.count(c.retained, people),
                self.count(c.ongoing, people), self.rate(c.retention_rate, c.followed)]

    def summary(self, total: Counts, months: int) -> Table:
        table = Table("sammendrag", f"Sammendrag, {months} måneder", self.counts_columns(months))
        table.rows.append(self.counts_cells(total))
        return table

    def groups(self, key: str, title: str, label: str, groups: dict, months: int) -> Table:
        table = Table(key, title, [Column(label, "text")] + self.counts_columns(months))
        table.rows = [[str(name)] + self.counts_cells(c) for name, c in groups.items()]
        return table

    def cohorts(self, cohorts: dict[str, dict[int, Counts]]) -> Table:
        columns = [Column("Kvartal", "text"), Column("Ansatt")]
        for months in REPORT_MONTHS:
            columns += [Column(f"Fulgt {months} mnd"), Column(f"Beholdt {months} mnd"),
                        Column(f"Andel {months} mnd", "rate")]
        table = Table("kohorter", "Kohorter: ansatt per kvartal og andel beholdt", columns,
                      note="Fulgt = ansatte som har nådd måneden per datoen; yngre ansettelser er sensurert.")
        for name, by_months in cohorts.items():
            hired = by_months[REPORT_MONTHS[0]].hired
            row = [name, self.count(hired, hired)]
            for months in REPORT_MONTHS:
                c = by_months[months]
                row += [self.count(c.followed, c.followed), self.count(c.retained, c.followed),
                        self.rate(c.retention_rate, c.followed)]
            table.rows.append(row)
        return table

    def curve(self, curve: list[CurvePoint]) -> Table:
        table = Table("overlevelse", "Andel fortsatt ansatt (Kaplan–Meier)",
                      [Column("Måned"), Column("Andel fortsatt ansatt", "rate"), Column("Fulgt videre")],
                      note="Ansettelser som ikke har nådd måneden er sensurert; interne overganger følges videre.")
        for point in curve:
            # Past the last person followed the estimate only repeats itself: hidden too.
            hidden = self.suppress and point.at_risk < MINIMUM_GROUP and point.month > 0
            table.rows.append([point.month, SUPPRESSED if hidden else point.value,
                               self.count(point.at_risk, point.at_risk)])
        return table

    def reasons(self, total: Counts, incidence: dict[str, list[float]], months: int) -> Table:
        table = Table("sluttaarsaker", f"Sluttårsaker de første {months} månedene",
                      [Column("Sluttårsak", "text"), Column("Type", "text"), Column("Antall sluttet"),
                       Column(f"Kumulativ andel etter {months} mnd", "rate")],
                      note="Kumulativ andel er Aalen–Johansen-estimatet, der de andre sluttårsakene "
                           "regnes som konkurrerende; 1 − Kaplan–Meier ville overdrevet den.")
        people = total.hired
        by_class: dict[str, list] = {}
        for reason in EXIT_REASONS:
            curve = incidence.get(reason)
            left, share = total.left_by_reason.get(reason, 0), curve[-1] if curve else 0.0
            table.rows.append([self.reason_labels.get(reason, reason), exit_class(reason),
                               self.count(left, people), self.rate(share, people)])
            sums = by_class.setdefault(exit_class(reason), [0, 0.0])
            sums[0], sums[1] = sums[0] + left, sums[1] + share
        # Incidences of competing causes add up, so each kind's share is the sum of its reasons'.
        for kind in ("Frivillig", "Ufrivillig"):
            left, share = by_class[kind]
            table.rows.append([f"{kind} i alt", kind, self.count(left, people), self.rate(share, people)])
        return table

    def transfers(self, out: dict[str, int], months: int) -> Table:
        table = Table("overganger", f"Interne overganger ut av enheten de første {months} månedene",
                      [Column("Enhet", "text"), Column("Overganger ut")],
                      note="Den som går over til en annen enhet, blir i kommunen, men enheten mister en sykepleier.")
        table.rows = [[unit, self.count(n, n)] for unit, n in out.items()]
        return table

    def before_after(self, rows: list[BeforeAfter], months: int) -> Table:
        table = Table("for_etter", f"Før og etter programstart, {months} måneder",
                      [Column("Enhet", "text"), Column("Programstart", "date"),
                       Column("Ansatt året før"), Column("Sluttet"), Column("Andel beholdt før", "rate"),
                       Column("Ansatt året etter"), Column("Sluttet"), Column("Andel beholdt etter", "rate")])
        for row in rows:
            table.rows.append([row.unit, row.programme_start]
                              + self._brief(row.before) + self._brief(row.after))
        return table

    def _brief(self, c: Counts) -> list:
        return [self.count(c.hired, c.hired), self.count(c.left, c.hired), self.rate(c.retention_rate, c.followed)]


def contract_json(report: Report) -> dict:
    """The `retention --format json` shape of CONTRACT.md (never suppressed: it is the operator's)."""
    question, total = report.question, report.total
    return {
        "from": question.start_from.isoformat(), "to": question.start_to.isoformat(),
        "months": question.months,
        "hired": total.hired, "left": total.left, "retained": total.retained, "censored": total.censored,
        "left_so_far": total.left_so_far, "ongoing": total.ongoing,
        "internal_transfers": total.internal_transfers, "retention_rate": _rounded(total.retention_rate),
        "km": [{"month": p.month, "survival": _rounded(p.value)} for p in report.curve],
        "by_unit": [{"unit": unit, "hired": c.hired, "left": c.left, "retention_rate": _rounded(c.retention_rate)}
                    for unit, c in report.by_unit.items()],
    }


CSV_COLUMNS = ("unit", "hired", "left", "retained", "censored", "left_so_far", "ongoing", "internal_transfers",
               "retention_rate")
TOTAL_ROW = "Totalt"


def contract_csv_rows(report: Report) -> list[list]:
    """The CSV of the command: one row per unit plus a total row, the same figures as the JSON."""
    rows = [list(CSV_COLUMNS)]
    for unit, c in [*report.by_unit.items(), (TOTAL_ROW, report.total)]:
        rows.append([unit, c.hired, c.left, c.retained, c.censored, c.left_so_far, c.ongoing, c.internal_transfers,
                     _rounded(c.retention_rate)])
    return rows


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 4)

"""The survival curve as an inline SVG: no script, readable by screen readers, not colour alone."""
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from mentorplan.norwegian import percent
from mentorplan.retention.figures import CurvePoint

WIDTH, HEIGHT = 640, 320
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 16, 44


@dataclass(frozen=True)
class ReferenceLine:
    label: str
    months: int
    rate: float




def survival_svg(points: Sequence[CurvePoint], months: int, references: Sequence[ReferenceLine] = (),
                 title: str = "Andel fortsatt ansatt") -> str:
    """A step curve over months 0…N with every month's point marked and labelled in its tooltip;
    reference lines are dashed and named in text. The table beside it carries the same figures."""
    x = lambda month: LEFT + (WIDTH - LEFT - RIGHT) * month / max(months, 1)  # noqa: E731
    y = lambda value: TOP + (HEIGHT - TOP - BOTTOM) * (1 - value)  # noqa: E731
    last = points[-1] if points else None
    description = (f"Kaplan–Meier-kurve over {months} måneder. " + (
        f"Etter {last.month} måneder er {percent(last.value)} fortsatt ansatt." if last else "Ingen tall å vise."))
    parts = [
        f'<svg class="retention-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="kurve-tittel kurve-beskrivelse" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="kurve-tittel">{escape(title)}</title>',
        f'<desc id="kurve-beskrivelse">{escape(description)}</desc>',
    ]
    parts += _grid(x, y, months)
    for line in references:
        height = y(line.rate)
        parts.append(f'<line class="reference" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{height:.1f}" y2="{height:.1f}" '
                     'stroke="currentColor" stroke-dasharray="6 4" />')
        parts.append(f'<text class="reference-label" x="{WIDTH - RIGHT - 4}" y="{height - 4:.1f}" text-anchor="end" '
                     f'font-size="12">{escape(line.label)}: {percent(line.rate)} etter {line.months} mnd</text>')
    if points:
        path = [f"M{x(points[0].month):.1f},{y(points[0].value):.1f}"]
        for point in points[1:]:
            path.append(f"H{x(point.month):.1f}V{y(point.value):.1f}")
        parts.append(f'<path class="curve" d="{"".join(path)}" fill="none" stroke="currentColor" stroke-width="2.5" />')
        for point in points:
            parts.append(f'<circle class="point" cx="{x(point.month):.1f}" cy="{y(point.value):.1f}" r="4">'
                         f'<title>Måned {point.month}: {percent(point.value)}</title></circle>')
    parts.append("</svg>")
    return "\n".join(parts)


def _grid(x, y, months: int) -> list[str]:
    parts = []
    for value in (0, 0.25, 0.5, 0.75, 1):
        height = y(value)
        parts.append(f'<line class="gridline" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{height:.1f}" y2="{height:.1f}" '
                     'stroke="currentColor" stroke-opacity="0.2" />')
        parts.append(f'<text x="{LEFT - 6}" y="{height + 4:.1f}" text-anchor="end" font-size="12">'
                     f'{int(value * 100)} %</text>')
    step = 1 if months <= 12 else 3
    for month in range(0, months + 1, step):
        parts.append(f'<text x="{x(month):.1f}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" font-size="12">'
                     f'{month}</text>')
    parts.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2:.0f}" y="{HEIGHT - 6}" text-anchor="middle" '
                 'font-size="12">Måneder etter start</text>')
    return parts

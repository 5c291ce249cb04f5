"""Accessible SVG charts drawn on the server: no script, no network, a title.

Every chart here is paired in its template with a data table of the same numbers,
which is the accessible form; the SVG carries a title and a short description.
"""

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

PALETTE = ("#0b5394", "#a3410a", "#1d6b37", "#6a3d9a")  # all >= 4.5:1 on white


@dataclass
class Series:
    label: str
    values: list[float | None]
    # What each missing value means ("not sure yet", "not rated"); default not rated.
    missing: list[str] | None = None

    def describe(self, i: int) -> str:
        value = self.values[i]
        if value is not None:
            return f"{value:g}"
        if self.missing and self.missing[i]:
            return str(self.missing[i]).lower()
        return gettext("not rated")


def _svg(width: int, height: int, title: str, desc: str, body: list[str], uid: str):
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d" class="chart" '
        f'preserveAspectRatio="xMinYMin meet">'
        f'<title id="{uid}-t">{escape(title)}</title>'
        f'<desc id="{uid}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _axis(width, height, left, top, plot_h, max_level, labels):
    parts = []
    for level in range(0, max_level + 1):
        y = top + plot_h - plot_h * level / max_level
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="#d5dbe1" stroke-width="1"/>'
        )
        if level:
            parts.append(
                f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" '
                f'font-size="12" fill="#1b1f24">'
                f"{escape(labels.get(level, str(level)))}</text>"
            )
    return parts


def line_chart(
    *,
    uid: str,
    title: str,
    categories: list[str],
    series: list[Series],
    max_level: int,
    level_names: dict[int, str],
) -> SafeString:
    """Draw rating means over time, one line per series."""
    width, height, left, top, bottom = 640, 260, 110, 16, 48
    plot_w, plot_h = width - left - 20, height - top - bottom
    step = plot_w / max(len(categories) - 1, 1)
    body = _axis(width, height, left, top, plot_h, max_level, level_names)
    for i, label in enumerate(categories):
        x = left + step * i if len(categories) > 1 else left + plot_w / 2
        body.append(
            f'<text x="{x:.1f}" y="{height - bottom + 18}" text-anchor="middle" '
            f'font-size="12" fill="#1b1f24">{escape(label)}</text>'
        )
    for n, serie in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [
            (left + (step * i if len(categories) > 1 else plot_w / 2),
             top + plot_h - plot_h * v / max_level)
            for i, v in enumerate(serie.values)
            if v is not None
        ]  # fmt: skip
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colour}" '
                f'stroke-width="3"/>'
            )
        for x, y in points:
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')
    described = "; ".join(
        f"{s.label}: "
        + ", ".join(f"{c} {s.describe(i)}" for i, c in enumerate(categories))
        for s in series
    )
    return _svg(width, height, title, described, body, uid)


def bar_chart(
    *,
    uid: str,
    title: str,
    categories: list[str],
    series: list[Series],
    max_level: int,
    level_names: dict[int, str],
) -> SafeString:
    """Draw grouped horizontal bars: one group per category, one bar per series."""
    left, top, bar_h, gap, width = 230, 30, 14, 14, 640
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(categories) + 30
    plot_w = width - left - 30
    body = []
    for n, serie in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        body.append(
            f'<rect x="{left + n * 160}" y="4" width="12" height="12" fill="{colour}"/>'
            f'<text x="{left + n * 160 + 18}" y="15" font-size="12" '
            f'fill="#1b1f24">{escape(serie.label)}</text>'
        )
    for level in range(1, max_level + 1):
        x = left + plot_w * level / max_level
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - 26}" '
            f'stroke="#d5dbe1"/><text x="{x:.1f}" y="{height - 10}" font-size="11" '
            f'text-anchor="middle" fill="#1b1f24">'
            f"{escape(level_names.get(level, str(level)))}</text>"
        )
    for i, category in enumerate(categories):
        y0 = top + i * group_h
        body.append(
            f'<text x="{left - 8}" y="{y0 + group_h / 2:.1f}" text-anchor="end" '
            f'font-size="12" fill="#1b1f24">{escape(category[:34])}</text>'
        )
        for n, serie in enumerate(series):
            value = serie.values[i]
            if value is None:
                continue
            body.append(
                f'<rect x="{left}" y="{y0 + n * bar_h:.1f}" height="{bar_h - 2}" '
                f'width="{plot_w * value / max_level:.1f}" '
                f'fill="{PALETTE[n % len(PALETTE)]}"/>'
            )
    described = "; ".join(
        f"{c}: " + ", ".join(f"{s.label} {s.describe(i)}" for s in series)
        for i, c in enumerate(categories)
    )
    return _svg(width, height, title, described, body, uid)

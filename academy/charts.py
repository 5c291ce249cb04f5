"""Accessible SVG charts drawn on the server: no script, no network, a title.

Every chart here is paired in its template with a data table of the same numbers,
which is the accessible form; the SVG carries a title and a short description.

Each chart is drawn twice, for a wide and for a narrow frame, and the stylesheet
shows the one that fits the space the chart has (a container query): an SVG
scales its text with its drawing, so one drawing cannot keep labels readable on
a phone and a laptop alike.
"""

import math
import textwrap
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

PALETTE = ("#0b5394", "#a3410a", "#1d6b37", "#6a3d9a")  # all >= 4.5:1 on white
INK = "#1b1f24"
GRID = "#d5dbe1"
# Drawing widths in user units, and the label size in the same units. The wide
# drawing shows from 36rem up (13 x 576 / 640 = 11.7 px at the smallest), the
# narrow one below (13 x 358 / 340 = 13.7 px on a 390 px phone).
WIDE, NARROW = 640, 340
FONT = 13
LINE = 16  # distance between wrapped label lines
CHAR = 0.6  # a generous average glyph width, in ems, to keep labels apart


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


def _chars(space: float) -> int:
    """Return how many characters of label text fit in `space` user units."""
    return max(int(space / (FONT * CHAR)), 4)


def _lines(text: str, space: float, max_lines: int = 3) -> list[str]:
    """Wrap a label to the space it has; abbreviate what still does not fit."""
    width = _chars(space)
    lines = textwrap.wrap(text, width, break_long_words=False) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = textwrap.shorten(lines[-1] + " …", width, placeholder=" …")
        if not lines[-1].endswith("…"):
            lines[-1] += " …"
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


def _text(x: float, y: float, lines: list[str], anchor: str = "start") -> str:
    """Draw one label of one or more lines, the first line's baseline at y."""
    spans = "".join(
        f'<tspan x="{x:.1f}" dy="{0 if n == 0 else LINE}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" '
        f'font-size="{FONT}" fill="{INK}">{spans}</text>'
    )


def _svg(width: int, height: float, title: str, desc: str, body, uid: str, variant):
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height:.0f}" '
        f'role="img" aria-labelledby="{uid}-t {uid}-d" '
        f'class="la-chart la-chart--{variant}" preserveAspectRatio="xMinYMin meet">'
        f'<title id="{uid}-t">{escape(title)}</title>'
        f'<desc id="{uid}-d">{escape(desc)}</desc>' + "".join(body) + "</svg>"
    )


def _frame(wide: str, narrow: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every interpolated text is escaped above
        f'<div class="la-chart-frame">{wide}{narrow}</div>'
    )


def _shown_every(count: int, step: float, widest: int) -> int:
    """Return k so that every k-th label along an axis has room for itself."""
    # Half again the widest label: the first and last labels hang to one side.
    needed = widest * FONT * CHAR * 1.5 + 8
    return max(math.ceil(needed / step), 1) if count > 1 else 1


def _two_lines(text: str) -> list[str]:
    """Break a label into at most two lines of about equal length."""
    for width in range(max(len(text) // 2, 1), len(text) + 1):
        lines = textwrap.wrap(text, width, break_long_words=False)
        if len(lines) <= 2:
            return lines
    return [text]


def _axis_labels(categories: list[str], step: float):
    """Return the labels along the time axis and k: name every k-th point.

    Labels stay whole (dates do not abbreviate well); they break onto two lines
    when that lets more of them show, and the rest are left to the table.
    """
    best = None
    for wrapped in ([[c] for c in categories], [_two_lines(c) for c in categories]):
        widest = max((len(line) for w in wrapped for line in w), default=1)
        every = _shown_every(len(categories), step, widest)
        if best is None or every < best[1]:
            best = (wrapped, every)
    return best


def _line_drawing(width, title, categories, series, max_level, level_names, uid):
    names = [level_names.get(level, str(level)) for level in range(1, max_level + 1)]
    left = max(len(n) for n in names) * FONT * CHAR + 14
    right, top = 16, 16
    plot_w = width - left - right
    step = plot_w / max(len(categories) - 1, 1)
    wrapped, every = _axis_labels(categories, step)
    label_lines = max((len(w) for w in wrapped), default=1)
    plot_h = 200 if width == WIDE else 170
    height = top + plot_h + 12 + LINE * label_lines + 8
    body = []
    for level in range(0, max_level + 1):
        y = top + plot_h - plot_h * level / max_level
        body.append(
            f'<line x1="{left:.1f}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        if level:
            body.append(_text(left - 8, y + 4, [names[level - 1]], "end"))

    def x_of(i):
        return left + step * i if len(categories) > 1 else left + plot_w / 2

    last = len(categories) - 1
    for i, lines in enumerate(wrapped):
        if (last - i) % every:
            continue  # the table beside the chart names every assessment
        x = x_of(i)
        anchor = "middle"
        if len(categories) > 1 and i == 0:
            anchor = "start"
        elif len(categories) > 1 and i == last:
            anchor = "end"
        body.append(_text(x, top + plot_h + 12 + FONT, lines, anchor))
    for n, serie in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        points = [
            (x_of(i), top + plot_h - plot_h * v / max_level)
            for i, v in enumerate(serie.values)
            if v is not None
        ]
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
    variant = "wide" if width == WIDE else "narrow"
    return _svg(width, height, title, described, body, uid, variant)


def line_chart(
    *,
    uid: str,
    title: str,
    categories: list[str],
    series: list[Series],
    max_level: int,
    level_names: dict[int, str],
) -> SafeString:
    """Draw rating means over time, one line per series, for wide and narrow frames."""
    args = (title, categories, series, max_level, level_names)
    return _frame(
        _line_drawing(WIDE, *args, uid),
        _line_drawing(NARROW, *args, f"{uid}-narrow"),
    )


def _level_labels(left, plot_w, y, max_level, level_names):
    """Name each level under its grid line, on two rows when they would touch."""
    step = plot_w / max_level
    names = [level_names.get(level, str(level)) for level in range(1, max_level + 1)]
    two_rows = max(len(n) for n in names) * FONT * CHAR + 8 > step
    parts = []
    for level, name in enumerate(names, start=1):
        x = left + step * level
        row = (max_level - level) % 2 if two_rows else 0
        parts.append(_text(x, y + row * LINE, [name], "middle"))
    return parts, (2 if two_rows else 1)


def _bar_drawing(width, title, categories, series, max_level, level_names, uid):
    bar_h, gap = 14, 14
    narrow = width == NARROW
    # Room for half the top level's name, centred under the last grid line.
    right = len(level_names.get(max_level, str(max_level))) * FONT * CHAR / 2 + 4
    body = []
    # Legend: one entry per series, side by side when wide, stacked when narrow.
    for n, serie in enumerate(series):
        colour = PALETTE[n % len(PALETTE)]
        x, y = (4, 4 + n * 20) if narrow else (230 + n * 200, 4)
        body.append(
            f'<rect x="{x}" y="{y}" width="12" height="12" fill="{colour}"/>'
            + _text(x + 18, y + 11, _lines(serie.label, width - x - 22, 1))
        )
    top = 4 + (20 * len(series) if narrow else 20) + 10
    left = 4 if narrow else 230
    plot_w = width - left - right
    group_bars = bar_h * len(series)
    y = top
    groups = []
    for i, category in enumerate(categories):
        if narrow:
            # The domain's name on its own lines above its bars.
            lines = _lines(category, width - 8)
            label = _text(left, y + FONT, lines)
            bars_y = y + LINE * len(lines) + 2
            y = bars_y + group_bars + gap
        else:
            lines = _lines(category, left - 16)
            block = max(group_bars, LINE * len(lines))
            first = y + (block - LINE * len(lines)) / 2 + FONT - 1
            label = _text(left - 8, first, lines, "end")
            bars_y = y + (block - group_bars) / 2
            y = y + block + gap
        groups.append((i, label, bars_y))
    plot_bottom = y - gap + 6
    labels, rows = _level_labels(
        left, plot_w, plot_bottom + FONT + 4, max_level, level_names
    )
    for level in range(1, max_level + 1):
        x = left + plot_w * level / max_level
        body.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{plot_bottom:.1f}" '
            f'stroke="{GRID}"/>'
        )
    body += labels
    for i, label, bars_y in groups:
        body.append(label)
        for n, serie in enumerate(series):
            value = serie.values[i]
            if value is None:
                continue
            body.append(
                f'<rect x="{left}" y="{bars_y + n * bar_h:.1f}" height="{bar_h - 2}" '
                f'width="{plot_w * value / max_level:.1f}" '
                f'fill="{PALETTE[n % len(PALETTE)]}"/>'
            )
    height = plot_bottom + FONT + 4 + LINE * (rows - 1) + 8
    described = "; ".join(
        f"{c}: " + ", ".join(f"{s.label} {s.describe(i)}" for s in series)
        for i, c in enumerate(categories)
    )
    variant = "narrow" if narrow else "wide"
    return _svg(width, height, title, described, body, uid, variant)


def bar_chart(
    *,
    uid: str,
    title: str,
    categories: list[str],
    series: list[Series],
    max_level: int,
    level_names: dict[int, str],
) -> SafeString:
    """Draw grouped horizontal bars: one group per category, one bar per series.

    Long category names wrap (and past three lines abbreviate); the template's
    table beside the chart carries every name in full.
    """
    args = (title, categories, series, max_level, level_names)
    return _frame(
        _bar_drawing(WIDE, *args, uid),
        _bar_drawing(NARROW, *args, f"{uid}-narrow"),
    )

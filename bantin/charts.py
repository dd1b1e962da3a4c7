"""Charts as inline SVG, drawn at build time: no script, no font, no request to another host.

Each function takes numbers and the words to show (already in the site's language) and returns
the markup of one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` it is labelled by.
Every text is escaped; every value is drawn *and* written beside its mark, so nothing is told by
colour alone (series differ by pattern, dash and marker as well); colours come from the theme
through CSS classes (``chart__…``) and ``currentColor``, never from inline styles.

A chart is drawn at scale 1 (``width``/``height`` equal the view box, text 13 px): the page puts
it in a region that scrolls sideways when the screen is narrower (:data:`FONT` stays readable on
a 360-px phone instead of being shrunk). Widths of texts are estimated (:data:`CHAR`), generously.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup
from markupsafe import escape as _escape

from .sanitize import xml_safe

FONT = 13  # px: the size of every text in a chart
CHAR = 0.62 * FONT  # the width a character is given when laying texts out (wide for Vietnamese)
PLOT_HEIGHT = 180  # the height of a bar chart's plot area
BAR = 26  # the width of one bar
RANK_STEP = 28  # the height between two ranks of a rank chart
YEAR_STEP = 72  # the width between two years of a rank chart
SHAPES = 6  # markers, dashes and colours come round after this many series


@dataclass(frozen=True)
class Series:
    """One set of bars: ``values`` (None where the data does not say) and what is written over
    each (``texts``, one per value: "12", "≥ 7", "—")."""

    name: str
    values: tuple[float | None, ...]
    texts: tuple[str, ...]
    style: int | None = None  # 0 solid, 1 hatched, 2 dotted; by default the series' place


@dataclass(frozen=True)
class Line:
    """One unit's ranks over the years of a rank chart (None: not ranked that year)."""

    name: str
    ranks: tuple[int | None, ...]


def escape(text: str) -> Markup:
    """``text`` as SVG text: escaped, without the characters XML may not hold."""
    return _escape(xml_safe(str(text)))


def _n(x: float) -> str:
    """A coordinate, short and always written the same way."""
    r = round(x, 1)
    return str(int(r)) if r == int(r) else str(r)


def text_width(text: str) -> float:
    return len(text) * CHAR


def nice_top(largest: float) -> tuple[float, float]:
    """The top of a value axis holding ``largest`` and its tick step: 1, 2 or 5 times a power
    of ten, four or five steps in all."""
    if largest <= 0 or not math.isfinite(largest):
        return 1.0, 0.25
    raw = largest / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    top = float(f"{math.ceil(largest / step - 1e-9) * step:.12g}")  # 0.6, not 0.6000000000000001
    return top, step


def _open(ident: str, width: float, height: float, title: str, desc: str, kind: str) -> list[str]:
    t, d = f"{ident}-t", f"{ident}-d"
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--{kind}" id="{ident}"'
        f' role="img" aria-labelledby="{t} {d}" viewBox="0 0 {_n(width)} {_n(height)}"'
        f' width="{_n(width)}" height="{_n(height)}" font-size="{FONT}">',
        f'<title id="{t}">{escape(title)}</title>',
        f'<desc id="{d}">{escape(desc)}</desc>',
    ]


def _patterns(ident: str) -> str:
    """The fills of the bar series after the first: hatching, then dots (in currentColor)."""
    return (
        "<defs>"
        f'<pattern id="{ident}-p1" class="chart__pattern chart__pattern--s1" width="6" height="6"'
        ' patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect width="6" height="6" class="chart__pattern-ground"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="currentColor" stroke-width="3"/></pattern>'
        f'<pattern id="{ident}-p2" class="chart__pattern chart__pattern--s2" width="6" height="6"'
        ' patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" class="chart__pattern-ground"/>'
        '<circle cx="3" cy="3" r="1.6" fill="currentColor"/></pattern>'
        "</defs>"
    )


def _fill(ident: str, i: int) -> str:
    k = i % 3
    return "" if k == 0 else f' fill="url(#{ident}-p{k})"'


def bar_chart(
    ident: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    tick_text: Callable[[float], str] = _n,
    top: float | None = None,
    targets: Sequence[float | None] = (),
    target_texts: Sequence[str] = (),
    target_name: str = "",
) -> Markup:
    """Bars grouped by category (a year), one bar per series, the value written over each bar;
    a legend when there are two series or a target. ``targets`` (one per category, or empty)
    draws a dashed mark across the category at that value, with its text at its end. ``top``
    fixes the top of the value axis (1 for shares); else it is a round number above the data."""
    for s in series:
        if len(s.values) != len(categories) or len(s.texts) != len(categories):
            raise ValueError(f"series {s.name!r}: one value and one text per category")
    has_target = any(t is not None for t in targets)
    largest = max(
        [v for s in series for v in s.values if v is not None]
        + [t for t in targets if t is not None]
        + [0.0]
    )
    top, step = nice_top(max(top or 0.0, largest))
    ticks = [step * i for i in range(round(top / step) + 1)]
    tick_texts = [tick_text(v) for v in ticks]

    n = max(len(series), 1)
    widest_text = max(
        [text_width(t) for s in series for t in s.texts] + [text_width(c) for c in categories] + [0]
    )
    target_room = max((text_width(t) for t in target_texts), default=0) + 8 if has_target else 0
    group = max(n * BAR + (n - 1) * 4, widest_text)
    slot = group + 24 + target_room
    left = max(text_width(t) for t in tick_texts) + 12
    styles = [s.style if s.style is not None else i for i, s in enumerate(series)]
    legend_items = [(s.name, "bar", k) for s, k in zip(series, styles, strict=True)]
    if len(series) < 2 and not has_target:
        legend_items = []
    if has_target:
        legend_items.append((target_name, "target", 0))
    width = max(left + slot * len(categories) + 8, 220.0)
    # the legend: rows of a swatch and a name, as many in a row as the width holds
    legend: list[tuple[float, float, str, str, int]] = []
    x, y = left, FONT + 4
    for name, kind, i in legend_items:
        w = 22 + text_width(name) + 16
        if x + w > width and x > left:
            x, y = left, y + FONT + 10
        legend.append((x, y, name, kind, i))
        x += w
    plot_top = (y + 8 if legend else 0) + FONT + 8
    base = plot_top + PLOT_HEIGHT
    height = base + FONT + 16

    def scale(v: float) -> float:
        return base - v / top * PLOT_HEIGHT

    out = _open(ident, width, height, title, desc, "bars")
    out.append(_patterns(ident))
    for x, y, name, kind, i in legend:
        if kind == "bar":
            out.append(
                f'<g class="chart__legend-item"><rect class="chart__bar chart__bar--s{i % 3}"'
                f' x="{_n(x)}" y="{_n(y - FONT + 2)}" width="14" height="14"{_fill(ident, i)}/>'
                f'<text x="{_n(x + 20)}" y="{_n(y)}">{escape(name)}</text></g>'
            )
        else:
            out.append(
                f'<g class="chart__legend-item"><line class="chart__target" x1="{_n(x)}"'
                f' y1="{_n(y - 4)}" x2="{_n(x + 16)}" y2="{_n(y - 4)}"/>'
                f'<text x="{_n(x + 20)}" y="{_n(y)}">{escape(name)}</text></g>'
            )
    out.append('<g class="chart__axis">')
    for v, text in zip(ticks, tick_texts, strict=True):
        yy = scale(v)
        out.append(
            f'<g class="chart__tick" data-value="{v:g}"><line class="chart__grid"'
            f' x1="{_n(left)}" y1="{_n(yy)}" x2="{_n(width - 4)}" y2="{_n(yy)}"/>'
            f'<text x="{_n(left - 6)}" y="{_n(yy + FONT / 3)}" text-anchor="end">'
            f"{escape(text)}</text></g>"
        )
    out.append("</g>")
    for c, category in enumerate(categories):
        x0 = left + slot * c + 12
        out.append(f'<g class="chart__group" data-category="{escape(category)}">')
        bars_x = x0 + (group - (n * BAR + (n - 1) * 4)) / 2
        for i, (s, k) in enumerate(zip(series, styles, strict=True)):
            v = s.values[c]
            bx = bars_x + i * (BAR + 4)
            cx = bx + BAR / 2
            if v is not None:
                yy = scale(v)
                out.append(
                    f'<rect class="chart__bar chart__bar--s{k % 3}" x="{_n(bx)}" y="{_n(yy)}"'
                    f' width="{BAR}" height="{_n(base - yy)}"{_fill(ident, k)}/>'
                )
            else:
                yy = base
            out.append(
                f'<text class="chart__value" x="{_n(cx)}" y="{_n(yy - 5)}"'
                f' text-anchor="middle">{escape(s.texts[c])}</text>'
            )
        if c < len(targets) and targets[c] is not None:
            ty = scale(targets[c])  # type: ignore[arg-type]
            out.append(
                f'<line class="chart__target" x1="{_n(x0 - 6)}" y1="{_n(ty)}"'
                f' x2="{_n(x0 + group + 6)}" y2="{_n(ty)}"/>'
            )
            if c < len(target_texts):
                out.append(
                    f'<text class="chart__target-text" x="{_n(x0 + group + 10)}"'
                    f' y="{_n(ty + FONT / 3)}">{escape(target_texts[c])}</text>'
                )
        out.append(
            f'<text class="chart__category" x="{_n(x0 + group / 2)}" y="{_n(base + FONT + 8)}"'
            f' text-anchor="middle">{escape(category)}</text>'
        )
        out.append("</g>")
    out.append(
        f'<line class="chart__baseline" x1="{_n(left)}" y1="{_n(base)}"'
        f' x2="{_n(width - 4)}" y2="{_n(base)}"/>'
    )
    out.append("</svg>")
    return Markup("".join(out))


_MARKERS = (
    "M-5 0a5 5 0 1 0 10 0a5 5 0 1 0 -10 0Z",  # circle
    "M-4.5 -4.5h9v9h-9Z",  # square
    "M0 -6L5.5 4h-11Z",  # triangle
    "M0 -6L6 0L0 6L-6 0Z",  # diamond
    "M0 6L5.5 -4h-11Z",  # triangle, point down
    "M-5 -2h3v-3h4v3h3v4h-3v3h-4v-3h-3Z",  # cross
)


def rank_chart(
    ident: str,
    title: str,
    desc: str,
    years: Sequence[int],
    lines: Sequence[Line],
    *,
    axis_name: str = "",
) -> Markup:
    """A "bump" chart: one line per unit through its rank of each year, rank 1 at the top, a
    marker of the unit's shape at each rank, the unit's name in a column after the last year,
    at its last rank (with a thin leader when its line ends earlier or two names would touch).
    A year the unit has no rank breaks its line."""
    for line in lines:
        if len(line.ranks) != len(years):
            raise ValueError(f"line {line.name!r}: one rank (or None) per year")
    deepest = max([r for line in lines for r in line.ranks if r is not None] + [1])
    rank_texts = [str(r) for r in range(1, deepest + 1)]
    left = max(text_width(axis_name), max(text_width(t) for t in rank_texts)) + 16
    top = FONT + 16 if axis_name else 12
    label_room = max((text_width(line.name) for line in lines), default=0) + 16
    last_x = left + 16 + YEAR_STEP * max(len(years) - 1, 0)
    width = last_x + 10 + label_room
    base = top + RANK_STEP * (deepest - 1) + 10

    def x_of(i: int) -> float:
        return left + 16 + YEAR_STEP * i

    def y_of(rank: int) -> float:
        return top + 10 + RANK_STEP * (rank - 1)

    # the names in a column after the last year, each at its unit's last rank, pushed down
    # when two would touch (a unit whose line ends earlier gets a thin leader to its name)
    ends = []
    for k, line in enumerate(lines):
        last = max((i for i, r in enumerate(line.ranks) if r is not None), default=None)
        if last is not None:
            ends.append((y_of(line.ranks[last]), -last, k, x_of(last)))  # type: ignore[arg-type]
    label_y: dict[int, tuple[float, float, float]] = {}  # line → (label y, mark x, mark y)
    below = 0.0
    for y, _, k, x in sorted(ends):
        at = max(y, below)
        label_y[k] = (at, x, y)
        below = at + FONT + 3
    height = max(base + FONT + 24, below + 8)

    out = _open(ident, width, height, title, desc, "ranks")
    out.append('<g class="chart__axis">')
    if axis_name:
        out.append(
            f'<text class="chart__axis-name" x="4" y="{FONT + 2}">{escape(axis_name)}</text>'
        )
    for r, text in enumerate(rank_texts, start=1):
        yy = y_of(r)
        out.append(
            f'<g class="chart__tick" data-value="{r}"><line class="chart__grid" x1="{_n(left)}"'
            f' y1="{_n(yy)}" x2="{_n(last_x)}" y2="{_n(yy)}"/>'
            f'<text x="{_n(left - 6)}" y="{_n(yy + FONT / 3)}" text-anchor="end">{text}</text></g>'
        )
    for i, year in enumerate(years):
        out.append(
            f'<text class="chart__category" x="{_n(x_of(i))}" y="{_n(base + FONT + 12)}"'
            f' text-anchor="middle">{year}</text>'
        )
    out.append("</g>")
    for k, line in enumerate(lines):
        s = k % SHAPES
        out.append(f'<g class="chart__series chart__series--s{s}" data-name="{escape(line.name)}">')
        runs: list[list[tuple[float, float]]] = [[]]
        for i, r in enumerate(line.ranks):
            if r is None:
                if runs[-1]:
                    runs.append([])
                continue
            runs[-1].append((x_of(i), y_of(r)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
                out.append(f'<polyline class="chart__line" points="{points}"/>')
        placed = [p for run in runs for p in run]
        for x, y in placed:
            out.append(
                f'<path class="chart__marker" transform="translate({_n(x)} {_n(y)})"'
                f' d="{_MARKERS[s]}"/>'
            )
        if k in label_y:
            at, x, y = label_y[k]
            if (x, y) != (last_x, at):
                out.append(
                    f'<line class="chart__leader" x1="{_n(x + 6)}" y1="{_n(y)}"'
                    f' x2="{_n(last_x + 8)}" y2="{_n(at)}"/>'
                )
            out.append(
                f'<text class="chart__label" x="{_n(last_x + 10)}" y="{_n(at + FONT / 3)}">'
                f"{escape(line.name)}</text>"
            )
        out.append("</g>")
    out.append("</svg>")
    return Markup("".join(out))

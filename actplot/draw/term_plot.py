"""The plot area of a terminal chart: curves as braille dots or characters, marks on them, axes, ticks.

A NaN or inf in y breaks the line, so a jump prepared as ``left, NaN, right`` shows as a step with no
riser, while two finite neighbours far apart are joined (a steep continuous curve).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

import numpy as np  # noqa: TID253 - the renderer works on numpy arrays throughout

from actplot.draw.term_legend import PanelLike, Segment, SeriesLike

# vertical bar, y tick, corner, horizontal rule, x tick
BOX: Final = {False: ("│", "┤", "└", "─", "┬"), True: ("|", "+", "+", "-", "+")}
# Bit of each dot in a braille cell, indexed [row 0..3][column 0..1] (Unicode's dot numbering).
_BRAILLE_BITS: Final = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]])

Span = tuple[float, float]
Ink = tuple["str | None", "str | None"]  # a series' character (None: braille dots) and style
Mark = tuple[float, float, Segment]  # a point (x, y) and what to show in its cell


def finite_y(panel: PanelLike) -> np.ndarray:
    ys = [s.y[np.isfinite(s.x) & np.isfinite(s.y)] for s in panel.series]
    return np.concatenate(ys) if ys else np.empty(0)


def span(values: np.ndarray) -> Span:
    """The data's range, widened where it is a single value so that mapping never divides by zero."""
    if values.size == 0:
        return 0.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    return lo, hi


def format_value(value: float) -> str:
    text = f"{value:.4g}"
    return "0" if text == "-0" else text


def _nice_ticks(lo: float, hi: float, count: int) -> list[float]:
    """Round values (1, 2 or 5 times a power of ten apart) inside [lo, hi]."""
    raw = (hi - lo) / max(1, count)
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.ceil(lo / step - 1e-9)
    ticks = [k * step for k in range(first, math.floor(hi / step + 1e-9) + 1)]
    return [0.0 if abs(t) < step * 1e-9 else t for t in ticks]


def tick_labels(yspan: Span, rows: int) -> dict[int, str]:
    """Text row -> y label: the range's ends at top and bottom, round values between."""
    lo, hi = yspan
    labels = {0: format_value(hi), rows - 1: format_value(lo)}
    for tick in _nice_ticks(lo, hi, max(1, rows // 4)):
        row = round((hi - tick) / (hi - lo) * (4 * rows - 1)) // 4  # as the dots are placed
        if 0 < row < rows - 1 and row - 1 not in labels and row + 1 not in labels:
            labels[row] = format_value(tick)
    return labels


def dots(series: SeriesLike, xspan: Span, yspan: Span, shape: tuple[int, int]) -> np.ndarray:
    """The curve on a grid of dots (row 0 at the top), neighbours joined unless a NaN lies between."""
    height, width = shape
    x, y = np.asarray(series.x, dtype=float), np.asarray(series.y, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    col = np.zeros(x.shape, dtype=int)
    row = np.zeros(x.shape, dtype=int)
    col[ok] = np.rint((x[ok] - xspan[0]) / (xspan[1] - xspan[0]) * (width - 1))
    row[ok] = np.rint((yspan[1] - y[ok]) / (yspan[1] - yspan[0]) * (height - 1))
    grid = np.zeros(shape, dtype=bool)
    grid[row[ok], col[ok]] = True
    joined = ok[:-1] & ok[1:]
    far = joined & ((np.abs(np.diff(col)) > 1) | (np.abs(np.diff(row)) > 1))
    for i in np.flatnonzero(far):  # only pairs whose dots are not already touching
        steps = max(abs(col[i + 1] - col[i]), abs(row[i + 1] - row[i])) + 1
        grid[np.rint(np.linspace(row[i], row[i + 1], steps)).astype(int),
             np.rint(np.linspace(col[i], col[i + 1], steps)).astype(int)] = True
    return grid


def cell_of(x: float, y: float, xspan: Span, yspan: Span, shape: tuple[int, int]) -> tuple[int, int] | None:
    """The text cell (row, column) whose dots hold the point, as the curves' dots are placed; None outside."""
    rows, cols = shape
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    col = round((x - xspan[0]) / (xspan[1] - xspan[0]) * (2 * cols - 1))
    row = round((yspan[1] - y) / (yspan[1] - yspan[0]) * (4 * rows - 1))
    return (row // 4, col // 2) if 0 <= row < 4 * rows and 0 <= col < 2 * cols else None


def plot_rows(
    panel: PanelLike,
    xspan: Span,
    labels: dict[int, str],
    gutter: int,
    shape: tuple[int, int],
    inks: Sequence[Ink],
    marks: Sequence[Mark],
    ascii: bool,
) -> list[list[Segment]]:
    """The panel's text rows: y label, axis and cells, each cell inked by the last series in it, then
    the marks over the curves (later marks over earlier ones)."""
    yspan = span(finite_y(panel))
    cells = _curve_cells(panel, xspan, yspan, shape, inks)
    for x, y, segment in marks:
        cell = cell_of(x, y, xspan, yspan, shape)
        if cell is not None:
            cells[cell[0]][cell[1]] = segment
    bar, tick = BOX[ascii][:2]
    out: list[list[Segment]] = []
    for r, row in enumerate(cells):
        line: list[Segment] = [(labels.get(r, "").rjust(gutter) + (tick if r in labels else bar), None)]
        for char, style in row:
            if line[-1][1] == style:
                line[-1] = (line[-1][0] + char, style)
            else:
                line.append((char, style))
        out.append(line)
    return out


def _curve_cells(
    panel: PanelLike, xspan: Span, yspan: Span, shape: tuple[int, int], inks: Sequence[Ink]
) -> list[list[Segment]]:
    """Each text cell's character and style: blank, a series' character, or the braille of all its dots."""
    rows, cols = shape
    bits = np.zeros(shape, dtype=int)
    owner = np.full(shape, -1)
    for k, series in enumerate(panel.series):
        grid = dots(series, xspan, yspan, (4 * rows, 2 * cols))
        cell_bits = (grid.reshape(rows, 4, cols, 2) * _BRAILLE_BITS[None, :, None, :]).sum(axis=(1, 3))
        bits |= cell_bits
        owner[cell_bits > 0] = k
    blank: Segment = (" ", None)
    cells = [[blank] * cols for _ in range(rows)]
    for r, c in zip(*np.nonzero(owner >= 0)):
        char, style = inks[int(owner[r, c])]
        cells[r][c] = (char or chr(0x2800 + int(bits[r, c])), style)
    return cells


def _x_columns(cols: int, xlo: float, xhi: float) -> dict[int, float]:
    """Text column -> x value: the range's ends and round values between."""
    ticks = {0: xlo, cols - 1: xhi}
    for tick in _nice_ticks(xlo, xhi, max(2, cols // 12)):
        col = round((tick - xlo) / (xhi - xlo) * (2 * cols - 1)) // 2
        ticks.setdefault(col, tick)
    return ticks


def x_axis(gutter: int, cols: int, xspan: Span, ascii: bool) -> str:
    corner, rule, tick = BOX[ascii][2:]
    axis = [rule] * cols
    for col in _x_columns(cols, *xspan):
        axis[col] = tick
    return " " * gutter + corner + "".join(axis)


def x_tick_labels(gutter: int, cols: int, xspan: Span) -> str:
    """Labels centred under their ticks, the ends kept inside the line, none touching another."""
    line = [" "] * cols
    placed = sorted(_x_columns(cols, *xspan).items(), key=lambda item: (item[0] not in (0, cols - 1), item[0]))
    for col, value in placed:
        text = format_value(value)
        start = min(max(0, col - len(text) // 2), cols - len(text))
        if start >= 0 and all(c == " " for c in line[max(0, start - 1) : start + len(text) + 1]):
            line[start : start + len(text)] = text
    return (" " * (gutter + 1) + "".join(line)).rstrip()

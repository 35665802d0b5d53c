"""Figures drawn as text in the terminal: braille dots (2x4 per cell) or plain ASCII.

It draws the same panels the figure renderer gets (any objects with ``.series`` of
``(label, x, y)`` and ``.ylabel``); it imports neither matplotlib nor torch, and rich only to print
in colour.  A NaN or inf in y breaks the line, so a jump prepared as ``left, NaN, right`` shows as a
step with no riser, while two finite neighbours far apart are joined (a steep continuous curve).

Libraries weighed: plotext (braille and much more, but a large API built around global figure
state), asciichartpy (one character per point, a y axis only) and uniplot (braille, legend, colour;
the closest fit).  Each would be a new dependency next to typer, torch, matplotlib and rich, and the
one behaviour that matters here, a NaN breaking the line so that a jump is drawn as a step, would
rest on another project's choices; a renderer of under 300 lines keeps that promise tested here.
"""

from __future__ import annotations

import math
import os
import shutil
from collections.abc import Mapping, Sequence
from typing import IO, Final, Protocol

import numpy as np  # noqa: TID253 - the renderer works on numpy arrays throughout

MARKERS: Final = "*+ox#@%&"  # one per series where colour cannot tell them apart
COLOURS: Final = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f")
_BOX: Final = {False: ("│", "┤", "└", "─", "┬"), True: ("|", "+", "+", "-", "+")}
# Bit of each dot in a braille cell, indexed [row 0..3][column 0..1] (Unicode's dot numbering).
_BRAILLE_BITS: Final = np.array([[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]])
MIN_WIDTH: Final = 40
MAX_WIDTH: Final = 1000

Segment = tuple[str, "str | None"]  # text and the rich style to print it in (None: plain)


class SeriesLike(Protocol):  # read-only, so that frozen dataclasses (figdata.Series) fit
    @property
    def label(self) -> str: ...
    @property
    def x(self) -> np.ndarray: ...
    @property
    def y(self) -> np.ndarray: ...


class PanelLike(Protocol):
    @property
    def series(self) -> Sequence[SeriesLike]: ...
    @property
    def ylabel(self) -> str: ...


def wants_ascii(stream: IO[str], environ: Mapping[str, str] | None = None) -> bool:
    """True where braille would not show: the stream's encoding or the locale is not UTF-8."""
    encoding = getattr(stream, "encoding", None)
    if encoding and "utf" not in encoding.lower().replace("-", ""):
        return True
    env = os.environ if environ is None else environ
    locale = next((env[k] for k in ("LC_ALL", "LC_CTYPE", "LANG") if env.get(k)), "")
    if locale in ("C", "POSIX"):
        return True  # Python may still say utf-8 here (PEP 538), but the terminal need not
    charset = locale.partition(".")[2].partition("@")[0].lower().replace("-", "")
    return bool(charset) and charset != "utf8"


def terminal_width(stream: IO[str]) -> int:
    """The terminal's columns (from 40 to 1000); 80, or $COLUMNS, when `stream` is not a terminal.

    Wider than 1000 columns nobody reads a chart, and its cost grows with the square of the width
    (the height follows it): COLUMNS=8000 once took 1.6 GB.
    """
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return min(MAX_WIDTH, max(MIN_WIDTH, shutil.get_terminal_size().columns))
    columns = os.environ.get("COLUMNS", "")
    return min(MAX_WIDTH, max(MIN_WIDTH, int(columns))) if columns.isdigit() else 80


def render_text(
    panels: Sequence[PanelLike],
    width: int,
    height: int | None = None,
    ascii: bool = False,
    title: str | None = None,
    xlabel: str = "x",
) -> str:
    """The chart as plain text, each line at most `width` cells, series told apart by markers.

    >>> print(render_text([panel], 80))  # doctest: +SKIP
    """
    lines = render_lines(panels, width, height, ascii=ascii, colour=False, title=title, xlabel=xlabel)
    return "\n".join("".join(text for text, _ in line).rstrip() for line in lines)


def print_chart(
    panels: Sequence[PanelLike],
    stream: IO[str],
    width: int | None = None,
    height: int | None = None,
    ascii: bool | None = None,
    colour: bool | None = None,
    title: str | None = None,
    xlabel: str = "x",
) -> None:
    """Write the chart to `stream`: coloured braille on a colour terminal, else plain text."""
    from rich.console import Console
    from rich.text import Text

    width = terminal_width(stream) if width is None else width
    ascii = wants_ascii(stream) if ascii is None else ascii
    class _Console(Console):  # a closed pipe is for the CLI to report (a quiet exit 0), not for rich (exit 1)
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    console = _Console(file=stream, width=width, force_terminal=colour, highlight=False, emoji=False, markup=False)
    colour = console.color_system is not None
    for line in render_lines(panels, width, height, ascii=ascii, colour=colour, title=title, xlabel=xlabel):
        console.print(Text.assemble(*((text, style or "") for text, style in line)), no_wrap=True, crop=True)


def render_lines(
    panels: Sequence[PanelLike],
    width: int,
    height: int | None = None,
    *,
    ascii: bool = False,
    colour: bool = False,
    title: str | None = None,
    xlabel: str = "x",
) -> list[list[Segment]]:
    """The chart as lines of styled segments; braille needs colour to tell several series apart."""
    width = max(MIN_WIDTH, width)
    rows = max(10, width // 4) if height is None else max(2, height)
    xs = [s.x[np.isfinite(s.x) & np.isfinite(s.y)] for p in panels for s in p.series]
    xlo, xhi = _span(np.concatenate(xs) if xs else np.empty(0))
    ylabels = [_tick_labels(_span(_finite_y(p)), rows) for p in panels]
    gutter = max((len(t) for labels in ylabels for t in labels.values()), default=1)
    cols = width - gutter - 1
    lines: list[list[Segment]] = []
    if title:
        lines.append([(_clean(title, ascii)[:width].center(width).rstrip(), "bold")])
    for panel, labels in zip(panels, ylabels):
        markers = ascii or (len(panel.series) > 1 and not colour)
        lines.append([(_clean(panel.ylabel, ascii)[:width], None)])
        lines.append(_legend(panel, ascii, markers, width))
        lines += _plot_rows(panel, (xlo, xhi), labels, gutter, cols, rows, markers, ascii)
        lines.append([(_x_axis(gutter, cols, xlo, xhi, ascii), None)])
    lines.append([(_x_tick_labels(gutter, cols, xlo, xhi), None)])
    lines.append([((" " * (gutter + 1) + _clean(xlabel, ascii)[:cols].center(cols)).rstrip(), None)])
    return lines


def _clean(text: str, ascii: bool) -> str:
    """Labels in the ASCII chart are ASCII too ('?' for what is not), so no cell shows garbage."""
    return text.encode("ascii", "replace").decode() if ascii else text


def _finite_y(panel: PanelLike) -> np.ndarray:
    ys = [s.y[np.isfinite(s.x) & np.isfinite(s.y)] for s in panel.series]
    return np.concatenate(ys) if ys else np.empty(0)


def _span(values: np.ndarray) -> tuple[float, float]:
    """The data's range, widened where it is a single value so that mapping never divides by zero."""
    if values.size == 0:
        return 0.0, 1.0
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        pad = abs(lo) * 0.1 or 1.0
        return lo - pad, hi + pad
    return lo, hi


def _format(value: float) -> str:
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


def _tick_labels(span: tuple[float, float], rows: int) -> dict[int, str]:
    """Text row -> y label: the range's ends at top and bottom, round values between."""
    lo, hi = span
    labels = {0: _format(hi), rows - 1: _format(lo)}
    for tick in _nice_ticks(lo, hi, max(1, rows // 4)):
        row = round((hi - tick) / (hi - lo) * (4 * rows - 1)) // 4  # as the dots are placed
        if 0 < row < rows - 1 and row - 1 not in labels and row + 1 not in labels:
            labels[row] = _format(tick)
    return labels


Span = tuple[float, float]


def _dots(series: SeriesLike, xspan: Span, yspan: Span, shape: tuple[int, int]) -> np.ndarray:
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


def _plot_rows(
    panel: PanelLike,
    xspan: tuple[float, float],
    labels: dict[int, str],
    gutter: int,
    cols: int,
    rows: int,
    markers: bool,
    ascii: bool,
) -> list[list[Segment]]:
    """The panel's text rows: y label, axis and cells, each cell coloured by the last series in it."""
    yspan = _span(_finite_y(panel))
    bits = np.zeros((rows, cols), dtype=int)
    owner = np.full((rows, cols), -1)
    for k, series in enumerate(panel.series):
        grid = _dots(series, xspan, yspan, (4 * rows, 2 * cols))
        cell_bits = (grid.reshape(rows, 4, cols, 2) * _BRAILLE_BITS[None, :, None, :]).sum(axis=(1, 3))
        bits |= cell_bits
        owner[cell_bits > 0] = k
    bar, tick = _BOX[ascii][:2]
    out: list[list[Segment]] = []
    for r in range(rows):
        line: list[Segment] = [(labels.get(r, "").rjust(gutter) + (tick if r in labels else bar), None)]
        for c in range(cols):
            k = int(owner[r, c])
            char = " " if k < 0 else MARKERS[k % len(MARKERS)] if markers else chr(0x2800 + int(bits[r, c]))
            style = None if k < 0 or markers else COLOURS[k % len(COLOURS)]
            if line[-1][1] == style:
                line[-1] = (line[-1][0] + char, style)
            else:
                line.append((char, style))
        out.append(line)
    return out


def _x_columns(cols: int, xlo: float, xhi: float) -> dict[int, float]:
    """Text column -> x value: the range's ends and round values between."""
    ticks = {0: xlo, cols - 1: xhi}
    for tick in _nice_ticks(xlo, xhi, max(2, cols // 12)):
        col = round((tick - xlo) / (xhi - xlo) * (2 * cols - 1)) // 2
        ticks.setdefault(col, tick)
    return ticks


def _x_axis(gutter: int, cols: int, xlo: float, xhi: float, ascii: bool) -> str:
    corner, rule, tick = _BOX[ascii][2:]
    axis = [rule] * cols
    for col in _x_columns(cols, xlo, xhi):
        axis[col] = tick
    return " " * gutter + corner + "".join(axis)


def _x_tick_labels(gutter: int, cols: int, xlo: float, xhi: float) -> str:
    """Labels centred under their ticks, the ends kept inside the line, none touching another."""
    line = [" "] * cols
    placed = sorted(_x_columns(cols, xlo, xhi).items(), key=lambda item: (item[0] not in (0, cols - 1), item[0]))
    for col, value in placed:
        text = _format(value)
        start = min(max(0, col - len(text) // 2), cols - len(text))
        if start >= 0 and all(c == " " for c in line[max(0, start - 1) : start + len(text) + 1]):
            line[start : start + len(text)] = text
    return (" " * (gutter + 1) + "".join(line)).rstrip()


def _legend(panel: PanelLike, ascii: bool, markers: bool, width: int) -> list[Segment]:
    """One line naming each series with its marker, or a full braille cell in its colour."""
    line: list[Segment] = []
    for k, series in enumerate(panel.series):
        sign = (MARKERS[k % len(MARKERS)], None) if markers else ("⣿", COLOURS[k % len(COLOURS)])
        line += [("  " if k else "", None), sign, (" " + _clean(series.label, ascii), None)]
    used = 0
    for i, (text, _) in enumerate(line):  # keep the line inside the width, cutting the last label
        if used + len(text) > width:
            return line[:i] + [(text[: width - used], line[i][1])]
        used += len(text)
    return line

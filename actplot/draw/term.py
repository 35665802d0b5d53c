"""Figures drawn as text in the terminal: braille dots (2x4 per cell) or plain ASCII.

It draws the same panels the figure renderer gets (any objects with ``.series`` of
``(label, x, y)`` and ``.ylabel``; ``markers``, ``legend_title``, ``look(i)`` and each series'
``note`` and ``look`` are used where present) in the figures' colours; it imports neither
matplotlib nor torch, and rich only to print in colour. The chart fits the terminal: as wide as
its columns, and no taller than its rows. A NaN or inf in y breaks the line, so a jump prepared as
``left, NaN, right`` shows as a step with no riser, while two finite neighbours far apart are
joined (a steep continuous curve); the value at a jump and the other limit are marked.

Libraries weighed: plotext (braille and much more, but a large API built around global figure
state), asciichartpy (one character per point, a y axis only) and uniplot (braille, legend, colour;
the closest fit).  Each would be a new dependency next to typer, torch, matplotlib and rich, and the
one behaviour that matters here, a NaN breaking the line so that a jump is drawn as a step, would
rest on another project's choices; a renderer of a few hundred lines (this module, :mod:`term_plot`
for the plot area, :mod:`term_legend` for colours, characters and legends) keeps it tested here.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from typing import IO, Final, NamedTuple

import numpy as np  # noqa: TID253 - the renderer works on numpy arrays throughout

from actplot.draw import term_legend as legend
from actplot.draw import term_plot as plot
from actplot.draw.term_legend import MARKERS, PanelLike, Segment, SeriesLike

__all__ = ["MARKERS", "PanelLike", "Segment", "SeriesLike", "print_chart", "render_lines", "render_text",
           "terminal_height", "terminal_width", "wants_ascii"]  # fmt: skip

MIN_WIDTH: Final = 40
MAX_WIDTH: Final = 1000
MIN_HEIGHT: Final = 10  # lines, where the terminal says fewer
MAX_HEIGHT: Final = 1000
MIN_ROWS: Final = 2  # plot rows per panel, however short the terminal
ENOUGH_ROWS: Final = 5  # plot rows per panel worth more than an x label's line or a legend's own lines
PIPE_ROWS: Final = 24  # plot rows per panel at most where nothing says how tall (a pipe without $LINES)


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
    (a panel is at most a quarter of the width tall): COLUMNS=8000 once took 1.6 GB.
    """
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        return min(MAX_WIDTH, max(MIN_WIDTH, shutil.get_terminal_size().columns))
    columns = os.environ.get("COLUMNS", "")
    return min(MAX_WIDTH, max(MIN_WIDTH, int(columns))) if columns.isdigit() else 80


def terminal_height(stream: IO[str]) -> int | None:
    """The most lines a chart may take: the terminal's rows ($LINES when `stream` is not a terminal)
    less one for the prompt that follows, from 10 to 1000; None where nothing says (a pipe without
    $LINES), for a height that follows the width."""
    isatty = getattr(stream, "isatty", None)
    if isatty is not None and isatty():
        lines = shutil.get_terminal_size().lines
    else:
        text = os.environ.get("LINES", "")
        lines = int(text) if text.isdigit() else 0
    return min(MAX_HEIGHT, max(MIN_HEIGHT, lines - 1)) if lines > 0 else None


def render_text(
    panels: Sequence[PanelLike],
    width: int,
    height: int | None = None,
    ascii: bool = False,
    title: str | None = None,
    xlabel: str = "x",
) -> str:
    """The chart as plain text, each line at most `width` cells, series told apart by markers.

    `height` is the most lines it may take (None: each panel about a quarter of the width tall, at
    most 24 rows); a panel is never taller than a quarter of the width, the figures' 2:1.

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
    """Write the chart to `stream`: coloured braille on a colour terminal, else plain text; by default as
    wide as the terminal and no taller (see :func:`terminal_width` and :func:`terminal_height`)."""
    from rich.console import Console
    from rich.text import Text

    width = terminal_width(stream) if width is None else width
    height = terminal_height(stream) if height is None else height
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
    inks = [_inks(p, ascii, colour) for p in panels]
    layout = _layout(panels, [[_sign(ink) for ink in i] for i in inks], width, height, ascii, bool(title))
    xs = [s.x[np.isfinite(s.x) & np.isfinite(s.y)] for p in panels for s in p.series]
    xspan = plot.span(np.concatenate(xs) if xs else np.empty(0))
    ylabels = [plot.tick_labels(plot.span(plot.finite_y(p)), layout.rows) for p in panels]
    gutter = max((len(t) for labels in ylabels for t in labels.values()), default=1)
    cols = width - gutter - 1
    lines: list[list[Segment]] = []
    if title and layout.title:
        lines.append([(legend.centre(legend.clean(title, ascii), width, ascii).rstrip(), "bold")])
    for panel, ink, labels, head in zip(panels, inks, ylabels, layout.heads):
        lines += head
        marks = _marks(panel, ascii, plain=ascii or any(char for char, _ in ink))
        lines += plot.plot_rows(panel, xspan, labels, gutter, (layout.rows, cols), ink, marks, ascii)
        lines.append([(plot.x_axis(gutter, cols, xspan, ascii), None)])
    lines.append([(plot.x_tick_labels(gutter, cols, xspan), None)])
    if layout.xlabel:
        lines.append([((" " * (gutter + 1) + legend.centre(legend.clean(xlabel, ascii), cols, ascii)).rstrip(), None)])
    return lines


class _Layout(NamedTuple):
    heads: list[list[list[Segment]]]  # each panel's lines above its plot
    rows: int  # plot rows per panel
    title: bool  # whether the title has its line
    xlabel: bool  # whether the x label has its line


def _layout(
    panels: Sequence[PanelLike], signs: list[list[Segment]], width: int, height: int | None, ascii: bool, title: bool
) -> _Layout:
    """Plot rows per panel: a quarter of the width (the figures' 2:1, a braille cell being about twice as
    tall as wide), at most 24 where no `height` is given, else at most an even share of what `height`
    leaves. Where that share is under five rows, the x label gives up its line, then each panel's y
    label, legend and key run together; under two rows even so, the title goes too (and if the chart
    still needs more than `height`, it is two rows a panel all the same)."""
    tallest = width // 4
    full = [legend.heading(p, s, width, ascii, compact=False) for p, s in zip(panels, signs)]
    if height is None:
        return _Layout(full, min(PIPE_ROWS, tallest), title, True)
    compact = [legend.heading(p, s, width, ascii, compact=True) for p, s in zip(panels, signs)]
    tiers = ((full, title, True, ENOUGH_ROWS), (full, title, False, ENOUGH_ROWS), (compact, title, False, MIN_ROWS))
    share = 0
    for heads, with_title, with_xlabel, enough in (*tiers, (compact, False, False, 0)):
        fixed = with_title + sum(len(head) + 1 for head in heads) + 1 + with_xlabel
        share = (height - fixed) // max(1, len(panels))
        if share >= enough:
            break
    return _Layout(heads, max(MIN_ROWS, min(tallest, share)), with_title, with_xlabel)


def _inks(panel: PanelLike, ascii: bool, colour: bool) -> list[plot.Ink]:
    """Each series' character and colour: braille in its colour, or one of MARKERS where colour cannot
    tell the series apart (ASCII, or several series without colour)."""
    colours = legend.series_colours(panel)
    if ascii or (len(panel.series) > 1 and not colour):
        return [(MARKERS[k % len(MARKERS)], None) for k in range(len(colours))]
    return [(None, c) for c in colours]


def _sign(ink: plot.Ink) -> Segment:
    """What stands for a series in the legend: its character, or a full braille cell in its colour."""
    return (ink[0], None) if ink[0] else (legend.BRAILLE_FULL, ink[1])


def _marks(panel: PanelLike, ascii: bool, plain: bool) -> list[plot.Mark]:
    """The panel's marks as cells to draw, open limits first so that PyTorch's value shows where both
    fall in one cell, labelled points last; coloured as their curve unless the chart is `plain`."""
    out: list[plot.Mark] = []
    for m in sorted(getattr(panel, "markers", ()), key=lambda m: (legend.mark_kind(m) == 2, legend.mark_kind(m) == 0)):
        style = None if plain else legend.colour(panel, m.look)
        out.append((m.x, m.y, (legend.MARKS[ascii][legend.mark_kind(m)], style)))
    return out

"""What a figure shows, as plain data: curves, marks, bands and the look (numpy only, no matplotlib).

Built by :mod:`actplot.scene`, drawn by :mod:`actplot.render`; being plain data it can also be sent to
another process (the gallery draws in worker processes) or drawn as text (:mod:`actplot.term`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    import numpy as np


LOW_PRECISION: Final = ("float16", "bfloat16")  # drawn as steps: each value holds until the next
AUTO_SIZE: Final = (5.0, 2.5)  # inches: the textbook's figure, for one panel
PANEL_HEIGHT: Final = 2.0  # inches added for each further panel when the size is not given


@dataclass(frozen=True)
class Options:
    """What the panels should hold besides the curves."""

    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int = 2001
    device: str = "cpu"
    columns: int = 750  # pixel columns across the figure: many points are thinned to about two per column
    mark_jumps: bool = True
    vanishing: float | None = None  # shade where abs(f') is below this
    asymptotes: bool = False  # thin lines at the limits a curve approaches (never reaches) as x -> +-inf
    error: str | None = None  # "abs" or "ulp": draw each curve's error against float64 instead of the curve


@dataclass(frozen=True)
class Look:
    """How one curve is told from the others: colour, dash pattern and, past those, a mark along it."""

    colour: int = 0  # index into the theme's palette
    dash: int = 0  # index into themes.LINESTYLES
    ramp: float | None = None  # a place (0 to 1) on the sequential colour map, used instead of `colour`
    mark: int | None = None  # index into themes.LINE_MARKS: shapes along the line
    width: float | None = None  # line width in points (None: the theme's); wider under narrower overlays

    @staticmethod
    def distinct(i: int) -> Look:
        """The i-th curve's look in a plain overlay: colour i mod 7, dash i mod 8, a mark from the 9th on."""
        return Look(i % 7, i % 8, mark=i // 8 - 1 if i >= 8 else None)


@dataclass(frozen=True)
class Series:
    """One curve: y against x, as numpy arrays on the CPU (NaN in y breaks the line)."""

    label: str
    x: np.ndarray
    y: np.ndarray
    look: int | None = None  # the curve's index in the figure (its Look); None: its place in its panel
    steps: bool = False  # draw as steps (a low-precision grid, where values are constant between points)
    note: str = ""  # what this panel adds about the curve, e.g. "0 for x ≥ 8.32" or "numerical"


@dataclass(frozen=True)
class Marker:
    """A point drawn on a curve: a jump's value (filled) or limit (open), or a labelled extreme."""

    x: float
    y: float
    look: int
    filled: bool = True
    shape: str = "o"
    label: str | None = None


@dataclass(frozen=True)
class Guide:
    """A thin vertical dotted line at x (e.g. where a gradient becomes exactly 0)."""

    x: float
    look: int


@dataclass(frozen=True)
class Level:
    """A thin horizontal dotted line at y: a limit the curve approaches as x -> -inf or +inf."""

    y: float
    look: int


@dataclass(frozen=True)
class Shade:
    """A band shaded over the x interval [start, end]."""

    start: float
    end: float
    look: int
    label: str | None = None


@dataclass(frozen=True)
class Panel:
    """One axes: its curves and the y label."""

    series: Sequence[Series]
    ylabel: str
    markers: Sequence[Marker] = ()
    guides: Sequence[Guide] = ()
    shades: Sequence[Shade] = ()
    levels: Sequence[Level] = ()
    name: str = ""  # what the panel shows, briefly, for notes in a shared legend: "f", "f′"
    yscale: str = "linear"  # how the values are best shown (log for errors); --yscale overrides it
    looks: Sequence[Look] = ()  # by curve index; a curve past the end looks like Look.distinct(index)
    legend_title: str | None = None  # e.g. the swept parameter's name
    note: str = ""  # what the panel says about all its curves, above it (e.g. "max deviation from a line: 0")

    def look(self, index: int) -> Look:
        return self.looks[index] if index < len(self.looks) else Look.distinct(index)


@dataclass(frozen=True)
class Style:
    """How a figure looks; every field has the command line's default."""

    figsize: tuple[float, float] | None = None  # inches; None: the textbook's 5 x 2.5, grown to fit
    dpi: float = 150.0
    title: str | None = None
    xlabel: str = "x"
    ylim: tuple[float, float] | None = None  # for every panel that has no limits of its own in ylims
    grid: bool = True
    rc: dict[str, object] = field(default_factory=dict)  # extra matplotlib rcParams
    theme: str = "light"  # light or dark
    transparent: bool = False  # no background (for slides)
    mplstyle: str | None = None  # a matplotlib style name or file, applied over the theme
    ylims: Sequence[tuple[float, float] | None] = ()  # per panel, top first
    yscales: Sequence[str] = ()  # per panel: linear, log or symlog (the last repeats); () keeps the panel's
    legend: str = "best"  # where no curve is, a matplotlib legend location, 'outside', 'below' or 'none'
    legend_columns: int | None = None  # None: as many as fit
    legend_title: str | None = None
    font: str | None = None  # a font's name or file for the text (--font); None: matplotlib's, with fallbacks
    context: str | None = None  # paper, notebook, talk or poster; None: sizes follow the figure's size
    font_size: float | None = None  # points: the base text size, overriding --context and the figure's size
    svg_text: bool = False  # SVG text stays text (fonts named, not embedded) instead of paths
    math: bool = False  # every label is mathtext; without it only a label wholly inside $...$ is

    @property
    def width(self) -> float:
        """The figure's width in inches (the curves are thinned to its pixels)."""
        return self.figsize[0] if self.figsize else AUTO_SIZE[0]

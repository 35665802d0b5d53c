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


@dataclass(frozen=True)
class Options:
    """What the panels should hold besides the curves."""

    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int = 2001
    device: str = "cpu"
    columns: int = 750  # pixel columns across the figure: many points are thinned to about two per column
    mark_jumps: bool = True
    vanishing: float | None = None  # shade where abs(f') is below this


@dataclass(frozen=True)
class Series:
    """One curve: y against x, as numpy arrays on the CPU (NaN in y breaks the line)."""

    label: str
    x: np.ndarray
    y: np.ndarray
    look: int | None = None  # palette and line style index; None: the series' place in its panel
    steps: bool = False  # draw as steps (a low-precision grid, where values are constant between points)


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
    legend: bool = False  # a legend even for one curve (e.g. to say it is numerical)
    markers: Sequence[Marker] = ()
    guides: Sequence[Guide] = ()
    shades: Sequence[Shade] = ()


@dataclass(frozen=True)
class Style:
    """How a figure looks; every field has the command line's default."""

    figsize: tuple[float, float] = (5.0, 2.5)  # inches, the textbook's
    dpi: float = 150.0
    title: str | None = None
    xlabel: str = "x"
    ylim: tuple[float, float] | None = None
    grid: bool = True
    rc: dict[str, object] = field(default_factory=dict)  # extra matplotlib rcParams
    theme: str = "light"  # light or dark
    transparent: bool = False  # no background (for slides)
    mplstyle: str | None = None  # a matplotlib style name or file, applied over the theme
    legend: str = "best"  # a matplotlib legend location, 'outside' or 'none'

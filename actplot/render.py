"""matplotlib Figures from computed curves (no pyplot state), and saving them byte-for-byte stable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Final

import numpy as np
from matplotlib.figure import Figure

FIGURE_FORMATS: Final = ("png", "svg", "pdf")

# Metadata that would change from run to run is left out, so one command gives one file.
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


@dataclass(frozen=True)
class Series:
    """One curve: y against x, as numpy arrays on the CPU."""

    label: str
    x: np.ndarray
    y: np.ndarray


@dataclass(frozen=True)
class Panel:
    """One axes: its curves and the y label."""

    series: Sequence[Series]
    ylabel: str
    legend: bool = False  # a legend even for one curve (e.g. to say it is numerical)


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


def draw(panels: Sequence[Panel], style: Style) -> Figure:
    """A Figure with one axes per panel, stacked, sharing the x axis.

    Constrained layout keeps every label inside the canvas while the pixel size stays
    figsize x dpi (unlike a tight bounding box, which crops and so changes the size).
    """
    fig = Figure(figsize=style.figsize, dpi=style.dpi, layout="constrained")
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels):
        for series in panel.series:
            ax.plot(series.x, series.y, label=series.label, linewidth=1.5)
        ax.set_ylabel(panel.ylabel)
        ax.grid(style.grid)
        if style.ylim is not None:
            ax.set_ylim(*style.ylim)
        if len(panel.series) > 1 or panel.legend:
            ax.legend(fontsize="small")
    axes[-1].set_xlabel(style.xlabel)
    if style.title:
        axes[0].set_title(style.title)
    return fig


def save(fig: Figure, target: str | IO[bytes], fmt: str) -> None:
    """Write `fig` as png, svg or pdf; the same figure always gives the same bytes."""
    import matplotlib

    with matplotlib.rc_context({"svg.hashsalt": "actplot", "svg.fonttype": "path"}):
        fig.savefig(target, format=fmt, dpi=fig.dpi, metadata=_METADATA[fmt])

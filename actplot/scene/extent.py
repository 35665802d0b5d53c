"""The y limits an animation holds still: every frame's curves, marks and levels, each panel's union,
with matplotlib's own margin around it, so only the curves move from frame to frame."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from actplot.scene.data import Panel

MARGIN: Final = 0.05  # of the data's height on each side, as matplotlib's axes.ymargin

Extent = tuple[float, float] | None


def extents(panels: Sequence[Panel], log: Sequence[bool]) -> list[Extent]:
    """Each panel's lowest and highest finite value (above 0 only, on a log scale); None where none."""
    import numpy as np

    out: list[Extent] = []
    for panel, positive in zip(panels, log):
        values = [s.y for s in panel.series] + [np.array([m.y for m in panel.markers] + [v.y for v in panel.levels])]
        found = np.concatenate([np.asarray(v, dtype=np.float64).ravel() for v in values])
        found = found[np.isfinite(found) & ((found > 0) if positive else True)]
        out.append((float(found.min()), float(found.max())) if found.size else None)
    return out


def union(a: Sequence[Extent], b: Sequence[Extent]) -> list[Extent]:
    """Panel by panel, the extent that holds both."""
    out: list[Extent] = []
    for x, y in zip(a, b):
        out.append(x if y is None else y if x is None else (min(x[0], y[0]), max(x[1], y[1])))
    return out


def limits(extent: Extent, log: bool) -> tuple[float, float] | None:
    """The axis limits for an extent: a margin on each side (a factor on a log scale); a flat curve
    gets a unit of room (a decade on a log scale)."""
    if extent is None:
        return None
    lo, hi = extent
    if log:
        a, b = math.log10(lo), math.log10(hi)
        pad = (b - a) * MARGIN if b > a else 1.0
        return 10 ** (a - pad), 10 ** (b + pad)
    pad = (hi - lo) * MARGIN if hi > lo else max(1.0, abs(lo)) * 0.5
    return lo - pad, hi + pad

"""Marks and thin lines at the venue's scale (see :mod:`actplot.scene.sizes`)."""

from __future__ import annotations

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import matplotlib

from actplot.scene.sizes import LINE_WIDTH


def pt(points: float) -> float:
    """`points` at the venue's scale: marks and thin lines grow with the curves. Read off the curves'
    width, so a --style with thicker lines gets larger marks too, within reason."""
    scale = float(matplotlib.rcParams["lines.linewidth"]) / LINE_WIDTH
    return points * min(4.0, max(0.5, scale))

"""How big a figure may be: its size, resolution, y limits and pixel count (plain numbers, no matplotlib).

Every figure command (plot, grad, diff, gallery) checks these here, before anything is computed, so a
figure that cannot be drawn is a usage error naming the option rather than a failure inside matplotlib.
"""

from __future__ import annotations

import math
from typing import Final

from actplot.errors import UsageError

FIGSIZE_RANGE: Final = (0.5, 100.0)  # inches: smaller leaves no room for an axes, larger is a poster wall
# pixels per inch. Below 10, FreeType cannot draw the figure's smallest text (5 points: labels never
# shrink below it) at even half a pixel and matplotlib fails; 2000 is print resolution several times over.
DPI_RANGE: Final = (10.0, 2000.0)
# An Agg canvas takes 4 bytes a pixel and matplotlib makes one even for svg and pdf (to measure text),
# so 100 megapixels is 400 MB of canvas, plus as much again to encode a png: a poster (40 x 25 inches at
# 300 dpi is 90 megapixels) fits, a mistyped --dpi does not run the machine out of memory.
MAX_PIXELS: Final = 100_000_000


def check(figsize: tuple[float, float], dpi: float, ylim: tuple[float, float] | None) -> None:
    """Complain about a figure size, resolution, pixel count or y interval that cannot be drawn."""
    w, h = figsize
    low, high = FIGSIZE_RANGE
    if not (low <= w <= high and low <= h <= high):
        raise UsageError(f"--figsize must be between {low:g} and {high:g} inches, not {w:g} {h:g}")
    low, high = DPI_RANGE
    if not low <= dpi <= high:
        raise UsageError(f"--dpi must be between {low:g} and {high:g}, not {dpi:g}")
    width, height = round(w * dpi), round(h * dpi)
    if width * height > MAX_PIXELS:
        raise UsageError(
            f"--figsize {w:g} {h:g} at --dpi {dpi:g} would be {width:,} x {height:,} pixels"
            f" ({width * height / 1e6:,.0f} megapixels); the most is {MAX_PIXELS / 1e6:,.0f} megapixels",
            hint="lower --dpi or --figsize",
        )
    if ylim is not None:
        lo, hi = ylim
        if not (math.isfinite(lo) and math.isfinite(hi)):
            raise UsageError(f"--ylim MIN MAX must be finite, not {lo:g} {hi:g}")
        if not lo < hi:
            raise UsageError(f"--ylim MIN MAX needs MIN < MAX, not {lo:g} {hi:g}")

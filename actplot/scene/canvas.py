"""How big a figure may be: its size, resolution, y limits and pixel count (plain numbers, no matplotlib).

Every figure command (plot, grad, diff, gallery) checks these here, before anything is computed, so a
figure that cannot be drawn is a usage error naming the option rather than a failure inside matplotlib.
"""

from __future__ import annotations

import math
from typing import Final

from actplot.errors import UsageError
from actplot.scene.data import AUTO_SIZE, PANEL_HEIGHT

FIGSIZE_RANGE: Final = (0.5, 100.0)  # inches: smaller leaves no room for an axes, larger is a poster wall
# pixels per inch. Below 10, FreeType cannot draw the figure's smallest text (5 points: labels never
# shrink below it) at even half a pixel and matplotlib fails; 2000 is print resolution several times over.
DPI_RANGE: Final = (10.0, 2000.0)
# An Agg canvas takes 4 bytes a pixel and matplotlib makes one even for svg and pdf (to measure text),
# so 100 megapixels is 400 MB of canvas, plus as much again to encode a png: a poster (40 x 25 inches at
# 300 dpi is 90 megapixels) fits, a mistyped --dpi does not run the machine out of memory.
MAX_PIXELS: Final = 100_000_000
DRAWABLE: Final = 1e300  # y limits beyond this overflow matplotlib's tick arithmetic


def check(figsize: tuple[float, float] | None, dpi: float, ylim: tuple[float, float] | None,
          panels: int = 3) -> None:  # fmt: skip
    """Complain about a figure size, resolution, pixel count or y interval that cannot be drawn
    (a figure without a size is as tall as `panels` panels need)."""
    w, h = figsize if figsize is not None else (AUTO_SIZE[0], AUTO_SIZE[1] + PANEL_HEIGHT * (panels - 1))
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
        check_limits(ylim, "--ylim")


def check_limits(limits: tuple[float, float], option: str) -> None:
    lo, hi = limits
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise UsageError(f"{option} MIN MAX must be finite, not {lo:g} {hi:g}")
    if not lo < hi:
        raise UsageError(f"{option} MIN MAX needs MIN < MAX, not {lo:g} {hi:g}")
    if max(abs(lo), abs(hi)) > DRAWABLE:  # matplotlib's tick arithmetic overflows float64 beyond this
        raise UsageError(f"{option} MIN MAX must lie within +-1e300, not {lo:g} {hi:g}")


def parse_ylims(text: str) -> list[tuple[float, float] | None]:
    """``"-1,8;auto;0,2"`` -> one y interval per panel, top first (``auto`` or nothing: not set).

    >>> parse_ylims("-1,8;;0,2")
    [(-1.0, 8.0), None, (0.0, 2.0)]
    """
    out: list[tuple[float, float] | None] = []
    for part in text.split(";"):
        part = part.strip()
        if part in ("", "auto"):
            out.append(None)
            continue
        lo, sep, hi = part.partition(",")
        try:
            limits = (float(lo), float(hi))
        except ValueError:
            raise UsageError(f"--ylims must look like '-1,8;auto;0,2', not '{text[:60]}'") from None
        check_limits(limits, "--ylims")
        out.append(limits)
    return out


def parse_scales(text: str, scales: tuple[str, ...]) -> list[str]:
    """``"linear,log"`` -> one y scale per panel (the last repeats for the panels after it)."""
    out = [s.strip() for s in text.split(",")]
    for name in out:
        if name not in scales:
            raise UsageError(f"unknown --yscale '{name}'", hint=f"choose from {', '.join(scales)}, one per panel")
    return out

"""The options every figure command shares (size, resolution, y limits, looks, labels), checked in one
place before anything is computed: plot, grad and diff call it, and so does gallery."""

from __future__ import annotations

from collections.abc import Mapping

from actplot.scene import canvas, themes
from actplot.scene.text import is_math


def check(
    *,
    figsize: tuple[float, float] | None,
    dpi: float,
    panels: int = 1,
    ylim: tuple[float, float] | None = None,
    theme: str = "light",
    legend: str = "best",
    mplstyle: str | None = None,
    labels: Mapping[str, str | None] | None = None,
    context: str | None = None,
    font_size: float | None = None,
    font: str | None = None,
    math: bool = False,
) -> None:
    """Complain about any figure option that cannot be drawn; `labels` maps each option to its text,
    mathtext where `math` (--math) or the whole label is inside $...$."""
    canvas.check(figsize, dpi, ylim, panels)
    themes.check(theme, legend, mplstyle)
    themes.check_sizes(context, font_size)
    labels = labels or {}
    if mplstyle or any(text and is_math(text, math) for text in labels.values()):
        from actplot.draw import checks  # matplotlib: only when a style or a mathtext label needs it

        checks.check(mplstyle, theme, dpi, labels, math)
    if font is not None:
        from actplot.draw import fonts  # matplotlib's font list: only when --font names a font

        fonts.check(font)

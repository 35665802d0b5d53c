"""Text, line and mark sizes for the venue: a figure's own size, or --context, or --font-size.

The textbook's 5 x 2.5 inch figure has 9-point text and 1.5-point lines. A bigger figure is usually
shown smaller (a 12 x 8 figure on a slide, a poster), so its text and lines grow with it, a little
less than in proportion; a smaller one shrinks the same way, all of its text together, ticks
included. seaborn's venues (paper, notebook, talk, poster) fix the factor instead; --font-size fixes
the text alone. Plain data: the renderer turns it into matplotlib settings.
"""

from __future__ import annotations

from typing import Final

from actplot.scene.data import AUTO_SIZE, PANEL_HEIGHT, Style
from actplot.scene.themes import BASE_FONT, CONTEXTS

LINE_WIDTH: Final = 1.5  # points: a curve in the textbook's figure
# How fast sizes follow the canvas: text 2.4 times as wide grows 1.9 times, not 2.4 (it is read
# from further away, not from as far as the size alone says).
FOLLOW: Final = 0.75
FACTOR_RANGE: Final = (0.8, 3.0)  # 7.2 to 27 points of text (a legend is 6 at the least): readable to useful


def factor(style: Style, panels: int = 1) -> float:
    """How much bigger than the textbook's figure the text and lines are drawn (1.0: 9 pt, 1.5 pt).

    >>> round(factor(Style(figsize=(12.0, 8.0))), 2), factor(Style(context="talk"))
    (1.93, 1.5)
    """
    if style.context is not None:
        return CONTEXTS[style.context]
    if style.figsize is None:
        return 1.0
    w, h = style.figsize
    ratio = min(w / AUTO_SIZE[0], h / (AUTO_SIZE[1] + PANEL_HEIGHT * (panels - 1)))
    lo, hi = FACTOR_RANGE
    return float(min(hi, max(lo, ratio**FOLLOW)))


def rc(style: Style, panels: int = 1) -> dict[str, object]:
    """matplotlib's size settings for the venue: text, lines, ticks, grid and marks scaled together."""
    f = factor(style, panels)
    return {
        "font.size": BASE_FONT * f,
        "lines.linewidth": LINE_WIDTH * f,
        "lines.markersize": 6.0 * f,
        "axes.linewidth": 0.8 * f,
        "grid.linewidth": 0.5 * f,
        "patch.linewidth": 1.0 * f,
        **{f"{axis}tick.major.{key}": value * f for axis in "xy" for key, value in (("width", 0.8), ("size", 3.5))},
        **{f"{axis}tick.minor.{key}": value * f for axis in "xy" for key, value in (("width", 0.6), ("size", 2.0))},
    }


def text_rc(style: Style) -> dict[str, object]:
    """--font-size, which beats the venue and a --style: the base every other text size is relative to."""
    return {} if style.font_size is None else {"font.size": style.font_size}

"""What only matplotlib can tell about a figure's options, asked before anything is computed.

A --style (name or file), labels written in mathtext, and text that the resolution would draw under
half a pixel (FreeType refuses to render it, and matplotlib fails) are usage errors naming the option.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import matplotlib
from matplotlib.font_manager import FontProperties
from matplotlib.mathtext import MathTextParser

from actplot.draw import fonts, styles
from actplot.errors import UsageError
from actplot.scene import text as wording
from actplot.scene.data import Style

# The text a figure draws (ticks, axis labels, title, legend) and the size labels may shrink to.
_DRAWN_SIZES: Final = ("font.size", "axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
                       "legend.fontsize")  # fmt: skip
SMALLEST_SHRUNK: Final = 5.0  # points: actplot.draw.render shrinks labels to fit, never below this
MIN_TEXT_PIXELS: Final = 0.5  # FreeType rounds a glyph's height to whole pixels and refuses 0
# Stack frames a label's mathtext must leave unused when checked: matplotlib parses it again while
# drawing, some 50 frames deeper (savefig, layout, text extent), and pyparsing recurses at each brace.
_HEADROOM: Final = 250


def check(mplstyle: str | None, theme: str, dpi: float, labels: Mapping[str, str | None], math: bool = False) -> None:
    """Complain about a style, a mathtext label or a resolution too low for the style's smallest text."""
    for option, text in labels.items():
        if text:
            check_mathtext(option, text, math)
    if mplstyle:
        styles.resolve(mplstyle)  # a bad file names its line here, before the sizes below read it again
        _check_text_pixels(Style(dpi=dpi, theme=theme, mplstyle=mplstyle), mplstyle)


def check_mathtext(option: str, text: str, math: bool = False) -> None:
    """A label read as mathtext (see :mod:`actplot.scene.text`) must be mathtext matplotlib can lay out
    (else it fails while drawing); any other label's dollars are drawn as written."""
    if not wording.is_math(text, math):
        return
    try:
        with _stack_to_spare(_HEADROOM), fonts.quiet():  # a missing glyph is said once, when drawn
            MathTextParser("path").parse(text, dpi=72)
    except RecursionError:
        raise UsageError(f"{option} '{text[:40]}...' nests mathtext too deeply") from None
    except ValueError as exc:
        found = re.search(r"col:(\d+)", str(exc))
        where = f" at column {found.group(1)}" if found else ""
        raise UsageError(
            f"{option} '{text}' is not valid mathtext{where}", hint="write a literal dollar sign as \\$"
        ) from None


@contextmanager
def _stack_to_spare(frames: int) -> Iterator[None]:
    """Lower the recursion limit by `frames` meanwhile: what passes then has that much stack to spare."""
    depth, frame = 0, sys._getframe()
    while frame.f_back is not None:
        depth, frame = depth + 1, frame.f_back
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit - frames, depth + 50))
    try:
        yield
    finally:
        sys.setrecursionlimit(limit)


def _check_text_pixels(style: Style, mplstyle: str) -> None:
    with styles.looks(style):
        sizes = {key: FontProperties(size=matplotlib.rcParams[key]).get_size_in_points() for key in _DRAWN_SIZES}
    key, points = min(sizes.items(), key=lambda item: item[1])
    if points > SMALLEST_SHRUNK:
        key, points = "the smallest a label shrinks to", SMALLEST_SHRUNK
    pixels = points * style.dpi / 72
    if pixels < MIN_TEXT_PIXELS:
        need = math.ceil(MIN_TEXT_PIXELS * 72 / points)
        raise UsageError(
            f"--dpi {style.dpi:g} would draw {points:g}-point text ({key} of --style {mplstyle})"
            f" {pixels:.2g} pixels high",
            hint=f"use --dpi {need} or more, or larger fonts",
        )

"""How figures look: a colour-blind-safe palette with line styles, light and dark themes, legend places.

Plain data (no matplotlib import), so the command line can check a choice before anything heavy loads.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from actplot.errors import InputError, UsageError, check_choice
from actplot.scene.data import Look

# Okabe & Ito (2008), "Color Universal Design": told apart with every common colour-vision deficiency.
# Ordered so the first curves contrast most on white. Their yellow (#F0E442) is left out on light
# backgrounds, where it all but vanishes; the dark theme takes it in place of black.
OKABE_ITO: Final = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Paired with the colours so an overlay still reads in grayscale or on a black-and-white printer. Each
# pattern repeats within 21 points (in line widths: x1.5), so a legend handle shows all of it. Seven
# colours against eight patterns: curve i takes colour i mod 7 and pattern i mod 8, so any two curves
# differ in colour and any two neighbours in both; from the 9th curve on a mark along the line keeps
# them apart in grayscale too, where only the pattern is left.
LINESTYLES: Final[tuple[str | tuple[float, tuple[float, ...]], ...]] = (
    "-",  # solid
    (0, (4.0, 1.5)),  # dashed
    (0, (1.0, 1.2)),  # dotted
    (0, (4.0, 1.5, 1.0, 1.5)),  # dash-dot
    (0, (4.0, 1.5, 1.0, 1.5, 1.0, 1.5)),  # dash-dot-dot
    (0, (8.0, 2.5)),  # long dashes
    (0, (1.0, 3.2)),  # sparse dots
    (0, (8.0, 1.5, 2.5, 1.5)),  # long-short
)
MARK_POINTS: Final = 5.0  # the diameter of a jump's dot and circle, in points, where the jump has room
LEVEL_DASH: Final = (0, (1.0, 2.5))  # limits as x -> +-inf: fine dots
NEUTRAL: Final = "#777777"  # keys that stand for every curve (and limits several curves share)
# Shapes drawn along a line from the 9th curve on (the 9th to 16th take the first, and so on).
LINE_MARKS: Final = ("o", "s", "^", "D", "v", "P", "X", "*")
# viridis (van der Walt & Smith, 2015) at 17 even steps: lightness rises monotonically, so values in
# order read in order, in colour, in grayscale and with any colour-vision deficiency.
VIRIDIS: Final = (
    "#440154", "#48186a", "#472d7b", "#424086", "#3b528b", "#33638d", "#2c728e", "#26828e", "#21918c",
    "#1fa088", "#28ae80", "#3fbc73", "#5ec962", "#84d44b", "#addc30", "#d8e219", "#fde725",
)  # fmt: skip
# The stretch of the map each theme uses: its light end fades into white, its dark end into black.
RAMP_SPAN: Final = {"light": (0.0, 0.82), "dark": (0.3, 1.0)}

THEMES: Final = ("light", "dark")
# On a dark background the dark blue loses most: the light colours come first and yellow stands in for black.
_DARK_PALETTE: Final = ("#56B4E9", "#E69F00", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2")

# seaborn's venues and its factors: text, lines and marks grow together.
CONTEXTS: Final = {"paper": 0.8, "notebook": 1.0, "talk": 1.5, "poster": 2.0}
BASE_FONT: Final = 9.0  # points: the text of the textbook's 5 x 2.5 figure
FONT_SIZE_RANGE: Final = (4.0, 72.0)  # points: --font-size below is unreadable, above outgrows any panel

_COMMON: Final[dict[str, object]] = {
    "font.size": BASE_FONT,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "legend.fontsize": "small",
    "legend.framealpha": 0.85,
    "grid.linewidth": 0.5,
    "grid.alpha": 0.5,
    "lines.linewidth": 1.5,
}
_LIGHT: Final[dict[str, object]] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "auto",
}
_DARK: Final[dict[str, object]] = {
    "figure.facecolor": "#1c1c1c",
    "axes.facecolor": "#1c1c1c",
    "savefig.facecolor": "auto",
    "axes.edgecolor": "#bbbbbb",
    "axes.labelcolor": "#eeeeee",
    "text.color": "#eeeeee",
    "xtick.color": "#bbbbbb",
    "ytick.color": "#bbbbbb",
    "grid.color": "#666666",
    "legend.facecolor": "#2a2a2a",
    "legend.edgecolor": "#777777",
}

# matplotlib's own legend locations, plus 'outside' (right of the axes), 'below' (in columns under the
# x axis), 'direct' (each curve named at its right end) and 'none'. 'best' is actplot's own: inside,
# where no curve, mark or band is (measured), else outside.
LEGEND_PLACES: Final = (
    "best",
    "upper right",
    "upper left",
    "lower left",
    "lower right",
    "right",
    "center left",
    "center right",
    "lower center",
    "upper center",
    "center",
    "outside",
    "below",
    "direct",
    "none",
)
SCALES: Final = ("linear", "log", "symlog")


def rc(theme: str) -> dict[str, object]:
    """The matplotlib settings of a theme (its palette is :func:`palette`, made a cycle by the renderer)."""
    return {**_COMMON, **(_DARK if theme == "dark" else _LIGHT)}


def palette(theme: str) -> list[str]:
    """The theme's line colours, in order."""
    return list(_DARK_PALETTE if theme == "dark" else OKABE_ITO)


def ramp(position: float, theme: str = "light") -> str:
    """The colour at `position` (0 to 1) along the theme's stretch of viridis, as ``#rrggbb``.

    >>> ramp(0.0), ramp(1.0)
    ('#440154', '#bddf28')
    """
    lo, hi = RAMP_SPAN.get(theme, RAMP_SPAN["light"])
    t = (lo + (hi - lo) * min(1.0, max(0.0, position))) * (len(VIRIDIS) - 1)
    i = min(int(t), len(VIRIDIS) - 2)
    a, b = _rgb(VIRIDIS[i]), _rgb(VIRIDIS[i + 1])
    mixed = (round(u + (v - u) * (t - i)) for u, v in zip(a, b))
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def colour_of(look: Look, palette: Sequence[str], theme: str = "light") -> str:
    """A curve's colour: its place on the ramp for ordered values, else its palette entry."""
    return ramp(look.ramp, theme) if look.ramp is not None else palette[look.colour % len(palette)]


def is_url(style: str) -> bool:
    """True for ``https://...``, ``file:///...`` and the like: a --style that is refused, never fetched."""
    return re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", style) is not None


def check_sizes(context: str | None, font_size: float | None) -> None:
    """Complain about a venue actplot does not know or a base text size no one could read."""
    if context is not None:
        check_choice(context, tuple(CONTEXTS), "--context")
    if font_size is not None:
        lo, hi = FONT_SIZE_RANGE
        if not lo <= font_size <= hi:  # NaN fails too
            raise UsageError(f"--font-size must be from {lo:g} to {hi:g} points, not {font_size:g}")


def check(theme: str, legend: str, style: str | None) -> str | None:
    """Complain, before any computing, about a theme, legend place, style URL or style file that does not exist.

    Returns the style if it names no file: a matplotlib style name, which
    :func:`actplot.draw.styles.resolve` checks against matplotlib's list (and reads a file with).
    """
    check_choice(theme, THEMES, "--theme")
    check_choice(legend, LEGEND_PLACES, "--legend")
    if style is None:
        return None
    if is_url(style):
        raise UsageError(f"--style '{style}' is a URL; styles are never downloaded", hint="give a local file")
    path = Path(style)
    if path.is_file():
        try:
            path.open("rb").close()
        except OSError as exc:
            raise InputError(f"cannot read style file '{style}': {exc.strerror or exc}") from None
        return None
    if path.exists():
        raise UsageError(f"--style '{style}' is not a style file", hint="give a .mplstyle file or a style name")
    if path.suffix == ".mplstyle" or "/" in style or os.sep in style:
        raise UsageError(f"--style: style file '{style}' does not exist")
    return style

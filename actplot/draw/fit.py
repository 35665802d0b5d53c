"""Text that fits: y labels wrapped after their commas, every text shrunk together down to a floor.

Plain matplotlib on a laid-out figure; :mod:`actplot.draw.layout` decides when each is needed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

MIN_FONT: Final = 6.0  # points: text shrinks to fit a small figure, but not below this


def shrink_text(fig: Figure, factor: float) -> bool:
    """Every text of the figure `factor` times smaller, none below MIN_FONT; False if none could shrink."""
    changed = False
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks()
            size = float(ticks[0].label1.get_fontsize()) if ticks else 9.0
            new = max(MIN_FONT, size * factor)
            if new < size:
                axis.set_tick_params(labelsize=new)
                changed = True
    for text in fig.findobj(Text):
        size = float(text.get_fontsize())
        new = max(MIN_FONT, size * factor)
        if new < size and text.get_text():
            text.set_fontsize(new)
            changed = True
    return changed


def wrap_labels(fig: Figure, axes: Sequence[Axes]) -> bool:
    """Break each y label taller than its axes after its commas (or before ' of '); True if any was."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    changed = False
    for ax in axes:
        label = ax.yaxis.label
        room = ax.get_window_extent(renderer).height
        tall = label.get_window_extent(renderer).height
        if tall > room and "\n" not in label.get_text():
            words = label.get_text().replace(" of ", " of\n").replace(", ", ",\n").split("\n")
            if len(words) > 1:
                label.set_text(_balanced(words, max(2, math.ceil(tall / max(room, 1.0)))))
                changed = True
    return changed


def _balanced(words: list[str], lines: int) -> str:
    """The pieces joined into about `lines` lines of similar length."""
    target = sum(len(w) for w in words) / min(lines, len(words))
    out, line = [], ""
    for word in words:
        if line and len(line) + len(word) > target:
            out.append(line.rstrip())
            line = ""
        line += word + " "
    return "\n".join([*out, line.rstrip()])

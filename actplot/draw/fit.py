"""Text that fits: long labels wrapped into balanced lines, every text shrunk together down to a floor,
and, last, a label too long even so shortened with an ellipsis.

Plain matplotlib on a laid-out figure; :mod:`actplot.draw.layout` decides when each is needed. Each
text's room is what it may take without leaving the canvas or reaching its neighbours: the title the
canvas' width, the x label twice the way from the axes' centre to the nearer edge, a y label its own
axes' height (a taller one would run into the next panel's).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from actplot.scene import text as labels

MIN_FONT: Final = 6.0  # points: text shrinks to fit a small figure, but not below this
PAD: Final = 4.0  # pixels kept clear between a text and the canvas' edge
DIRECT_SHARE: Final = 0.35  # a curve's name beside the axes takes at most this share of the canvas' width


@dataclass(frozen=True)
class Long:
    """A text longer than its room (pixels, along its reading direction), named for a warning."""

    text: Text
    room: float
    name: str
    lines: int  # at most this many lines: more would push the axes too far


def shrink_text(fig: Figure, factor: float) -> bool:
    """Every text of the figure `factor` times smaller, none below MIN_FONT; False if none could shrink.

    Tick labels are set through their axis, which gives ticks made later the same size; after the other
    texts, as those include the tick labels there are now (shrunk before, they would shrink twice).
    """
    changed = False
    tick_sizes: list[tuple[Axis, float]] = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = axis.get_major_ticks()
            size = float(ticks[0].label1.get_fontsize()) if ticks else 9.0
            new = max(MIN_FONT, size * factor)
            if new < size:
                tick_sizes.append((axis, new))
    for text in fig.findobj(Text):
        size = float(text.get_fontsize())
        new = max(MIN_FONT, size * factor)
        if new < size and text.get_text():
            text.set_fontsize(new)
            changed = True
    for ticked, points in tick_sizes:
        ticked.set_tick_params(labelsize=points)
        changed = True
    return changed


def long_texts(fig: Figure, axes: Sequence[Axes]) -> list[Long]:
    """Every text the figure draws from a label that is longer than its room (the figure laid out)."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    canvas = fig.bbox
    found: list[Long] = []
    title = getattr(fig, "_suptitle", None)
    if title is not None:
        found.append(Long(title, canvas.width - 2 * PAD, "the title", 3))
    box = axes[-1].get_window_extent(renderer)
    middle = (box.x0 + box.x1) / 2
    found.append(Long(axes[-1].xaxis.label, 2 * (min(middle - canvas.x0, canvas.x1 - middle) - PAD), "the x label", 3))
    for i, ax in enumerate(axes):
        box = ax.get_window_extent(renderer)
        where = f" of panel {i + 1}" if len(axes) > 1 else ""
        found.append(Long(ax.yaxis.label, box.height, f"the y label{where}", 3))
        found.append(Long(ax._left_title, canvas.x1 - box.x0 - PAD, f"the note above panel {i + 1}", 2))  # type: ignore[attr-defined]
        found += [Long(t, DIRECT_SHARE * canvas.width, "a curve's name", 1) for t in ax.texts]
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            found += _legend_texts(legend, canvas.width - 2 * PAD, renderer)
    return [long for long in found if long.text.get_text() and _length(long.text, renderer) > long.room + 0.5]


def _legend_texts(legend: Legend, width: float, renderer: Any) -> list[Long]:
    """A legend wider than `width`: its widest texts must lose what it is too wide by."""
    over = legend.get_window_extent(renderer).width - width
    if over <= 0:
        return []
    texts = [legend.get_title(), *legend.get_texts()]
    widest = max(t.get_window_extent(renderer).width for t in texts)
    return [Long(legend.get_title(), widest - over, "the legend's title", 2)] + [
        Long(t, widest - over, "a legend entry", 3) for t in legend.get_texts()
    ]


def _length(text: Text, renderer: Any) -> float:
    box: Bbox = text.get_window_extent(renderer)
    return float(box.height if text.get_rotation() % 180 else box.width)


def wrap_long(fig: Figure, longs: Sequence[Long]) -> bool:
    """Break each long text into the fewest balanced lines that fit its room (at most its `lines`);
    True if any text was broken further."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    changed = False
    for long in longs:
        now = long.text.get_text()
        for lines in range(now.count("\n") + 2, long.lines + 1):
            wrapped = labels.wrap(now, lines)
            if wrapped.count("\n") < lines - 1:
                break  # no more places to break at
            long.text.set_text(wrapped)
            changed = True
            if _length(long.text, renderer) <= long.room:
                break
    return changed


def shorten_long(fig: Figure, longs: Sequence[Long]) -> list[str]:
    """Shorten each long text (wrapped in up to its `lines`) with an ellipsis until it fits its room;
    the names of those shortened."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    names: list[str] = []
    for long in longs:
        whole = " ".join(long.text.get_text().split())
        low, high = 1, len(whole)
        while low < high:  # the most characters that still fit
            mid = (low + high + 1) // 2
            long.text.set_text(labels.wrap(labels.shorten(whole, mid), long.lines))
            low, high = (mid, high) if _length(long.text, renderer) <= long.room else (low, mid - 1)
        short = labels.wrap(labels.shorten(whole, low), long.lines)
        long.text.set_text(short)
        if short != labels.wrap(whole, long.lines) and long.name not in names:
            names.append(long.name)
    return names


def too_tall(axes: Sequence[Axes]) -> str | None:
    """What is wrong if a y label is taller than its axes (it would run into the next panel's)."""
    for ax in axes:
        if ax.yaxis.label.get_window_extent().height > ax.get_window_extent().height + 1:
            return f"'{ax.yaxis.label.get_text()[:30]}' is taller than its axes"
    return None


def shortened(names: Sequence[str]) -> str:
    """" (the title and the x label shortened with '…')", or "" if no text was shortened: the one warning
    a figure gives says it along with whatever else went wrong."""
    if not names:
        return ""
    which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" ({which} shortened with '…')"

"""Where things go: the canvas size, one legend where no curve is, and text that fits.

Without a size the canvas grows with its content: 2 inches of height per further panel, and the width
of a legend that has to sit outside. With a size it stays exactly that many pixels and the content
adapts: the legend moves outside, then below in columns, then the text shrinks (never below
MIN_FONT points). If even that cannot fit, one warning says which --figsize would. matplotlib's
constrained layout is never left to give up on its own ("axes sizes collapsed to zero").
"""

from __future__ import annotations

import math
import warnings
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final, cast

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from actplot.draw import fit
from actplot.draw.fit import MIN_FONT
from actplot.errors import LayoutWarning
from actplot.scene import text as wording
from actplot.scene.canvas import MAX_PIXELS
from actplot.scene.data import AUTO_SIZE, PANEL_HEIGHT, Style

MIN_AXES: Final = 0.3  # an axes keeps at least this share of its panel's part of the canvas, each way
MIN_TICK_ROWS: Final = 5.0  # and is at least this many tick labels tall: room for four ticks that never touch
GROWTH: Final = 2.0  # a canvas without a given size grows up to this many times its height to fit
# Inside places tried for the legend, in order of preference; matplotlib's names.
INSIDE: Final = ("upper left", "upper right", "lower right", "lower left", "upper center", "lower center",
                 "center left", "center right", "center")  # fmt: skip


@dataclass(frozen=True)
class Entries:
    """The figure's one legend: handles and labels, its title and where the style wants it."""

    handles: Sequence[Any]
    labels: Sequence[str]
    title: str | None = None


def canvas_size(style: Style, panels: int) -> tuple[float, float]:
    """The figure's size in inches: the style's, else the textbook's 5 x 2.5 grown by panel."""
    if style.figsize is not None:
        return style.figsize
    return AUTO_SIZE[0], AUTO_SIZE[1] + PANEL_HEIGHT * (panels - 1)


Covers = Callable[[Bbox, int], bool]  # would a legend with this box in axes i cover anything drawn there?


def lay_out(fig: Figure, axes: Sequence[Axes], covers: Covers, entries: Entries, style: Style) -> float:
    """Place the legend and fit the text; the figure is laid out (constrained) when this returns.

    Returns how much the text was shrunk (1.0: not at all), so a set of figures can match its smallest.
    """
    # Where a legend inside goes depends on where the laid-out curves are; one outside is placed by its
    # own size, and then the axes make room for it (an inside legend moves nothing).
    inside = style.legend not in ("outside", "below")
    settled = _settle(fig) if inside else True
    legend: Legend | None = _place(fig, axes, covers, entries, style)
    if legend is not None and legend.axes is None:
        settled = _grow(fig, legend) if style.figsize is None else _settle(fig)
    elif not inside:
        settled = _settle(fig)
    trouble, scale, shortened = _trouble(fig, axes, settled), 1.0, list[str]()
    for _ in range(24):  # each round grows the canvas by a fifth or shrinks the text by 15 %: bounded either way
        if not trouble:
            break
        if legend is not None and _outside_right(legend) and len(entries.labels) > 1:
            legend = _below(fig, legend, entries, style)
            if style.legend == "outside":
                warnings.warn(f"--legend outside does not fit at --figsize {_size(fig)}: it is below the axes",
                              LayoutWarning, stacklevel=3)  # fmt: skip
        elif fit.wrap_long(fig, fit.long_texts(fig, axes)):
            pass
        elif style.figsize is None and _resize(fig, *(fig.get_size_inches() * (1.0, 1.2))):
            pass  # no size given: the canvas grows (within bounds) before any text shrinks
        elif fit.shrink_text(fig, 0.85):
            scale *= 0.85
            if legend is not None and legend.axes is None and not _outside_right(legend):
                legend = _below(fig, legend, entries, style)
        elif not shortened and (shortened := fit.shorten_long(fig, fit.long_texts(fig, axes))):
            pass
        else:
            break
        trouble = _trouble(fig, axes)
    said = fit.shortened(shortened)
    if trouble:
        _give_up(fig, axes, legend, trouble, style.figsize is not None, said)
    elif said:
        w, h = fig.get_size_inches()
        warnings.warn(f"{said[2:-1]} to fit --figsize {w:g} {h:g}: try --figsize {w * 1.5:g} {h * 1.5:g}"
                      " or shorter text", LayoutWarning, stacklevel=3)  # fmt: skip
    return scale


def _size(fig: Figure) -> str:
    w, h = fig.get_size_inches()
    return f"{w:g} {h:g}"


def _give_up(fig: Figure, axes: Sequence[Axes], legend: Legend | None, trouble: str, sized: bool,
             said: str) -> None:  # fmt: skip
    """Leave the legend out if that is enough, and say once what to change (a canvas that was free to
    grow and still could not hold the legend needs shorter entries, not another size); `said` names
    the texts already shortened, so that one warning tells everything."""
    w, h = fig.get_size_inches()
    advice = f"try --figsize {max(w, 5):g} {max(h * 1.5, 2.5 * len(axes)):g}"
    if legend is not None:
        drop_legend(fig)
        if not _trouble(fig, axes):
            where = f"at --figsize {w:g} {h:g}" if sized else "beside the curves"
            hint = advice if sized else "shorten its entries or its title, or try --legend below"
            warnings.warn(f"the legend does not fit {where} and is left out{said}: {hint}", LayoutWarning,
                          stacklevel=4)  # fmt: skip
            return
    warnings.warn(
        f"the figure is too small for what it shows ({trouble}){said} at --figsize {w:g} {h:g}, even with its"
        f" text at {MIN_FONT:g} pt: {advice}",
        LayoutWarning,
        stacklevel=4,
    )


def rescale(fig: Figure, factor: float) -> None:
    """Shrink every text of a laid-out figure by `factor` (to match the other figures of its set)."""
    if factor < 1.0 and fit.shrink_text(fig, factor):
        _settle(fig)


def _settle(fig: Figure) -> bool:
    """Lay the figure out; False if constrained layout gave up (its warning is kept from the user).

    Only the layout engine runs (it measures every text): a whole draw pass would cost 70 % more and
    place nothing differently.
    """
    engine = fig.get_layout_engine()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if engine is not None:
            engine.execute(fig)
    return not any("constrained_layout not applied" in str(w.message) for w in caught)


def _trouble(fig: Figure, axes: Sequence[Axes], settled: bool | None = None) -> str | None:
    """What is wrong with the figure, laid out again unless `settled` says how its last layout went:
    None, or a squashed axes, or text outside the canvas."""
    if not (_settle(fig) if settled is None else settled):
        return "the axes would collapse"
    canvas = fig.bbox
    for ax in axes:
        box = ax.get_position()
        ticks = ax.yaxis.get_major_ticks()
        tick_pt = float(ticks[0].label1.get_fontsize()) if ticks else MIN_FONT
        tall_pt = box.height * canvas.height * 72.0 / fig.dpi
        if box.height < MIN_AXES / len(axes) or box.width < MIN_AXES or tall_pt < MIN_TICK_ROWS * tick_pt:
            return "the axes are squashed"
    tall = fit.too_tall(axes)
    if tall:
        return tall
    boxes = _boxes(fig)
    for artist, box in boxes.items():
        if box.width and (box.x0 < canvas.x0 - 1 or box.x1 > canvas.x1 + 1 or box.y0 < canvas.y0 - 1
                          or box.y1 > canvas.y1 + 1):  # fmt: skip
            name = artist.get_text() if isinstance(artist, Text) else "the legend"
            return f"'{name[:30]}' does not fit"
    return "the x tick labels run together" if _crowded_ticks(axes[-1], boxes) else None


def _crowded_ticks(ax: Axes, boxes: dict[Text | Legend, Bbox]) -> bool:
    """True if two neighbouring x tick labels (boxed in `boxes`) touch: "−50 5" would read as one number."""
    placed = sorted((boxes[t.label1] for t in ax.xaxis.majorTicks if t.label1 in boxes), key=lambda b: b.x0)
    return any(a.x1 + 2 > b.x0 for a, b in zip(placed, placed[1:]))


def _boxes(fig: Figure) -> dict[Text | Legend, Bbox]:
    """Every text the figure will draw (tick labels of the ticks in view, labels, titles) and every
    legend (as a whole: its texts are placed only when it is drawn), each with its box on the canvas."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    found: list[Text] = [*fig.texts]
    legends: list[Legend] = list(fig.legends)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            ticks = cast(Any, axis)._update_ticks()  # only the ticks in view: the others are not drawn
            found += [t.label1 for t in ticks] + [axis.label, axis.get_offset_text()]
        found += [ax.title, ax._left_title, *ax.texts]  # type: ignore[attr-defined]
        legends += [leg for leg in [ax.get_legend()] if leg is not None]
    shown: list[Text | Legend] = [t for t in found if t.get_visible() and t.get_text()]
    return {artist: artist.get_window_extent(renderer) for artist in [*shown, *legends]}


def _place(fig: Figure, axes: Sequence[Axes], covers: Covers, entries: Entries, style: Style) -> Legend | None:
    if not entries.labels or style.legend == "none":
        return None
    kw = _legend_kw(entries, style)
    if style.legend == "outside":
        return _outside(fig, entries, kw)
    if style.legend == "below":
        return _below(fig, None, entries, style)
    if style.legend not in ("best", "direct"):  # direct: the curves are named at their ends, the key goes best
        return axes[0].legend(entries.handles, entries.labels, loc=cast(Any, style.legend), **kw)
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    for i, ax in enumerate(axes):
        legend = ax.legend(entries.handles, entries.labels, loc="upper left", **kw)
        for loc in INSIDE:
            legend.set_loc(loc)
            if not covers(legend.get_window_extent(renderer), i):
                return legend
        legend.remove()
    columns = _columns(fig, entries.handles, entries.labels, kw)
    if math.ceil(len(entries.labels) / columns) <= 2:  # a short legend sits below rather than widen the canvas
        return _below(fig, None, entries, style)
    return _outside(fig, entries, kw)


def _legend_kw(entries: Entries, style: Style) -> dict[str, Any]:
    title = style.legend_title or entries.title
    kw: dict[str, Any] = {"handlelength": 3.2, "title": title and wording.for_matplotlib(title, style.math)}
    if style.legend_columns:
        kw["ncols"] = style.legend_columns
    return kw


def _outside(fig: Figure, entries: Entries, kw: dict[str, Any]) -> Legend:
    return fig.legend(entries.handles, entries.labels, loc="outside right upper", **kw)


def _below(fig: Figure, old: Legend | None, entries: Entries, style: Style) -> Legend:
    """The legend under the x axis, in as many columns as fit the width (or --legend-columns), its text
    the size of the old one's; long labels are wrapped when that makes room for a second column."""
    kw = _legend_kw(entries, style)
    if old is not None:
        texts = old.get_texts()
        if texts:
            kw["fontsize"] = texts[0].get_fontsize()
            kw["title_fontsize"] = old.get_title().get_fontsize()
        old.remove()
    kw.update(labelspacing=0.3, columnspacing=1.2, borderpad=0.3, handletextpad=0.5)  # compact: it is under the axes
    labels = list(entries.labels)
    if not style.legend_columns:
        for wrap in (None, 32, 22):
            labels = list(entries.labels) if wrap is None else [wording.wrap_width(t, wrap) for t in entries.labels]
            kw["ncols"] = _columns(fig, entries.handles, labels, kw)
            if kw["ncols"] > 1 or len(labels) <= 3:
                break
    return fig.legend(entries.handles, labels, loc="outside lower center", **kw)


def _columns(fig: Figure, handles: Sequence[Any], labels: Sequence[str], kw: dict[str, Any]) -> int:
    """How many columns of these entries fit across the canvas."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    probe = fig.legend(handles, labels, **{**kw, "ncols": 1})
    widest = probe.get_window_extent(renderer).width
    probe.remove()
    return max(1, min(len(labels), int(0.95 * fig.bbox.width // max(widest, 1.0))))


def drop_legend(fig: Figure) -> None:
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            legend.remove()


def _outside_right(legend: Legend) -> bool:
    return getattr(legend, "_outside_loc", None) == "right"  # matplotlib keeps the side of an 'outside' place


def _grow(fig: Figure, legend: Legend) -> bool:
    """Widen a canvas whose size was not given by the legend outside it, so the axes keep their width;
    laid out again, True unless constrained layout gave up."""
    box = legend.get_window_extent(fig._get_renderer())  # type: ignore[attr-defined]
    w, h = fig.get_size_inches()
    if _outside_right(legend):
        _resize(fig, w + box.width / fig.dpi + 0.1, max(h, box.height / fig.dpi + 0.4))
    return _settle(fig)


def _resize(fig: Figure, w: float, h: float) -> bool:
    """Grow the canvas to w x h inches, but never past GROWTH times the size it started at nor past the
    pixels any figure may have; False if it could not grow at all."""
    start = _start_size.setdefault(fig, tuple(float(v) for v in fig.get_size_inches()))
    w, h = min(w, GROWTH * start[0]), min(h, GROWTH * start[1])
    room = math.sqrt(MAX_PIXELS / max(w * h * fig.dpi**2, 1.0))
    w, h = (w * room, h * room) if room < 1 else (w, h)
    old = tuple(float(v) for v in fig.get_size_inches())
    if w <= old[0] + 1e-9 and h <= old[1] + 1e-9:
        return False
    fig.set_size_inches(max(w, old[0]), max(h, old[1]))
    return True


_start_size: weakref.WeakKeyDictionary[Figure, tuple[float, ...]] = weakref.WeakKeyDictionary()

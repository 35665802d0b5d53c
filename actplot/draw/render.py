"""matplotlib Figures from prepared curves (no pyplot state), and saving them byte-for-byte stable.

Everything drawn here was decided before: where a line breaks, which marks a jump gets, which points
of a million survive. This module only turns that data into artists and lays them out.
"""

from __future__ import annotations

import contextlib
import io
import weakref
from collections.abc import Sequence
from typing import IO, Any, Final, cast

from actplot.draw import backend  # first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.text import Text

from actplot.draw.styles import looks
from actplot.errors import OutputError
from actplot.scene import themes
from actplot.scene.data import Guide, Marker, Panel, Series, Shade, Style

__all__ = [
    "FIGURE_FORMATS", "Figure", "Guide", "Marker", "NotebookFigure", "Panel", "Series", "Shade", "Style",
    "check_can_show", "draw", "save", "show", "write",
]

FIGURE_FORMATS: Final = ("png", "svg", "pdf")

# Metadata that would change from run to run is left out, so one command gives one file.
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
_SAVE_RC: Final[Any] = {"svg.hashsalt": "actplot", "svg.fonttype": "path"}  # fixed ids, no fonts
_MIN_FONT: Final = 5.0  # points: labels shrink to fit a small figure, but not below this


class NotebookFigure(Figure):
    """A Figure that Jupyter shows inline although pyplot never saw it (IPython asks for ``_repr_png_``)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        self.savefig(buffer, format="png")
        return buffer.getvalue()


def draw(panels: Sequence[Panel], style: Style) -> Figure:
    """A Figure with one axes per panel, stacked, sharing the x axis.

    Constrained layout keeps every label inside the canvas while the pixel size stays
    figsize x dpi (unlike a tight bounding box, which crops and so changes the size).
    """
    with looks(style):
        fig = _build(panels, style)
        _lay_out(fig)  # inside the theme, so the ticks it creates take the theme's colours
    _laid_out[fig] = _geometry(fig)
    _styles[fig] = style
    return fig


def write(panels: Sequence[Panel], style: Style, target: str | IO[bytes], fmt: str) -> None:
    """Draw and save in one go: the bytes :func:`draw` then :func:`save` give, with one layout pass fewer.

    Saving inside the theme lets the save's own layout pass place everything; the measuring pass that
    shrinks labels runs only for figures too small for their labels to fit for sure.
    """
    with looks(style):
        fig = _build(panels, style)
        if not _surely_fits(fig, len(panels)):
            _lay_out(fig)
            _laid_out[fig] = _geometry(fig)
        save(fig, target, fmt)


def _build(panels: Sequence[Panel], style: Style) -> NotebookFigure:
    import matplotlib

    fig = NotebookFigure(figsize=style.figsize, dpi=style.dpi, layout="constrained")
    palette = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", list(themes.OKABE_ITO))
    axes = fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0]
    for ax, panel in zip(axes, panels):
        _draw_panel(ax, panel, palette, style)
    axes[-1].set_xlabel(style.xlabel)
    if style.title:
        axes[0].set_title(style.title)
    if style.transparent:
        fig.patch.set_alpha(0.0)
        for ax in axes:
            ax.patch.set_alpha(0.0)
    return fig


def _lay_out(fig: Figure) -> None:
    """Lay the figure out and measure it, shrinking labels that would not fit (then laying out again)."""
    fig.draw_without_rendering()
    if _fit_labels(fig):
        fig.draw_without_rendering()


def _surely_fits(fig: Figure, panels: int) -> bool:
    """True when every label that :func:`_fit_labels` could shrink fits with room to spare.

    Measured against a pessimistic axes height (the figure's height shared by the panels, less generous
    margins), so a True here means the measuring pass would change nothing.
    """
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    width, height = fig.bbox.width, fig.bbox.height
    room = (height - 4.5 * fig.dpi * 0.35) / panels  # about 1.6 inches of ticks, labels and title for all
    if room <= 0:
        return False
    for ax in fig.axes:
        if ax.yaxis.label.get_window_extent(renderer).height > 0.8 * room:
            return False
        if ax.title.get_text() and ax.title.get_window_extent(renderer).width > 0.8 * width:
            return False
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent(renderer)
            if box.width > 0.6 * width or box.height > 0.7 * room:
                return False
    return True


# Figures whose constrained layout draw() already computed, with the geometry it was computed for.
_laid_out: weakref.WeakKeyDictionary[Figure, tuple[float, float, float]] = weakref.WeakKeyDictionary()
# The style each figure was drawn in: saving re-enters it, since saving may create ticks (and an svg or
# pdf is laid out again at 72 dpi), which must take the theme's settings like the first ones did.
_styles: weakref.WeakKeyDictionary[Figure, Style] = weakref.WeakKeyDictionary()


def _geometry(fig: Figure) -> tuple[float, float, float]:
    w, h = fig.get_size_inches()
    return float(w), float(h), float(fig.dpi)


def _draw_panel(ax: Axes, panel: Panel, palette: Sequence[str], style: Style) -> None:
    def colour(look: int) -> str:
        return palette[look % len(palette)]

    for i, series in enumerate(panel.series):
        look = i if series.look is None else series.look
        ax.plot(
            series.x,
            series.y,
            label=series.label,
            color=colour(look),
            linestyle=themes.LINESTYLES[look % len(themes.LINESTYLES)],
            drawstyle="steps-mid" if series.steps else "default",
        )
    background = "none" if style.transparent else ax.get_facecolor()
    for m in panel.markers:
        face = colour(m.look) if m.filled else background
        ax.scatter(
            [m.x],
            [m.y],
            s=22,
            marker=m.shape,
            facecolors=[face],
            edgecolors=[colour(m.look)],
            linewidths=1.2,
            zorder=3,
            label=m.label,
        )
    for s in panel.shades:
        ax.axvspan(s.start, s.end, color=colour(s.look), alpha=0.13, linewidth=0, zorder=0.5, label=s.label)
    ax.set_ylabel(panel.ylabel)
    ax.grid(style.grid)
    if style.ylim is not None:
        ax.set_ylim(*style.ylim)
    _zero_lines(ax)
    for g in panel.guides:
        _line(ax, [(g.x, 0.0), (g.x, 1.0)], "x", colour(g.look), ":")
    labelled = len(panel.series) > 1 or panel.legend or any(m.label for m in panel.markers)
    if labelled and style.legend != "none":
        if style.legend == "outside":
            ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
        else:
            ax.legend(loc=cast(Any, style.legend))


def _zero_lines(ax: Axes) -> None:
    """Thin lines along x = 0 and y = 0 where they fall inside the axes, without moving its limits."""
    import matplotlib

    edge = matplotlib.rcParams["axes.edgecolor"]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    if min(y0, y1) < 0 < max(y0, y1):
        _line(ax, [(0.0, 0.0), (1.0, 0.0)], "y", edge, "-")
    if min(x0, x1) < 0 < max(x0, x1):
        _line(ax, [(0.0, 0.0), (0.0, 1.0)], "x", edge, "-")


def _line(ax: Axes, points: list[tuple[float, float]], data_axis: str, colour: str, linestyle: str) -> None:
    """A line spanning the axes, in data coordinates along `data_axis` only; never changes the limits."""
    transform = ax.get_yaxis_transform() if data_axis == "y" else ax.get_xaxis_transform()
    ax.add_collection(
        LineCollection(
            [points], colors=[colour], linewidths=0.6, linestyles=linestyle, transform=transform, zorder=1.6, alpha=0.8
        ),
        autolim=False,
    )


def _fit_labels(fig: Figure) -> bool:
    """Shrink the y labels, title and legends that would not fit in a small figure; True if any did."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    changed = False
    fig_box = fig.bbox
    for ax in fig.axes:
        room = ax.get_position().height * fig_box.height * 1.1
        label = ax.yaxis.label
        if label.get_window_extent(renderer).height > room:
            _wrap(label, label.get_window_extent(renderer).height / room)
            changed |= _shrink(label, label.get_window_extent(renderer).height, room) or True
        if ax.title.get_text():
            changed |= _shrink(ax.title, ax.title.get_window_extent(renderer).width, fig_box.width * 0.95)
        legend = ax.get_legend()
        if legend is not None:
            box = legend.get_window_extent(renderer)
            ratio = min(fig_box.width * 0.9 / box.width, ax.get_position().height * fig_box.height / box.height)
            if ratio < 1:
                for text in legend.get_texts():
                    _shrink(text, 1.0, ratio)
                changed = True
    return changed


def _wrap(text: Text, overflow: float) -> None:
    """Break a long label after its commas (or before ' of ') into as many lines as it overflows."""
    words = text.get_text().replace(" of ", " of\n").replace(", ", ",\n").split("\n")
    lines = min(len(words), max(2, int(np.ceil(overflow))))
    target = len(text.get_text()) / lines
    out, line = [], ""
    for word in words:
        if line and len(line) + len(word) > target:
            out.append(line.rstrip())
            line = ""
        line += word + " "
    text.set_text("\n".join([*out, line.rstrip()]))


def _shrink(text: object, extent: float, room: float) -> bool:
    assert isinstance(text, Text)
    if extent <= room:
        return False
    text.set_fontsize(max(_MIN_FONT, float(text.get_fontsize()) * room / extent))
    return True


def save(fig: Figure, target: str | IO[bytes], fmt: str) -> None:
    """Write `fig` as png, svg or pdf; the same figure always gives the same bytes."""
    import matplotlib

    engine = fig.get_layout_engine()
    if fmt == "png" and _laid_out.get(fig) == _geometry(fig):
        # The layout draw() computed still holds for a raster at the figure's dpi: no need to redo it.
        # (svg and pdf are laid out by their own 72-dpi renderer, as matplotlib always does.)
        fig.set_layout_engine("none")
    try:
        style = _styles.get(fig)
        with looks(style) if style else contextlib.nullcontext(), matplotlib.rc_context(_SAVE_RC):
            fig.savefig(target, format=fmt, dpi=fig.dpi, metadata=_METADATA[fmt])
    finally:
        fig.set_layout_engine(engine)


def check_can_show() -> None:
    """Complain, before anything is computed or written, when --show has no window to show in."""
    import matplotlib

    if backend.INVALID_BACKEND is not None:
        raise OutputError(f"--show: MPLBACKEND={backend.INVALID_BACKEND} is not a matplotlib backend")
    name = matplotlib.get_backend().lower()
    if name in ("agg", "pdf", "svg", "ps", "cairo", "template") or name.startswith("module://"):
        raise OutputError(
            "--show needs a display and a GUI backend; none is available here", hint="use --out FILE instead"
        )


def show(fig: Figure) -> None:
    """Show `fig` in a window of the GUI backend (:func:`check_can_show` said there is one)."""
    import matplotlib.pyplot as plt

    manager = plt._get_backend_mod().new_figure_manager_given_figure(1, fig)  # adopt our Figure
    manager.show()
    plt.show()

"""matplotlib Figures from prepared curves (no pyplot state), and saving them byte-for-byte stable.

Everything drawn here was decided before: where a line breaks, which marks a jump gets, which points
of a million survive. This module only turns that data into artists and lays them out.
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import warnings
import weakref
from collections.abc import Callable, Iterator, Sequence
from typing import IO, Any, Final, cast

from actplot.draw import backend  # first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from actplot.draw import align, artists, fonts, layout, legends, outlines, ticks
from actplot.draw.styles import looks
from actplot.errors import ActplotWarning, OutputError
from actplot.scene import text as labels
from actplot.scene import themes
from actplot.scene.data import Guide, Marker, Panel, Series, Shade, Style

__all__ = [
    "FIGURE_FORMATS", "Figure", "Guide", "Marker", "NotebookFigure", "Panel", "Series", "Shade", "Style",
    "check_can_show", "draw", "draw_set", "rgba", "save", "saver", "show", "text_scale", "write",
]

FIGURE_FORMATS: Final = ("png", "svg", "pdf")

# Metadata that would change from run to run is left out, so one command gives one file.
_METADATA: Final[dict[str, dict[str, str | None]]] = {
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}
# Fixed ids in SVG, and TrueType (Type 42) fonts in PDF and PS, which journals' checkers accept (they
# reject matplotlib's default Type 3). SVG text is drawn as paths unless --svg-text keeps it text.
_SAVE_RC: Final[Any] = {"svg.hashsalt": "actplot", "svg.fonttype": "path", "pdf.fonttype": 42, "ps.fonttype": 42}
# zlib's level for PNG files. On the gallery's figures level 3 takes half the time of the default 6, and
# as RGB gives files 3 % smaller than 6 gave as RGBA; with an alpha channel 3 would be a third larger.
_PNG_LEVEL: Final = {"RGB": 3, "RGBA": 6}
# What set_layout_engine(None) reads: off, whatever a style says, so None means no engine.
_NO_ENGINE: Final[Any] = {"figure.autolayout": False, "figure.constrained_layout.use": False}


class NotebookFigure(Figure):
    """A Figure that Jupyter shows inline although pyplot never saw it (IPython asks for ``_repr_png_``)."""

    def _repr_png_(self) -> bytes:
        buffer = io.BytesIO()
        with fonts.quiet():  # a character no font has was warned about once, when the figure was drawn
            self.savefig(buffer, format="png")
        return buffer.getvalue()


def draw(panels: Sequence[Panel], style: Style) -> Figure:
    """A Figure with one axes per panel, stacked, sharing the x axis and one legend.

    Laid out here once (see :mod:`actplot.draw.layout`): the pixel size stays figsize x dpi, grown to
    fit when no figsize is given.
    """
    with looks(style, len(panels)), fonts.covering(panels, style) as chosen:
        fig = _build(panels, style)
    _laid_out[fig] = _geometry(fig)
    _styles[fig] = style, len(panels), chosen
    return fig


def write(panels: Sequence[Panel], style: Style, target: str | IO[bytes], fmt: str) -> None:
    """Draw and save in one go: the bytes :func:`draw` then :func:`save` give."""
    save(draw(panels, style), target, fmt)


def draw_set(figures: Sequence[tuple[Sequence[Panel], Style]]) -> list[Figure]:
    """Figures of one set, drawn alike: one canvas and one axes box per panel for all (see
    :mod:`actplot.draw.align`), so they stack and tile without jumping margins."""
    drawn = [draw(panels, style) for panels, style in figures]
    smallest = min(text_scale(fig) for fig in drawn)
    with fonts.quiet():  # measuring text again: any missing character was warned about while drawing
        for fig in drawn:
            layout.rescale(fig, smallest / text_scale(fig))  # one text size for the whole set
        align.align(drawn)
    for fig in drawn:
        _laid_out[fig] = _geometry(fig)
    return drawn


def text_scale(fig: Figure) -> float:
    """How much the figure's text was shrunk to fit its canvas (1.0: not at all)."""
    return _text_scale.get(fig, 1.0)


def _build(panels: Sequence[Panel], style: Style) -> NotebookFigure:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = NotebookFigure(figsize=layout.canvas_size(style, len(panels)), dpi=style.dpi, layout="constrained")
    # A canvas of its own: matplotlib's base canvas makes a new renderer, with an empty cache of text
    # sizes, each time a layout pass or a check measures the figure.
    FigureCanvasAgg(fig)
    palette = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color", list(themes.OKABE_ITO))
    axes = list(fig.subplots(len(panels), 1, sharex=True, squeeze=False)[:, 0])
    strokes = artists.strokes(panels, palette, style.theme)
    background = "none" if style.transparent else str(matplotlib.rcParams["axes.facecolor"])
    drawn = [_draw_panel(ax, i, panel, strokes, style, background) for i, (ax, panel) in enumerate(zip(axes, panels))]
    axes[-1].set_xlabel(labels.for_matplotlib(style.xlabel, style.math))
    if style.title:
        fig.suptitle(labels.for_matplotlib(style.title, style.math))
    if style.transparent:
        fig.patch.set_alpha(0.0)
        for ax in axes:
            ax.patch.set_alpha(0.0)
    fig.align_ylabels(axes)
    text = str(matplotlib.rcParams["text.color"])
    if style.legend == "direct" and not legends.direct_fits(fig, panels):
        warnings.warn("--legend direct: the curves' names do not fit beside the axes; a legend names them",
                      ActplotWarning, stacklevel=3)  # fmt: skip
        style = dataclasses.replace(style, legend="best")
    entries = layout.Entries(*legends.entries(panels, strokes, background, text, style))
    if style.legend == "direct":
        legends.direct_labels(fig, axes, panels, strokes, style.math)
    covers = [artists.Cover(ax, found) for ax, found in zip(axes, drawn)]
    _text_scale[fig] = layout.lay_out(fig, axes, lambda box, i: covers[i](box), entries, style)
    for ax, found in zip(axes, drawn):
        artists.size_marks(ax, found)
    return fig


def _draw_panel(ax: Axes, index: int, panel: Panel, strokes: dict[int, artists.Stroke], style: Style,
                background: str) -> artists.Drawn:  # fmt: skip
    drawn = artists.draw_curves(ax, panel, strokes, background)
    scale = _scale(panel, index, style)
    if scale != "linear":
        ax.set_yscale(scale)
    limits = style.ylims[index] if index < len(style.ylims) and style.ylims[index] else style.ylim
    if limits is not None:
        ax.set_ylim(*limits)
    ax.set_ylabel(labels.for_matplotlib(panel.ylabel, style.math))
    ax.grid(style.grid)
    ticks.apply(ax)
    artists.draw_bands(ax, panel, strokes, drawn)
    artists.zero_lines(ax, panel)
    note = legends.panel_note(panel)
    if note:
        ax.set_title(labels.for_matplotlib(note, style.math), loc="left", fontsize="small")
    return drawn


def _scale(panel: Panel, index: int, style: Style) -> str:
    """The panel's y scale: --yscale's, else the panel's own; a log scale asked for over values ≤ 0 says
    what it leaves out, and over no value above 0 at all stays linear (it would show nothing)."""
    scale = style.yscales[min(index, len(style.yscales) - 1)] if style.yscales else panel.yscale
    if scale != "log" or not style.yscales:
        return scale
    finite = [s.y[np.isfinite(s.y)] for s in panel.series]
    if not any((y > 0).any() for y in finite):
        warnings.warn(f"--yscale log: {panel.ylabel} has no value above 0; it is drawn on a linear scale",
                      ActplotWarning, stacklevel=4)  # fmt: skip
        return "linear"
    if any((y <= 0).any() for y in finite):
        warnings.warn(f"--yscale log: {panel.ylabel} has values ≤ 0, which a log scale leaves out;"
                      " --yscale symlog shows them", ActplotWarning, stacklevel=4)  # fmt: skip
    return scale


# Figures whose layout draw() already computed, with the geometry it was computed for.
_laid_out: weakref.WeakKeyDictionary[Figure, tuple[float, float, float]] = weakref.WeakKeyDictionary()
# How much each figure's text had to shrink to fit (1.0: not at all); a set matches its smallest.
_text_scale: weakref.WeakKeyDictionary[Figure, float] = weakref.WeakKeyDictionary()
# The style each figure was drawn in (with its number of panels, which sizes depend on) and the fonts
# chosen for its text: saving re-enters them, since saving may create ticks, which must take the
# theme's settings like the first ones did.
_styles: weakref.WeakKeyDictionary[Figure, tuple[Style, int, dict[str, Any]]] = weakref.WeakKeyDictionary()


def _geometry(fig: Figure) -> tuple[float, float, float]:
    w, h = fig.get_size_inches()
    return float(w), float(h), float(fig.dpi)


def save(fig: Figure, target: str | IO[bytes], fmt: str) -> None:
    """Write `fig` as png, svg or pdf; the same figure always gives the same bytes."""
    with _saving(fig, fmt):
        if fmt == "png":
            _write_png(fig, target)
        else:
            fig.savefig(target, format=fmt, dpi=fig.dpi, metadata=_METADATA[fmt])


def _write_png(fig: Figure, target: str | IO[bytes]) -> None:
    """The pixels savefig would write, as RGB where every one is opaque (an alpha channel of 255s is a
    quarter of the bytes to compress for nothing), else RGBA; no metadata but the resolution."""
    from PIL import Image

    data, size = _pixels(fig)
    image = Image.frombuffer("RGBA", size, data, "raw", "RGBA", 0, 1)
    if image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    image.save(target, format="png", dpi=(fig.dpi, fig.dpi), compress_level=_PNG_LEVEL[image.mode])


def _pixels(fig: Figure) -> tuple[bytes, tuple[int, int]]:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="rgba", dpi=fig.dpi)
    size = int(fig.bbox.width), int(fig.bbox.height)  # as the Agg canvas truncates them
    return buffer.getvalue(), size


def rgba(panels: Sequence[Panel], style: Style) -> tuple[bytes, tuple[int, int]]:
    """The figure's pixels, as a PNG of it would have them: RGBA bytes, row by row, and (width, height)."""
    fig = draw(panels, style)
    with _saving(fig, "rgba"):
        return _pixels(fig)


@contextlib.contextmanager
def _saving(fig: Figure, fmt: str) -> Iterator[None]:
    """The settings `fig` was drawn in, with the layout draw() computed kept while it still holds."""
    import matplotlib
    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    engine = fig.get_layout_engine()
    # The layout draw() computed (and checked) still holds, or the positions were set by hand (a set's
    # common margins): positions are fractions of the canvas, the same for a raster and a vector file.
    # No engine at all then, rather than matplotlib's placeholder for a removed one: savefig runs a whole
    # draw pass without rendering before the real one whenever a figure has any engine.
    kept = _laid_out.get(fig) == _geometry(fig) or isinstance(engine, PlaceHolderLayoutEngine)
    style, panels, chosen = _styles.get(fig, (None, 1, {}))
    text = {"svg.fonttype": "none"} if style and style.svg_text else {}
    settings = cast(Any, {**chosen, **_SAVE_RC, **text, **_NO_ENGINE})
    try:
        with looks(style, panels) if style else contextlib.nullcontext(), matplotlib.rc_context(settings), \
                fonts.quiet(), outlines.cff_as_paths(fig, fmt):  # fmt: skip
            if kept:
                fig.set_layout_engine(None)
            yield
    finally:
        if kept:
            fig.set_layout_engine(engine)


def saver(fig: Figure, fmt: str) -> Callable[[IO[bytes]], None]:
    """A function that saves `fig` as `fmt` into the file it is given (for :func:`actplot.streams.staging.stage`)."""
    return lambda fh: save(fig, fh, fmt)


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

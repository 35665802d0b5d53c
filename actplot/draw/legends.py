"""What the legend says: one entry per curve (with what each panel adds about it), then a key to the
marks; or, for a single curve, nothing but the key, its notes going above its panel instead.
Direct labels name each curve at its right end instead of in a legend.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final, Protocol

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from actplot.draw.scale import pt
from actplot.scene import text as labels
from actplot.scene import themes
from actplot.scene.data import Panel, Style

LABEL_GAP: Final = 1.25  # direct labels keep this many font heights apart


class StrokeLike(Protocol):  # actplot.draw.artists.Stroke: a curve's colour and its legend handle
    @property
    def colour(self) -> str: ...
    @property
    def dash(self) -> Any: ...
    def handle(self) -> Line2D: ...


def curves(panels: Sequence[Panel]) -> dict[int, tuple[str, list[str]]]:
    """Each curve's label and its notes from every panel, by curve index, in the order drawn."""
    found: dict[int, tuple[str, list[str]]] = {}
    for panel in panels:
        for i, series in enumerate(panel.series):
            index = i if series.look is None else series.look
            label, notes = found.setdefault(index, (series.label, []))
            note = f"{panel.name}: {series.note}" if series.note and panel.name and len(panels) > 1 else series.note
            if note and note not in notes:
                notes.append(note)
    return found


def entries(panels: Sequence[Panel], strokes: Mapping[int, StrokeLike], background: str, text: str,
            style: Style) -> tuple[list[Any], list[str], str | None]:  # fmt: skip
    """The figure's one legend; no entry for a lone curve (its panel says what there is to say)."""
    named = curves(panels)
    items: list[tuple[Any, str]] = []
    if len(named) > 1 and not style.legend == "direct":
        for index, (label, notes) in named.items():
            said = label + (f" ({'; '.join(notes)})" if notes else "")
            said = labels.for_matplotlib(said, style.math)
            items.append((strokes[index].handle(), labels.wrap_width(said, 34) if len(said) > 40 else said))
    items += key_entries(panels, strokes, background, text)
    title = next((p.legend_title for p in panels if p.legend_title), None) if len(named) > 1 else None
    return [h for h, _ in items], [label for _, label in items], title


def panel_note(panel: Panel) -> str:
    """What is said above a panel of one curve: its name where the axis label does not give it, and its
    notes ("0 for x ≥ 8.32", "numerical"); then the panel's own note, if any."""
    return "; ".join(n for n in (_curve_note(panel), panel.note) if n)


def _curve_note(panel: Panel) -> str:
    if len(panel.series) != 1:
        return ""
    series = panel.series[0]
    if series.note:
        return f"{series.label}: {series.note}"
    return "" if series.label.partition("(")[0] in panel.ylabel else series.label  # e.g. diff's "f₁(x) − f₂(x)"


def direct_labels(fig: Figure, axes: Sequence[Axes], panels: Sequence[Panel],
                  strokes: Mapping[int, StrokeLike], math: bool = False) -> None:  # fmt: skip
    """Each curve's name (and notes) just right of the axes, spread apart, joined to the curve's right end
    by a leader in the curve's own colour and dash pattern."""
    import matplotlib

    size = float(matplotlib.rcParams["font.size"]) * 0.83
    height_pt = fig.get_size_inches()[1] * 72 / len(axes) * 0.7
    named = curves(panels)
    for ax, panel in zip(axes, panels):
        ends = []
        for i, series in enumerate(panel.series):
            finite = np.flatnonzero(np.isfinite(series.y))
            if finite.size:
                index = i if series.look is None else series.look
                end = (float(series.x[finite[-1]]), float(series.y[finite[-1]]))
                ends.append((_fraction(ax, end[1]), index, end))
        for place, index, end in _spread(sorted(ends), LABEL_GAP * size / height_pt):
            label, notes = named[index]
            stroke = strokes[index]
            said = labels.for_matplotlib(label + (f" ({'; '.join(notes)})" if notes else ""), math)
            ax.annotate(
                said, xy=end, xycoords="data", xytext=(1.06, place),
                textcoords="axes fraction", va="center", ha="left", fontsize=size, color=stroke.colour,
                annotation_clip=False,
                arrowprops={"arrowstyle": "-", "color": stroke.colour, "linestyle": stroke.dash, "linewidth": pt(0.9),
                            "shrinkA": 1.0, "shrinkB": 0.0},
            )  # fmt: skip


def direct_fits(fig: Figure, panels: Sequence[Panel]) -> bool:
    """True if every panel's curve names, a line each and LABEL_GAP apart, fit along its axes."""
    import matplotlib

    height_pt = fig.get_size_inches()[1] * 72 / len(panels) * 0.7
    size = float(matplotlib.rcParams["font.size"]) * 0.83
    return all(len(p.series) * LABEL_GAP * size <= height_pt for p in panels)


def _fraction(ax: Axes, y: float) -> float:
    """Where y falls along the axes' height, 0 at the bottom and 1 at the top (clamped)."""
    low, high = ax.yaxis.get_transform().transform(np.array(ax.get_ylim()))
    at = ax.yaxis.get_transform().transform(np.array([y]))[0]
    return float(np.clip((at - low) / (high - low), 0.0, 1.0)) if high != low else 0.5


End = tuple[float, int, tuple[float, float]]  # place along the axes' height, curve index, (x, y) of its end


def _spread(ends: list[End], gap: float) -> list[End]:
    """Positions moved apart (upwards, then back down if the top is passed) so none are within `gap`."""
    placed: list[End] = []
    for place, index, label in ends:
        if placed and place < placed[-1][0] + gap:
            place = placed[-1][0] + gap
        placed.append((place, index, label))
    overflow = placed[-1][0] - 1.0 if placed else 0.0
    if overflow > 0:
        placed = [(p - overflow, i, end) for p, i, end in placed]
    return placed


def key_entries(panels: Sequence[Panel], looks: Mapping[int, StrokeLike], background: str,
                text: str) -> list[tuple[Any, str]]:  # fmt: skip
    """The legend's entries that explain marks rather than name curves: jump marks, bands, limits."""
    entries: list[tuple[Any, str]] = []
    jumps = [m for p in panels for m in p.markers if m.label is None]
    if any(m.filled for m in jumps) and any(not m.filled for m in jumps):
        entries.append((_dot(text, text), "PyTorch's value at a jump"))
        entries.append((_dot(background, text), "other one-sided limit"))
    labelled: dict[tuple[str, str], set[int]] = {}  # one entry per kind of mark, however many curves carry it
    for p in panels:
        for m in p.markers:
            if m.label:
                labelled.setdefault((m.label, m.shape), set()).add(m.look)
    for (label, shape), marked in labelled.items():
        look = next(iter(marked))
        colour = looks[look].colour if len(marked) == 1 and look in looks else themes.NEUTRAL
        entries.append((_dot(colour, colour, shape), label))
    shades = [s for p in panels for s in p.shades if s.label]
    if shades:
        several = len({s.look for s in shades}) > 1
        label = (shades[0].label or "") + (" (a band per curve, in its colour)" if several else "")
        colour = themes.NEUTRAL if several else looks[shades[0].look].colour
        entries.append((Patch(facecolor=colour, alpha=0.55, linewidth=0), label))
    if any(p.levels for p in panels):
        level = Line2D([], [], color=themes.NEUTRAL, linestyle=themes.LEVEL_DASH, linewidth=pt(0.9))
        entries.append((level, "limit as x → ±∞"))
    return entries


def _dot(face: str, edge: str, shape: str = "o") -> Line2D:
    return Line2D([], [], linestyle="none", marker=shape, markersize=pt(themes.MARK_POINTS), markerfacecolor=face,
                  markeredgecolor=edge, markeredgewidth=pt(1.1))  # fmt: skip

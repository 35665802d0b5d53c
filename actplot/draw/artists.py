"""A panel's artists: curves in their looks, jump marks, bands, limit lines and zero lines.

What each curve looks like was chosen with the data (:mod:`actplot.scene.looks`); here it becomes a
colour, a dash pattern and, where a style file's palette makes two curves alike anyway, a mark along the
line. Marks at jumps are sized to their jump once the axes are laid out (:func:`size_marks`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.transforms import Bbox

from actplot.draw.scale import pt
from actplot.scene import themes
from actplot.scene.data import Marker, Panel

MIN_MARK_POINTS: Final = 2.5  # never smaller, however small the jump
BAND_SHARE: Final = 0.05  # of the axes height: one row of vanishing-gradient bands per curve
PAD_PX: Final = 3.0  # a legend keeps this far from every drawn point


@dataclass(frozen=True)
class Stroke:
    """How a curve is drawn: colour, dash pattern and a mark along it (None: a plain line)."""

    colour: str
    dash: Any
    mark: str | None = None
    width: float | None = None  # points; None: the theme's

    def handle(self) -> Line2D:
        return Line2D([], [], color=self.colour, linestyle=self.dash, marker=self.mark, markersize=pt(4),
                      linewidth=self.width)  # fmt: skip


@dataclass
class Drawn:
    """What one panel drew that a legend must not cover, in data coordinates."""

    lines: list[Line2D] = field(default_factory=list)
    marks: list[tuple[PathCollection, list[Marker]]] = field(default_factory=list)
    boxes: list[Rectangle] = field(default_factory=list)
    rules: list[LineCollection] = field(default_factory=list)


def strokes(panels: Sequence[Panel], palette: Sequence[str], theme: str) -> dict[int, Stroke]:
    """Each curve's stroke by its index, no two alike (a palette shorter than the theme's adds marks)."""
    out: dict[int, Stroke] = {}
    used: set[tuple[str, str, str | None]] = set()
    for panel in panels:
        for i, series in enumerate(panel.series):
            index = i if series.look is None else series.look
            if index in out:
                continue
            look = panel.look(index)
            colour = themes.colour_of(look, palette, theme)
            dash = themes.LINESTYLES[look.dash % len(themes.LINESTYLES)]
            marks: list[str | None] = [None, *themes.LINE_MARKS]
            start = 0 if look.mark is None else 1 + look.mark % len(themes.LINE_MARKS)
            for step in range(len(marks)):
                mark = marks[(start + step) % len(marks)]
                if (colour.lower(), repr(dash), mark) not in used:
                    break
            used.add((colour.lower(), repr(dash), mark))
            out[index] = Stroke(colour, dash, mark, None if look.width is None else pt(look.width))
    for panel in panels:  # a mark of its own (diff's largest gap) takes the colour its index gives
        for m in panel.markers:
            if m.look not in out:
                out[m.look] = Stroke(themes.colour_of(panel.look(m.look), palette, theme), "-")
    return out


def draw_curves(ax: Axes, panel: Panel, looks: dict[int, Stroke], background: str) -> Drawn:
    """The panel's curves and jump marks (at a provisional size), its limits and guides."""
    drawn = Drawn()
    for i, series in enumerate(panel.series):
        stroke = looks[i if series.look is None else series.look]
        (line,) = ax.plot(
            series.x, series.y, color=stroke.colour, linestyle=stroke.dash, linewidth=stroke.width,
            marker=stroke.mark, markersize=pt(4),
            markevery=0.12 if stroke.mark else None, drawstyle="steps-mid" if series.steps else "default",
            label=series.label + (f" ({series.note})" if series.note else ""), zorder=2,
        )  # fmt: skip
        drawn.lines.append(line)
    groups: dict[tuple[int, bool, str], list[Marker]] = {}
    for m in panel.markers:
        groups.setdefault((m.look, m.filled, m.shape), []).append(m)
    for (look, filled, shape), marks in sorted(groups.items()):
        colour = looks[look].colour if look in looks else themes.NEUTRAL
        face = colour if filled else background
        points = ax.scatter(
            [m.x for m in marks], [m.y for m in marks], s=pt(themes.MARK_POINTS) ** 2, marker=shape,
            facecolors=[face], edgecolors=[colour], linewidths=pt(1.1), zorder=3 + 0.01 * look, label="_mark",
        )  # fmt: skip
        drawn.marks.append((points, marks))
    for y in dict.fromkeys(lv.y for lv in panel.levels):  # one grey line per limit, like its key
        drawn.lines.append(ax.axhline(y, color=themes.NEUTRAL, linestyle=themes.LEVEL_DASH, linewidth=pt(1.0),
                                     zorder=1.8))  # fmt: skip
    for g in panel.guides:
        colour = looks[g.look].colour if g.look in looks else themes.NEUTRAL
        drawn.rules.append(rule(ax, [(g.x, 0.0), (g.x, 1.0)], "x", colour, ":", 1.7))
    return drawn


def draw_bands(ax: Axes, panel: Panel, looks: dict[int, Stroke], drawn: Drawn) -> None:
    """Where each curve's gradient vanishes, as a row of bands in its colour below all the data.

    The y axis is extended downwards to make room, so the bands never cover a curve.
    """
    rows = list(dict.fromkeys(s.look for s in panel.shades))[::-1]  # the first curve's row on top, as in the legend
    if not rows:
        return
    share = BAND_SHARE * len(rows)
    scale = ax.yaxis.get_transform()
    low, high = scale.transform(np.array(ax.get_ylim()))
    span = high - low
    ax.set_ylim(*scale.inverted().transform(np.array([low - span * share / (1 - share), high])))
    height = share / len(rows)
    for shade in panel.shades:
        row = rows.index(shade.look)
        colour = looks[shade.look].colour if shade.look in looks else themes.NEUTRAL
        box = Rectangle(
            (shade.start, row * height + 0.15 * height), shade.end - shade.start, 0.7 * height,
            transform=ax.get_xaxis_transform(), facecolor=colour, alpha=0.55, linewidth=0, zorder=1.5,
        )  # fmt: skip
        ax.add_patch(box)
        drawn.boxes.append(box)


def zero_lines(ax: Axes, panel: Panel) -> None:
    """Light lines along y = 0 and x = 0 beneath the curves; the x = 0 line stops short of any jump at
    x = 0, so it never reads as the jump's riser."""
    import matplotlib

    edge = matplotlib.rcParams["axes.edgecolor"]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    if min(y0, y1) < 0 < max(y0, y1) and ax.get_yscale() != "log":
        rule(ax, [(0.0, 0.0), (1.0, 0.0)], "y", edge, "-", 1.0)
    if not min(x0, x1) < 0 < max(x0, x1):
        return
    gaps = _gaps_at_zero(panel)
    low, high = min(y0, y1), max(y0, y1)
    cuts = [low, *[v for g in gaps for v in g], high]
    pieces = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if b > a]
    for a, b in pieces:
        ax.add_collection(
            LineCollection([[(0.0, a), (0.0, b)]], colors=[edge], linewidths=pt(0.6), alpha=0.45, zorder=1.0),
            autolim=False,
        )


def _gaps_at_zero(panel: Panel) -> list[tuple[float, float]]:
    """The y intervals between the two sides of each jump at x = 0, merged and sorted."""
    spans: dict[int, list[float]] = {}
    for m in panel.markers:
        if m.x == 0 and m.label is None:
            spans.setdefault(m.look, []).append(m.y)
    gaps = sorted((min(v), max(v)) for v in spans.values() if len(v) > 1)
    merged: list[tuple[float, float]] = []
    for a, b in gaps:
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def rule(ax: Axes, points: list[tuple[float, float]], data_axis: str, colour: str, dash: Any,
         zorder: float) -> LineCollection:  # fmt: skip
    """A line spanning the axes, in data coordinates along `data_axis` only; never changes the limits."""
    transform = ax.get_yaxis_transform() if data_axis == "y" else ax.get_xaxis_transform()
    lines = LineCollection([points], colors=[colour], linewidths=pt(0.6), linestyles=dash, transform=transform,
                           zorder=zorder, alpha=0.8)  # fmt: skip
    ax.add_collection(lines, autolim=False)
    return lines


def size_marks(ax: Axes, drawn: Drawn) -> None:
    """Size each jump's marks to its jump (dot and circle never merge) and nest marks of different
    curves that fall on one spot, larger under smaller, so every colour shows."""
    to_px = ax.transData.transform
    points_per_px = 72.0 / ax.figure.dpi
    everything = [(c, m, to_px([[m.x, m.y]])[0]) for c, marks in drawn.marks for m in marks]
    sizes: dict[int, list[float]] = {id(c): [] for c, _ in drawn.marks}
    for collection, mark, at in everything:
        room = pt(themes.MARK_POINTS)
        same = [p for c, m, p in everything if m.look == mark.look and m.x == mark.x and m is not mark]
        for p in same:
            gap = float(np.hypot(*(p - at))) * points_per_px
            room = min(room, max(pt(MIN_MARK_POINTS), 0.75 * gap))
        under = [m for c, m, p in everything if m.look < mark.look and float(np.hypot(*(p - at))) < 4.0]
        shrink = 0.62 ** len({m.look for m in under})
        sizes[id(collection)].append((max(pt(MIN_MARK_POINTS) * 0.7, room * shrink)) ** 2)
    for collection, _ in drawn.marks:
        collection.set_sizes(sizes[id(collection)])


@dataclass(frozen=True)
class Cover:
    """Asks whether a legend box would cover anything drawn in one axes."""

    ax: Axes
    drawn: Drawn

    def __call__(self, box: Bbox) -> bool:
        return covers(box, self.ax, self.drawn)


def covers(box: Bbox, ax: Axes, drawn: Drawn) -> bool:
    """True if the legend's box (padded) would cover any drawn point, segment, mark, band or line."""
    x0, y0, x1, y1 = box.x0 - PAD_PX, box.y0 - PAD_PX, box.x1 + PAD_PX, box.y1 + PAD_PX
    for line in drawn.lines:
        xy = line.get_transform().transform(np.asarray(line.get_xydata(), dtype=float))
        if _segments_cross(xy, x0, y0, x1, y1):
            return True
    for collection, _ in drawn.marks:
        xy = ax.transData.transform(collection.get_offsets())
        r = np.sqrt(collection.get_sizes()) * fig_px(ax) / 2
        if np.any((xy[:, 0] + r > x0) & (xy[:, 0] - r < x1) & (xy[:, 1] + r > y0) & (xy[:, 1] - r < y1)):
            return True
    for patch in [*drawn.boxes]:
        if patch.get_window_extent().overlaps(Bbox([[x0, y0], [x1, y1]])):
            return True
    for rule in drawn.rules:
        for seg in rule.get_segments():
            if _segments_cross(rule.get_transform().transform(seg), x0, y0, x1, y1):
                return True
    return False


def fig_px(ax: Axes) -> float:
    """Pixels per point on this axes' figure."""
    return float(ax.figure.dpi) / 72.0


def _segments_cross(xy: np.ndarray, x0: float, y0: float, x1: float, y1: float) -> bool:
    """True if any segment between consecutive finite points enters the box [x0, x1] x [y0, y1]."""
    if len(xy) == 0:
        return False
    a, b = xy[:-1], xy[1:]
    ok = np.isfinite(a).all(axis=1) & np.isfinite(b).all(axis=1)
    if len(xy) == 1 or not ok.any():
        p = xy[np.isfinite(xy).all(axis=1)]
        return bool(np.any((p[:, 0] >= x0) & (p[:, 0] <= x1) & (p[:, 1] >= y0) & (p[:, 1] <= y1)))
    a, b = a[ok], b[ok]
    d = b - a
    t0, t1 = np.zeros(len(a)), np.ones(len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        for axis, lo, hi in ((0, x0, x1), (1, y0, y1)):
            ta, tb = (lo - a[:, axis]) / d[:, axis], (hi - a[:, axis]) / d[:, axis]
            flat = d[:, axis] == 0
            inside = (a[:, axis] >= lo) & (a[:, axis] <= hi)
            t0 = np.where(flat, np.where(inside, t0, 2.0), np.maximum(t0, np.minimum(ta, tb)))
            t1 = np.where(flat, np.where(inside, t1, -1.0), np.minimum(t1, np.maximum(ta, tb)))
    return bool(np.any(t0 <= t1))

"""Figures that compare: geometry checked on real Figures for many curves, panels and sizes.

The curves are synthetic (numpy only), so hundreds of layouts are cheap; what is checked is what a
reader sees: no matplotlib layout warning, every text on the canvas, axes that keep a share of it,
a legend that covers no curve, and curves that all look different.
"""

from __future__ import annotations

import colorsys
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D

from actplot.draw import layout, render
from actplot.errors import LayoutWarning
from actplot.scene import looks, themes
from actplot.scene.data import Look, Marker, Panel, Series, Style

X = np.linspace(-8.0, 8.0, 401)
SHAPES = (np.tanh, lambda x: np.maximum(x, 0.0), lambda x: 1 / (1 + np.exp(-x)), lambda x: x / (1 + np.abs(x)))


def _panels(curves: int, panels: int) -> list[Panel]:
    out = []
    for k in range(panels):
        series = [
            Series(f"curve number {i}", X, (1 + 0.15 * i) * SHAPES[i % 4](X) + 0.1 * k * i, i) for i in range(curves)
        ]
        out.append(Panel(series, f"grad{k} of f(x)" if k else "f(x)"))
    return out


def _draw(panels: list[Panel], style: Style) -> tuple[Figure, list[warnings.WarningMessage]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = render.draw(panels, style)
    return fig, list(caught)


def _dense(xy: np.ndarray) -> np.ndarray:
    """Points every pixel or so along each segment between finite neighbours (an independent check)."""
    out = [xy[np.isfinite(xy).all(axis=1)]]
    for a, b in zip(xy[:-1], xy[1:]):
        if np.isfinite(a).all() and np.isfinite(b).all():
            steps = int(min(2000, np.hypot(*(b - a)))) + 2
            out.append(a + np.linspace(0, 1, steps)[:, None] * (b - a))
    return np.concatenate(out)


def _legend_clear(fig: Figure) -> None:
    """An inside legend's box holds no drawn point of any curve in its axes."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        for line in ax.get_lines():
            if line.get_label().startswith("_"):
                continue
            pts = _dense(line.get_transform().transform(line.get_xydata()))
            inside = (pts[:, 0] > box.x0) & (pts[:, 0] < box.x1) & (pts[:, 1] > box.y0) & (pts[:, 1] < box.y1)
            assert not inside.any(), f"the legend covers {line.get_label()} at {pts[inside][0]}"


def _texts_on_canvas(fig: Figure) -> None:
    """Each axes with everything it draws (ticks, labels, titles, its legend), every figure legend and
    the title lie on the canvas (after a full draw, so every text is where it is drawn)."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    canvas = fig.bbox
    boxes = [ax.get_tightbbox(renderer) for ax in fig.axes] + [leg.get_window_extent(renderer) for leg in fig.legends]
    boxes += [t.get_window_extent(renderer) for t in fig.texts if t.get_text()]
    for box in boxes:
        assert box is not None
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= canvas.x1 + 1 and box.y1 <= canvas.y1 + 1, box


def _curves_distinct(fig: Figure) -> None:
    for ax in fig.axes:
        styles = [
            (line.get_color(), repr(line._dash_pattern), line.get_marker())  # type: ignore[attr-defined]
            for line in ax.get_lines()
            if not line.get_label().startswith("_")
        ]
        assert len(set(styles)) == len(styles)


@pytest.mark.parametrize("size", [None, (3.0, 2.0), (5.0, 2.5), (12.0, 8.0)])
@pytest.mark.parametrize("panels", [1, 2, 3])
@pytest.mark.parametrize("curves", [1, 2, 5, 8, 11, 16])
def test_layout_holds_for_any_count_and_size(curves: int, panels: int, size: tuple[float, float] | None) -> None:
    fig, caught = _draw(_panels(curves, panels), Style(figsize=size))
    assert all(issubclass(w.category, LayoutWarning) for w in caught), [str(w.message) for w in caught]
    assert not any("constrained_layout" in str(w.message) for w in caught)
    if size is not None:
        assert tuple(fig.get_size_inches()) == size  # the size given is the size drawn
    else:
        assert fig.get_size_inches()[1] >= 2.5 + 2.0 * (panels - 1) - 1e-9  # grown, never shrunk
    fig.draw_without_rendering()
    _texts_on_canvas(fig)
    for ax in fig.axes:
        box = ax.get_position()
        # 5 % slack: constrained layout moves a margin by a pixel or two from one pass to the next
        assert box.height >= 0.95 * layout.MIN_AXES / panels and box.width >= 0.95 * layout.MIN_AXES
    _legend_clear(fig)
    _curves_distinct(fig)
    if size is not None and size[0] >= 5 and curves <= 8:
        assert not caught  # room enough: nothing left out, no warning


def test_one_legend_for_all_panels_and_none_for_a_lone_curve() -> None:
    fig, _ = _draw(_panels(3, 2), Style())
    legends = [leg for leg in [*fig.legends, *(ax.get_legend() for ax in fig.axes)] if leg is not None]
    assert len(legends) == 1
    assert [t.get_text() for t in legends[0].get_texts()] == [f"curve number {i}" for i in range(3)]
    fig, _ = _draw(_panels(1, 2), Style())
    assert not fig.legends and all(ax.get_legend() is None for ax in fig.axes)


def test_a_size_not_given_grows_for_a_legend_outside() -> None:
    fig, _ = _draw(_panels(16, 1), Style())
    width, height = fig.get_size_inches()
    assert width > 5.0 and height >= 2.5
    assert isinstance(fig.legends[0], Legend)
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    assert fig.axes[0].get_window_extent(renderer).width > 0.5 * 5.0 * fig.dpi


def test_a_tiny_figure_warns_once_and_says_which_size_would_do() -> None:
    fig, caught = _draw(_panels(16, 3), Style(figsize=(1.5, 1.2)))
    assert len(caught) == 1 and issubclass(caught[0].category, LayoutWarning)
    assert "--figsize" in str(caught[0].message)


@pytest.mark.parametrize("where", ["below", "outside", "upper left", "none"])
def test_explicit_legend_places_are_kept(where: str) -> None:
    fig, _ = _draw(_panels(4, 2), Style(legend=where))
    ax_legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    if where == "none":
        assert not fig.legends and not ax_legends
    elif where == "upper left":
        assert ax_legends and ax_legends[0]._loc == 2  # type: ignore[attr-defined]
    else:
        assert fig.legends[0]._outside_loc == ("lower" if where == "below" else "right")  # type: ignore[attr-defined]


def test_legend_columns_and_title() -> None:
    fig, _ = _draw(_panels(6, 1), Style(legend="below", legend_columns=3, legend_title="which"))
    legend = fig.legends[0]
    assert legend._ncols == 3  # type: ignore[attr-defined]
    assert legend.get_title().get_text() == "which"


def test_direct_labels_name_each_curve_at_its_end_in_its_colour() -> None:
    fig, _ = _draw(_panels(3, 1), Style(legend="direct"))
    ax = fig.axes[0]
    labels = {t.get_text(): t for t in ax.texts}
    assert set(labels) == {f"curve number {i}" for i in range(3)}
    curves = [line for line in ax.get_lines() if not line.get_label().startswith("_")]
    for i, line in enumerate(curves):
        assert labels[f"curve number {i}"].get_color() == line.get_color()
    assert not fig.legends and ax.get_legend() is None


def test_every_pair_of_looks_differs_up_to_many_curves() -> None:
    palette = themes.palette("light")
    seen = set()
    for i in range(120):
        look = Look.distinct(i)
        key = (themes.colour_of(look, palette), look.dash % len(themes.LINESTYLES), look.mark)
        assert key not in seen
        seen.add(key)
    assert "#F0E442" not in palette  # Okabe-Ito's yellow is all but invisible on white


def _lightness(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    y = 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    return 116 * y ** (1 / 3) - 16 if y > 0.008856 else 903.3 * y


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("count", [2, 3, 5, 10, 17, 40])
def test_sweep_colours_rise_in_lightness(count: int, theme: str) -> None:
    places = [looks.Place(0, v, 0) for v in range(count)]
    colours = [themes.colour_of(look, themes.palette(theme), theme) for look in looks.assign(places)]
    light = [_lightness(c) for c in colours]
    assert all(b > a for a, b in zip(light, light[1:])), light
    assert len(set(colours)) == count
    assert all(colorsys.rgb_to_hls(*(int(c[i : i + 2], 16) / 255 for i in (1, 3, 5)))[1] < 0.95 for c in colours)


def test_dtype_overlays_colour_by_function_and_dash_by_dtype() -> None:
    places = [looks.Place(f, 0, d) for f in range(2) for d in range(3)]
    assigned = looks.assign(places)
    for p, look in zip(places, assigned):
        assert look.colour == p.func and look.dash == p.dtype
    assert len({(k.colour, k.dash) for k in assigned}) == 6


def test_overlapping_marks_of_different_curves_nest_and_a_small_jump_keeps_its_marks_apart() -> None:
    x = np.array([-1.0, 0.0, 0.0, 0.0, 1.0])
    y = np.array([0.0, 0.0, np.nan, 0.05, 0.05])
    series = [Series("a", x, y * 100, 0), Series("b", x, y * 100, 1)]
    marks = [Marker(0.0, 0.0, 0), Marker(0.0, 5.0, 0, filled=False)]
    marks += [Marker(0.0, 0.0, 1), Marker(0.0, 5.0, 1, filled=False)]
    fig, _ = _draw([Panel(series, "f(x)", markers=marks)], Style())
    ax = fig.axes[0]
    collections = [c for c in ax.collections if c.get_label() == "_mark"]
    sizes = {round(float(np.sqrt(c.get_sizes()[0])), 3) for c in collections}
    assert len(sizes) >= 2  # the second curve's marks are smaller, drawn over the first's
    # a jump of 0.05 on a range of 2: the dot and circle still do not overlap
    small = [Marker(0.0, 0.0, 0), Marker(0.0, 0.05, 0, filled=False)]
    fig, _ = _draw([Panel([Series("c", X, np.sign(X) + 0.05 * (X > 0), 0)], "f(x)", markers=small)], Style())
    ax = fig.axes[0]
    dot, ring = [c for c in ax.collections if c.get_label() == "_mark"]
    a, b = ax.transData.transform([[0.0, 0.0], [0.0, 0.05]])
    radii = (np.sqrt(dot.get_sizes()[0]) + np.sqrt(ring.get_sizes()[0])) / 2 * fig.dpi / 72
    assert abs(b[1] - a[1]) >= radii * 0.99 or np.sqrt(dot.get_sizes()[0]) <= 2.5 + 1e-9


def test_marks_have_a_key_and_the_zero_line_stops_at_a_jump() -> None:
    x = np.array([-1.0, 0.0, 0.0, 0.0, 1.0])
    y = np.array([0.0, 0.0, np.nan, 1.0, 1.0])
    marks = [Marker(0.0, 0.0, 0), Marker(0.0, 1.0, 0, filled=False)]
    fig, _ = _draw([Panel([Series("relu'", x, y, 0)], "grad of relu(x)", markers=marks)], Style())
    ax = fig.axes[0]
    texts = [t.get_text() for leg in [ax.get_legend(), *fig.legends] if leg is not None for t in leg.get_texts()]
    assert "PyTorch's value at a jump" in texts and "other one-sided limit" in texts
    for collection in ax.collections:
        for seg in collection.get_segments() if hasattr(collection, "get_segments") else []:
            (x0, y0), (x1, y1) = seg[0], seg[-1]
            if x0 == x1 == 0.0 and collection.get_transform() == ax.transData:
                assert max(y0, y1) <= 0.0 or min(y0, y1) >= 1.0  # never inside the jump's gap


def test_per_panel_limits_and_scales() -> None:
    fig, _ = _draw(_panels(2, 2), Style(ylims=((-1.0, 8.0),), yscales=("linear", "symlog")))
    assert fig.axes[0].get_ylim() == (-1.0, 8.0)
    assert fig.axes[1].get_ylim() != (-1.0, 8.0) and fig.axes[1].get_yscale() == "symlog"


def test_the_same_figure_gives_the_same_bytes(tmp_path: object) -> None:
    import io

    outs = []
    for _ in range(2):
        buffer = io.BytesIO()
        render.write(_panels(9, 2), Style(), buffer, "png")
        outs.append(buffer.getvalue())
    assert outs[0] == outs[1]


def test_a_line_mark_appears_only_past_colour_and_dash() -> None:
    fig, _ = _draw(_panels(8, 1), Style())
    curves = [line for line in fig.axes[0].get_lines() if not line.get_label().startswith("_")]
    assert all(line.get_marker() in ("None", None, "") for line in curves)
    assert isinstance(fig.axes[0].get_lines()[0], Line2D)


def _crowded(curves: int) -> list[Panel]:
    """Horizontal lines at every height: no place inside the axes is free for a legend."""
    series = [Series(f"level {i}", X, np.full_like(X, i / 2.0), i) for i in range(curves)]
    return [Panel(series, "f(x)")]


def test_a_short_legend_that_cannot_sit_inside_goes_below_without_widening() -> None:
    fig, caught = _draw(_crowded(3), Style())
    assert not caught
    assert fig.legends and fig.legends[0]._outside_loc == "lower"  # type: ignore[attr-defined]
    assert tuple(fig.get_size_inches()) == (5.0, 2.5)


def test_a_long_legend_that_cannot_sit_inside_goes_right_and_widens_the_canvas() -> None:
    fig, caught = _draw(_crowded(17), Style())
    assert not caught
    assert fig.legends[0]._outside_loc == "right"  # type: ignore[attr-defined]
    assert fig.get_size_inches()[0] > 5.0


def test_an_outside_legend_that_does_not_fit_moves_below_and_says_so() -> None:
    fig, caught = _draw(_crowded(20), Style(figsize=(3.0, 2.0), legend="outside"))
    assert any("--legend outside does not fit" in str(w.message) for w in caught)
    assert fig.legends and fig.legends[0]._outside_loc == "lower"  # type: ignore[attr-defined]


def test_x_tick_labels_that_would_run_together_make_the_text_smaller() -> None:
    wide = [Panel([Series("f", np.linspace(-123456.0, 123456.0, 50), np.linspace(0, 1, 50), 0)], "f(x)")]
    fig, _ = _draw(wide, Style(figsize=(1.6, 1.2)))
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    ax = fig.axes[0]
    boxes = sorted(
        (t.get_window_extent(renderer) for t in ax.get_xticklabels() if t.get_visible() and t.get_text()),
        key=lambda b: b.x0,
    )
    view = ax.get_xlim()
    inside = [b for b, t in zip(boxes, sorted(ax.get_xticks())) if view[0] <= t <= view[1]]
    assert all(a.x1 <= b.x0 for a, b in zip(inside, inside[1:]))


def test_a_canvas_free_to_grow_stays_bounded_and_a_huge_legend_title_is_shortened() -> None:
    fig, caught = _draw(_panels(2, 1), Style(legend_title="A" * 3000, legend="outside"))
    w, h = fig.get_size_inches()
    assert w <= 2 * 5.0 + 1e-9 and h <= 2 * 2.5 + 1e-9 and w * h * fig.dpi**2 <= 100_000_000
    assert any("the legend's title shortened with '…'" in str(c.message) for c in caught)
    assert fig.legends[0].get_title().get_text().endswith("…")
    _texts_on_canvas(fig)


def test_direct_labels_that_cannot_fit_give_way_to_a_legend() -> None:
    fig, caught = _draw(_panels(30, 1), Style(legend="direct", figsize=(5.0, 2.5)))
    assert any("--legend direct" in str(c.message) for c in caught)
    assert not fig.axes[0].texts  # no name drawn off the canvas


def test_a_figure_that_alignment_would_squash_keeps_its_own_layout() -> None:
    from dataclasses import replace

    from actplot.draw import align

    fig, _ = _draw(_panels(1, 2), Style(figsize=(3.0, 2.0)))
    own = align.measure(fig)
    kept = [ax.get_position().bounds for ax in fig.axes]
    wider = replace(own, left=tuple(v + 0.5 for v in own.left))  # half an inch more: over a tenth of ~2.4
    assert not align.apply(fig, wider)
    assert [ax.get_position().bounds for ax in fig.axes] == kept
    slightly = replace(own, left=tuple(v + 0.05 for v in own.left))
    assert align.apply(fig, slightly)
    assert fig.axes[0].get_position().x0 == pytest.approx(slightly.left[0] / 3.0)

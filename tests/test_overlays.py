"""Sweeps, dtype overlays, differences and shading: the right curves, labels and marks."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection

from actplot import api
from actplot.scene import curves
from tests.conftest import Invoke


def test_sweep_gives_one_labelled_curve_per_value() -> None:
    fig = api.figure("elu", orders=(0, 1), sweep="alpha=0.5,1,2", xrange=(-2.0, 2.0), points=41)
    for ax in fig.axes:
        assert [line.get_label() for line in ax.get_lines()] == ["0.5", "1", "2"]  # the legend's title: alpha
    legend = fig.legends[0] if fig.legends else next(ax.get_legend() for ax in fig.axes if ax.get_legend())
    assert legend.get_title().get_text() == "alpha"
    lowest = [float(np.min(line.get_ydata())) for line in fig.axes[0].get_lines()]
    assert np.allclose(lowest, [a * (math.exp(-2.0) - 1) for a in (0.5, 1.0, 2.0)], rtol=1e-6)


def test_dtype_overlay_one_curve_per_dtype_with_the_point_where_the_gradient_dies() -> None:
    fig = api.figure("sigmoid", orders=(1,), dtype="bfloat16,float32", xrange=(0.0, 20.0))
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert labels == ["bfloat16 (0 for x ≥ 6.25)", "float32 (0 for x ≥ 16.6)"]
    guides = [c for c in fig.axes[0].collections if isinstance(c, LineCollection) and c.get_linestyle()[0][1]]
    assert sorted(round(float(g.get_segments()[0][0][0]), 2) for g in guides) == [6.25, 16.64]


def test_bfloat16_grid_shows_its_staircase() -> None:
    fig = api.figure("tanh", dtype="bfloat16,float64", xrange=(1.0, 2.0), points=1001)
    low, high = fig.axes[0].get_lines()
    assert low.get_drawstyle() == "steps-mid"
    assert len(np.unique(low.get_xdata())) < 200 < len(np.unique(high.get_xdata()))  # bfloat16 has 128 in [1, 2)


def test_difference_marks_the_largest_gap() -> None:
    fig, x, gap = api.difference("gelu", "gelu(approximate=tanh)", dtype="float64", points=16001)
    grid = np.linspace(-8, 8, 16001)
    exact = grid * 0.5 * (1 + np.vectorize(math.erf)(grid / math.sqrt(2)))
    approx = 0.5 * grid * (1 + np.tanh(math.sqrt(2 / math.pi) * (grid + 0.044715 * grid**3)))
    d = exact - approx
    assert math.isclose(abs(gap), np.max(np.abs(d)), rel_tol=1e-6)
    assert math.isclose(abs(x), abs(grid[np.argmax(np.abs(d))]), abs_tol=1e-3)
    assert 4.6e-4 < abs(gap) < 4.8e-4 and 2.6 < abs(x) < 2.8
    (diamond,) = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    assert diamond.get_offsets()[0].tolist() == pytest.approx([x, gap])
    legend = fig.axes[0].get_legend() or fig.legends[0]
    assert any(t.get_text().startswith("max |Δ| = 0.000473") for t in legend.get_texts())


def test_vanishing_shading_covers_where_the_gradient_is_small() -> None:
    fig = api.figure("tanh", vanishing=1e-3, xrange=(-8.0, 8.0), points=1601)
    spans = sorted(p.get_x() for p in fig.axes[0].patches if p.get_width() > 0)
    edge = math.atanh(math.sqrt(1 - 1e-3))  # 1 - tanh(x)^2 = 1e-3
    assert len(spans) == 2 and spans[0] == -8.0
    right = [p for p in fig.axes[0].patches if p.get_x() > 0][0]
    assert abs(right.get_x() - edge) <= 0.01


def test_decimate_keeps_extremes_and_breaks() -> None:
    x = np.linspace(0, 1, 1_000_001)
    y = np.sin(40 * x) + (x > 0.5)
    bx, by = curves.break_at(x, y, [(0.5, math.sin(20.0), math.sin(20.0) + 1)])
    dx, dy = curves.decimate(bx, by, 500)
    assert dx.size <= 2 * 500 + 8
    assert np.nanmax(dy) == np.nanmax(by) and np.nanmin(dy) == np.nanmin(by)
    assert np.isnan(dy).sum() == 1 and dx[np.isnan(dy)][0] == 0.5
    columns = np.minimum((bx * 500).astype(int), 499)
    for col in (0, 137, 499):  # each column keeps its own lowest and highest
        here = (columns == col) & np.isfinite(by)
        kept = (np.minimum((dx * 500).astype(int), 499) == col) & np.isfinite(dy)
        assert dy[kept].max() == by[here].max() and dy[kept].min() == by[here].min()


def test_million_points_keep_the_jump_marks() -> None:
    fig = api.figure("relu", orders=(1,), points=1_000_000)
    line = fig.axes[0].get_lines()[0]
    assert len(line.get_xdata()) < 4000
    marks = sorted(tuple(c.get_offsets()[0]) for c in fig.axes[0].collections if isinstance(c, PathCollection))
    assert marks == [(0.0, 0.0), (0.0, 1.0)]


def test_diff_command_says_the_maximum(invoke: Invoke, tmp_path: object) -> None:
    out = f"{tmp_path}/d.svg"
    result = invoke(["diff", "gelu", "gelu(approximate=tanh)", "--grad", "--out", out])
    assert result.exit_code == 0
    first = result.stderr.splitlines()[0]
    assert first.startswith("max |gelu − gelu(approximate=tanh)| = 0.000868 at x = ")


@pytest.mark.parametrize(
    "args,message",
    [
        (["elu", "--sweep", "beta=1,2"], "--sweep: elu has no parameter 'beta'"),
        (["elu", "--sweep", "alpha"], "--sweep must look like 'alpha=0.5,1,2'"),
        (["sigmoid", "--dtype", "float32,float8"], "unknown dtype 'float8'"),
        (["relu", "--theme", "blue"], "--theme must be one of light, dark"),
        (["relu", "--legend", "top"], "--legend must be one of"),
        (["relu", "--style", "no-such-style"], "unknown matplotlib style 'no-such-style'"),
        (["diff", "gelu", "relu", "--dtype", "float32,float64"], "diff compares two functions in one dtype"),
        (["relu", "--vanishing", "0"], "--vanishing must be a positive threshold"),
    ],
)
def test_bad_figure_options_are_one_line_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"actplot: error: {message}")
    assert len(result.stderr.splitlines()) == 1

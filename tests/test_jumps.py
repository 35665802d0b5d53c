"""Jumps drawn honestly: the line breaks, the dot is PyTorch's value, the circle the other limit."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection

from actplot import api
from actplot.numeric import jumps


def _line(ax: Axes) -> tuple[np.ndarray, np.ndarray]:
    line = ax.get_lines()[0]
    return np.asarray(line.get_xdata(), dtype=float), np.asarray(line.get_ydata(), dtype=float)


def _marks(ax: Axes) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """(filled dots, open circles) as (x, y) pairs."""
    filled, hollow = [], []
    for c in ax.collections:
        if isinstance(c, PathCollection):
            solid = np.array_equal(c.get_facecolors()[0], c.get_edgecolors()[0])
            (filled if solid else hollow).extend((float(x), float(y)) for x, y in c.get_offsets())
    return filled, hollow


# Where each curve jumps, written from the definitions (not from the catalogue).
JUMPS = [
    ("relu", 1, [0.0]),
    ("leaky_relu(negative_slope=0.2)", 1, [0.0]),
    ("prelu", 1, [0.0]),
    ("hardtanh", 1, [-1.0, 1.0]),
    ("relu6", 1, [0.0, 6.0]),
    ("hardsigmoid", 1, [-3.0, 3.0]),
    ("hardswish", 1, [-3.0, 3.0]),
    ("selu", 1, [0.0]),
    ("hardshrink", 0, [-0.5, 0.5]),
    ("threshold(threshold=1, value=0)", 0, [1.0]),
    ("softplus(beta=10, threshold=0.4)", 0, [0.04]),
]


@pytest.mark.parametrize("func,order,where", JUMPS)
def test_no_drawn_segment_crosses_a_jump(func: str, order: int, where: list[float]) -> None:
    fig = api.figure(func, orders=(order,), xrange=(-8.0, 8.0), points=4001)  # a grid step of 0.004
    x, y = _line(fig.axes[0])
    joined = np.isfinite(y[:-1]) & np.isfinite(y[1:])  # drawn segments join consecutive finite points
    dx, dy = np.diff(x), np.abs(np.diff(y))
    for x0 in where:
        touching = joined & (x[:-1] <= x0) & (x[1:] >= x0)
        # every slope near these jumps is below 2; a riser over one grid step would be 10 or more
        assert not (touching & ((dx == 0) | (dy > 5 * dx + 1e-6))).any(), (func, x0)  # 1e-6: float32 rounding
    filled, _ = _marks(fig.axes[0])
    assert sorted(round(p[0], 9) for p in filled) == where


@pytest.mark.parametrize(
    "func,order,dot,circle",
    [
        ("relu", 1, (0.0, 0.0), (0.0, 1.0)),
        ("leaky_relu(negative_slope=0.2)", 1, (0.0, 0.2), (0.0, 1.0)),
        ("relu6", 1, (6.0, 0.0), (6.0, 1.0)),
        ("threshold(threshold=1, value=0)", 0, (1.0, 0.0), (1.0, 1.0)),
        ("hardswish", 1, (3.0, 1.0), (3.0, 1.5)),  # left limit (2x + 3) / 6 at 3
        ("selu", 1, (0.0, 1.0507009873554805 * 1.6732632423543772), (0.0, 1.0507009873554805)),
        ("softplus(beta=10, threshold=0.4)", 0, (0.04, math.log1p(math.exp(0.4)) / 10), (0.04, 0.04)),
    ],
)
def test_dot_is_pytorchs_value_and_circle_the_other_limit(
    func: str, order: int, dot: tuple[float, float], circle: tuple[float, float]
) -> None:
    fig = api.figure(func, orders=(order,), points=401)
    filled, hollow = _marks(fig.axes[0])
    assert any(np.allclose(p, dot, atol=1e-6) for p in filled), filled
    assert any(np.allclose(p, circle, atol=1e-6) for p in hollow), hollow


def test_relu_itself_is_one_unbroken_line_through_the_origin() -> None:
    fig = api.figure("relu", points=160)
    x, y = _line(fig.axes[0])
    assert np.isfinite(y).all()
    assert y[x == 0.0].tolist() == [0.0]
    assert _marks(fig.axes[0]) == ([], [])


def test_steep_continuous_curve_is_not_broken() -> None:
    fig = api.figure("softplus(beta=1000)", orders=(1,), xrange=(-0.05, 0.05), points=11)  # sigmoid(1000 x)
    _, y = _line(fig.axes[0])
    assert np.isfinite(y).all()
    assert _marks(fig.axes[0]) == ([], [])


@pytest.mark.parametrize("scale", [1e2, 1e4, 1e6])
def test_detector_tells_steep_tanh_from_a_step(scale: float) -> None:
    x = np.linspace(-1.0, 1.0, 101)

    def steep(t: torch.Tensor) -> torch.Tensor:
        return torch.tanh(scale * (t - 0.123))

    def step(t: torch.Tensor) -> torch.Tensor:
        return torch.where(t > 0.123, 1.0, -1.0).to(t.dtype)

    assert jumps.find(steep, x, steep(torch.from_numpy(x)).numpy()) == []
    (found,) = jumps.find(step, x, step(torch.from_numpy(x)).numpy())
    assert (found.x, found.value, found.left, found.right) == (0.123, -1.0, -1.0, 1.0)


def test_detector_works_on_any_callable_with_kinks_off_the_grid() -> None:
    x = np.linspace(-2.0, 2.0, 41)

    def leaky(t: torch.Tensor) -> torch.Tensor:
        return torch.where(t > 0.05, t, 0.1 * t)

    def slope(t: torch.Tensor) -> torch.Tensor:
        t = t.detach().requires_grad_(True)
        (g,) = torch.autograd.grad(leaky(t).sum(), t)
        return g

    y = leaky(torch.from_numpy(x)).numpy()
    (found,) = jumps.find(leaky, x, y)  # f itself jumps by 0.045 at 0.05
    assert found.x == 0.05 and math.isclose(found.right - found.left, 0.9 * 0.05, rel_tol=1e-6)
    (kink,) = jumps.find(slope, x, slope(torch.from_numpy(x)).numpy())
    assert (kink.x, kink.value, kink.open_limits) == (0.05, 0.1, (1.0,))


@pytest.mark.parametrize("half", [1e-9, 1e-6, 1e-3])
def test_a_kink_on_a_tiny_range_is_not_a_jump_and_a_step_still_is(half: float) -> None:
    x = np.linspace(-half, half, 401)
    relu = lambda t: torch.relu(t)  # noqa: E731
    assert jumps.find(relu, x, relu(torch.from_numpy(x)).numpy(), known=[0.0]) == []
    step = lambda t: (t > 0).to(t.dtype)  # noqa: E731
    (found,) = jumps.find(step, x, step(torch.from_numpy(x)).numpy(), known=[0.0])
    assert (found.x, found.value, found.left, found.right) == (0.0, 0.0, 0.0, 1.0)


class _Counted:
    """A step function that counts how many points it was evaluated at."""

    def __init__(self, at: float) -> None:
        self.at, self.points = at, 0

    def __call__(self, t: torch.Tensor) -> torch.Tensor:
        self.points += t.numel()
        return (t > self.at).to(t.dtype)


def test_a_jump_at_a_known_point_is_not_bisected_again() -> None:
    x = np.linspace(-1, 1, 251)  # 0 is a grid point
    step = _Counted(0.0)
    y = step(torch.from_numpy(x)).numpy()
    step.points = 0
    found = jumps.find(step, x, y, known=[0.0])
    assert [(j.x, j.value, j.left, j.right) for j in found] == [(0.0, 0.0, 0.0, 1.0)]
    assert step.points < 20  # three points read around 0; bisecting [0, 0.008] would take over a hundred


@pytest.mark.parametrize("at", [0.001, -0.003, 0.0079])
def test_a_jump_next_to_a_known_smooth_point_is_still_found(at: float) -> None:
    x = np.linspace(-1, 1, 251)
    step = _Counted(at)
    found = jumps.find(step, x, step(torch.from_numpy(x)).numpy(), known=[0.0])
    assert len(found) == 1 and found[0].left == 0.0 and found[0].right == 1.0
    assert found[0].x == pytest.approx(at, rel=1e-12)

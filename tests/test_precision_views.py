"""The views for precision stories: error against float64 (absolute and in ulps), overflow marked like
underflow, limits as x -> +-inf, one panel per order; each checked against torch or closed forms
computed here, never against the code that draws them."""

from __future__ import annotations

import math
import struct
import warnings

import numpy as np
import pytest
import torch

from actplot import api
from actplot.commands import plot as figures
from actplot.errors import UsageError
from actplot.scene import precision
from tests.conftest import Invoke


def _panels(*args: object, **kw: object) -> list:  # type: ignore[type-arg]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return api.panels(*args, **kw)  # type: ignore[arg-type]


def _bf16_spacing(v: float) -> float:
    """The gap from |v| (a bfloat16 value) to the next bfloat16 up: its float32 bits plus one in the 16th."""
    (bits,) = struct.unpack("<I", struct.pack("<f", abs(v)))
    (above,) = struct.unpack("<f", struct.pack("<I", bits + 0x10000))
    return above - abs(v)


@pytest.mark.parametrize("dtype,np_type", [("float16", np.float16), ("float32", np.float32), ("float64", np.float64)])
def test_ulp_is_numpys_spacing(dtype: str, np_type: type) -> None:
    rng = np.random.default_rng(0)
    values = np.concatenate([rng.uniform(-1, 1, 500) * 10.0 ** rng.integers(-8, 4, 500), [0.0, 1.0, -2.0, 0.5]])
    held = values.astype(np_type)
    expected = np.spacing(np.abs(held)).astype(np.float64)
    assert np.array_equal(precision.ulp(held.astype(np.float64), dtype), expected)


def test_ulp_of_bfloat16_by_its_bits() -> None:
    values = torch.tensor([1.0, 3.0, 1e-3, 250.0, 1e-38, 7.5e4], dtype=torch.bfloat16).float().tolist()
    assert precision.ulp(np.array(values), "bfloat16").tolist() == [_bf16_spacing(v) for v in values]


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32"])
def test_error_view_is_the_distance_to_float64(dtype: str) -> None:
    (panel,) = _panels("sigmoid", dtype=dtype, error="abs", points=301, xrange=(-6.0, 6.0))
    (series,) = panel.series
    x = torch.tensor(series.x.tolist(), dtype=getattr(torch, dtype))
    expected = (torch.sigmoid(x).double() - torch.sigmoid(x.double())).abs().numpy()
    assert np.array_equal(series.y, expected)
    assert panel.yscale == "log" and panel.ylabel == "abs error of sigmoid(x)"


def test_error_in_ulps_of_the_gradient() -> None:
    (panel,) = _panels("tanh", orders=(1,), dtype="float16", error="ulp", points=201, xrange=(-3.0, 3.0))
    (series,) = panel.series
    x16 = torch.tensor(series.x.tolist(), dtype=torch.float16, requires_grad=True)
    torch.tanh(x16).sum().backward()
    assert x16.grad is not None
    exact = [1 - math.tanh(v) ** 2 for v in series.x.tolist()]
    spacing = [2.0 ** (max(math.frexp(e)[1] - 1, -14) - 10) for e in exact]  # float16: 10 bits, normal from 2^-14
    expected = [abs(g - e) / s for g, e, s in zip(x16.grad.double().tolist(), exact, spacing)]
    assert series.y.tolist() == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert panel.ylabel == "error in ulps of grad of tanh(x)" and panel.yscale == "log"


def test_error_view_leaves_out_float64_and_keeps_the_other_looks() -> None:
    (panel,) = _panels(["sigmoid", "tanh"], dtype="float16,float64", error="abs", points=101)
    assert [s.label for s in panel.series] == ["sigmoid, float16", "tanh, float16"]
    assert [panel.look(s.look or 0).colour for s in panel.series] == [0, 1]


def test_overflow_is_marked_like_underflow() -> None:
    (panel,) = _panels("exp(x)", dtype="float16", xrange=(0.0, 20.0), points=201)
    (series,) = panel.series
    (guide,) = panel.guides
    # exp is computed in float32 and rounded to float16, whose values from 65520 on round to inf
    assert math.exp(guide.x) >= 65520 > math.exp(guide.x - 0.11)  # the first grid point (step 0.1) past it
    assert series.note == f"inf for x ≥ {guide.x:.3g}"


@pytest.mark.parametrize(
    "func,order,limits",
    [
        ("softsign", 0, [-1.0, 1.0]),
        ("sigmoid", 0, [0.0, 1.0]),
        ("tanh", 0, [-1.0, 1.0]),
        ("elu", 0, [-1.0]),  # 1 at +inf is no limit: elu grows
        ("relu", 0, []),  # relu reaches 0: a flat stretch, not an asymptote
        ("sigmoid", 1, [0.0]),
        ("softplus", 1, [0.0, 1.0]),
        ("relu", 1, []),
    ],
)
def test_asymptotes_are_the_limits_never_reached(func: str, order: int, limits: list[float]) -> None:
    (panel,) = _panels(func, orders=(order,), asymptotes=True, points=201)
    assert sorted(level.y for level in panel.levels) == pytest.approx(limits, abs=1e-12)


def test_a_limit_far_from_the_drawn_curve_is_left_out() -> None:
    (panel,) = _panels("tanh", asymptotes=True, points=101, xrange=(0.0, 1e-3))
    assert not panel.levels  # tanh is within 1e-3 of 0 here: -1 and 1 would only flatten it
    (panel,) = _panels("tanh", asymptotes=True, points=101, xrange=(0.0, 3.0))
    assert [level.y for level in panel.levels] == [1.0]  # near 1 at x = 3; -1 is beyond the curve's height


def test_asymptote_lines_widen_the_axes_to_show_them() -> None:
    fig = api.figure("softsign", asymptotes=True, points=201)
    low, high = fig.axes[0].get_ylim()
    assert low < -1.0 and high > 1.0  # softsign only reaches +-0.89 on [-8, 8]


def test_orders_stack_one_panel_each() -> None:
    fig = api.figure("gelu", orders=(0, 1, 2), points=201)
    assert [ax.get_ylabel() for ax in fig.axes] == ["gelu(x)", "grad of gelu(x)", "grad² of gelu(x)"]


def test_ylim_limits_the_top_panel_only() -> None:
    job = figures.FigureJob(["relu"], orders=(0, 1), ylim=(-1.0, 8.0))
    style = figures.style_of(job)
    assert tuple(style.ylims) == ((-1.0, 8.0),)
    fig = api.figure("relu", with_grad=True, style=style, points=201)
    assert fig.axes[0].get_ylim() == (-1.0, 8.0) and fig.axes[1].get_ylim()[1] < 2.0


@pytest.mark.parametrize(
    "text,expected",
    [("0,1,2", (0, 1, 2)), ("1", (1,)), ("2,0", (2, 0))],
)
def test_orders_are_parsed(text: str, expected: tuple[int, ...]) -> None:
    assert figures.parse_orders(text) == expected


@pytest.mark.parametrize("text", ["0,0", "-1", "a", "0,,1", "0,1,2,3,4,5,6,7,8"])
def test_bad_orders_are_usage_errors(text: str) -> None:
    with pytest.raises(UsageError):
        figures.parse_orders(text)


@pytest.mark.parametrize(
    "args,message",
    [
        (["relu", "--orders", "0,x"], "--orders must look like"),
        (["relu", "--ylims", "1,0"], "--ylims MIN MAX needs MIN < MAX"),
        (["relu", "--ylims", "a;b"], "--ylims must look like"),
        (["relu", "--yscale", "cubic"], "unknown --yscale 'cubic'"),
        (["relu", "--error", "rel"], "unknown --error 'rel'"),
        (["relu", "--error", "abs", "--dtype", "float64"], "--error draws the error against float64"),
        (["relu", "--legend-columns", "0"], "--legend-columns must be 1 or more"),
        (["relu", "--legend", "somewhere"], "--legend"),
        (["relu", "--ylims", "1e308,1.7e308"], "must lie within +-1e300"),
        (["relu", "--ylim", "-1e301", "0"], "must lie within +-1e300"),
        (["relu", "--orders", "0,1", "--with-grad"], "give --orders or --with-grad, not both"),
        (["relu", "--orders", "1000000"], "--orders takes derivative orders from 0 to 8"),
        (["relu", "--ylims", "0,1;0,2"], "--ylims names 2 panels; the figure has 1"),
        (["relu", "--with-grad", "--yscale", "log,log,log"], "--yscale names 3 panels; the figure has 2"),
        (["relu", "--ylim", "0", "1", "--ylims", "0,2"], "give --ylim (the top panel) or --ylims"),
        (["relu", "--yscale", "log", "--ylim", "-1", "8"], "a log scale cannot show y from -1"),
    ],
)
def test_new_options_refuse_bad_values_in_one_line(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(["plot", *args, "--out", "never.png"])
    assert result.exit_code == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) <= 2


def test_a_set_of_figures_shares_one_axes_box(invoke: Invoke, tmp_path: object) -> None:
    from pathlib import Path

    from PIL import Image

    out = Path(str(tmp_path))
    result = invoke(["plot", "relu", "softplus(beta=10)", "tanh", "--with-grad", "--out", str(out / "{name}.png"),
                     "--dpi", "50", "-n", "201"])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    sizes = set()
    for p in out.glob("*.png"):
        with Image.open(p) as img:
            sizes.add(img.size)
    assert len(sizes) == 1 and len(list(out.glob("*.png"))) == 3


def test_draw_set_aligns_axes_boxes() -> None:
    from actplot.draw import render
    from actplot.scene.data import Style

    sets = [(_panels(f, orders=(0, 1), points=201), Style()) for f in ("relu", "softplus(beta=10)", "x*1000")]
    figs = render.draw_set(sets)
    boxes = [[tuple(np.round(ax.get_position().bounds, 9)) for ax in fig.axes] for fig in figs]
    assert boxes[0] == boxes[1] == boxes[2]
    assert len({tuple(fig.get_size_inches()) for fig in figs}) == 1


def test_an_exact_curve_has_a_linear_error_panel_that_says_so() -> None:
    (panel,) = _panels("relu", dtype="float16", error="ulp", points=101)
    (series,) = panel.series
    assert not series.y.any() and series.note == "exact everywhere"
    assert panel.yscale == "linear"  # a log scale would show nothing and say nothing


def test_grad_takes_limits_per_panel(invoke: Invoke, tmp_path: object) -> None:
    result = invoke(["grad", "relu", "--ylims", "-1,2", "-n", "101", "--out", f"{tmp_path}/g.png"])
    assert result.exit_code == 0, result.stderr


def test_a_log_scale_over_no_positive_value_stays_linear_and_says_so() -> None:
    from actplot.draw import render
    from actplot.errors import ActplotWarning
    from actplot.scene.data import Style

    panels = _panels("relu", dtype="float16", error="abs", points=101)
    with pytest.warns(ActplotWarning, match="no value above 0; it is drawn on a linear scale"):
        fig = render.draw(panels, Style(yscales=("log",)))
    assert fig.axes[0].get_yscale() == "linear"

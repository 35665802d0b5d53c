"""actplot info: measured properties against known facts, declared metadata against computation."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
import torch

from actplot.activations import facts_text, properties, spec
from actplot.activations import spec as activations
from actplot.numeric import measure
from tests.conftest import Invoke, apply_entry

SHIPPED = properties.load()


def _info(invoke: Invoke, *args: str) -> dict[str, Any]:
    result = invoke(["info", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_sigmoid_range_is_open_zero_one(invoke: Invoke) -> None:
    p = _info(invoke, "sigmoid")["properties"]
    assert facts_text.range_text(p) == "(0, 1)"
    assert (p["f0"], p["df0"], p["monotonic"], p["signs"]) == (0.5, 0.25, "non-decreasing", "positive")
    assert p["derivative_bound"] == {"bounded": True, "sup": 0.25, "attained": True, "approached": None,
                                     "where": [{"lower": 0.0, "closed_lower": True, "upper": 0.0,
                                                "closed_upper": True}]}  # fmt: skip
    assert p["continuity"]["class"] == "C-infinity"
    # sigmoid'(x) < 1e-3 beyond |x| = 6.9 (sigmoid' = s (1 - s) = 1e-3 at |x| = 6.906)
    (left, right) = p["flat_regions"]
    assert left[0] is None and right[1] is None and left[1] == pytest.approx(-6.906, abs=0.006)


def test_relu_is_c0_with_pytorch_value_at_the_kink(invoke: Invoke) -> None:
    data = _info(invoke, "relu")
    p = data["properties"]
    assert data["kinks"] == [0.0] and p["continuity"]["class"] == "C0"
    assert p["continuity"]["at_kinks"] == [{"x": 0.0, "jump_in": "f'"}]
    assert p["derivative_at_kinks"] == [{"x": 0.0, "value": 0.0, "left": 0.0, "right": 1.0}]
    assert facts_text.range_text(p) == "[0, inf)"
    assert [h["zero_everywhere"] for h in p["higher_orders"]] == [True, True]  # relu'' = 0 in autograd


def test_gelu_non_monotonic_with_its_minimum(invoke: Invoke) -> None:
    data = _info(invoke, "gelu")
    p = data["properties"]
    assert p["monotonic"] == "no" and p["signs"] == "both"
    low = p["range"]["lower"]
    assert low["attained"] and low["value"] == pytest.approx(-0.17, abs=0.005)
    assert low["at"] == pytest.approx(-0.75, abs=0.01)
    assert p["range"]["upper"]["bounded"] is False
    assert data["reference"].startswith("Hendrycks & Gimpel") and data["formula"].startswith("x * Phi(x)")


@pytest.mark.parametrize(
    ("name", "text"),
    [("tanh", "(-1, 1)"), ("relu6", "[0, 6]"), ("hardtanh", "[-1, 1]"), ("softsign", "(-1, 1)"),
     ("gaussian", "(0, 1]"), ("isru", "(-1, 1)"), ("elu", "(-1, inf)"), ("logsigmoid", "(-inf, 0)"),
     ("snake", "(-inf, inf)"), ("lisht", "[0, inf)"), ("sqnl", "[-1, 1]"), ("hardsigmoid", "[0, 1]"),
     ("squareplus", "(0, inf)"), ("threshold", "{0} u (1, inf)"), ("hardshrink", "(-inf, -0.5) u {0} u (0.5, inf)")],
)  # fmt: skip
def test_ranges(name: str, text: str) -> None:
    assert facts_text.range_text(SHIPPED[name]) == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [("relu", "C0"), ("leaky_relu", "C0"), ("selu", "C0"), ("hardswish", "C0"), ("elu", "C1"), ("celu", "C1"),
     ("softsign", "C1"), ("squared_relu", "C1"), ("sqnl", "C1"), ("isrlu", "C2"), ("hardshrink", "discontinuous"),
     ("threshold", "discontinuous"), ("gelu", "C-infinity"), ("swish", "C-infinity")],
)  # fmt: skip
def test_continuity_classes(name: str, expected: str) -> None:
    assert SHIPPED[name]["continuity"]["class"] == expected


@pytest.mark.parametrize("act", activations.ACTIVATIONS, ids=lambda a: a.name)
def test_declared_kinks_agree_with_computation(act: activations.Activation) -> None:
    """Each declared kink shows a jump in f or a derivative, and a scan finds no undeclared jump."""
    p = SHIPPED[act.name]
    kinks = act.kinks(act.defaults)
    assert [k["x"] for k in p["continuity"]["at_kinks"]] == list(kinks)
    assert all(k["jump_in"] for k in p["continuity"]["at_kinks"]), p["continuity"]
    assert (p["continuity"]["class"] == "C-infinity") == (not kinks)
    x = torch.linspace(-25.0, 25.0, 25_001, dtype=torch.float64, requires_grad=True)
    y = apply_entry(act.name, x, act.defaults)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=act.name != "hardsigmoid")  # it has no f''
    step, f, d = 2e-3, y.detach(), g.detach()
    # between neighbours, f moves by about step * f' and f', f'' change smoothly unless a kink lies between
    breaks = (f[1:] - f[:-1]).abs() > 3 * step * torch.maximum(d[1:].abs(), d[:-1].abs()) + 1e-9
    derivatives = [d]
    if g.requires_grad:
        derivatives.append(torch.autograd.grad(g.sum(), x)[0])
    for v in derivatives:
        jump = (v[1:] - v[:-1]).abs()
        breaks |= jump > 50 * torch.median(jump) + 0.05
    xs = x.detach()
    for i in torch.nonzero(breaks).flatten().tolist():
        assert any(xs[i] <= k <= xs[i + 1] for k in kinks), (act.name, float(xs[i]))


def test_an_identity_with_a_declared_kink_is_smooth(invoke: Invoke) -> None:
    """leaky_relu with slope 1 is x: no derivative of any order jumps at 0, so it is C-infinity."""
    p = _info(invoke, "leaky_relu(negative_slope=1)")["properties"]
    assert p["continuity"]["class"] == "C-infinity" and p["identity_near_0"] is True
    assert facts_text.derivative_bound_text(p["derivative_bound"]) == "1, attained on (-inf, inf)"


@pytest.mark.parametrize(
    ("name", "text"),
    [("relu", "1, attained on (0, inf)"), ("hardswish", "1.5, not attained (the limit as x -> 3 from below)"),
     ("squared_relu", "unbounded (abs(f') -> inf as x -> inf)"), ("selu", "1.758, not attained (the limit as "
     "x -> 0 from below)"), ("sqnl", "1, attained at x = 0"), ("bent_identity", "1.5, not attained (the limit "
     "as x -> inf)")],
)  # fmt: skip
def test_derivative_bounds(name: str, text: str) -> None:
    assert facts_text.derivative_bound_text(SHIPPED[name]["derivative_bound"]) == text


def test_float32_rounding_is_reported_apart_from_monotonicity() -> None:
    p = SHIPPED["squareplus"]
    assert (p["monotonic"], p["monotonic_in_dtype"]) == ("non-decreasing", "no")
    assert facts_text.monotonic_text(p) == "non-decreasing (the values computed in float32 are not: rounding)"


def test_expression_info_is_measured_live(invoke: Invoke) -> None:
    data = _info(invoke, "where(x > 0, x, 0.1 * x)")
    p = data["properties"]
    assert data["kind"] == "expression" and data["kinks"] == [0.0]
    assert p["continuity"]["class"] == "C0" and p["derivative_at_kinks"][0]["value"] == pytest.approx(0.1)
    undetermined = _info(invoke, "relu(2 * x - 1)")
    assert undetermined["properties"]["continuity"]["class"] == "undetermined" and undetermined["notes"]


def test_other_dtypes_and_parameters_are_measured_live(invoke: Invoke) -> None:
    p64 = _info(invoke, "hardsigmoid", "--dtype", "float64")["properties"]
    assert p64["df0"] == 0.1666666716337204  # PyTorch's single-precision 1/6, even in float64
    assert p64["higher_orders"][0]["autograd"] is False
    leaky = _info(invoke, "leaky_relu(negative_slope=0.2)")
    assert leaky["params"][0]["value"] == 0.2 and leaky["properties"]["df0"] == pytest.approx(0.2)
    swish = _info(invoke, "swish(beta=2)")["properties"]
    # min of x sigmoid(2x): at 2x = -1.2785 (silu's argmin), value -0.2785 / 2
    assert swish["range"]["lower"]["value"] == pytest.approx(-0.27846 / 2, abs=1e-4)
    assert swish["range"]["lower"]["at"] == pytest.approx(-1.27846 / 2, abs=0.005)


def test_rich_output(invoke: Invoke) -> None:
    result = invoke(["info", "GELU"])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for fragment in ("gelu", "Hendrycks & Gimpel", "torch.nn.functional.gelu", "[-0.17, inf)",
                     "minimum -0.17 at x = -0.75", "$x\\,\\Phi(x)", "C-infinity"):  # fmt: skip
        assert fragment in out, fragment


def test_info_errors_are_usage_errors(invoke: Invoke) -> None:
    for args in (["info", "gleu"], ["info", "relu", "--format", "xml"], ["info", "x.real"]):
        result = invoke(args)
        assert result.exit_code == 2 and result.stderr.startswith("actplot: error:"), args


def test_shipped_properties_are_current() -> None:
    """Recompute every entry: the shipped file must equal it (floats to within float32 rounding noise)."""
    fresh = measure.measure_catalogue()["functions"]
    assert list(fresh) == list(SHIPPED) == activations.names()
    for name in fresh:
        _assert_same(fresh[name], SHIPPED[name], name)


def _assert_same(a: Any, b: Any, where: str) -> None:
    if isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), where
        for key in a:
            _assert_same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), where
        for i, (u, v) in enumerate(zip(a, b)):
            _assert_same(u, v, f"{where}[{i}]")
    elif isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12), (where, a, b)
    else:
        assert a == b, (where, a, b)


def test_markdown_table_from_shipped_data(invoke: Invoke) -> None:
    lines = invoke(["list", "--format", "markdown"]).stdout.splitlines()
    assert lines[0] == ("| name | formula | derivative | range | continuity | monotonic | f' monotonic | "
                        "identity near 0 | reference |")
    rows = {line.split(" | ")[0].lstrip("| "): line.split(" | ") for line in lines[2:]}
    assert list(rows) == activations.names()
    assert rows["sigmoid"][3:8] == ["(0, 1)", "C-infinity", "non-decreasing", "no", "no"]
    assert rows["gelu"][3:8] == ["[-0.17, inf)", "C-infinity", "no", "no", "no"]
    assert rows["tanh"][3:8] == ["(-1, 1)", "C-infinity", "non-decreasing", "no", "yes"]


def test_measure_is_the_live_path() -> None:
    """The live measurement of a default entry is what is shipped (the same function computes both)."""
    live = measure.measure(spec.parse("relu"), "float32", "cpu")
    _assert_same(live, SHIPPED["relu"], "relu")

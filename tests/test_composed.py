"""Entries defined by expressions, and higher orders of every smooth function, against closed forms.

The closed forms are written here in sympy, independently of actplot, and differentiated symbolically.
"""

from __future__ import annotations

import math
import re
from typing import Any

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch

from actplot import api
from actplot.activations import spec as activations
from actplot.numeric import functions as evaluator
from tests.conftest import Invoke, apply_entry

F64 = torch.float64
X = sp.Symbol("x", real=True)


def _sig(z: Any) -> Any:
    return 1 / (1 + sp.exp(-z))


def _softplus(z: Any) -> Any:
    return sp.log(1 + sp.exp(z))


# smooth functions (for these parameters, on [-6, 6]) written out by hand
SMOOTH: dict[str, tuple[dict[str, Any], Any]] = {
    "sigmoid": ({}, _sig(X)),
    "tanh": ({}, sp.tanh(X)),
    "gelu": ({}, X / 2 * (1 + sp.erf(X / sp.sqrt(2)))),
    "gelu(approximate=tanh)": ({"approximate": "tanh"},
                               X / 2 * (1 + sp.tanh(sp.sqrt(2 / sp.pi) * (X + sp.Float("0.044715") * X**3)))),
    "logsigmoid": ({}, sp.log(_sig(X))),
    "softplus": ({}, _softplus(X)),
    "softplus(beta=2)": ({"beta": 2.0}, _softplus(2 * X) / 2),
    "silu": ({}, X * _sig(X)),
    "mish": ({}, X * sp.tanh(_softplus(X))),
    "tanhshrink": ({}, X - sp.tanh(X)),
    "swish": ({}, X * _sig(X)),
    "swish(beta=1.5)": ({"beta": 1.5}, X * _sig(sp.Float("1.5") * X)),
    "squareplus": ({}, (X + sp.sqrt(X**2 + 4)) / 2),
    "squareplus(b=0.5)": ({"b": 0.5}, (X + sp.sqrt(X**2 + sp.Float("0.5"))) / 2),
    "bent_identity": ({}, (sp.sqrt(X**2 + 1) - 1) / 2 + X),
    "gaussian": ({}, sp.exp(-(X**2))),
    "isru": ({}, X / sp.sqrt(1 + X**2)),
    "isru(alpha=3)": ({"alpha": 3.0}, X / sp.sqrt(1 + 3 * X**2)),
    "lisht": ({}, X * sp.tanh(X)),
    "serf": ({}, X * sp.erf(_softplus(X))),
    "logish": ({}, X * sp.log(1 + _sig(X))),
    "snake": ({}, X + sp.sin(X) ** 2),
    "snake(a=2)": ({"a": 2.0}, X + sp.sin(2 * X) ** 2 / 2),
}  # fmt: skip

POINTS = np.linspace(-6.0, 6.0, 41) + 0.0123  # away from 0 and from every kink


def _closed(formula: Any, order: int) -> list[float]:
    f = sp.lambdify(X, sp.diff(formula, X, order), "mpmath")
    with mpmath.workdps(40):
        return [float(f(mpmath.mpf(float(v)))) for v in POINTS]


@pytest.mark.parametrize("label", list(SMOOTH))
def test_orders_up_to_three_match_closed_forms(label: str) -> None:
    given, formula = SMOOTH[label]
    name = label.split("(")[0]
    params = activations.resolve_params(activations.lookup(name), given)
    x = torch.tensor(POINTS, dtype=F64)
    got = api.evaluate(api.as_spec(label), x, order=3)
    for order in range(4):
        want = torch.tensor(_closed(formula, order), dtype=F64)
        torch.testing.assert_close(got[order], want, rtol=1e-9, atol=1e-11, msg=f"{label} order {order}")
    assert activations.lookup(name).kinks(params) == () or name == "softplus"  # smooth (softplus: beyond 6)


def test_every_smooth_entry_is_covered() -> None:
    covered = {label.split("(")[0] for label in SMOOTH}
    for act in activations.ACTIVATIONS:
        if not act.kinks(act.defaults) and act.name != "selu":
            assert act.name in covered, act.name


@pytest.mark.parametrize("act", activations.COMPOSED, ids=lambda a: a.name)
def test_declared_derivative_is_the_autograd_derivative(act: activations.Activation) -> None:
    """The derivative text of each entry, computed as an expression, equals autograd's f' off the kinks."""
    params = act.defaults
    tree = activations.parse_expression(act.derivative, tuple(p.name for p in act.params))
    x = torch.linspace(-7.0, 7.0, 1401, dtype=F64)
    x = x[torch.all(torch.stack([(x - k).abs() > 1e-6 for k in act.kinks(params)] or [x == x]), dim=0)]
    got = api.evaluate(act.name, x, order=1)[1]
    torch.testing.assert_close(got, evaluator.evaluate(tree, x, params), rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("act", activations.COMPOSED, ids=lambda a: a.name)
def test_formula_is_the_definition(act: activations.Activation) -> None:
    assert act.formula == act.expression
    assert act.expression in act.torch_api
    x = torch.linspace(-3, 3, 7, dtype=F64)
    text = act.expression
    for name, value in act.defaults.items():  # the definition with its default parameters written in
        text = re.sub(rf"\b{name}\b", repr(value), text)
    via_text = api.evaluate(text, x, order=0)[0]
    torch.testing.assert_close(apply_entry(act.name, x, act.defaults), via_text, rtol=0, atol=0)


PIECEWISE_VALUES = {
    "squared_relu": lambda v: max(v, 0.0) ** 2,
    "isrlu": lambda v: v if v >= 0 else v / math.sqrt(1 + v * v),
    "sqnl": lambda v: 1.0 if v > 2 else (v - v * v / 4 if v >= 0 else (v + v * v / 4 if v >= -2 else -1.0)),
}


@pytest.mark.parametrize("name", list(PIECEWISE_VALUES))
def test_piecewise_entries_values(name: str) -> None:
    xs = [-3.0, -2.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 2.5]
    got = api.evaluate(name, torch.tensor(xs, dtype=F64), order=0)[0].tolist()
    assert got == pytest.approx([PIECEWISE_VALUES[name](v) for v in xs], rel=1e-15)


def test_parameters_of_composed_entries_are_checked() -> None:
    with pytest.raises(activations.ParameterError):
        activations.resolve_params(activations.lookup("snake"), {"a": 0.0})
    with pytest.raises(activations.ParameterError):
        activations.resolve_params(activations.lookup("squareplus"), {"b": -1.0})
    assert activations.lookup("squareplus").kinks({"b": 0.0}) == (0.0,)
    assert activations.lookup("isrlu").kinks({"alpha": 0.0}) == ()


def test_order_three_on_the_command_line(invoke: Invoke) -> None:
    result = invoke(["table", "gaussian", "--x", "0.5", "--order", "3", "--dtype", "float64", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    header, row = result.stdout.splitlines()
    values = [float(v) for v in row.split(",")]
    g = math.exp(-0.25)
    assert values == pytest.approx([0.5, g, -g, (4 * 0.25 - 2) * g, (-8 * 0.125 + 12 * 0.5) * g], rel=1e-14)

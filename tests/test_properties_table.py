"""The shipped properties against a table written from the mathematics, not from actplot's output.

Each row says what a mathematician would sign for the catalogue entry at its defaults (the function
PyTorch computes, so softplus has its switch to x above 20 and rrelu its eval slope):
range as a set ("u" joins the pieces of a union), monotonicity of f and of f' (where f' exists),
continuity class, whether f approximates the identity near 0 (f(0) = 0 and f'(0) = 1), which signs
f takes, and sup |f'|: "unbounded", or a value with whether some x attains it. Values that are not
closed forms (the minimum of gelu, the steepest slope of mish) are computed here with numpy from
the formulas, independently of torch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from actplot.activations import facts_text
from tests.conftest import Invoke

ERF = np.vectorize(math.erf)
X = np.linspace(-12.0, 12.0, 2_400_001)  # step 1e-5


def _sig(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _sp(x: np.ndarray) -> np.ndarray:
    return np.logaddexp(0.0, x)


def _phi(x: np.ndarray) -> np.ndarray:
    return np.exp(-(x**2) / 2) / math.sqrt(2 * math.pi)


# f and f' in closed form, for the extrema that have none
SMOOTH: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]] = {
    "gelu": (lambda x: x * (1 + ERF(x / math.sqrt(2))) / 2,
             lambda x: (1 + ERF(x / math.sqrt(2))) / 2 + x * _phi(x)),
    "silu": (lambda x: x * _sig(x), lambda x: _sig(x) * (1 + x * (1 - _sig(x)))),
    "mish": (lambda x: x * np.tanh(_sp(x)),
             lambda x: np.tanh(_sp(x)) + x * (1 - np.tanh(_sp(x)) ** 2) * _sig(x)),
    "serf": (lambda x: x * ERF(_sp(x)),
             lambda x: ERF(_sp(x)) + x * 2 / math.sqrt(math.pi) * np.exp(-_sp(x) ** 2) * _sig(x)),
    "logish": (lambda x: x * np.log1p(_sig(x)),
               lambda x: np.log1p(_sig(x)) + x * _sig(x) * (1 - _sig(x)) / (1 + _sig(x))),
    "lisht": (lambda x: x * np.tanh(x), lambda x: np.tanh(x) + x / np.cosh(x) ** 2),
    "gaussian": (lambda x: np.exp(-(x**2)), lambda x: -2 * x * np.exp(-(x**2))),
}  # fmt: skip
SMOOTH["swish"] = SMOOTH["silu"]


def _min(name: str) -> float:
    return float(SMOOTH[name][0](X).min())


def _steepest(name: str) -> float:
    return float(np.abs(SMOOTH[name][1](X)).max())


SELU = 1.0507009873554805 * 1.6732632423543772
ND, NI, NO = "non-decreasing", "non-increasing", "no"
# name: range, monotonic, f' monotonic, continuity, identity near 0, signs, sup |f'| (None: unbounded), attained
TABLE: dict[str, tuple[str, str, str, str, bool, str, float | str | None, bool]] = {
    "relu": ("[0, inf)", ND, ND, "C0", False, "non-negative", 1.0, True),
    "relu6": ("[0, 6]", ND, NO, "C0", False, "non-negative", 1.0, True),
    "leaky_relu": ("(-inf, inf)", ND, ND, "C0", False, "both", 1.0, True),
    "prelu": ("(-inf, inf)", ND, ND, "C0", False, "both", 1.0, True),
    "rrelu": ("(-inf, inf)", ND, ND, "C0", False, "both", 1.0, True),
    "elu": ("(-1, inf)", ND, ND, "C1", True, "both", 1.0, True),
    "celu": ("(-1, inf)", ND, ND, "C1", True, "both", 1.0, True),
    "selu": (f"(-{SELU:.4g}, inf)", ND, NO, "C0", False, "both", SELU, False),  # f' -> scale * alpha as x -> 0-
    "gelu": ("[gelu, inf)", NO, NO, "C-infinity", False, "both", "gelu", True),  # f'(0) = 1/2
    "sigmoid": ("(0, 1)", ND, NO, "C-infinity", False, "positive", 0.25, True),
    "tanh": ("(-1, 1)", ND, NO, "C-infinity", True, "both", 1.0, True),
    "logsigmoid": ("(-inf, 0)", ND, NI, "C-infinity", False, "negative", 1.0, False),  # f' -> 1 as x -> -inf
    "softsign": ("(-1, 1)", ND, NO, "C1", True, "both", 1.0, True),  # f'' jumps from 2 to -2 at 0
    # PyTorch's softplus is x above 20: a jump of log1p(exp(-20)) = 2e-9 there, and f' = 1 on (20, inf)
    "softplus": ("(0, inf)", ND, ND, "discontinuous", False, "positive", 1.0, True),
    "silu": ("[silu, inf)", NO, NO, "C-infinity", False, "both", "silu", True),
    "mish": ("[mish, inf)", NO, NO, "C-infinity", False, "both", "mish", True),
    "hardtanh": ("[-1, 1]", ND, NO, "C0", True, "both", 1.0, True),
    "hardsigmoid": ("[0, 1]", ND, NO, "C0", False, "non-negative", 1 / 6, True),
    "hardswish": ("[-0.375, inf)", NO, NO, "C0", False, "both", 1.5, False),  # f' -> 3/2 as x -> 3-
    "hardshrink": ("(-inf, -0.5) u {0} u (0.5, inf)", ND, NO, "discontinuous", False, "both", 1.0, True),
    "softshrink": ("(-inf, inf)", ND, NO, "C0", False, "both", 1.0, True),
    "tanhshrink": ("(-inf, inf)", ND, NO, "C-infinity", False, "both", 1.0, False),  # f' = tanh^2 -> 1
    "threshold": ("{0} u (1, inf)", ND, ND, "discontinuous", False, "non-negative", 1.0, True),
    "swish": ("[swish, inf)", NO, NO, "C-infinity", False, "both", "swish", True),
    "squareplus": ("(0, inf)", ND, ND, "C-infinity", False, "positive", 1.0, False),  # f(0) = 1
    "squared_relu": ("[0, inf)", ND, ND, "C1", False, "non-negative", None, False),
    "bent_identity": ("(-inf, inf)", ND, ND, "C-infinity", True, "both", 1.5, False),
    "gaussian": ("(0, 1]", NO, NO, "C-infinity", False, "positive", math.sqrt(2) * math.exp(-0.5), True),
    "isru": ("(-1, 1)", ND, NO, "C-infinity", True, "both", 1.0, True),
    "isrlu": ("(-1, inf)", ND, ND, "C2", True, "both", 1.0, True),
    "sqnl": ("[-1, 1]", ND, NO, "C1", True, "both", 1.0, True),
    "lisht": ("[0, inf)", NO, NO, "C-infinity", False, "non-negative", "lisht", True),
    "serf": ("[serf, inf)", NO, NO, "C-infinity", False, "both", "serf", True),
    "logish": ("[logish, inf)", NO, NO, "C-infinity", False, "both", "logish", True),
    "snake": ("(-inf, inf)", ND, NO, "C-infinity", True, "both", 2.0, True),  # f' = 1 + sin(2x)
}


def test_the_table_covers_the_catalogue(invoke: Invoke) -> None:
    names = [e["name"] for e in json.loads(invoke(["list", "--format", "json"]).stdout)]
    assert sorted(names) == sorted(TABLE) and len(names) == 35


@pytest.mark.parametrize("name", sorted(TABLE))
def test_shipped_properties_match_the_mathematics(invoke: Invoke, name: str) -> None:
    result = invoke(["info", name, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    p: dict[str, Any] = json.loads(result.stdout)["properties"]
    text, mono, dmono, cls, identity, signs, sup, attained = TABLE[name]
    if name in SMOOTH and "[" in text:
        text = text.replace(name, f"{_min(name):.4g}")
    assert facts_text.range_text(p) == text
    assert (p["bounded_below"], p["bounded_above"]) == (not text.startswith("(-inf"), not text.endswith("inf)"))
    assert (p["monotonic"], p["derivative_monotonic"], p["continuity"]["class"]) == (mono, dmono, cls)
    assert (p["identity_near_0"], p["signs"]) == (identity, signs)
    bound = p["derivative_bound"]
    if sup is None:
        assert (bound["bounded"], bound["sup"]) == (False, None)
        return
    expected = _steepest(sup) if isinstance(sup, str) else sup
    # 1e-7: hardsigmoid's slope is float32(1/6) even in float64; the numpy maxima are on a 1e-5 grid
    assert bound["bounded"] and bound["sup"] == pytest.approx(expected, rel=1e-7, abs=1e-9)
    assert bound["attained"] is attained


def test_a_limit_near_a_simple_fraction_is_not_rounded_to_it(invoke: Invoke) -> None:
    # The catalogue's limits are simple fractions; an expression's limit close to one must stay itself.
    got = json.loads(invoke(["info", "0.99999999*x/(1+abs(x))", "--format", "json"]).stdout)["properties"]
    assert got["range"]["upper"]["value"] == pytest.approx(0.99999999, rel=1e-9)  # extrapolated: ~1e-10 of noise
    assert got["range"]["upper"]["value"] < 0.999999995  # not snapped to 1
    assert got["range"]["upper"]["attained"] is False

"""The catalogue of activations and its torch kernels, checked against torch.nn and hand-written maths."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

import matplotlib
import numpy as np
import pytest
import torch
from matplotlib import mathtext

from actplot.activations import spec as activations
from actplot.errors import ParameterError, UnknownFunctionError
from actplot.numeric import functions as kernels
from tests.conftest import apply_entry

matplotlib.use("Agg")

F64 = torch.float64
NDArray = np.ndarray[Any, np.dtype[np.float64]]

EXPECTED_ORDER = [
    "relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "celu", "selu", "gelu", "sigmoid", "tanh",
    "logsigmoid", "softsign", "softplus", "silu", "mish", "hardtanh", "hardsigmoid", "hardswish",
    "hardshrink", "softshrink", "tanhshrink", "threshold",
]  # fmt: skip

# entries torch does not ship, defined by expressions (after the torch ones)
COMPOSED_ORDER = [
    "swish", "squareplus", "squared_relu", "bent_identity", "gaussian", "isru", "isrlu", "sqnl", "lisht",
    "serf", "logish", "snake",
]  # fmt: skip

CLASS_NAMES = {
    "relu": "ReLU", "relu6": "ReLU6", "leaky_relu": "LeakyReLU", "prelu": "PReLU", "rrelu": "RReLU",
    "elu": "ELU", "celu": "CELU", "selu": "SELU", "gelu": "GELU", "sigmoid": "Sigmoid", "tanh": "Tanh",
    "logsigmoid": "LogSigmoid", "softsign": "Softsign", "softplus": "Softplus", "silu": "SiLU",
    "mish": "Mish", "hardtanh": "Hardtanh", "hardsigmoid": "Hardsigmoid", "hardswish": "Hardswish",
    "hardshrink": "Hardshrink", "softshrink": "Softshrink", "tanhshrink": "Tanhshrink",
    "threshold": "Threshold",
}  # fmt: skip

# SELU's constants, as in Klambauer et al. 2017
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
# PyTorch's hardsigmoid backward multiplies by a single-precision 1/6, even in float64
HARDSIGMOID_SLOPE = float(np.float32(1.0 / 6.0))


def _module(name: str, params: Mapping[str, Any]) -> torch.nn.Module:
    """The torch.nn module for `name` with these params, set up to compute in float64 without noise."""
    p = dict(params)
    cls = getattr(torch.nn, CLASS_NAMES[name])
    if name == "prelu":
        module = torch.nn.PReLU(init=p["weight"]).to(F64)
        module.weight.requires_grad_(False)
        module.weight.fill_(p["weight"])  # the float32 init rounds 0.1; actplot's weight is float64
        return module
    if name == "rrelu":
        return torch.nn.RReLU(p["lower"], p["upper"]).eval()
    if name == "threshold":
        return torch.nn.Threshold(p["threshold"], p["value"])
    module = cls(**p)
    assert isinstance(module, torch.nn.Module)
    return module


def _points(act: activations.Activation, params: Mapping[str, Any], n: int = 400) -> torch.Tensor:
    gen = torch.Generator().manual_seed(1234)
    x = torch.rand(n, generator=gen, dtype=F64) * 16 - 8
    kinks = torch.tensor(act.kinks(params), dtype=F64)
    return torch.cat([x, kinks, torch.tensor([0.0, -0.0, 1e-300, -1e-300], dtype=F64)])


NON_DEFAULT: list[tuple[str, dict[str, Any]]] = [
    ("leaky_relu", {"negative_slope": 0.2}),
    ("leaky_relu", {"negative_slope": -0.5}),
    ("prelu", {"weight": 0.1}),
    ("rrelu", {"lower": 0.05, "upper": 0.45}),
    ("elu", {"alpha": 2.0}),
    ("elu", {"alpha": 0.3}),
    ("celu", {"alpha": 0.5}),
    ("celu", {"alpha": 3.0}),
    ("gelu", {"approximate": "tanh"}),
    ("softplus", {"beta": 2.0, "threshold": 3.0}),
    ("softplus", {"beta": 0.5, "threshold": 1.0}),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}),
    ("hardshrink", {"lambd": 1.25}),
    ("hardshrink", {"lambd": 0.0}),
    ("softshrink", {"lambd": 1.5}),
    ("threshold", {"threshold": 0.3, "value": -2.0}),
    ("threshold", {"threshold": -1.0, "value": 0.5}),
]


def _resolved(name: str, given: Mapping[str, Any]) -> dict[str, activations.ParamValue]:
    return activations.resolve_params(activations.lookup(name), given)


# ---------------------------------------------------------------- structure


def test_catalogue_order_and_kernels() -> None:
    assert activations.names() == EXPECTED_ORDER + COMPOSED_ORDER
    assert list(kernels.KERNELS) == EXPECTED_ORDER  # torch's own; the others compute their expression's tree
    assert all(activations.parse(n).tree is not None for n in COMPOSED_ORDER)


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_entry_is_complete(name: str) -> None:
    act = activations.lookup(name)
    assert act.name == name
    for text in (act.summary, act.reference, act.torch_api, act.formula, act.derivative):
        assert text.strip()
        assert "\n" not in text
    assert re.search(r"\b(19|20)\d\d\b", act.reference), act.reference
    # torch_api names something that exists in torch
    path = act.torch_api.split()[0].split(".")
    assert path[0] == "torch"
    obj: Any = torch
    for part in path[1:]:
        obj = getattr(obj, part)
    assert callable(obj)
    for p in act.params:
        assert p.help.strip()
        if p.choices:
            assert isinstance(p.default, str) and p.default in p.choices
        else:
            assert type(p.default) is float
            if p.minimum is not None:
                assert p.default >= p.minimum
        assert act.check(act.defaults) is None


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_defaults_match_torch_module(name: str) -> None:
    """Every default equals the attribute of the same name on the default torch.nn module."""
    act = activations.lookup(name)
    if name == "threshold":  # torch has no defaults: actplot chose them and says so
        assert act.defaults == {"threshold": 1.0, "value": 0.0}
        assert "actplot" in act.notes
        return
    module = getattr(torch.nn, CLASS_NAMES[name])()
    for p in act.params:
        if name == "prelu":
            assert module.weight.item() == p.default == 0.25
        else:
            assert getattr(module, p.name) == p.default, p.name


def test_gelu_choices_and_rrelu_mode_documented() -> None:
    gelu = activations.lookup("gelu").param("approximate")
    assert gelu.choices == ("none", "tanh") and gelu.default == "none"
    rrelu = activations.lookup("rrelu")
    assert "eval" in rrelu.summary.lower() and "eval" in rrelu.notes.lower()
    assert "training=False" in rrelu.torch_api


# ---------------------------------------------------------------- names


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_aliases_resolve(name: str) -> None:
    act = activations.lookup(name)
    assert CLASS_NAMES[name] in act.aliases
    if "_" in name:
        assert name.replace("_", "-") in act.aliases
    for key in (name, *act.aliases):
        for variant in (key, key.upper(), key.lower(), key.replace("_", "-"), key.replace("-", "_"),
                        f"  {key} "):
            assert activations.lookup(variant) is act, variant


@pytest.mark.parametrize(
    ("alias", "name"),
    [("swish-1", "silu"), ("swish", "swish"), ("Swish", "swish"), ("logistic", "sigmoid"),
     ("hard-swish", "hardswish"), ("leaky-relu", "leaky_relu"),
     ("LEAKY_RELU", "leaky_relu"), ("leakyrelu", "leaky_relu"), ("Hard_Sigmoid", "hardsigmoid"),
     ("log-sigmoid", "logsigmoid"), ("relu-6", "relu6"), ("rectifier", "relu")],
)
def test_common_aliases(alias: str, name: str) -> None:
    assert activations.lookup(alias).name == name


def test_no_alias_collisions() -> None:
    owner: dict[str, str] = {}
    for act in activations.ACTIVATIONS:
        for key in {activations.normalise(k).replace("_", "") for k in (act.name, *act.aliases)}:
            assert key not in owner, f"{key!r} is used by {owner.get(key)} and {act.name}"
            owner[key] = act.name
    assert len(set(activations.all_names())) == len(activations.all_names())


@pytest.mark.parametrize(
    "name", ["softmax", "Softmax", "softmin", "log_softmax", "LogSoftmax", "log-softmax", "Softmax2d", "GLU",
             "glu", "gumbel_softmax"],
)
def test_not_elementwise_is_refused_with_hint(name: str) -> None:
    with pytest.raises(UnknownFunctionError) as info:
        activations.lookup(name)
    assert "not an elementwise" in info.value.message
    assert info.value.hint
    assert "dimension" in info.value.hint or "half" in info.value.hint or "channels" in info.value.hint


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("gleu", "gelu"), ("sigmod", "sigmoid"), ("hardswsh", "hardswish"), ("lekyrelu", "leaky_relu")],
)
def test_typo_suggests(typo: str, meant: str) -> None:
    with pytest.raises(UnknownFunctionError) as info:
        activations.lookup(typo)
    assert info.value.hint is not None and repr(meant) in info.value.hint


def test_unknown_without_suggestion() -> None:
    with pytest.raises(UnknownFunctionError) as info:
        activations.lookup("zzzzqqq")
    assert info.value.hint == "see 'actplot list'"


# ---------------------------------------------------------------- formulas


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_tex_renders(name: str) -> None:
    act = activations.lookup(name)
    for tex in (act.formula_tex, act.derivative_tex):
        assert not tex.startswith("$") and not tex.endswith("$")
        buffer = io.BytesIO()
        mathtext.math_to_image(f"${tex}$", buffer, format="png", dpi=72)
        assert buffer.getvalue().startswith(b"\x89PNG")


def test_unsupported_tex_would_fail() -> None:
    """The render check above can fail: mathtext rejects unknown commands."""
    with pytest.raises(ValueError):
        mathtext.math_to_image(r"$\begin{cases} x \end{cases}$", io.BytesIO(), format="png")


# ---------------------------------------------------------------- kinks and parameter rules


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("relu", {}, (0.0,)), ("relu6", {}, (0.0, 6.0)), ("leaky_relu", {"negative_slope": 0.3}, (0.0,)),
        ("prelu", {}, (0.0,)), ("rrelu", {}, (0.0,)), ("elu", {"alpha": 2.0}, (0.0,)), ("celu", {}, (0.0,)),
        ("selu", {}, (0.0,)), ("gelu", {}, ()), ("gelu", {"approximate": "tanh"}, ()), ("sigmoid", {}, ()),
        ("tanh", {}, ()), ("logsigmoid", {}, ()), ("softsign", {}, (0.0,)), ("silu", {}, ()),
        ("mish", {}, ()), ("tanhshrink", {}, ()),
        ("softplus", {}, (20.0,)), ("softplus", {"beta": 10.0, "threshold": 0.4}, (0.04,)),
        ("softplus", {"beta": 2.0, "threshold": -3.0}, (-1.5,)),
        ("hardtanh", {}, (-1.0, 1.0)), ("hardtanh", {"min_val": 0.5, "max_val": 4.0}, (0.5, 4.0)),
        ("hardsigmoid", {}, (-3.0, 3.0)), ("hardswish", {}, (-3.0, 3.0)),
        ("hardshrink", {}, (-0.5, 0.5)), ("hardshrink", {"lambd": 2.0}, (-2.0, 2.0)),
        ("hardshrink", {"lambd": 0.0}, (0.0,)), ("softshrink", {"lambd": 0}, (0.0,)),
        ("softshrink", {"lambd": 1.5}, (-1.5, 1.5)),
        ("threshold", {}, (1.0,)), ("threshold", {"threshold": -0.25, "value": 3.0}, (-0.25,)),
    ],
)  # fmt: skip
def test_kinks(name: str, given: dict[str, Any], expected: tuple[float, ...]) -> None:
    act = activations.lookup(name)
    kinks = act.kinks(activations.resolve_params(act, given))
    assert kinks == pytest.approx(expected, rel=1e-15)
    assert list(kinks) == sorted(kinks)
    assert all(type(k) is float for k in kinks)
    assert all(math.copysign(1.0, k) == 1.0 for k in kinks if k == 0.0)  # no -0.0


def test_every_kink_is_a_real_break() -> None:
    """At every listed kink, f or one of its first three derivatives jumps (kinks() is not padding)."""
    for act in activations.ACTIVATIONS:
        params = act.defaults
        for k in act.kinks(params):
            h = 1e-12 * max(1.0, abs(k))
            x = torch.tensor([k - h, k + h], dtype=F64, requires_grad=True)
            y = apply_entry(act.name, x, params)
            (g,) = torch.autograd.grad(y.sum(), x, create_graph=act.name != "hardsigmoid")
            f0, f1 = y.detach().tolist()
            g0, g1 = g.detach().tolist()
            jump_f = abs(f1 - f0) > 10 * h * (abs(g0) + abs(g1)) + 1e-15
            jump_g = abs(g1 - g0) > 1e-10
            jump_g2 = jump_g3 = False
            if act.name != "hardsigmoid":  # no second derivative in torch (its f' jumps anyway)
                (g2,) = torch.autograd.grad(g.sum(), x, create_graph=True)
                jump_g2 = abs(float(g2[1].item() - g2[0].item())) > 1e-6
                if g2.requires_grad:  # isrlu is C2 at 0: only its third derivative jumps
                    (g3,) = torch.autograd.grad(g2.sum(), x)
                    jump_g3 = abs(float(g3[1] - g3[0])) > 1e-6
            assert jump_f or jump_g or jump_g2 or jump_g3, (act.name, k)


def test_smooth_point_is_not_a_break() -> None:
    """The break detector above does not fire at an ordinary point of a smooth function."""
    x = torch.tensor([0.3 - 1e-12, 0.3 + 1e-12], dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(apply_entry("gelu", x, {"approximate": "none"}).sum(), x, create_graph=True)
    (g2,) = torch.autograd.grad(g.sum(), x)
    g0, g1 = g.detach().tolist()
    assert abs(g1 - g0) < 1e-10 and abs(float(g2[1] - g2[0])) < 1e-6


@pytest.mark.parametrize(
    ("name", "given"),
    [
        ("hardtanh", {"min_val": 2.0, "max_val": 1.0}),
        ("hardtanh", {"min_val": 1.0, "max_val": 1.0}),
        ("hardtanh", {"max_val": -3.0}),
        ("rrelu", {"lower": 0.5, "upper": 0.1}),
        ("rrelu", {"lower": 0.4}),
        ("celu", {"alpha": 0.0}),
        ("celu", {"alpha": -1.0}),
        ("elu", {"alpha": -0.5}),
        ("softplus", {"beta": 0.0}),
        ("softplus", {"beta": -1.0}),
        ("softshrink", {"lambd": -0.1}),
        ("hardshrink", {"lambd": -0.1}),
        ("gelu", {"approximate": "erf"}),
        ("leaky_relu", {"negative_slope": "steep"}),
        ("leaky_relu", {"negative_slope": float("nan")}),
        ("relu", {"alpha": 1.0}),
    ],
)
def test_bad_parameters_raise(name: str, given: dict[str, Any]) -> None:
    with pytest.raises(ParameterError):
        _resolved(name, given)


def test_good_parameters_pass() -> None:
    assert _resolved("rrelu", {"lower": 0.2, "upper": 0.2}) == {"lower": 0.2, "upper": 0.2}
    assert _resolved("hardtanh", {"min_val": -3, "max_val": 2}) == {"min_val": -3.0, "max_val": 2.0}
    assert _resolved("celu", {"alpha": 0.01})["alpha"] == 0.01
    assert _resolved("softplus", {"beta": 1e-3}) == {"beta": 1e-3, "threshold": 20.0}
    assert _resolved("softshrink", {"lambd": 0}) == {"lambd": 0.0}
    assert _resolved("gelu", {"approximate": "tanh"}) == {"approximate": "tanh"}


def test_cross_checks_are_the_complaint() -> None:
    assert activations.lookup("hardtanh").check({"min_val": 1.0, "max_val": 0.0})
    assert activations.lookup("hardtanh").check({"min_val": 0.0, "max_val": 1.0}) is None
    assert activations.lookup("rrelu").check({"lower": 0.4, "upper": 0.3})
    assert activations.lookup("rrelu").check({"lower": 0.3, "upper": 0.3}) is None


# ---------------------------------------------------------------- values against torch.nn


@pytest.mark.parametrize("name", EXPECTED_ORDER)
def test_values_match_torch_module_defaults(name: str) -> None:
    act = activations.lookup(name)
    params = act.defaults
    x = _points(act, params)
    got = apply_entry(name, x, params)
    with torch.no_grad():
        want = _module(name, params)(x)
    assert got.dtype == F64
    torch.testing.assert_close(got, want, rtol=0, atol=0)


@pytest.mark.parametrize(("name", "given"), NON_DEFAULT)
def test_values_match_torch_module_non_default(name: str, given: dict[str, Any]) -> None:
    act = activations.lookup(name)
    params = activations.resolve_params(act, given)
    x = _points(act, params)
    got = apply_entry(name, x, params)
    with torch.no_grad():
        want = _module(name, params)(x)
    torch.testing.assert_close(got, want, rtol=0, atol=0)


def test_rrelu_module_default_is_random_but_kernel_is_not() -> None:
    x = -torch.ones(1000, dtype=F64)
    params = activations.lookup("rrelu").defaults
    assert torch.nn.RReLU().training  # the module's default mode is training (random)
    torch.manual_seed(0)
    noisy = torch.nn.RReLU()(x)
    assert noisy.unique().numel() > 1
    assert torch.equal(apply_entry("rrelu", x, params), torch.full_like(x, -11 / 48))


# ---------------------------------------------------------------- derivatives against closed forms

_erf = np.vectorize(math.erf)


def _sig(z: NDArray) -> NDArray:
    return np.asarray(1.0 / (1.0 + np.exp(-z)))


def _d_gelu(x: NDArray) -> NDArray:
    cdf = 0.5 * (1.0 + _erf(x / math.sqrt(2.0)))
    pdf = np.exp(-0.5 * x * x) / math.sqrt(2.0 * math.pi)
    return np.asarray(cdf + x * pdf)


def _d_gelu_tanh(x: NDArray) -> NDArray:
    # d/dx of x/2 (1 + tanh u), u = k (x + c x^3), written without cancellation:
    # (1 + tanh u) / 2 = sigmoid(2u) and 1 - tanh^2 u = 4 sigmoid(2u) sigmoid(-2u)
    k, c = math.sqrt(2.0 / math.pi), 0.044715
    u = k * (x + c * x**3)
    return np.asarray(_sig(2 * u) + 2.0 * x * _sig(2 * u) * _sig(-2 * u) * k * (1.0 + 3.0 * c * x * x))


def _d_mish(x: NDArray) -> NDArray:
    # closed form from Misra 2019: e^x * omega / delta^2
    ex = np.exp(x)
    omega = 4.0 * (x + 1.0) + 4.0 * ex**2 + ex**3 + ex * (4.0 * x + 6.0)
    delta = 2.0 * ex + ex**2 + 2.0
    return np.asarray(ex * omega / delta**2)


def _step(cond: np.ndarray[Any, Any], a: float | NDArray, b: float | NDArray) -> NDArray:
    return np.asarray(np.where(cond, a, b), dtype=np.float64)


Derivative = Callable[[NDArray, Mapping[str, Any]], NDArray]

DERIVATIVES: dict[str, Derivative] = {
    "relu": lambda x, p: _step(x > 0, 1.0, 0.0),
    "relu6": lambda x, p: _step((x > 0) & (x < 6), 1.0, 0.0),
    "leaky_relu": lambda x, p: _step(x > 0, 1.0, p["negative_slope"]),
    "prelu": lambda x, p: _step(x > 0, 1.0, p["weight"]),
    "rrelu": lambda x, p: _step(x > 0, 1.0, (p["lower"] + p["upper"]) / 2),
    "elu": lambda x, p: _step(x > 0, 1.0, p["alpha"] * np.exp(x)),
    "celu": lambda x, p: _step(x > 0, 1.0, np.exp(x / p["alpha"])),
    "selu": lambda x, p: _step(x > 0, SELU_SCALE, SELU_SCALE * SELU_ALPHA * np.exp(x)),
    "gelu": lambda x, p: _d_gelu(x) if p["approximate"] == "none" else _d_gelu_tanh(x),
    "sigmoid": lambda x, p: np.asarray(1.0 / (4.0 * np.cosh(x / 2.0) ** 2)),
    "tanh": lambda x, p: np.asarray(1.0 / np.cosh(x) ** 2),
    "logsigmoid": lambda x, p: np.asarray(1.0 / (1.0 + np.exp(x))),
    "softsign": lambda x, p: np.asarray(1.0 / (1.0 + np.abs(x)) ** 2),
    "softplus": lambda x, p: _step(p["beta"] * x > p["threshold"], 1.0, _sig(p["beta"] * x)),
    "silu": lambda x, p: np.asarray((1.0 + np.exp(-x) + x * np.exp(-x)) / (1.0 + np.exp(-x)) ** 2),
    "mish": lambda x, p: _d_mish(x),
    "hardtanh": lambda x, p: _step((x > p["min_val"]) & (x < p["max_val"]), 1.0, 0.0),
    "hardsigmoid": lambda x, p: _step(np.abs(x) < 3, HARDSIGMOID_SLOPE, 0.0),
    "hardswish": lambda x, p: _step(x < -3, 0.0, _step(x > 3, 1.0, (2.0 * x + 3.0) / 6.0)),
    "hardshrink": lambda x, p: _step(np.abs(x) > p["lambd"], 1.0, 0.0),
    "softshrink": lambda x, p: _step(np.abs(x) > p["lambd"], 1.0, 0.0),
    "tanhshrink": lambda x, p: np.asarray(np.tanh(x) ** 2),
    "threshold": lambda x, p: _step(x > p["threshold"], 1.0, 0.0),
}

def _atol(name: str, x: NDArray, params: Mapping[str, Any]) -> NDArray:
    """Absolute error allowed on top of rtol=1e-10, only where PyTorch's own formula cancels.

    tanhshrink' comes out of autograd as 1 - (1 - tanh^2 x): an error of ~1 ulp of 1, so near 0 the
    relative error grows (6e-10 at x = 1e-4). gelu(approximate='tanh')' is computed as
    0.5 (1 + t) + 0.5 x (1 - t^2) k (1 + 3c x^2), t = tanh u: for x < -3 both 1 + t and 1 - t^2 cancel,
    an error of ~1 ulp times the size of the second term's factor x (1 + 3c x^2) (relative 3e-4 at -6.6).
    """
    eps = float(np.finfo(np.float64).eps)
    if name == "tanhshrink":
        return np.full_like(x, 4 * eps)
    if name == "gelu" and params["approximate"] == "tanh":
        return np.asarray(4 * eps * (1.0 + np.abs(x) * (1.0 + 3 * 0.044715 * x * x)))
    return np.zeros_like(x)


def _grad(name: str, x: NDArray, params: Mapping[str, Any]) -> NDArray:
    xt = torch.tensor(x, dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(apply_entry(name, xt, params).sum(), xt)
    return np.asarray(g.numpy(), dtype=np.float64)


def _away_from_kinks(name: str, params: Mapping[str, Any], n: int = 500) -> NDArray:
    rng = np.random.default_rng(20240601)
    x = rng.uniform(-7.0, 7.0, n)
    for k in activations.lookup(name).kinks(params):
        x = x[np.abs(x - k) > 1e-3]
    return np.asarray(x, dtype=np.float64)


@pytest.mark.parametrize(
    ("name", "given"),
    [(n, dict[str, Any]()) for n in EXPECTED_ORDER] + NON_DEFAULT,
    ids=lambda v: str(v) if v else "defaults",
)
def test_derivative_matches_closed_form(name: str, given: dict[str, Any]) -> None:
    params = _resolved(name, given)
    x = _away_from_kinks(name, params)
    assert x.size > 400
    got, want = _grad(name, x, params), DERIVATIVES[name](x, params)
    bad = np.abs(got - want) > 1e-10 * np.abs(want) + _atol(name, x, params)
    worst = list(zip(x[bad].tolist(), got[bad].tolist(), want[bad].tolist(), strict=True))
    assert not bad.any(), worst[:5]


def test_softplus_linear_branch_is_where_the_derivative_says() -> None:
    params = _resolved("softplus", {"beta": 2.0, "threshold": 3.0})
    x = np.array([1.4, 1.5, 1.5 + 1e-12, 1.6])
    assert _grad("softplus", x, params).tolist() == pytest.approx(
        [float(_sig(np.array(2.8))), float(_sig(np.array(3.0))), 1.0, 1.0], rel=1e-12
    )


def test_hardsigmoid_slope_is_single_precision() -> None:
    g = _grad("hardsigmoid", np.array([0.0, 1.0, -2.0]), {})
    assert g.tolist() == [0.1666666716337204] * 3
    assert g[0] != 1.0 / 6.0
    assert abs(g[0] - 1.0 / 6.0) / (1.0 / 6.0) == pytest.approx(2.98e-8, rel=1e-2)


# ---------------------------------------------------------------- PyTorch's conventions at kinks

KINK_CONVENTIONS: list[tuple[str, dict[str, Any], float, float]] = [
    ("relu", {}, 0.0, 0.0),
    ("relu6", {}, 0.0, 0.0),
    ("relu6", {}, 6.0, 0.0),
    ("leaky_relu", {}, 0.0, 0.01),
    ("leaky_relu", {"negative_slope": 0.2}, 0.0, 0.2),
    ("prelu", {}, 0.0, 0.25),
    ("prelu", {"weight": 0.1}, 0.0, 0.1),
    ("rrelu", {}, 0.0, 11.0 / 48.0),
    ("elu", {}, 0.0, 1.0),
    ("elu", {"alpha": 2.0}, 0.0, 2.0),
    ("celu", {}, 0.0, 1.0),
    ("celu", {"alpha": 2.0}, 0.0, 1.0),
    ("selu", {}, 0.0, 1.7580993408473766),
    ("softsign", {}, 0.0, 1.0),
    ("softplus", {}, 20.0, 0.9999999979388464),
    ("softplus", {"beta": 10.0, "threshold": 0.4}, 0.04, 0.598687660112452),
    ("hardtanh", {}, -1.0, 0.0),
    ("hardtanh", {}, 1.0, 0.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, -2.0, 0.0),
    ("hardtanh", {"min_val": -2.0, "max_val": 0.5}, 0.5, 0.0),
    ("hardsigmoid", {}, -3.0, 0.0),
    ("hardsigmoid", {}, 3.0, 0.0),
    ("hardswish", {}, -3.0, 0.0),
    ("hardswish", {}, 3.0, 1.0),
    ("hardshrink", {}, -0.5, 0.0),
    ("hardshrink", {}, 0.5, 0.0),
    ("softshrink", {}, -0.5, 0.0),
    ("softshrink", {}, 0.5, 0.0),
    ("threshold", {}, 1.0, 0.0),
    ("threshold", {"threshold": 0.0, "value": 0.5}, 0.0, 0.0),
    ("squared_relu", {}, 0.0, 0.0),
    ("isrlu", {}, 0.0, 1.0),
    ("sqnl", {}, -2.0, 0.0),
    ("sqnl", {}, 0.0, 1.0),
    ("sqnl", {}, 2.0, 0.0),
    ("squareplus", {"b": 0.0}, 0.0, math.nan),
]


@pytest.mark.parametrize(("name", "given", "x", "expected"), KINK_CONVENTIONS)
def test_derivative_at_kink(name: str, given: dict[str, Any], x: float, expected: float) -> None:
    params = _resolved(name, given)
    assert x in activations.lookup(name).kinks(params)
    assert _grad(name, np.array([x]), params)[0] == pytest.approx(expected, rel=1e-15, abs=0.0, nan_ok=True)


def test_every_kink_has_a_convention_test() -> None:
    covered = {(n, x) for n, g, x, _ in KINK_CONVENTIONS if not g}
    for act in activations.ACTIVATIONS:
        for k in act.kinks(act.defaults):
            assert (act.name, k) in covered, (act.name, k)


def test_one_sided_limits_at_jumps() -> None:
    # hardswish' jumps at both kinks
    g = _grad("hardswish", np.array([-3.0 + 1e-9, 3.0 - 1e-9]), {})
    assert g.tolist() == pytest.approx([-0.5, 1.5], abs=1e-8)
    # selu' jumps at 0: left scale*alpha (what PyTorch returns at 0), right scale
    g = _grad("selu", np.array([-1e-300, 0.0, 1e-300]), {})
    assert g.tolist() == pytest.approx([SELU_SCALE * SELU_ALPHA, SELU_SCALE * SELU_ALPHA, SELU_SCALE])
    # hardshrink: value 0 at +-lambd, identity just outside
    params = _resolved("hardshrink", {})
    y = apply_entry("hardshrink", torch.tensor([-0.5, 0.5, 0.5 + 1e-12], dtype=F64), params)
    assert y.tolist() == [0.0, 0.0, 0.5 + 1e-12]
    # threshold(0, 0.5): f(0) = value, f ~ x just above
    params = _resolved("threshold", {"threshold": 0.0, "value": 0.5})
    y = apply_entry("threshold", torch.tensor([0.0, 1e-9], dtype=F64), params)
    assert y.tolist() == [0.5, 1e-9]
    # softplus jumps where beta*x crosses threshold
    params = _resolved("softplus", {"beta": 10.0, "threshold": 0.4})
    y = apply_entry("softplus", torch.tensor([0.04, 0.04 + 1e-12], dtype=F64), params)
    assert y[0].item() == pytest.approx(math.log1p(math.exp(0.4)) / 10.0, rel=1e-12)
    assert y[1].item() == pytest.approx(0.04, rel=1e-9)


# ---------------------------------------------------------------- higher orders


def test_second_derivatives() -> None:
    def second(name: str, xs: list[float], given: Mapping[str, Any] | None = None) -> list[float]:
        params = _resolved(name, given or {})
        x = torch.tensor(xs, dtype=F64, requires_grad=True)
        (g,) = torch.autograd.grad(apply_entry(name, x, params).sum(), x, create_graph=True)
        (g2,) = torch.autograd.grad(g.sum(), x)
        return [float(v) for v in g2]

    assert second("relu", [-1.0, 0.0, 1.0]) == [0.0, 0.0, 0.0]
    assert second("hardtanh", [-1.0, 0.0, 1.0]) == [0.0, 0.0, 0.0]
    assert second("elu", [0.0, -1.0], {"alpha": 2.0}) == pytest.approx([0.0, 2.0 * math.exp(-1.0)])
    assert second("selu", [0.0]) == [0.0]
    assert second("tanh", [0.5]) == pytest.approx([-2.0 * math.tanh(0.5) / math.cosh(0.5) ** 2])
    assert second("gelu", [0.0]) == pytest.approx([2.0 / math.sqrt(2.0 * math.pi)])
    assert second("softsign", [-1e-300, 1e-300]) == pytest.approx([2.0, -2.0])


@pytest.mark.parametrize("name", [n for n in EXPECTED_ORDER if n != "hardsigmoid"])
def test_third_order_autograd_works(name: str) -> None:
    act = activations.lookup(name)
    x = torch.tensor([-2.5, -0.3, 0.7, 4.5], dtype=F64, requires_grad=True)
    y = apply_entry(name, x, act.defaults)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=True)
    (g2,) = torch.autograd.grad(g.sum(), x, create_graph=True)  # second order always works
    if g2.requires_grad:  # smooth (or exponential) pieces: a third order exists too
        (g3,) = torch.autograd.grad(g2.sum(), x)
        assert torch.isfinite(g3).all()
    else:  # piecewise linear (or quadratic): f'' is piecewise constant, with no graph behind it
        expected = [1 / 3, 1 / 3, 1 / 3, 0.0] if name == "hardswish" else [0.0] * 4
        assert name in PIECEWISE_POLYNOMIAL and g2.tolist() == pytest.approx(expected, rel=1e-15)


PIECEWISE_POLYNOMIAL = {
    "relu", "relu6", "leaky_relu", "prelu", "rrelu", "hardtanh", "hardswish", "hardshrink", "softshrink",
    "threshold",
}  # fmt: skip


def test_hardsigmoid_has_no_second_derivative_in_torch() -> None:
    x = torch.tensor([0.5], dtype=F64, requires_grad=True)
    (g,) = torch.autograd.grad(apply_entry("hardsigmoid", x, {}).sum(), x, create_graph=True)
    with pytest.raises(RuntimeError, match="not implemented"):
        torch.autograd.grad(g.sum(), x)


def test_kernels_keep_dtype_and_do_not_modify_input() -> None:
    for act in activations.ACTIVATIONS:
        for dtype in (torch.float32, F64):
            x = torch.linspace(-4, 4, 33, dtype=dtype)
            before = x.clone()
            y = apply_entry(act.name, x, act.defaults)
            assert y.dtype == dtype and y.shape == x.shape, act.name
            assert torch.equal(x, before), act.name

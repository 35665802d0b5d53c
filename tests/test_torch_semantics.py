"""actplot's numbers against the same formula typed into torch, bit for bit, in every dtype; and the same
derivative in a column whatever --order asks for (the one y.backward() gives)."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as F

from actplot import api
from actplot.activations import spec
from actplot.numeric import compute, functions
from tests.conftest import Invoke, apply_entry

DTYPES = [torch.float32, torch.float64, torch.float16, torch.bfloat16]
Fn = Callable[[torch.Tensor], torch.Tensor]


def _grid(dtype: torch.dtype) -> torch.Tensor:
    """4,001 points over [-8, 8] plus the points where the entries below have kinks, in `dtype`."""
    x = torch.cat([torch.linspace(-8, 8, 4001, dtype=torch.float64), torch.tensor([-2.0, 0.0, 2.0, 1e-3])])
    return x.to(dtype)


# Each entry torch lacks, written out as a person would type it in torch (from the papers' formulas).
COMPOSED: dict[str, Fn] = {
    "swish": lambda x: x * torch.sigmoid(1.0 * x),
    "squareplus": lambda x: (x + torch.sqrt(x**2 + 4.0)) / 2,
    "squared_relu": lambda x: torch.relu(x) ** 2,
    "bent_identity": lambda x: (torch.sqrt(x**2 + 1) - 1) / 2 + x,
    "gaussian": lambda x: torch.exp(-(x**2)),
    "isru": lambda x: x * 1 / torch.sqrt(1 + 1.0 * x**2),
    "isrlu": lambda x: torch.where(x >= 0, x, x * 1 / torch.sqrt(1 + 1.0 * x**2)),
    "sqnl": lambda x: torch.where(x > 2, 1, torch.where(x >= 0, x - x**2 / 4, torch.where(x >= -2, x + x**2 / 4, -1))),
    "lisht": lambda x: x * torch.tanh(x),
    "serf": lambda x: x * torch.erf(F.softplus(x)),
    "logish": lambda x: x * torch.log(1 + torch.sigmoid(x)),
    "snake": lambda x: x + torch.sin(1.0 * x) ** 2 / 1.0,
}

# Expressions with constants, powers and catalogue calls, and the torch a person would type for them.
EXPRESSIONS: dict[str, Fn] = {
    "x*sigmoid(1.702*x)": lambda x: x * torch.sigmoid(1.702 * x),
    "0.1*x": lambda x: 0.1 * x,
    "x**2": lambda x: x**2,
    "x**3 - 2*x": lambda x: x**3 - 2 * x,
    "2**x": lambda x: 2**x,
    "1/(1+exp(-x))": lambda x: 1 / (1 + torch.exp(-x)),
    "x*(1/3)": lambda x: x * (1 / 3),
    "pi*x + e": lambda x: math.pi * x + math.e,
    "-x**2": lambda x: -(x**2),
    "relu(x)**2 + 0.5*tanh(x)": lambda x: torch.relu(x) ** 2 + 0.5 * torch.tanh(x),
    "elu(2*x, alpha=0.5)": lambda x: F.elu(2 * x, 0.5),
    "gelu(x, approximate=tanh) * 1.5": lambda x: F.gelu(x, approximate="tanh") * 1.5,
    "where(x > 0, x, 0.01*x)": lambda x: torch.where(x > 0, x, 0.01 * x),
    "clamp(x, -1.5, 1.5)": lambda x: torch.clamp(x, -1.5, 1.5),
    "abs(x)**1.5 / (1 + x**2)": lambda x: torch.abs(x) ** 1.5 / (1 + x**2),
    "squared_relu(x - 1)": lambda x: torch.relu(x - 1) ** 2,
}


def _same(got: torch.Tensor, want: torch.Tensor) -> bool:
    return got.dtype == want.dtype and torch.equal(torch.nan_to_num(got, 7.0), torch.nan_to_num(want, 7.0))


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", sorted(COMPOSED))
def test_entries_torch_lacks_are_the_formula_typed_into_torch(name: str, dtype: torch.dtype) -> None:
    x = _grid(dtype)
    assert _same(apply_entry(name, x, spec.lookup(name).defaults), COMPOSED[name](x))


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("text", sorted(EXPRESSIONS))
def test_expressions_are_the_formula_typed_into_torch(text: str, dtype: torch.dtype) -> None:
    x = _grid(dtype).requires_grad_(True)
    want = EXPRESSIONS[text](x)
    (want_d1,) = torch.autograd.grad(want.sum(), x)
    f, d1 = api.evaluate(text, x.detach())
    assert _same(f, want.detach())
    assert _same(d1, want_d1)  # f' as y.backward() gives it for the typed formula


def test_numbers_stay_python_numbers_in_half_precision() -> None:
    x = torch.linspace(-6, 6, 4000, dtype=torch.float16)
    rounded_first = x * torch.sigmoid(torch.tensor(1.702, dtype=torch.float16) * x)
    f = api.evaluate("x*sigmoid(1.702*x)", x, order=0)[0]
    assert torch.equal(f, x * torch.sigmoid(1.702 * x))
    assert not torch.equal(f, rounded_first)  # the constant is not rounded to float16 first


@pytest.mark.parametrize("dtype", DTYPES, ids=str)
@pytest.mark.parametrize("name", spec.names())
def test_a_derivative_does_not_depend_on_the_order_asked_for(name: str, dtype: torch.dtype) -> None:
    fn = functions.function_of(spec.parse(name))
    x = _grid(dtype)
    with pytest.warns() if name == "hardsigmoid" else _no_warning():
        deepest = compute.derivatives(fn, x, 3).values
    for order in (1, 2):
        with pytest.warns() if name == "hardsigmoid" and order >= 2 else _no_warning():
            shallow = compute.derivatives(fn, x, order).values
        for k in range(order + 1):
            assert _same(shallow[k], deepest[k]), (name, order, k)


@pytest.mark.parametrize("name", ["silu", "mish", "gelu", "elu", "softplus", "tanh"])
def test_the_first_derivative_is_what_backward_gives(name: str) -> None:
    x = torch.linspace(-8, 8, 4097, dtype=torch.float64).requires_grad_(True)
    torch_f = {"silu": F.silu, "mish": F.mish, "gelu": F.gelu, "elu": F.elu, "softplus": F.softplus,
               "tanh": torch.tanh}[name]  # fmt: skip
    torch_f(x).sum().backward()
    assert x.grad is not None
    d1 = compute.derivatives(functions.function_of(spec.parse(name)), x.detach(), 3).values[1]
    assert torch.equal(d1, x.grad)


class _no_warning:  # noqa: N801 - used like pytest.warns
    def __enter__(self) -> None:
        return None

    def __exit__(self, *_: object) -> None:
        return None


def test_a_rich_table_on_a_narrow_terminal_keeps_every_digit(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")  # what rich takes for the width off a terminal
    args = ["table", "gelu", "silu", "mish", "elu", "tanh", "--order", "2", "--points", "5", "--dtype", "float64"]
    rich = invoke([*args, "--format", "rich"]).stdout
    csv = invoke([*args, "--format", "csv", "--no-header"]).stdout
    assert "…" not in rich
    digits = sum(ch.isdigit() for ch in csv)
    assert sum(ch.isdigit() for ch in rich) >= digits  # every digit of every number is there, wrapped

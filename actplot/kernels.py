"""How each catalogue entry is computed in torch (this module imports torch).

Entries torch ships call torch.nn.functional; entries defined by an expression compute that
expression's tree (see :mod:`actplot.evaluator`), so their definition exists once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Final

import torch
import torch.nn.functional as F

from actplot import activations, expr
from actplot.activations import Activation, ParamValue
from actplot.errors import ParameterError

Kernel = Callable[[torch.Tensor, Mapping[str, ParamValue]], torch.Tensor]


def _num(params: Mapping[str, ParamValue], name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _prelu(x: torch.Tensor, p: Mapping[str, ParamValue]) -> torch.Tensor:
    return F.prelu(x, torch.tensor([_num(p, "weight")], dtype=x.dtype, device=x.device))


def _gelu(x: torch.Tensor, p: Mapping[str, ParamValue]) -> torch.Tensor:
    return F.gelu(x, approximate=str(p["approximate"]))


def _composed(act: Activation) -> Kernel:
    tree = expr.parse(act.expression, tuple(p.name for p in act.params))

    def kernel(x: torch.Tensor, p: Mapping[str, ParamValue]) -> torch.Tensor:
        from actplot import evaluator  # it calls back into apply() for catalogue calls

        return evaluator.evaluate(tree, x, p)

    return kernel


KERNELS: Final[Mapping[str, Kernel]] = {
    "relu": lambda x, p: F.relu(x),
    "relu6": lambda x, p: F.relu6(x),
    "leaky_relu": lambda x, p: F.leaky_relu(x, _num(p, "negative_slope")),
    "prelu": _prelu,
    "rrelu": lambda x, p: F.rrelu(x, _num(p, "lower"), _num(p, "upper"), training=False),
    "elu": lambda x, p: F.elu(x, _num(p, "alpha")),
    "celu": lambda x, p: F.celu(x, _num(p, "alpha")),
    "selu": lambda x, p: F.selu(x),
    "gelu": _gelu,
    "sigmoid": lambda x, p: torch.sigmoid(x),
    "tanh": lambda x, p: torch.tanh(x),
    "logsigmoid": lambda x, p: F.logsigmoid(x),
    "softsign": lambda x, p: F.softsign(x),
    "softplus": lambda x, p: F.softplus(x, _num(p, "beta"), _num(p, "threshold")),
    "silu": lambda x, p: F.silu(x),
    "mish": lambda x, p: F.mish(x),
    "hardtanh": lambda x, p: F.hardtanh(x, _num(p, "min_val"), _num(p, "max_val")),
    "hardsigmoid": lambda x, p: F.hardsigmoid(x),
    "hardswish": lambda x, p: F.hardswish(x),
    "hardshrink": lambda x, p: F.hardshrink(x, _num(p, "lambd")),
    "softshrink": lambda x, p: F.softshrink(x, _num(p, "lambd")),
    "tanhshrink": lambda x, p: F.tanhshrink(x),
    "threshold": lambda x, p: F.threshold(x, _num(p, "threshold"), _num(p, "value")),
    **{act.name: _composed(act) for act in activations.COMPOSED},
}


def apply(name: str, x: torch.Tensor, params: Mapping[str, ParamValue]) -> torch.Tensor:
    """f(x) for the catalogue entry `name` with resolved `params`, as PyTorch computes it."""
    try:
        return KERNELS[name](x, params)
    except RuntimeError as exc:  # hardshrink(lambd=1e300) in float32: torch cannot pass the scalar on
        if "cannot be converted to type" not in str(exc):
            raise
        shown = ", ".join(f"{k}={v:g}" for k, v in params.items() if isinstance(v, float))
        dtype = str(x.dtype).removeprefix("torch.")
        raise ParameterError(
            f"{name}({shown}): a parameter is too large for {dtype}", hint="use a smaller value or --dtype float64"
        ) from None

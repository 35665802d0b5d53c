"""Computes an expression tree from :mod:`actplot.expr` as torch operations (this module imports torch).

Every node becomes a differentiable torch operation on x's dtype and device, so autograd gives all
derivatives. Numbers are tensors of x's dtype: ``10**10**10`` overflows to inf at once.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Final

import torch

from actplot import expr, kernels
from actplot.activations import ParamValue

Tensor = torch.Tensor

_UNARY: Final[Mapping[str, Callable[[Tensor], Tensor]]] = {
    "exp": torch.exp, "log": torch.log, "log1p": torch.log1p, "expm1": torch.expm1, "sqrt": torch.sqrt,
    "abs": torch.abs, "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "tanh": torch.tanh,
    "sinh": torch.sinh, "cosh": torch.cosh, "atan": torch.atan, "asinh": torch.asinh, "sigmoid": torch.sigmoid,
    "erf": torch.erf, "erfc": torch.erfc,
}  # fmt: skip
_BINARY: Final[Mapping[str, Callable[[Tensor, Tensor], Tensor]]] = {
    "+": torch.add, "-": torch.sub, "*": torch.mul, "/": torch.div, "**": torch.pow,
    "minimum": torch.minimum, "maximum": torch.maximum,
}  # fmt: skip
_COMPARE: Final[Mapping[str, Callable[[Tensor, Tensor], Tensor]]] = {
    "<": torch.lt, "<=": torch.le, ">": torch.gt, ">=": torch.ge, "==": torch.eq, "!=": torch.ne,
}  # fmt: skip


def evaluate(node: expr.Node, x: Tensor, params: Mapping[str, ParamValue] | None = None) -> Tensor:
    """f(x) for the tree `node`, shaped like x (a constant is broadcast)."""
    y = _eval(node, x, params or {})
    return y if y.shape == x.shape else torch.broadcast_to(y, x.shape).clone()


def _const(value: float, x: Tensor) -> Tensor:
    return torch.tensor(value, dtype=x.dtype, device=x.device)


def _eval(node: expr.Node, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    if isinstance(node, expr.Var):
        return x
    if isinstance(node, expr.Num):
        return _const(node.value, x)
    if isinstance(node, expr.ParamRef):
        value = params[node.name]
        assert isinstance(value, float)
        return _const(value, x)
    if isinstance(node, expr.Unary):
        operand = _eval(node.operand, x, params)
        return -operand if node.op == "-" else operand
    if isinstance(node, expr.Binary):
        return _BINARY[node.op](_eval(node.left, x, params), _eval(node.right, x, params))
    if isinstance(node, expr.ActCall):
        arg = _eval(node.arg, x, params)
        arg = arg if arg.shape == x.shape else torch.broadcast_to(arg, x.shape).clone()
        return kernels.apply(node.name, arg, dict(node.params))
    if isinstance(node, expr.Compare):
        return _compare(node, x, params)
    return _call(node, x, params)


def _compare(node: expr.Compare, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    values = [_eval(n, x, params) for n in node.operands]
    result = _COMPARE[node.ops[0]](values[0], values[1])
    for i, op in enumerate(node.ops[1:], start=1):  # a < b < c is a < b and b < c
        result = torch.logical_and(result, _COMPARE[op](values[i], values[i + 1]))
    return result


def _call(node: expr.Call, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    if node.func == "clamp":
        return _clamp(node, x, params)
    args = [_eval(a, x, params) for a in node.args]
    if node.func == "where":
        return torch.where(args[0], args[1], args[2])
    if node.func in _UNARY:
        return _UNARY[node.func](args[0])
    return _BINARY[node.func](args[0], args[1])


def _clamp(node: expr.Call, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    value = _eval(node.args[0], x, params)
    bounds: list[Tensor | None] = []
    for arg in node.args[1:]:
        missing = isinstance(arg, expr.Num) and math.isnan(arg.value)  # clamp(x, max=1) leaves min out
        bounds.append(None if missing else _eval(arg, x, params))
    bounds += [None] * (2 - len(bounds))
    if bounds[0] is None and bounds[1] is None:
        return value
    return torch.clamp(value, min=bounds[0], max=bounds[1])

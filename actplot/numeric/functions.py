"""How every FUNC is computed in torch: torch.nn.functional for the entries torch ships, and the
expression tree (:mod:`actplot.activations.tree`) as torch operations for expressions and the entries
torch lacks, so each definition exists once.

Every tree node becomes a differentiable torch operation on x's dtype and device, so autograd gives all
derivatives. Numbers are tensors of x's dtype: ``10**10**10`` overflows to inf at once. Nothing is
looked up here: a catalogue call in a tree carries its parameters and, for an entry torch lacks, its
own tree.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping
from typing import Any, Final, Protocol

import torch
import torch.nn.functional as F

from actplot.activations import tree
from actplot.activations.tree import ParamValue
from actplot.errors import ParameterError

Tensor = torch.Tensor
Kernel = Callable[[Tensor, Mapping[str, ParamValue]], Tensor]
Fn = Callable[[Tensor], Tensor]


class Computable(Protocol):
    """A FUNC as :mod:`actplot.activations.spec` makes it: a named entry with parameters, or a tree."""

    @property
    def name(self) -> str: ...

    @property
    def params(self) -> Mapping[str, ParamValue]: ...

    @property
    def tree(self) -> tree.Node | None: ...


def function_of(spec: Computable) -> Fn:
    """The torch callable computing `spec` (a catalogue entry or an expression)."""
    definition, name, params = spec.tree, spec.name, dict(spec.params)
    if definition is not None:
        return lambda x: evaluate(definition, x, params)
    return lambda x: apply(name, x, params)


def _num(params: Mapping[str, ParamValue], name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _prelu(x: Tensor, p: Mapping[str, ParamValue]) -> Tensor:
    return F.prelu(x, torch.tensor([_num(p, "weight")], dtype=x.dtype, device=x.device))


def _gelu(x: Tensor, p: Mapping[str, ParamValue]) -> Tensor:
    return F.gelu(x, approximate=str(p["approximate"]))


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
}


# The scalar torch converts each parameter to, which refuses a value it cannot hold: "input" for x's
# dtype, "compute" for the dtype torch computes in (float32 for float16 and bfloat16, else x's); checked
# against torch 2.13. Parameters not listed become tensors (prelu's weight, every parameter of an entry
# defined by an expression) and overflow to inf like any number in an expression.
SCALARS: Final[Mapping[str, Mapping[str, str]]] = {
    "leaky_relu": {"negative_slope": "compute"},
    "rrelu": {"lower": "compute", "upper": "compute"},
    "elu": {"alpha": "compute"},
    "celu": {"alpha": "compute"},
    "softplus": {"beta": "compute", "threshold": "compute"},
    "hardtanh": {"min_val": "input", "max_val": "input"},
    "hardshrink": {"lambd": "input"},
    "softshrink": {"lambd": "input"},
    "threshold": {"threshold": "compute", "value": "input"},
}


def apply(name: str, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    """f(x) for the catalogue entry `name` with resolved `params`, as PyTorch computes it."""
    check_scalars(name, params, x.dtype)
    try:
        return KERNELS[name](x, params)
    except RuntimeError as exc:  # a number torch derives from a parameter (celu's 1/alpha) overflows its scalar
        if "cannot be converted to type" not in str(exc):
            raise
        shown = ", ".join(f"{k}={v:g}" for k, v in params.items() if isinstance(v, float))
        raise ParameterError(
            f"{name}({shown}): torch cannot hold a number computed from these parameters in {_name(x.dtype)}",
            hint=_hint(x.dtype, "another value"),
        ) from None


def check_scalars(name: str, params: Mapping[str, ParamValue], dtype: torch.dtype) -> None:
    """Refuse, naming it, a parameter of entry `name` that torch would convert to a scalar of a dtype
    too narrow to hold it (torch's own refusal is a RuntimeError that names neither)."""
    for param, kind in SCALARS.get(name, {}).items():
        value = params.get(param)
        if not isinstance(value, float):
            continue
        half = dtype in (torch.float16, torch.bfloat16)
        target = torch.float32 if kind == "compute" and half else dtype
        largest = torch.finfo(target).max
        if abs(value) > largest:
            held = _name(dtype) if target == dtype else f"{_name(dtype)} (torch converts it to {_name(target)})"
            raise ParameterError(
                f"{name}({param}={value:g}): {param} is too large for {held}, whose largest value is "
                f"{largest:.6g}",
                hint=_hint(dtype, "a smaller value"),
            )


def _name(dtype: torch.dtype) -> str:
    return str(dtype).removeprefix("torch.")


def _hint(dtype: torch.dtype, value: str) -> str:
    return f"use {value}" + ("" if dtype == torch.float64 else " or --dtype float64")


_UNARY: Final[Mapping[str, Callable[[Tensor], Tensor]]] = {
    "exp": torch.exp, "log": torch.log, "log1p": torch.log1p, "expm1": torch.expm1, "sqrt": torch.sqrt,
    "abs": torch.abs, "sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "tanh": torch.tanh,
    "sinh": torch.sinh, "cosh": torch.cosh, "atan": torch.atan, "asinh": torch.asinh, "sigmoid": torch.sigmoid,
    "erf": torch.erf, "erfc": torch.erfc,
}  # fmt: skip
# Arithmetic as Python's operators: a tensor's operator when one side is a tensor (torch's scalar rules
# for a Python number on the other side), float arithmetic when neither is.
_OPERATORS: Final[Mapping[str, Callable[[Any, Any], Any]]] = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow,
}  # fmt: skip
_BINARY: Final[Mapping[str, Callable[[Tensor, Tensor], Tensor]]] = {"minimum": torch.minimum, "maximum": torch.maximum}
_COMPARE: Final[Mapping[str, Callable[[Tensor, Tensor], Tensor]]] = {
    "<": torch.lt, "<=": torch.le, ">": torch.gt, ">=": torch.ge, "==": torch.eq, "!=": torch.ne,
}  # fmt: skip


def evaluate(node: tree.Node, x: Tensor, params: Mapping[str, ParamValue] | None = None) -> Tensor:
    """f(x) for the tree `node`, shaped like x (a constant is broadcast).

    Computed as the same formula typed into torch: numbers and parameters stay Python floats, so
    ``1.702 * x`` and ``x ** 2`` are torch's scalar operations (a float16 or bfloat16 x is computed in
    float32 and rounded once; ``x ** 2`` is an exact square), and a sub-expression without x is Python
    arithmetic in float64, as it would be in a script.
    """
    y = _eval(node, x, params or {})
    if not isinstance(y, Tensor):
        return torch.full_like(x, y)
    return y if y.shape == x.shape else torch.broadcast_to(y, x.shape).clone()


Value = Tensor | float


def _eval(node: tree.Node, x: Tensor, params: Mapping[str, ParamValue]) -> Value:
    if isinstance(node, tree.Var):
        return x
    if isinstance(node, tree.Num):
        return node.value
    if isinstance(node, tree.ParamRef):
        value = params[node.name]
        assert isinstance(value, float)
        return value
    if isinstance(node, tree.Unary):
        operand = _eval(node.operand, x, params)
        return -operand if node.op == "-" else operand
    if isinstance(node, tree.Binary):
        return _binary(node.op, _eval(node.left, x, params), _eval(node.right, x, params))
    if isinstance(node, tree.ActCall):
        arg = _tensor(_eval(node.arg, x, params), x)
        arg = arg if arg.shape == x.shape else torch.broadcast_to(arg, x.shape).clone()
        params = dict(node.params)
        return apply(node.name, arg, params) if node.definition is None else evaluate(node.definition, arg, params)
    if isinstance(node, tree.Compare):
        return _compare(node, x, params)
    return _call(node, x, params)


def _binary(op: str, a: Value, b: Value) -> Value:
    """``a op b`` as Python would compute it in a torch script: torch's operator for a tensor, else float64."""
    if isinstance(a, Tensor) or isinstance(b, Tensor):
        try:
            combined: Tensor = _OPERATORS[op](a, b)
        except RuntimeError as exc:  # a number beyond the dtype (x * 1e300 in float32): torch refuses the scalar
            if "cannot be converted" not in str(exc):
                raise
            like = a if isinstance(a, Tensor) else b
            assert isinstance(like, Tensor)
            combined = _OPERATORS[op](_tensor(a, like), _tensor(b, like))  # then it is inf, as in the dtype
        return combined
    try:
        result = _OPERATORS[op](a, b)
    except (OverflowError, ZeroDivisionError):  # Python raises where float64 arithmetic gives inf or nan
        result = _OPERATORS[op](torch.tensor(a, dtype=torch.float64), torch.tensor(b, dtype=torch.float64)).item()
    return float(result) if not isinstance(result, complex) else math.nan  # (-8) ** (1/3): no real value


def _tensor(value: Value, x: Tensor) -> Tensor:
    return value if isinstance(value, Tensor) else torch.full_like(x, value)


def _constant_call(func: str, args: list[float]) -> float:
    """A function of numbers alone, in float64 (torch's function, so nan and inf follow torch's rules)."""
    tensors = [torch.tensor(a, dtype=torch.float64) for a in args]
    return float(_UNARY[func](tensors[0]) if func in _UNARY else _BINARY[func](tensors[0], tensors[1]))


def _compare(node: tree.Compare, x: Tensor, params: Mapping[str, ParamValue]) -> Tensor:
    values = [_tensor(_eval(n, x, params), x) for n in node.operands]
    result = _COMPARE[node.ops[0]](values[0], values[1])
    for i, op in enumerate(node.ops[1:], start=1):  # a < b < c is a < b and b < c
        result = torch.logical_and(result, _COMPARE[op](values[i], values[i + 1]))
    return result


def _call(node: tree.Call, x: Tensor, params: Mapping[str, ParamValue]) -> Value:
    if node.func == "clamp":
        return _clamp(node, x, params)
    args = [_eval(a, x, params) for a in node.args]
    if node.func == "where":  # torch.where takes Python numbers for either branch
        condition = args[0]
        assert isinstance(condition, Tensor)
        try:
            return torch.where(condition, args[1], args[2])
        except RuntimeError:  # a number the dtype cannot hold: as a tensor of x's dtype (inf)
            return torch.where(condition, _tensor(args[1], x), _tensor(args[2], x))
    if not any(isinstance(a, Tensor) for a in args):
        return _constant_call(node.func, [float(a) for a in args])
    if node.func in _UNARY:
        return _UNARY[node.func](_tensor(args[0], x))
    return _BINARY[node.func](_tensor(args[0], x), _tensor(args[1], x))  # minimum, maximum: tensors of x's dtype


def _clamp(node: tree.Call, x: Tensor, params: Mapping[str, ParamValue]) -> Value:
    value = _tensor(_eval(node.args[0], x, params), x)
    bounds: list[Value | None] = []
    for arg in node.args[1:]:
        missing = isinstance(arg, tree.Num) and math.isnan(arg.value)  # clamp(x, max=1) leaves min out
        bounds.append(None if missing else _eval(arg, x, params))
    bounds += [None] * (2 - len(bounds))
    if bounds[0] is None and bounds[1] is None:
        return value
    if any(isinstance(b, Tensor) for b in bounds):  # torch takes two numbers or two tensors, not one of each
        bounds = [None if b is None else _tensor(b, x) for b in bounds]
    try:
        return torch.clamp(value, min=bounds[0], max=bounds[1])  # type: ignore[arg-type]  # floats or tensors
    except RuntimeError:  # a bound the dtype cannot hold: as a tensor of x's dtype (inf)
        return torch.clamp(value, *[None if b is None else _tensor(b, x) for b in bounds])

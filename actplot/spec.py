"""FUNC arguments: a catalogue name, optionally called with parameters, e.g. ``elu(alpha=0.5)``.

The text is parsed with :mod:`ast` into a syntax tree that is inspected against a whitelist; it is
never evaluated, compiled for execution or passed to ``eval``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from actplot import activations
from actplot.activations import Activation, ParamValue
from actplot.errors import ExpressionError, ParameterError

MAX_LENGTH = 10_000


@dataclass(frozen=True)
class FuncSpec:
    """A catalogue function with its resolved parameters."""

    act: Activation
    params: dict[str, ParamValue]
    given: dict[str, ParamValue] = field(default_factory=dict)  # as the user set them

    @property
    def name(self) -> str:
        return self.act.name

    @property
    def label(self) -> str:
        """The canonical call form, e.g. ``leaky_relu(negative_slope=0.2)``; bare name without params."""
        if not self.given:
            return self.act.name
        args = ", ".join(f"{k}={_show(v)}" for k, v in self.given.items())
        return f"{self.act.name}({args})"

    @property
    def call_label(self) -> str:
        """The function applied to x, e.g. ``relu(x)`` or ``elu(x, alpha=0.5)``."""
        args = "".join(f", {k}={_show(v)}" for k, v in self.given.items())
        return f"{self.act.name}(x{args})"

    def kinks(self) -> tuple[float, ...]:
        return self.act.kinks(self.params)

    def with_params(self, **changes: ParamValue) -> FuncSpec:
        given = {**self.given, **changes}
        return FuncSpec(self.act, activations.resolve_params(self.act, given), given)


def _show(value: ParamValue) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def parse(text: str) -> FuncSpec:
    """Parse a FUNC argument.

    >>> parse("LeakyReLU(negative_slope=0.2)").label
    'leaky_relu(negative_slope=0.2)'
    """
    source = text.strip()
    if not source:
        raise ExpressionError("empty function name")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"function text is {len(source)} characters long; the limit is {MAX_LENGTH}")
    if "-" in source and "(" not in source and source.replace("-", "_").isidentifier():
        return _spec(activations.lookup(source), [], {}, source)  # kebab-case alias such as leaky-relu
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        column = exc.offset or 1
        raise ExpressionError(f"cannot read '{text}' at column {column}: {exc.msg}") from None
    node = tree.body
    if isinstance(node, ast.Name):
        return _spec(activations.lookup(node.id), [], {}, source)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        act = activations.lookup(node.func.id)
        args = [_literal(a, source) for a in node.args]
        kwargs: dict[str, ParamValue] = {}
        for kw in node.keywords:
            if kw.arg is None:
                raise _bad(kw.value, source, "'**' is not allowed")
            if kw.arg in kwargs:
                raise ParameterError(f"{act.name}: parameter '{kw.arg}' given twice")
            kwargs[kw.arg] = _literal(kw.value, source)
        return _spec(act, args, kwargs, source)
    raise _bad(node, source, "expected a function name such as 'relu' or a call such as 'elu(alpha=0.5)'")


def _spec(act: Activation, args: list[ParamValue], kwargs: dict[str, ParamValue], source: str) -> FuncSpec:
    if len(args) > len(act.params):
        accepted = ", ".join(p.name for p in act.params) or "none"
        raise ParameterError(
            f"{act.name} takes {len(act.params)} parameter(s), {len(args)} given in '{source}'",
            hint=f"accepted parameters: {accepted}",
        )
    given: dict[str, ParamValue] = {}
    for param, value in zip(act.params, args):
        given[param.name] = value
    for key, value in kwargs.items():
        if key in given:
            raise ParameterError(f"{act.name}: parameter '{key}' given twice")
        given[key] = value
    params = activations.resolve_params(act, given)
    return FuncSpec(act, params, {k: params[k] for k in given})


def _literal(node: ast.expr, source: str) -> ParamValue:
    """A parameter value: a number (optionally signed) or a bare word such as ``tanh``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
        if isinstance(node.value, bool):
            raise _bad(node, source, "expected a number")
        if isinstance(node.value, str):
            return node.value
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand, source)
        if isinstance(value, float):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Name):
        return node.id
    raise _bad(node, source, "a parameter value must be a number or a word")


def _bad(node: ast.AST, source: str, why: str) -> ExpressionError:
    column = getattr(node, "col_offset", 0) + 1
    return ExpressionError(f"cannot read '{source}' at column {column}: {why}")

"""FUNC arguments: a catalogue name, optionally called with parameters, e.g. ``elu(alpha=0.5)``, or
an expression in x such as ``x * sigmoid(1.702 * x)`` (see :mod:`actplot.expr`).

The text is parsed with :mod:`ast` into a syntax tree that is inspected against a whitelist; it is
never evaluated, compiled for execution or passed to ``eval``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from actplot import activations, expr
from actplot.activations import Activation, ParamValue
from actplot.errors import ActplotError, ExpressionError, ParameterError, UsageError

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


@dataclass(frozen=True)
class ExprSpec:
    """An expression in x; its label is the text as written."""

    text: str
    tree: expr.Node
    params: dict[str, ParamValue] = field(default_factory=dict)  # none: the interface of FuncSpec

    @property
    def name(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return self.text

    @property
    def call_label(self) -> str:
        return self.text

    def kinks(self) -> tuple[float, ...]:
        """Break points known from the text (catalogue functions, abs, where, clamp... applied to x)."""
        return expr.kinks(self.tree)[0]

    @property
    def kinks_complete(self) -> bool:
        """Whether kinks() holds every point where the expression may be non-smooth."""
        return expr.kinks(self.tree)[1]

    def with_params(self, **changes: ParamValue) -> ExprSpec:
        raise UsageError(f"'{self.text}' is an expression: it has no parameters to change", hint="edit the expression")


Spec = FuncSpec | ExprSpec


def _show(value: ParamValue) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def parse(text: str) -> Spec:
    """Parse a FUNC argument: a catalogue name or call, else an expression in x.

    >>> parse("LeakyReLU(negative_slope=0.2)").label
    'leaky_relu(negative_slope=0.2)'
    >>> parse("x * sigmoid(1.702*x)").label
    'x * sigmoid(1.702*x)'
    """
    source = text.strip()
    if not source:
        raise ExpressionError("empty function name")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"function text is {len(source)} characters long; the limit is {MAX_LENGTH}")
    parts = source.split("-")
    words = all(p and p != "x" and p not in expr.CONSTANTS for p in parts)  # not x-1 or pi-x
    if len(parts) > 1 and words and source.replace("-", "_").isidentifier():
        return _spec(activations.lookup(source), [], {}, source)  # kebab-case alias such as leaky-relu
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return ExprSpec(source, expr.parse(source))  # raises the expression error, with its column
    node = tree.body
    if isinstance(node, ast.Name) and node.id != "x" and node.id not in expr.CONSTANTS:
        return _spec(activations.lookup(node.id), [], {}, source)
    if _is_catalogue_call(node):
        assert isinstance(node, ast.Call)
        try:
            return _catalogue_call(node, source)
        except ParameterError:
            if not node.args:
                raise
            try:  # relu(2) is no parameter setting: it may still be a valid expression
                return ExprSpec(source, expr.parse(source))
            except ActplotError:
                pass
            raise
    return ExprSpec(source, expr.parse(source))


def _catalogue_call(node: ast.Call, source: str) -> FuncSpec:
    """``elu(alpha=0.5)`` or ``hardtanh(-2, 2)``: a catalogue entry with parameter values."""
    assert isinstance(node.func, ast.Name)
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


def _is_catalogue_call(node: ast.expr) -> bool:
    """``elu(alpha=0.5)``: a catalogue name called with parameter values only (no x anywhere)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
        return False
    if node.func.id in expr.FUNCTIONS and node.args:  # tanh(0.5) is a number, not tanh with a parameter
        return False
    if any(isinstance(n, ast.Name) and n.id == "x" for n in ast.walk(node)):
        return False
    if not all(_literal_shaped(a) for a in node.args):  # relu(abs(pi)) is an expression
        return False
    try:
        activations.lookup(node.func.id)
    except ActplotError:
        return False
    return True


def _literal_shaped(node: ast.expr) -> bool:
    """A number, a signed number or a word: what a positional parameter value looks like."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    if isinstance(node, ast.Name):
        return node.id not in expr.CONSTANTS
    return isinstance(node, ast.Constant)


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

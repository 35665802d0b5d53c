"""Expressions in x such as ``x * sigmoid(1.702 * x)``: parsed into a small tree, never executed.

The text goes through :func:`ast.parse` (which only builds a syntax tree) and every node is checked
against a whitelist while it is copied into this module's own tree: numbers, ``x``, ``pi``, ``e``,
``+ - * / **``, unary signs, elementwise math functions, comparisons inside ``where`` and calls to
catalogue activations with keyword parameters. Nothing of the text is ever passed to ``eval``,
``exec`` or ``compile``. Numbers become floats, so ``10**10**10`` is inf, not a hang on integer
arithmetic. This module does not import torch; :mod:`actplot.numeric.functions` computes the tree
(:mod:`actplot.activations.tree`).
"""

from __future__ import annotations

import ast
import dataclasses
import math
from collections.abc import Mapping
from typing import Final, Protocol

from actplot.activations.naming import CONSTANTS as CONSTANTS
from actplot.activations.tree import ActCall, Binary, Call, Compare, Node, Num, ParamRef, ParamValue, Unary, Var
from actplot.errors import ExpressionError, UnknownFunctionError

MAX_LENGTH: Final = 10_000
MAX_DEPTH: Final = 100  # nesting of the tree; a sum of n terms nests n deep

# elementwise functions: name -> (fewest, most) positional arguments
FUNCTIONS: Final[Mapping[str, tuple[int, int]]] = {
    **dict.fromkeys((
        "exp", "log", "log1p", "expm1", "sqrt", "abs", "sin", "cos", "tan", "tanh", "sinh", "cosh", "atan",
        "asinh", "sigmoid", "erf", "erfc",
    ), (1, 1)),
    "minimum": (2, 2), "maximum": (2, 2), "min": (2, 2), "max": (2, 2), "clamp": (1, 3), "where": (3, 3),
}  # fmt: skip

_BINARY: Final[Mapping[type, str]] = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE: Final[Mapping[type, str]] = {
    ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!=",
}  # fmt: skip
_FRIENDLY: Final[Mapping[type, str]] = {
    ast.Attribute: "attribute access ('.')",
    ast.Subscript: "subscripts ('[...]')",
    ast.Lambda: "lambda",
    ast.ListComp: "a comprehension",
    ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension",
    ast.GeneratorExp: "a comprehension",
    ast.BoolOp: "'and'/'or' (write a chained comparison such as '0 < x < 1')",
    ast.BitXor: "'^' (write '**' for powers)",
    ast.Mod: "'%'",
    ast.FloorDiv: "'//'",
    ast.NamedExpr: "':='",
    ast.IfExp: "'... if ... else ...' (write 'where(condition, a, b)')",
}


class Catalogue(Protocol):
    """What the reader asks of the catalogue about a call such as ``elu(x, alpha=2)``."""

    def canonical(self, name: str) -> str:
        """The entry's canonical name; :class:`UnknownFunctionError` if there is none."""

    def call(self, name: str, given: Mapping[str, ParamValue]) -> ActCall:
        """A call of entry `name` on x, its parameters checked and resolved (the reader sets the argument)."""


def parse(text: str, catalogue: Catalogue, params: tuple[str, ...] = ()) -> Node:
    """The tree for `text`; `params` are names allowed besides x, pi and e; `catalogue` resolves calls.

    :func:`actplot.activations.spec.parse_expression` passes the catalogue itself:

    >>> from actplot.activations.spec import parse_expression
    >>> parse_expression("relu(x)**2")
    Binary(op='**', left=ActCall(name='relu', arg=Var(), params=(), given=()), right=Num(value=2.0))
    """
    source = text.strip()
    if not source:
        raise ExpressionError("empty expression")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(f"expression is {len(source)} characters long; the limit is {MAX_LENGTH}")
    try:
        source.encode("utf-8")
    except UnicodeError:  # argv bytes that are not UTF-8 arrive as lone surrogates
        raise ExpressionError("cannot read expression: it holds bytes that are not UTF-8 text") from None
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        why = "a number with too many digits" if "digits" in exc.msg else exc.msg  # Python's int limit
        raise ExpressionError(f"cannot read expression at column {exc.offset or 1}: {why}") from None
    except (RecursionError, MemoryError, ValueError):
        raise ExpressionError(f"expression is nested too deeply; the limit is {MAX_DEPTH} levels") from None
    return _Reader(source, params, catalogue).read(tree.body, 0)


class _Reader:
    """Copies a checked Python syntax tree into Nodes, one whitelisted node type at a time."""

    def __init__(self, source: str, params: tuple[str, ...], catalogue: Catalogue) -> None:
        self.source = source
        self.params = params
        self.catalogue = catalogue

    def fail(self, node: ast.AST, why: str) -> ExpressionError:
        column = getattr(node, "col_offset", 0) + 1
        start = column - 1
        near = self.source[start : start + 30]
        return ExpressionError(f"cannot read expression at column {column} ('{near}'): {why}")

    def read(self, node: ast.AST, depth: int) -> Node:
        if depth > MAX_DEPTH:
            raise self.fail(node, f"nested too deeply; the limit is {MAX_DEPTH} levels")
        if isinstance(node, ast.Constant):
            return Num(self.number(node))
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            return Unary("-" if isinstance(node.op, ast.USub) else "+", self.read(node.operand, depth + 1))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            return Binary(_BINARY[type(node.op)], self.read(node.left, depth + 1), self.read(node.right, depth + 1))
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        if isinstance(node, ast.Compare):
            raise self.fail(node, "comparisons are allowed only as the first argument of where(...)")
        what = _FRIENDLY.get(type(getattr(node, "op", node)), f"'{type(node).__name__}'")
        raise self.fail(node, f"{what} is not allowed")

    def number(self, node: ast.Constant) -> float:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(node, "only numbers are allowed here")
        try:
            return float(value)
        except OverflowError:
            return math.inf

    def name(self, node: ast.Name) -> Node:
        if node.id == "x":
            return Var()
        if node.id in CONSTANTS:
            return Num(CONSTANTS[node.id])
        if node.id in self.params:
            return ParamRef(node.id)
        if node.id in FUNCTIONS:
            raise self.fail(node, f"'{node.id}' is a function: write '{node.id}(x)'")
        raise self.fail(node, f"unknown name '{node.id}'; names are x, pi, e and functions")

    def call(self, node: ast.Call, depth: int) -> Node:
        if isinstance(node.func, ast.Attribute):
            raise self.fail(node.func, f"{_FRIENDLY[ast.Attribute]} is not allowed")
        if not isinstance(node.func, ast.Name):
            raise self.fail(node.func, "only named functions may be called")
        name = node.func.id
        if name in FUNCTIONS:
            return self.math_call(node, name, depth)
        try:
            canonical = self.catalogue.canonical(name)
        except UnknownFunctionError as exc:
            raise self.fail(node.func, exc.message + (f"; {exc.hint}" if exc.hint else "")) from None
        if len(node.args) != 1:
            raise self.fail(node, f"{canonical} takes one input and keyword parameters: '{canonical}(x, ...)'")
        given = {kw.arg: self.param_value(kw) for kw in node.keywords if kw.arg is not None}
        if len(given) != len(node.keywords):
            raise self.fail(node, "'**' is not allowed")
        call = self.catalogue.call(canonical, given)
        return dataclasses.replace(call, arg=self.read(node.args[0], depth + 1))

    def param_value(self, kw: ast.keyword) -> ParamValue:
        node = kw.value
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.Name) and node.id not in CONSTANTS and node.id != "x":
            return node.id  # a choice such as approximate=tanh
        sign = 1.0
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            sign = -1.0 if isinstance(node.op, ast.USub) else 1.0
            node = node.operand
        if isinstance(node, ast.Name) and node.id in CONSTANTS:
            return sign * CONSTANTS[node.id]
        if isinstance(node, ast.Constant):
            return sign * self.number(node)
        raise self.fail(node, f"parameter '{kw.arg}' must be a number or a word")

    def math_call(self, node: ast.Call, name: str, depth: int) -> Node:
        fewest, most = FUNCTIONS[name]
        args = list(node.args)
        for kw in node.keywords:
            if name != "clamp" or kw.arg not in ("min", "max"):
                raise self.fail(kw, f"{name}() takes no keyword '{kw.arg}'")
        if name == "clamp":
            args = self.clamp_args(node)
        if not fewest <= len(args) <= most:
            count = str(fewest) if fewest == most else f"{fewest} to {most}"
            raise self.fail(node, f"{name}() takes {count} argument(s), {len(args)} given")
        read = [self.condition(a, depth + 1) if name == "where" and i == 0 else self.read(a, depth + 1)
                for i, a in enumerate(args)]  # fmt: skip
        canonical = {"min": "minimum", "max": "maximum"}.get(name, name)
        return Call(canonical, tuple(read))

    def clamp_args(self, node: ast.Call) -> list[ast.expr]:
        args: list[ast.expr] = list(node.args)
        named = {kw.arg: kw.value for kw in node.keywords}
        if not args or len(args) > 3 or (named and len(args) > 1):
            raise self.fail(node, "write clamp(x, low, high) or clamp(x, min=low, max=high)")
        if named:
            nothing = ast.Constant(value=math.nan)  # nan bound: no bound (see evaluator)
            args += [named.get("min", nothing), named.get("max", nothing)]
        return args

    def condition(self, node: ast.AST, depth: int) -> Node:
        if isinstance(node, ast.BoolOp):
            raise self.fail(node, f"{_FRIENDLY[ast.BoolOp]} is not allowed")
        if not isinstance(node, ast.Compare):
            raise self.fail(node, "where's first argument must be a comparison such as 'x > 0'")
        ops = []
        for op in node.ops:
            if type(op) not in _COMPARE:
                raise self.fail(node, f"'{type(op).__name__}' is not an allowed comparison")
            ops.append(_COMPARE[type(op)])
        operands = tuple(self.read(n, depth + 1) for n in (node.left, *node.comparators))
        return Compare(tuple(ops), operands)



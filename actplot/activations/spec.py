"""The catalogue's front: every entry looked up by name or alias, and FUNC arguments parsed into specs.

A FUNC is a catalogue name, optionally called with parameters (``elu(alpha=0.5)``), or an expression
in x such as ``x * sigmoid(1.702 * x)`` (see :mod:`actplot.activations.expr`). The text is parsed with
:mod:`ast` into a syntax tree that is inspected against a whitelist; it is never evaluated, compiled
for execution or passed to ``eval``. The entries themselves are data in
:mod:`actplot.activations.torch_entries` and :mod:`actplot.activations.composed_entries`. No torch here;
listing, ``info`` of a bare name and completion need not even this module: they read the catalogue shipped
as data (:mod:`actplot.activations.catalogue`).
"""

from __future__ import annotations

import ast
import difflib
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final

from actplot.activations import expr, naming
from actplot.activations.composed_entries import COMPOSED
from actplot.activations.entry import Activation, ParamValue
from actplot.activations.naming import normalise as normalise  # re-exported: spec is the front
from actplot.activations.params import resolve_params as resolve_params  # re-exported: spec is the front
from actplot.activations.torch_entries import NOT_ELEMENTWISE, TORCH
from actplot.activations.tree import ActCall, Node, Var
from actplot.activations.tree import kinks as tree_kinks
from actplot.activations.tree import size as tree_size
from actplot.errors import ActplotError, ExpressionError, ParameterError, UnknownFunctionError, UsageError

MAX_LENGTH: Final = 10_000
ACTIVATIONS: Final[tuple[Activation, ...]] = TORCH + COMPOSED


_INDEX: Final[dict[str, Activation]] = naming.index((act, (act.name, *act.aliases)) for act in ACTIVATIONS)


def names() -> list[str]:
    """Every canonical name, in catalogue order."""
    return [act.name for act in ACTIVATIONS]


def all_names() -> list[str]:
    """Every canonical name and alias, for completion and suggestions."""
    return [key for act in ACTIVATIONS for key in (act.name, *act.aliases)]


def lookup(name: str) -> Activation:
    """The activation called `name` (canonical or alias, any case).

    >>> lookup("LeakyReLU").name
    'leaky_relu'
    """
    found = naming.lookup(_INDEX, name)
    if found is not None:
        return found
    key = normalise(name)
    if key in NOT_ELEMENTWISE or key.replace("_", "") in {k.replace("_", "") for k in NOT_ELEMENTWISE}:
        hint = next(v for k, v in NOT_ELEMENTWISE.items() if k.replace("_", "") == key.replace("_", ""))
        raise UnknownFunctionError(f"'{name}' is not an elementwise activation", hint=hint)
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(_INDEX[c].name for c in close))
    did_you_mean = f"did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else None
    raise UnknownFunctionError(f"unknown function '{name}'", hint=did_you_mean or "see 'actplot list'")


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
    def full_label(self) -> str:
        """The call with every parameter, given or default: ``threshold(threshold=1, value=0)``, so a
        figure says what it shows wherever it is copied to; bare name without params."""
        if not self.params:
            return self.act.name
        return f"{self.act.name}({', '.join(f'{k}={_show(v)}' for k, v in self.params.items())})"

    @property
    def call_label(self) -> str:
        """The function applied to x, e.g. ``relu(x)`` or ``elu(x, alpha=0.5)``."""
        args = "".join(f", {k}={_show(v)}" for k, v in self.given.items())
        return f"{self.act.name}(x{args})"

    @property
    def tree(self) -> Node | None:
        """How an entry torch lacks is computed: its expression's tree (None for torch's own)."""
        return _tree_of(self.act)

    def kinks(self) -> tuple[float, ...]:
        return self.act.kinks(self.params)

    @property
    def cost(self) -> int:
        """Torch operations per point: what memory estimates multiply by (1 for torch's own kernels)."""
        definition = self.tree
        return 1 if definition is None else tree_size(definition)

    def with_params(self, **changes: ParamValue) -> FuncSpec:
        given = {**self.given, **changes}
        return FuncSpec(self.act, resolve_params(self.act, given), given)


@dataclass(frozen=True)
class ExprSpec:
    """An expression in x; its label is the text as written."""

    text: str
    tree: Node
    params: dict[str, ParamValue] = field(default_factory=dict)  # none: the interface of FuncSpec

    @property
    def name(self) -> str:
        return self.text

    @property
    def label(self) -> str:
        return self.text

    @property
    def full_label(self) -> str:
        return self.text

    @property
    def call_label(self) -> str:
        return self.text

    @property
    def cost(self) -> int:
        """Torch operations per point: what memory estimates multiply by."""
        return tree_size(self.tree)

    def kinks(self) -> tuple[float, ...]:
        """Break points known from the text (catalogue functions, abs, where, clamp... applied to x)."""
        return tree_kinks(self.tree)[0]

    @property
    def kinks_complete(self) -> bool:
        """Whether kinks() holds every point where the expression may be non-smooth."""
        return tree_kinks(self.tree)[1]

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
    if naming.is_name(source):  # relu, LeakyReLU, leaky-relu: no expression to read
        return _spec(lookup(source), [], {}, source)
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return ExprSpec(source, parse_expression(source))  # raises the expression error, with its column
    node = tree.body
    if isinstance(node, ast.Name) and node.id != "x" and node.id not in expr.CONSTANTS:
        return _spec(lookup(node.id), [], {}, source)  # a non-ASCII name, as Python reads it (NFKC)
    if _is_catalogue_call(node):
        assert isinstance(node, ast.Call)
        try:
            return _catalogue_call(node, source)
        except ParameterError:
            if not node.args:
                raise
            try:  # relu(2) is no parameter setting: it may still be a valid expression
                return ExprSpec(source, parse_expression(source))
            except ActplotError:
                pass
            raise
    return ExprSpec(source, parse_expression(source))


def _catalogue_call(node: ast.Call, source: str) -> FuncSpec:
    """``elu(alpha=0.5)`` or ``hardtanh(-2, 2)``: a catalogue entry with parameter values."""
    assert isinstance(node.func, ast.Name)
    act = lookup(node.func.id)
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
        lookup(node.func.id)
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
    params = resolve_params(act, given)
    return FuncSpec(act, params, {k: params[k] for k in given})


def _literal(node: ast.expr, source: str) -> ParamValue:
    """A parameter value: a number (optionally signed) or a bare word such as ``tanh``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float, str)):
        if isinstance(node.value, bool):
            raise _bad(node, source, "expected a number")
        if isinstance(node.value, str):
            return node.value
        return node.value  # an int stays exact: resolve_params refuses one too large for a float
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand, source)
        if isinstance(value, (int, float)):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Name):
        return node.id
    raise _bad(node, source, "a parameter value must be a number or a word")


def _bad(node: ast.AST, source: str, why: str) -> ExpressionError:
    column = getattr(node, "col_offset", 0) + 1
    return ExpressionError(f"cannot read '{source}' at column {column}: {why}")


def safe_stem(text: str, limit: int = 100) -> str:
    """A file name stem (and page anchor): ``leaky_relu(negative_slope=0.2)`` -> ``leaky_relu-negative_slope-0.2``."""
    stem = re.sub(r"[^A-Za-z0-9._]+", "-", text).strip("-.")
    return stem[:limit].rstrip("-.") or "figure"


def parse_expression(text: str, params: tuple[str, ...] = ()) -> Node:
    """The tree of an expression in x whose catalogue calls are resolved here; see :func:`expr.parse`."""
    return expr.parse(text, _CATALOGUE, params)


@functools.cache
def _tree_of(act: Activation) -> Node | None:
    """The parsed definition of an entry torch lacks (None for torch's own), parsed once."""
    return parse_expression(act.expression, tuple(p.name for p in act.params)) if act.expression else None


class _Catalogue:
    """Resolves the catalogue calls an expression makes (the :class:`expr.Catalogue` protocol)."""

    def canonical(self, name: str) -> str:
        return lookup(name).name

    def call(self, name: str, given: Mapping[str, ParamValue]) -> ActCall:
        act = lookup(name)
        params = resolve_params(act, given)
        return ActCall(act.name, Var(), tuple(params.items()), tuple((k, params[k]) for k in given),
                       act.kinks(params), _tree_of(act))


_CATALOGUE: Final = _Catalogue()

"""The tree an expression is read into: plain frozen dataclasses, and what can be read off them (kinks).

:mod:`actplot.activations.expr` builds it from text; :mod:`actplot.numeric.functions` computes it in
torch. A catalogue call carries everything needed to compute it (its resolved parameters, its kinks,
and for an entry defined by an expression that expression's own tree), so neither the reader nor the
evaluator has to look anything up. This module imports nothing of actplot.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Final, Union

ParamValue = float | str
NON_SMOOTH: Final = frozenset({"abs", "minimum", "maximum", "min", "max", "clamp", "where"})


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Var:
    """The input x."""


@dataclass(frozen=True)
class ParamRef:
    """A parameter of a catalogue entry defined by an expression, e.g. ``beta`` in swish."""

    name: str


@dataclass(frozen=True)
class Unary:
    op: str
    operand: Node


@dataclass(frozen=True)
class Binary:
    op: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Compare:
    ops: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Call:
    """An elementwise function from FUNCTIONS (``where``'s first argument is a Compare)."""

    func: str
    args: tuple[Node, ...]


@dataclass(frozen=True)
class ActCall:
    """A catalogue activation applied to `arg` with resolved parameters."""

    name: str
    arg: Node
    params: tuple[tuple[str, ParamValue], ...]
    given: tuple[tuple[str, ParamValue], ...]
    kinks: tuple[float, ...] = field(default=(), compare=False, repr=False)  # the entry's, at these params
    definition: Node | None = field(default=None, compare=False, repr=False)  # an entry torch lacks: its tree


Node = Union[Num, Var, ParamRef, Unary, Binary, Compare, Call, ActCall]  # noqa: UP007 (runtime alias on 3.10)



def kinks(node: Node) -> tuple[tuple[float, ...], bool]:
    """Points of x where `node` may be non-smooth, sorted, and whether that list is known to be complete.

    Complete means every non-smooth part (a catalogue function with kinks, abs, minimum, maximum,
    clamp, where) is applied to x itself and compared with numbers, so its break points are known.
    """
    found: set[float] = set()
    complete = _collect(node, found)
    return tuple(sorted(k + 0.0 for k in found)), complete


def _collect(node: Node, found: set[float]) -> bool:
    children: tuple[Node, ...] = ()
    complete = True
    if isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary):
        children = (node.left, node.right)
    elif isinstance(node, Compare):
        children = node.operands
    elif isinstance(node, ActCall):
        children = (node.arg,)
        own = node.kinks
        if own and isinstance(node.arg, Var):
            found.update(own)
        elif own:
            complete = False
    elif isinstance(node, Call):
        children = node.args
        if node.func in NON_SMOOTH:
            complete = _located(node, found)
    results = [_collect(child, found) for child in children]
    return complete and all(results)


def _located(node: Call, found: set[float]) -> bool:
    """Adds the break points of a non-smooth call on x; False when they cannot be read off."""
    operands = node.args[0].operands if node.func == "where" and isinstance(node.args[0], Compare) else node.args
    if node.func == "where" or node.func == "clamp" or node.func in ("minimum", "maximum"):
        if not any(isinstance(a, Var) for a in operands):
            return False
        numbers = [_number(a) for a in operands if not isinstance(a, Var)]
        if any(n is None for n in numbers):
            return False
        found.update(n for n in numbers if n is not None and math.isfinite(n))
        return True
    if isinstance(node.args[0], Var):  # abs(x)
        found.add(0.0)
        return True
    return False


def _number(node: Node) -> float | None:
    if isinstance(node, Num):
        return node.value
    if isinstance(node, Unary) and isinstance(node.operand, Num):
        return -node.operand.value if node.op == "-" else node.operand.value
    return None


def size(node: Node) -> int:
    """How many torch operations computing `node` takes (a catalogue entry's own tree counted in full).

    Autograd keeps every one of them per point and derivative order, so memory grows with it.
    """
    if isinstance(node, ActCall):
        return 1 + size(node.arg) + (size(node.definition) if node.definition is not None else 0)
    if isinstance(node, Unary):
        return 1 + size(node.operand)
    if isinstance(node, Binary):
        return 1 + size(node.left) + size(node.right)
    if isinstance(node, (Compare, Call)):
        return 1 + sum(size(n) for n in (node.operands if isinstance(node, Compare) else node.args))
    return 1

"""A style file's ``axes.prop_cycle``, read without eval: ``cycler(...)`` calls of literals joined by + or *.

matplotlib evaluates this text with Python's eval (builtins removed, names checked), which still lets
``cycler(color=['k'] * 10**9)`` or a product of long cycles take all memory before anything is checked.
Here the text is parsed into a syntax tree, each call's arguments must be literals, and the cycle's
length is known before a product is formed.
"""

from __future__ import annotations

import ast
from typing import Any, Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

from cycler import Cycler
from matplotlib import rcsetup

from actplot.errors import UsageError

MAX_TEXT: Final = 10_000  # characters: a palette of a hundred colours takes about 1,200
# Entries in the cycle: one per curve drawn before it repeats; actplot overlays a few dozen at most.
MAX_LENGTH: Final = 256


def parse(text: str, where: str) -> Cycler[Any, Any]:
    """The cycle `text` describes, its properties and values checked by matplotlib's ``rcsetup.cycler``."""
    if len(text) > MAX_TEXT:
        raise UsageError(f"{where}: axes.prop_cycle is over {MAX_TEXT:,} characters")
    try:
        tree = ast.parse(text, mode="eval")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        raise UsageError(f"{where}: axes.prop_cycle is not a cycler(...) expression") from None
    cycle = _build(tree.body, where)
    if len(cycle) == 0:
        raise UsageError(f"{where}: axes.prop_cycle is empty", hint="give it at least one colour")
    return cycle


def _build(node: ast.expr, where: str) -> Cycler[Any, Any]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mult)):
        left, right = _build(node.left, where), _build(node.right, where)
        size = len(left) * len(right) if isinstance(node.op, ast.Mult) else max(len(left), len(right))
        if size > MAX_LENGTH:
            raise UsageError(f"{where}: axes.prop_cycle would have {size:,} entries; the most is {MAX_LENGTH}")
        try:
            return left + right if isinstance(node.op, ast.Add) else left * right
        except ValueError as exc:  # + needs cycles of one length and distinct properties
            raise UsageError(f"{where}: axes.prop_cycle: {exc}") from None
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "cycler":
        args = [_literal(arg, where) for arg in node.args]
        if any(k.arg is None for k in node.keywords):
            raise UsageError(f"{where}: axes.prop_cycle: cycler() takes no **")
        kwargs = {str(k.arg): _literal(k.value, where) for k in node.keywords}
        try:
            cycle = rcsetup.cycler(*args, **kwargs)
        except (ValueError, TypeError) as exc:
            raise UsageError(f"{where}: axes.prop_cycle: {str(exc).strip()[:160]}") from None
        if len(cycle) > MAX_LENGTH:
            raise UsageError(f"{where}: axes.prop_cycle has {len(cycle):,} entries; the most is {MAX_LENGTH}")
        return cycle
    raise UsageError(f"{where}: axes.prop_cycle must be cycler(...) calls of literals, joined by + or *")


def _literal(node: ast.expr, where: str) -> Any:
    try:
        return ast.literal_eval(node)  # numbers, strings, lists, tuples: no names, calls or operators
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise UsageError(f"{where}: axes.prop_cycle: cycler() takes literal values only") from None

"""The curves one figure overlays: each function, for each swept parameter value, in each dtype.

No torch here: a bad ``--sweep`` or ``--dtype`` is reported before anything heavy is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from actplot import activations, spec
from actplot.activations import ParamValue
from actplot.errors import ParameterError, UsageError
from actplot.spec import ExprSpec, FuncSpec, Spec

DTYPE_NAMES: Final = ("float32", "float64", "float16", "bfloat16")
LOW_PRECISION: Final = ("float16", "bfloat16")

Sweep = tuple[str, tuple[ParamValue, ...]]


@dataclass(frozen=True)
class Variant:
    """One curve of a figure: a function with its parameters, the dtype it is computed in, its label."""

    spec: Spec
    dtype: str
    label: str
    base: Spec  # the function without the swept parameter (for the axis label)


def split_dtypes(dtype: str | Sequence[str]) -> list[str]:
    """``"bfloat16,float32"`` -> ``["bfloat16", "float32"]``, each checked, none twice."""
    names = [d.strip() for d in dtype.split(",")] if isinstance(dtype, str) else [d.strip() for d in dtype]
    for name in names:
        if name not in DTYPE_NAMES:
            raise UsageError(f"unknown dtype '{name}'", hint=f"choose from {', '.join(DTYPE_NAMES)}")
    if len(set(names)) != len(names):
        raise UsageError(f"--dtype names a dtype twice: '{','.join(names)}'")
    return names


def parse_sweep(text: str) -> Sweep:
    """``alpha=0.5,1,2`` -> ``("alpha", (0.5, 1.0, 2.0))``; words stay words (``approximate=none,tanh``)."""
    name, sep, values = text.partition("=")
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not sep or not name.strip().isidentifier() or not items:
        raise UsageError(f"--sweep must look like 'alpha=0.5,1,2', not '{text}'")
    return name.strip(), tuple(_value(v) for v in items)


def _value(text: str) -> ParamValue:
    try:
        return float(text)
    except ValueError:
        return text


def expand(funcs: Sequence[Spec], sweep: Sweep | None, dtypes: Sequence[str]) -> list[Variant]:
    """Every (function, swept value, dtype) in that order, each with a legend label naming what differs."""
    several = len(funcs) > 1
    out = []
    for fs in funcs:
        for swept, variant, base in _swept(fs, sweep):
            for dtype in dtypes:
                parts = [base.label] if several or not (swept or len(dtypes) > 1) else []
                parts += [swept] if swept else []
                parts += [dtype] if len(dtypes) > 1 else []
                out.append(Variant(variant, dtype, ", ".join(parts), base))
    return out


def _swept(fs: Spec, sweep: Sweep | None) -> list[tuple[str, Spec, Spec]]:
    """(label, the function with the swept value, the function without it) for each value."""
    if sweep is None:
        return [("", fs, fs)]
    name, values = sweep
    if isinstance(fs, ExprSpec):
        raise UsageError(f"--sweep: '{fs.text}' is an expression: it has no parameters to sweep")
    if name not in {p.name for p in fs.act.params}:
        accepted = ", ".join(p.name for p in fs.act.params) or "none"
        raise ParameterError(f"--sweep: {fs.name} has no parameter '{name}'", hint=f"accepted parameters: {accepted}")
    given = {k: v for k, v in fs.given.items() if k != name}
    base = FuncSpec(fs.act, activations.resolve_params(fs.act, given), given)
    return [(f"{name}={spec._show(v)}", base.with_params(**{name: v}), base) for v in values]

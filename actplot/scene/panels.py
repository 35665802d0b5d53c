"""A figure's panels: the curves it overlays (each function, for each swept parameter value, in each
dtype), broken at jumps, with their marks, guides and shading, decided before drawing.

Each curve is computed by PyTorch in its own dtype; jumps are found once per function and order in
float64 (see :mod:`actplot.numeric.jumps`) and then marked on every curve of that function. The result
is a list of :class:`actplot.scene.data.Panel` that a backend in :mod:`actplot.draw` only has to draw.
A bad ``--sweep`` or ``--dtype`` is reported before anything computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from actplot.activations import spec
from actplot.activations.entry import ParamValue
from actplot.activations.spec import ExprSpec, FuncSpec, Spec
from actplot.errors import ParameterError, UsageError

if TYPE_CHECKING:  # what panels are made of loads when they are made, not when a command line is checked
    import numpy as np

    from actplot.numeric import sampling
    from actplot.scene import data
    from actplot.scene.data import Options

DTYPE_NAMES: Final = ("float32", "float64", "float16", "bfloat16")

Sweep = tuple[str, tuple[ParamValue, ...]]

__all__ = ["Variant", "expand", "panels", "parse_sweep", "split_dtypes", "ylabel"]


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
    base = FuncSpec(fs.act, spec.resolve_params(fs.act, given), given)
    return [(f"{name}={spec._show(v)}", base.with_params(**{name: v}), base) for v in values]


@dataclass(frozen=True)
class _Curve:
    variant: Variant
    sampled: sampling.Sampled


def panels(
    variants: Sequence[Variant], orders: Sequence[int], ylabels: Sequence[str | None], opts: Options
) -> list[data.Panel]:
    """One panel per derivative order, each with one curve per variant."""
    from actplot.numeric import sampling
    from actplot.scene.panel_parts import check_range, warn
    top = max(max(orders), 1 if opts.vanishing else 0)
    check_range(opts)
    sampling.check_memory(opts.points, sum(v.spec.cost for v in variants), top, [v.dtype for v in variants],
                          opts.device)  # fmt: skip
    computed = _compute(variants, top, opts)
    refs: dict[str, sampling.Reference] = {}
    for c in computed:
        if c.variant.spec.label not in refs:
            grid = sampling.reference_grid(opts.xrange, opts.points, c.variant.spec.kinks())
            refs[c.variant.spec.label] = sampling.Reference(c.variant.spec, grid)
    out: list[data.Panel] = []
    notes: list[str] = []
    for i, k in enumerate(orders):
        given = ylabels[i] if i < len(ylabels) else None
        out.append(_panel(computed, refs, k, given or ylabel([v.base for v in variants], k), opts, notes))
    warn(notes)
    return out


def _compute(variants: Sequence[Variant], order: int, opts: Options) -> list[_Curve]:
    from actplot.numeric import sampling

    kinks = sorted({k for v in variants for k in v.spec.kinks()})
    return [_Curve(v, sampling.sample(v.spec, v.dtype, opts.device, opts.xrange, opts.points, kinks, order))
            for v in variants]


def _note(notes: list[str], checked: tuple[np.ndarray, str | None]) -> np.ndarray:
    notes += [checked[1]] if checked[1] else []
    return checked[0]


def _panel(computed: Sequence[_Curve], refs: dict[str, sampling.Reference], k: int, label: str, opts: Options,
           notes: list[str]) -> data.Panel:
    """The panel of order `k`; what it leaves out goes into `notes`, warned once every panel is known good."""
    import numpy as np

    from actplot.scene import curves, data
    from actplot.scene.data import LOW_PRECISION
    from actplot.scene.panel_parts import DRAWABLE, finite_only, jump_markers, nothing_to_draw
    series: list[data.Series] = []
    markers: list[data.Marker] = []
    guides: list[data.Guide] = []
    shades: list[data.Shade] = []
    for look, c in enumerate(computed):
        ref = refs[c.variant.spec.label]
        name = c.variant.label or c.variant.spec.label
        what = label if name in label else f"{name} in {label}"
        s = c.sampled
        x, y = s.x, _note(notes, finite_only(s.values[k], what, c.variant.dtype))
        found = ref.jumps(k) if opts.mark_jumps and c.sampled.exact(k) else []
        markers += jump_markers(x, y, found, look)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
        text = c.variant.label or c.variant.spec.label
        text += "" if c.sampled.exact(k) else " (numerical)"
        died = _vanishing_points(c, ref, k)
        guides += [data.Guide(p, look) for p in died.values()]
        text += "".join(f" (0 for x {side} {p:.3g})" for side, p in died.items())
        if opts.vanishing:
            for start, end in curves.low_regions(s.x, s.values[1], opts.vanishing):
                first = not shades
                shades.append(data.Shade(start, end, look, f"|f'| < {opts.vanishing:g}" if first else None))
        x, y = curves.decimate(x, y, opts.columns)
        series.append(data.Series(text, x, y, look, steps=c.variant.dtype in LOW_PRECISION))
    markers = [m for m in markers if abs(m.y) <= DRAWABLE]
    if not any(np.isfinite(s.y).any() for s in series):
        raise nothing_to_draw(label, opts)
    legend = any(not c.sampled.exact(k) for c in computed) or bool(guides) or bool(shades)
    return data.Panel(series, label, legend, markers, guides, shades)


def _vanishing_points(c: _Curve, ref: sampling.Reference, k: int) -> dict[str, float]:
    """Where a low-precision derivative becomes exactly 0 for good while the float64 one is not 0."""
    from actplot.scene import curves

    if k == 0 or c.variant.dtype == "float64" or not c.sampled.exact(k):
        return {}
    left, right = curves.zero_tails(c.sampled.x, c.sampled.values[k])
    points = {side: p for side, p in (("≤", left), ("≥", right)) if p is not None}
    if not points:
        return {}
    exact = ref.at(k, list(points.values()))
    return {side: p for (side, p), e in zip(points.items(), exact) if e != 0}


def ylabel(bases: Sequence[Spec], order: int) -> str:
    """``relu(x)``, ``grad of relu(x)``, ``grad² of elu(x)``; ``f(x)`` for several functions."""
    names = list(dict.fromkeys(b.call_label for b in bases))
    name = names[0] if len(names) == 1 else "f(x)"
    if order == 0:
        return name
    from actplot.scene.panel_parts import superscript

    return f"grad of {name}" if order == 1 else f"grad{superscript(order)} of {name}"

"""A figure's panels: the curves it overlays (each function, for each swept parameter value, in each
dtype), broken at jumps, with their marks, guides and shading, decided before drawing.

Each curve is computed by PyTorch in its own dtype; jumps are found once per function and order in
float64 (see :mod:`actplot.numeric.jumps`) and then marked on every curve of that function. The result
is a list of :class:`actplot.scene.data.Panel` that a backend in :mod:`actplot.draw` only has to draw.
A bad ``--sweep`` or ``--dtype`` is reported before anything computes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Final

from actplot.activations import spec
from actplot.activations.spec import ExprSpec, FuncSpec, Spec
from actplot.errors import ParameterError, UsageError
from actplot.scene import typeset
from actplot.scene.looks import Place
from actplot.scene.sweeps import Sweep, parse_sweep

if TYPE_CHECKING:  # what panels are made of loads when they are made, not when a command line is checked
    import numpy as np

    from actplot.numeric import sampling
    from actplot.scene import data
    from actplot.scene.data import Options

DTYPE_NAMES: Final = ("float32", "float64", "float16", "bfloat16")

__all__ = ["Variant", "expand", "panels", "parse_sweep", "split_dtypes", "ylabel"]


@dataclass(frozen=True)
class Variant:
    """One curve of a figure: a function with its parameters, the dtype it is computed in, its label."""

    spec: Spec
    dtype: str
    label: str
    base: Spec  # the function without the swept parameter (for the axis label)
    place: Place = Place()  # its function, swept value and dtype, by number (they choose its look)


def split_dtypes(dtype: str | Sequence[str]) -> list[str]:
    """``"bfloat16,float32"`` -> ``["bfloat16", "float32"]``, each checked, none twice."""
    names = [d.strip() for d in dtype.split(",")] if isinstance(dtype, str) else [d.strip() for d in dtype]
    for name in names:
        if name not in DTYPE_NAMES:
            raise UsageError(f"unknown dtype '{name}'", hint=f"choose from {', '.join(DTYPE_NAMES)}")
    if len(set(names)) != len(names):
        raise UsageError(f"--dtype names a dtype twice: '{','.join(names)}'")
    return names


def expand(funcs: Sequence[Spec], sweep: Sweep | None, dtypes: Sequence[str], labelled: bool = True) -> list[Variant]:
    """Every (function, swept value, dtype) in that order, each with a legend label naming what differs.

    A swept value is labelled by itself (``0.5``): the legend's title names the parameter. Unless
    `labelled`: an animation's frame says its one value in its title, and its curves keep the labels
    they have in every frame.
    """
    several = len(funcs) > 1
    out = []
    for f, fs in enumerate(funcs):
        for v, (swept, variant, base) in enumerate(_swept(fs, sweep)):
            swept = swept if labelled else ""
            for d, dtype in enumerate(dtypes):
                parts = [typeset.minus(base.label)] if several or not (swept or len(dtypes) > 1) else []
                parts += [swept] if swept else []
                parts += [dtype] if len(dtypes) > 1 else []
                out.append(Variant(variant, dtype, ", ".join(parts), base, Place(f, v, d)))
    return out


def legend_title(sweep: Sweep | None) -> str | None:
    """What the legend's title says: the swept parameter's name."""
    return sweep[0] if sweep else None


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
    return [(typeset.minus(spec._show(v)) if isinstance(v, float) else spec._show(v), base.with_params(**{name: v}),
             base) for v in values]  # fmt: skip


@dataclass(frozen=True)
class _Curve:
    variant: Variant
    sampled: sampling.Sampled


def panels(
    variants: Sequence[Variant], orders: Sequence[int], ylabels: Sequence[str | None], opts: Options,
    legend_title: str | None = None,
) -> list[data.Panel]:
    """One panel per derivative order, each with one curve per variant (`legend_title`: what the curves'
    labels are values of, e.g. the swept parameter)."""
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
        label = given or ylabel([v.base for v in variants], k, opts.error)
        out.append(replace(_panel(computed, refs, k, label, opts, notes), legend_title=legend_title))
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

    from actplot.scene import data, looks
    from actplot.scene.panel_parts import DRAWABLE, nothing_to_draw
    parts = _Parts()
    for look, c in enumerate(computed):
        if opts.error and c.variant.dtype == "float64":
            continue  # the reference itself: its error is 0 everywhere
        _curve(parts, look, c, refs[c.variant.spec.label], k, label, opts, notes)
    markers = [m for m in parts.markers if abs(m.y) <= DRAWABLE]
    if not any(np.isfinite(s.y).any() for s in parts.series):
        raise nothing_to_draw(label, opts)
    return data.Panel(
        parts.series, label, markers, parts.guides, parts.shades, parts.levels,
        name=_order_name(k), yscale="log" if opts.error and any((s.y > 0).any() for s in parts.series) else "linear",
        looks=looks.assign([c.variant.place for c in computed]),
    )  # fmt: skip


@dataclass
class _Parts:
    series: list[data.Series] = field(default_factory=list)
    markers: list[data.Marker] = field(default_factory=list)
    guides: list[data.Guide] = field(default_factory=list)
    shades: list[data.Shade] = field(default_factory=list)
    levels: list[data.Level] = field(default_factory=list)


def _curve(parts: _Parts, look: int, c: _Curve, ref: sampling.Reference, k: int, label: str, opts: Options,
           notes: list[str]) -> None:
    """One curve of the panel of order `k`, with its jump marks, guides, bands and limits, into `parts`."""
    from actplot.scene import curves, data
    from actplot.scene.data import LOW_PRECISION
    from actplot.scene.panel_parts import finite_only, jump_markers

    name = c.variant.label or c.variant.spec.label
    what = label if name in label else f"{name} in {label}"
    s = c.sampled
    x, y = s.x, _note(notes, finite_only(s.values[k], what, c.variant.dtype))
    said = [] if c.sampled.exact(k) else ["numerical"]
    died = _dying_points(c, ref, k)
    parts.guides += [data.Guide(p, look) for p, _ in died.values()]
    said += _dying_notes(died)
    if opts.error:
        y = _error(x, y, ref.at(k, x.tolist()), c.variant.dtype, opts.error)
        said += [] if (y > 0).any() else ["exact everywhere"]
    else:
        found = ref.jumps(k) if opts.mark_jumps and c.sampled.exact(k) else []
        parts.markers += jump_markers(x, y, found, look)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
        if opts.asymptotes:
            parts.levels += [data.Level(v, look) for v in _limits(ref, k, y)]
    if opts.vanishing and not opts.error:
        for start, end in curves.low_regions(s.x, s.values[1], opts.vanishing):
            parts.shades.append(data.Shade(start, end, look, f"|f'| < {typeset.number(opts.vanishing)}"))
    x, y = curves.decimate(x, y, opts.columns)
    note = ", ".join(said)
    parts.series.append(data.Series(name, x, y, look, steps=c.variant.dtype in LOW_PRECISION, note=note))


def _dying_notes(died: dict[str, tuple[float, str]]) -> list[str]:
    """``0 for x ≥ 8.32``; one note for both sides when they mirror each other: ``0 for |x| ≥ 4.51``."""
    left, right = died.get("≤"), died.get("≥")
    if left and right and left[1] == right[1] and f"{-left[0]:.3g}" == f"{right[0]:.3g}":
        return [f"{right[1]} for |x| ≥ {typeset.number(right[0], '.3g')}"]
    return [f"{what} for x {side} {typeset.number(p, '.3g')}" for side, (p, what) in died.items()]


def _order_name(k: int) -> str:
    return "f" + "′" * k if k < 4 else f"f({k})"


def _error(x: np.ndarray, y: np.ndarray, exact: np.ndarray, dtype: str, kind: str) -> np.ndarray:
    """abs(y - exact), in units in the last place of `dtype` at `exact` for kind "ulp"; NaN stays a gap."""
    import numpy as np

    from actplot.scene import precision

    error: np.ndarray = np.abs(y.astype(np.float64) - exact)
    return error / precision.ulp(exact, dtype) if kind == "ulp" else error


def _limits(ref: sampling.Reference, k: int, y: np.ndarray) -> list[float]:
    """The finite limits of the k-th derivative at -inf and +inf that the drawn curve approaches but never
    reaches (a flat stretch at its limit, like relu's 0, is no asymptote), and only those it comes near:
    within its own height of them (tanh on [0, 1e-30] is nowhere near -1, and drawing it would flatten
    the curve)."""
    import numpy as np

    finite = y[np.isfinite(y)]
    if finite.size == 0:
        return []
    height = float(finite.max() - finite.min())
    out: list[float] = []
    for side in (-1, 1):
        limit = ref.tail(k, side)
        if limit is None or not np.isfinite(limit) or limit in out:
            continue
        gap = float(np.min(np.abs(finite - limit)))
        if 1e-9 * max(1.0, abs(limit)) < gap <= height:
            out.append(limit)
    return out


def _dying_points(c: _Curve, ref: sampling.Reference, k: int) -> dict[str, tuple[float, str]]:
    """Where a low-precision curve becomes exactly 0 (an underflow) or inf (an overflow) for good while
    the float64 one stays finite and non-zero: {side: (x, "0" or "inf")}."""
    from actplot.scene import curves

    if c.variant.dtype == "float64" or not c.sampled.exact(k):
        return {}
    y = c.sampled.values[k]
    found: dict[str, tuple[float, str]] = {}
    tails = [("0", curves.zero_tails(c.sampled.x, y)), ("inf", curves.inf_tails(c.sampled.x, y))]
    for what, (left, right) in tails:
        for side, p in (("≤", left), ("≥", right)):
            if p is not None and side not in found:
                exact = ref.at(k, [p])[0]
                if exact != 0 and abs(exact) != float("inf"):
                    found[side] = (p, what)
    return found


def ylabel(bases: Sequence[Spec], order: int, error: str | None = None) -> str:
    """``relu(x)``, ``grad of relu(x)``, ``grad² of elu(x)``; ``f(x)`` for several functions; with
    `error`, what is drawn instead: ``abs error of relu(x)``, ``error in ulps of grad of relu(x)``."""
    names = list(dict.fromkeys(typeset.minus(b.call_label) for b in bases))
    name = names[0] if len(names) == 1 else "f(x)"
    if order > 0:
        from actplot.scene.panel_parts import superscript

        name = f"grad of {name}" if order == 1 else f"grad{superscript(order)} of {name}"
    if error is None:
        return name
    return f"abs error of {name}" if error == "abs" else f"error in ulps of {name}"

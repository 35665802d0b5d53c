"""What a figure shows, decided before drawing: curves broken at jumps, their marks, guides and shading.

Each curve is computed by PyTorch in its own dtype; jumps are found once per function and order in
float64 (see :mod:`actplot.jumps`) and then marked on every curve of that function. The result is a
list of :class:`render.Panel` that :func:`render.draw` only has to draw.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
import torch

from actplot import compute, curves, jumps, resources
from actplot import figdata as render  # the plain data render.draw takes; no matplotlib here
from actplot.errors import NonFiniteWarning, UsageError
from actplot.spec import Spec
from actplot.variants import LOW_PRECISION, Variant

DRAWABLE: Final = 1e300  # beyond this matplotlib's tick and margin arithmetic overflows float64


@dataclass(frozen=True)
class Options:
    """What the panels should hold besides the curves."""

    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int = 2001
    device: str = "cpu"
    columns: int = 750  # pixel columns across the figure: many points are thinned to about two per column
    mark_jumps: bool = True
    vanishing: float | None = None  # shade where abs(f') is below this


@dataclass
class _Curve:
    variant: Variant
    x: np.ndarray
    values: list[np.ndarray]
    numerical_from: int | None

    def exact(self, order: int) -> bool:
        return self.numerical_from is None or order < self.numerical_from


@dataclass
class _Reference:
    """A function's float64 derivatives on the CPU, and the jumps of each order (computed once)."""

    spec: Spec
    grid: np.ndarray
    found: dict[int, list[jumps.Jump]] = field(default_factory=dict)

    def order(self, k: int) -> jumps.Fn:
        fn = compute.function_of(self.spec)

        def g(x: torch.Tensor) -> torch.Tensor:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return compute.derivatives(fn, x, k).values[k]

        return g

    def jumps(self, k: int) -> list[jumps.Jump]:
        if k not in self.found:
            g = self.order(k)
            y = compute.to_numpy(g(torch.from_numpy(self.grid)))
            self.found[k] = jumps.find(g, self.grid, y, self.spec.kinks())
        return self.found[k]


def panels(
    variants: Sequence[Variant], orders: Sequence[int], ylabels: Sequence[str | None], opts: Options
) -> list[render.Panel]:
    """One panel per derivative order, each with one curve per variant."""
    top = max(max(orders), 1 if opts.vanishing else 0)
    _check_feasible(opts, len(variants), top, [v.dtype for v in variants])
    computed = _compute(variants, top, opts)
    refs: dict[str, _Reference] = {}
    for c in computed:
        if c.variant.spec.label not in refs:
            kinks = c.variant.spec.kinks()
            grid = compute.make_grid(*opts.xrange, opts.points, kinks, torch.float64, torch.device("cpu"))
            refs[c.variant.spec.label] = _Reference(c.variant.spec, grid.numpy())
    out: list[render.Panel] = []
    notes: list[str] = []
    for i, k in enumerate(orders):
        given = ylabels[i] if i < len(ylabels) else None
        out.append(_panel(computed, refs, k, given or ylabel([v.base for v in variants], k), opts, notes))
    _warn(notes)
    return out


def _compute(variants: Sequence[Variant], order: int, opts: Options) -> list[_Curve]:
    kinks = sorted({k for v in variants for k in v.spec.kinks()})
    out = []
    for v in variants:
        dtype = compute.resolve_dtype(v.dtype)
        x = compute.make_grid(*opts.xrange, opts.points, kinks, dtype, compute.resolve_device(opts.device, dtype))
        d = compute.derivatives(compute.function_of(v.spec), x, order)
        out.append(_Curve(v, compute.to_numpy(d.x), [compute.to_numpy(t) for t in d.values], d.numerical_from))
    return out


def _note(notes: list[str], checked: tuple[np.ndarray, str | None]) -> np.ndarray:
    notes += [checked[1]] if checked[1] else []
    return checked[0]


def _panel(computed: Sequence[_Curve], refs: dict[str, _Reference], k: int, label: str, opts: Options,
           notes: list[str]) -> render.Panel:
    """The panel of order `k`; what it leaves out goes into `notes`, warned once every panel is known good."""
    series: list[render.Series] = []
    markers: list[render.Marker] = []
    guides: list[render.Guide] = []
    shades: list[render.Shade] = []
    for look, c in enumerate(computed):
        ref = refs[c.variant.spec.label]
        name = c.variant.label or c.variant.spec.label
        what = label if name in label else f"{name} in {label}"
        x, y = c.x, _note(notes, finite_only(c.values[k], what, c.variant.dtype))
        found = ref.jumps(k) if opts.mark_jumps and c.exact(k) else []
        markers += jump_markers(x, y, found, look)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
        text = c.variant.label or c.variant.spec.label
        text += "" if c.exact(k) else " (numerical)"
        died = _vanishing_points(c, ref, k)
        guides += [render.Guide(p, look) for p in died.values()]
        text += "".join(f" (0 for x {side} {p:.3g})" for side, p in died.items())
        if opts.vanishing:
            for start, end in curves.low_regions(c.x, c.values[1], opts.vanishing):
                first = not shades
                shades.append(render.Shade(start, end, look, f"|f'| < {opts.vanishing:g}" if first else None))
        x, y = curves.decimate(x, y, opts.columns)
        series.append(render.Series(text, x, y, look, steps=c.variant.dtype in LOW_PRECISION))
    markers = [m for m in markers if abs(m.y) <= DRAWABLE]
    if not any(np.isfinite(s.y).any() for s in series):
        raise _nothing_to_draw(label, opts)
    legend = any(not c.exact(k) for c in computed) or bool(guides) or bool(shades)
    return render.Panel(series, label, legend, markers, guides, shades)


def _check_feasible(opts: Options, curves: int, order: int, dtypes: Sequence[str]) -> None:
    """Refuse, before allocating anything, a figure too wide for an axis or too big for memory."""
    lo, hi = opts.xrange
    compute.check_range(lo, hi, opts.points)  # the plain mistakes (nan, MIN >= MAX) are named first
    if max(abs(lo), abs(hi)) > DRAWABLE:
        raise UsageError(
            f"--range {lo:g} {hi:g} is too wide to draw: figures take x within +-1e300",
            hint="narrow it (the table command takes any float64 range)",
        )
    itemsize = max(compute.resolve_dtype(d).itemsize for d in dtypes)
    device = compute.resolve_device(opts.device, compute.resolve_dtype(dtypes[0]))
    resources.check(opts.points, curves, order, device, itemsize)


def finite_only(y: np.ndarray, what: str, dtype: str) -> tuple[np.ndarray, str | None]:
    """`y` with inf and NaN (an overflow, or x outside the domain) turned into gaps, and a note saying so.

    Values beyond +-DRAWABLE are gaps too: matplotlib's axis arithmetic overflows on them.
    """
    bad = ~(np.abs(y) <= DRAWABLE)
    count = int(bad.sum())
    if count == 0:
        return y, None
    if count == y.size:
        note = f"{what}: no finite value in {dtype}; nothing drawn"
    else:
        note = (f"{what}: {count} of {y.size} values are inf, NaN or beyond +-1e300 in {dtype}"
                " (overflow, or outside the domain); they are not drawn")
    return np.where(bad, np.nan, y), note


def _warn(notes: Sequence[str]) -> None:
    for note in notes:
        warnings.warn(note, NonFiniteWarning, stacklevel=3)


def _nothing_to_draw(label: str, opts: Options) -> UsageError:
    lo, hi = opts.xrange
    return UsageError(
        f"nothing to draw: {label} has no finite value on --range {lo:g} {hi:g}",
        hint="choose a range where the function is finite, or another --dtype",
    )


def jump_markers(x: np.ndarray, y: np.ndarray, found: Sequence[jumps.Jump], look: int) -> list[render.Marker]:
    """A filled dot at the value the curve takes at each jump, open circles at the other limits."""
    out = []
    for j in found:
        at = np.flatnonzero(x == j.x)
        value = float(y[at[0]]) if at.size else j.value  # this dtype's own value where the grid holds x
        out.append(render.Marker(j.x, value, look, filled=True))
        out += [render.Marker(j.x, limit, look, filled=False) for limit in j.open_limits]
    return out


def _vanishing_points(c: _Curve, ref: _Reference, k: int) -> dict[str, float]:
    """Where a low-precision derivative becomes exactly 0 for good while the float64 one is not 0."""
    if k == 0 or c.variant.dtype == "float64" or not c.exact(k):
        return {}
    left, right = curves.zero_tails(c.x, c.values[k])
    points = {side: p for side, p in (("≤", left), ("≥", right)) if p is not None}
    if not points:
        return {}
    exact = compute.to_numpy(ref.order(k)(torch.tensor(list(points.values()), dtype=torch.float64)))
    return {side: p for (side, p), e in zip(points.items(), exact) if e != 0}


def ylabel(bases: Sequence[Spec], order: int) -> str:
    """``relu(x)``, ``grad of relu(x)``, ``grad² of elu(x)``; ``f(x)`` for several functions."""
    names = list(dict.fromkeys(b.call_label for b in bases))
    name = names[0] if len(names) == 1 else "f(x)"
    if order == 0:
        return name
    return f"grad of {name}" if order == 1 else f"grad{_superscript(order)} of {name}"


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))



@dataclass(frozen=True)
class Peak:
    """Where a difference is largest in absolute value, and its signed value there."""

    x: float
    value: float


def difference(a: Spec, b: Spec, order: int, dtype: str, opts: Options) -> tuple[render.Panel, Peak]:
    """A panel of a's `order`-th derivative minus b's, both computed in `dtype`, its largest gap marked."""
    kinks = sorted({*a.kinks(), *b.kinks()})
    torch_dtype = compute.resolve_dtype(dtype)
    _check_feasible(opts, 2, order, [dtype])
    grid = compute.make_grid(
        *opts.xrange, opts.points, kinks, torch_dtype, compute.resolve_device(opts.device, torch_dtype)
    )
    ya, yb = (compute.derivatives(compute.function_of(s), grid, order).values[order] for s in (a, b))
    label = _difference_label(order)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf where both overflow: a gap, warned below
        gap = compute.to_numpy(ya) - compute.to_numpy(yb)
        x, (y, note) = compute.to_numpy(grid), finite_only(gap, f"{a.label} − {b.label}", dtype)
    if not np.isfinite(y).any():
        raise _nothing_to_draw(label, opts)
    _warn([note] if note else [])
    markers: list[render.Marker] = []
    if opts.mark_jumps:
        ga, gb = (_Reference(s, x).order(order) for s in (a, b))
        grid64 = compute.make_grid(*opts.xrange, opts.points, kinks, torch.float64, torch.device("cpu"))

        def g(t: torch.Tensor) -> torch.Tensor:
            return ga(t) - gb(t)

        found = jumps.find(g, grid64.numpy(), compute.to_numpy(g(grid64)), kinks)
        markers += jump_markers(x, y, found, 0)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
    markers = [m for m in markers if abs(m.y) <= DRAWABLE]
    peak = _peak(x, y)
    markers.append(
        render.Marker(peak.x, peak.value, 1, shape="D", label=f"max |Δ| = {abs(peak.value):.3g} at x = {peak.x:.3g}")
    )
    x, y = curves.decimate(x, y, opts.columns)
    series = render.Series(f"{a.label} − {b.label}", x, y, 0, steps=dtype in LOW_PRECISION)
    return render.Panel([series], label, True, markers), peak


def _peak(x: np.ndarray, y: np.ndarray) -> Peak:
    size = np.where(np.isfinite(y), np.abs(y), -1.0)
    i = int(np.argmax(size))
    return Peak(float(x[i]), float(y[i]))


def _difference_label(order: int) -> str:
    mark = {0: "", 1: "′", 2: "″"}.get(order, f"⁽{_superscript(order)}⁾")
    return f"f₁{mark}(x) − f₂{mark}(x)"

"""What a figure shows, decided before drawing: curves broken at jumps, their marks, guides and shading.

Each curve is computed by PyTorch in its own dtype; jumps are found once per function and order in
float64 (see :mod:`actplot.jumps`) and then marked on every curve of that function. The result is a
list of :class:`render.Panel` that :func:`render.draw` only has to draw.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch

from actplot import compute, curves, jumps
from actplot import figdata as render  # the plain data render.draw takes; no matplotlib here
from actplot.spec import Spec
from actplot.variants import LOW_PRECISION, Variant


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
            y = _np(g(torch.from_numpy(self.grid)))
            self.found[k] = jumps.find(g, self.grid, y, self.spec.kinks())
        return self.found[k]


def panels(
    variants: Sequence[Variant], orders: Sequence[int], ylabels: Sequence[str | None], opts: Options
) -> list[render.Panel]:
    """One panel per derivative order, each with one curve per variant."""
    computed = _compute(variants, max(max(orders), 1 if opts.vanishing else 0), opts)
    refs: dict[str, _Reference] = {}
    for c in computed:
        if c.variant.spec.label not in refs:
            kinks = c.variant.spec.kinks()
            grid = compute.make_grid(*opts.xrange, opts.points, kinks, torch.float64, torch.device("cpu"))
            refs[c.variant.spec.label] = _Reference(c.variant.spec, grid.numpy())
    out = []
    for i, k in enumerate(orders):
        given = ylabels[i] if i < len(ylabels) else None
        out.append(_panel(computed, refs, k, given or ylabel([v.base for v in variants], k), opts))
    return out


def _compute(variants: Sequence[Variant], order: int, opts: Options) -> list[_Curve]:
    kinks = sorted({k for v in variants for k in v.spec.kinks()})
    out = []
    for v in variants:
        dtype = compute.resolve_dtype(v.dtype)
        x = compute.make_grid(*opts.xrange, opts.points, kinks, dtype, compute.resolve_device(opts.device, dtype))
        d = compute.derivatives(compute.function_of(v.spec), x, order)
        out.append(_Curve(v, _np(d.x), [_np(t) for t in d.values], d.numerical_from))
    return out


def _panel(computed: Sequence[_Curve], refs: dict[str, _Reference], k: int, label: str, opts: Options) -> render.Panel:
    series: list[render.Series] = []
    markers: list[render.Marker] = []
    guides: list[render.Guide] = []
    shades: list[render.Shade] = []
    for look, c in enumerate(computed):
        ref = refs[c.variant.spec.label]
        x, y = c.x, c.values[k]
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
    legend = any(not c.exact(k) for c in computed) or bool(guides) or bool(shades)
    return render.Panel(series, label, legend, markers, guides, shades)


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
    exact = _np(ref.order(k)(torch.tensor(list(points.values()), dtype=torch.float64)))
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


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().cpu().to(torch.float64).numpy()


@dataclass(frozen=True)
class Peak:
    """Where a difference is largest in absolute value, and its signed value there."""

    x: float
    value: float


def difference(a: Spec, b: Spec, order: int, dtype: str, opts: Options) -> tuple[render.Panel, Peak]:
    """A panel of a's `order`-th derivative minus b's, both computed in `dtype`, its largest gap marked."""
    kinks = sorted({*a.kinks(), *b.kinks()})
    torch_dtype = compute.resolve_dtype(dtype)
    grid = compute.make_grid(
        *opts.xrange, opts.points, kinks, torch_dtype, compute.resolve_device(opts.device, torch_dtype)
    )
    ya, yb = (compute.derivatives(compute.function_of(s), grid, order).values[order] for s in (a, b))
    x, y = _np(grid), _np(ya) - _np(yb)
    markers: list[render.Marker] = []
    if opts.mark_jumps:
        ga, gb = (_Reference(s, x).order(order) for s in (a, b))
        grid64 = compute.make_grid(*opts.xrange, opts.points, kinks, torch.float64, torch.device("cpu"))

        def g(t: torch.Tensor) -> torch.Tensor:
            return ga(t) - gb(t)

        found = jumps.find(g, grid64.numpy(), _np(g(grid64)), kinks)
        markers += jump_markers(x, y, found, 0)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
    peak = _peak(x, y)
    markers.append(
        render.Marker(peak.x, peak.value, 1, shape="D", label=f"max |Δ| = {abs(peak.value):.3g} at x = {peak.x:.3g}")
    )
    x, y = curves.decimate(x, y, opts.columns)
    series = render.Series(f"{a.label} − {b.label}", x, y, 0, steps=dtype in LOW_PRECISION)
    return render.Panel([series], _difference_label(order), True, markers), peak


def _peak(x: np.ndarray, y: np.ndarray) -> Peak:
    size = np.where(np.isfinite(y), np.abs(y), -1.0)
    i = int(np.argmax(size))
    return Peak(float(x[i]), float(y[i]))


def _difference_label(order: int) -> str:
    mark = {0: "", 1: "′", 2: "″"}.get(order, f"⁽{_superscript(order)}⁾")
    return f"f₁{mark}(x) − f₂{mark}(x)"

"""The diff command's panel: one function (or derivative) minus another, its largest gap marked.

Both are computed in the same dtype on the same grid; jumps of the difference are found in float64
and drawn honestly, as in every panel (see :mod:`actplot.scene.panels`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from actplot.activations.spec import Spec
from actplot.numeric import sampling
from actplot.scene import curves, data, typeset
from actplot.scene.data import LOW_PRECISION, Options
from actplot.scene.panel_parts import (
    DRAWABLE,
    check_range,
    finite_only,
    jump_markers,
    nothing_to_draw,
    superscript,
    warn,
)


@dataclass(frozen=True)
class Peak:
    """Where a difference is largest in absolute value, and its signed value there."""

    x: float
    value: float


def difference(a: Spec, b: Spec, order: int, dtype: str, opts: Options) -> tuple[data.Panel, Peak]:
    """A panel of a's `order`-th derivative minus b's, both computed in `dtype`, its largest gap marked."""
    kinks = sorted({*a.kinks(), *b.kinks()})
    check_range(opts)
    sampling.check_memory(opts.points, a.cost + b.cost, order, [dtype], opts.device)
    x, ya, yb = sampling.difference(a, b, order, dtype, opts.device, opts.xrange, opts.points, kinks)
    label = _difference_label(order)
    with np.errstate(invalid="ignore", over="ignore"):  # inf - inf where both overflow: a gap, warned below
        y, note = finite_only(ya - yb, f"{typeset.minus(a.label)} − {typeset.minus(b.label)}", dtype)
    if not np.isfinite(y).any():
        raise nothing_to_draw(label, opts)
    warn([note] if note else [])
    markers: list[data.Marker] = []
    if opts.mark_jumps:
        grid64 = sampling.reference_grid(opts.xrange, opts.points, kinks)
        found = sampling.difference_jumps(sampling.Reference(a, grid64), sampling.Reference(b, grid64), order, kinks)
        markers += jump_markers(x, y, found, 0)
        x, y = curves.break_at(x, y, [(j.x, j.left, j.right) for j in found])
    markers = [m for m in markers if abs(m.y) <= DRAWABLE]
    peak = _peak(x, y)
    gap, where = typeset.number(abs(peak.value), ".3g"), typeset.number(peak.x, ".3g")
    markers.append(data.Marker(peak.x, peak.value, 1, shape="D", label=f"max |Δ| = {gap} at x = {where}"))
    x, y = curves.decimate(x, y, opts.columns)
    series = data.Series(f"{typeset.minus(a.label)} − {typeset.minus(b.label)}", x, y, 0, steps=dtype in LOW_PRECISION)
    return data.Panel([series], label, markers), peak


def _peak(x: np.ndarray, y: np.ndarray) -> Peak:
    size = np.where(np.isfinite(y), np.abs(y), -1.0)
    i = int(np.argmax(size))
    return Peak(float(x[i]), float(y[i]))


def _difference_label(order: int) -> str:
    mark = {0: "", 1: "′", 2: "″"}.get(order, f"⁽{superscript(order)}⁾")
    return f"f₁{mark}(x) − f₂{mark}(x)"

"""What a gallery page's sliders show: every curve of every lattice (see :mod:`actplot.scene.lattice`),
computed by PyTorch beforehand, with the jumps and their marks that figures get.

Each curve is f and f' sampled as figures sample them (evenly spaced points plus 0 and the curve's own
kinks, in the gallery's dtype), just fewer points; jumps are found in float64 once per curve and order
(see :mod:`actplot.numeric.jumps`), and marked with PyTorch's value at the jump (filled) and the other
one-sided limits (open), as :func:`actplot.scene.panel_parts.jump_markers` marks them in figures. The
page only draws these numbers; nothing is computed in the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from actplot.activations.spec import FuncSpec, Spec
from actplot.scene import lattice as lattices

if TYPE_CHECKING:
    import numpy as np

ORDERS: Final = (0, 1)  # f and f'
POINTS: Final = 201  # evenly spaced samples per curve (kinks and 0 come on top)

Jump = tuple[float, float, float]  # x, left limit, right limit: where the line breaks
Mark = tuple[float, float, bool]  # x, y, filled (PyTorch's value) or open (the other limit)


@dataclass(frozen=True)
class Curve:
    """One lattice point: the samples and, for each order, its jumps and their marks."""

    x: np.ndarray
    values: tuple[np.ndarray, ...]  # values[k] is the k-th derivative at x, as computed in the dtype
    jumps: tuple[tuple[Jump, ...], ...]
    marks: tuple[tuple[Mark, ...], ...]
    exact: tuple[bool, ...]  # False: that order came from central differences


@dataclass(frozen=True)
class Slider:
    lattice: lattices.Lattice
    curves: tuple[Curve, ...]  # curves[i] is the function at lattice.values[i]


@dataclass(frozen=True)
class Sliders:
    """Everything one function's sliders show, and how it was computed."""

    label: str
    sliders: tuple[Slider, ...]
    dtype: str
    xrange: tuple[float, float]
    points: int


def sliders(fs: Spec, xrange: tuple[float, float], dtype: str = "float32", device: str = "cpu",
            points: int = POINTS) -> Sliders | None:  # fmt: skip
    """The curves behind `fs`'s sliders, or None when it has no numeric parameter. Of several dtypes
    (``"bfloat16,float32"``) the first is the one computed."""
    from actplot.scene.panels import split_dtypes

    found = lattices.lattices(fs)
    if not found or not isinstance(fs, FuncSpec):
        return None
    dtype = split_dtypes(dtype)[0]
    out = [Slider(lat, tuple(curve(lat.spec(fs, i), xrange, dtype, device, points) for i in range(len(lat.values))))
           for lat in found]  # fmt: skip
    return Sliders(fs.label, tuple(out), dtype, xrange, points)


def curve(fs: FuncSpec, xrange: tuple[float, float], dtype: str, device: str, points: int) -> Curve:
    """f and f' of `fs` on the figure's kind of grid, with the jumps and marks a figure would show."""
    import numpy as np

    from actplot.numeric import sampling
    from actplot.scene.panel_parts import DRAWABLE, jump_markers

    kinks = fs.kinks()
    s = sampling.sample(fs, dtype, device, xrange, points, kinks, max(ORDERS))
    ref = sampling.Reference(fs, sampling.reference_grid(xrange, points, kinks))
    jumps, marks = [], []
    for k in ORDERS:
        found = ref.jumps(k) if s.exact(k) else []
        y = s.values[k]
        jumps.append(tuple((j.x, j.left, j.right) for j in found))
        marks.append(tuple((m.x, m.y, m.filled) for m in jump_markers(s.x, y, found, 0)
                           if abs(m.y) <= DRAWABLE and np.isfinite(m.y)))  # fmt: skip
    return Curve(s.x, tuple(s.values[k] for k in ORDERS), tuple(jumps), tuple(marks),
                 tuple(s.exact(k) for k in ORDERS))  # fmt: skip

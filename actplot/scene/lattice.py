"""The parameter values a gallery page's sliders stop at: a short lattice around each numeric parameter.

One parameter moves at a time, the others stay at the figure's values, so a function with two
parameters needs two short lattices, not their product. Each lattice is a handful of readable values
chosen for what the parameter does (scales spread out geometrically, offsets evenly), always holds the
figure's own value, and keeps only the values the catalogue accepts with the other parameters as they
are (celu's alpha is never 0, hardtanh's min_val stays below max_val). No torch here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from actplot.activations.spec import ExprSpec, FuncSpec, Spec
from actplot.errors import ParameterError

_SCALE: Final = (0.1, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0)  # for a scale whose default is 1
_BAND: Final = (0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)

# (function, parameter) -> the lattice; a parameter not listed gets _fallback's.
LATTICES: Final[dict[tuple[str, str], tuple[float, ...]]] = {
    ("leaky_relu", "negative_slope"): (-0.2, -0.1, 0.0, 0.01, 0.05, 0.1, 0.2, 0.3, 0.5, 1.0),
    ("prelu", "weight"): (-0.25, 0.0, 0.1, 0.25, 0.4, 0.5, 0.75, 1.0, 1.5),
    ("rrelu", "lower"): (0.0, 0.05, 0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 1 / 3),
    ("rrelu", "upper"): (0.125, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5, 0.75, 1.0),
    ("elu", "alpha"): (0.0, *_SCALE),
    ("celu", "alpha"): _SCALE,
    ("softplus", "beta"): (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0),
    ("softplus", "threshold"): (0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 15.0, 20.0, 30.0),
    ("hardtanh", "min_val"): (-4.0, -3.0, -2.0, -1.5, -1.0, -0.75, -0.5, 0.0, 0.5),
    ("hardtanh", "max_val"): (-0.5, 0.0, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0),
    ("hardshrink", "lambd"): _BAND,
    ("softshrink", "lambd"): _BAND,
    ("threshold", "threshold"): (-3.0, -2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0, 3.0),
    ("threshold", "value"): (-2.0, -1.5, -1.0, -0.5, 0.0, 0.5, 1.0, 1.5, 2.0),
    ("swish", "beta"): (-1.0, 0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 10.0),
    ("squareplus", "b"): (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0),
    ("isru", "alpha"): (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
    ("isrlu", "alpha"): (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0),
    ("snake", "a"): (0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 5.0),
}


@dataclass(frozen=True)
class Lattice:
    """One slider: the parameter, its values in increasing order, and which one is the figure's."""

    param: str
    values: tuple[float, ...]
    start: int  # values[start] is the figure's own value

    def spec(self, fs: FuncSpec, i: int) -> FuncSpec:
        """`fs` with this parameter at its `i`-th value, the others as they are."""
        return fs.with_params(**{self.param: self.values[i]})


def lattices(fs: Spec) -> list[Lattice]:
    """A slider for each numeric parameter of `fs` (none for an expression, or a word such as gelu's)."""
    if isinstance(fs, ExprSpec):
        return []
    out = []
    for p in fs.act.params:
        own = fs.params[p.name]
        if p.choices or not isinstance(own, float):
            continue
        base = LATTICES.get((fs.name, p.name)) or _fallback(own)
        values = sorted({v for v in (*base, own) if _accepted(fs, p.name, v)})
        if len(values) > 1:
            out.append(Lattice(p.name, tuple(values), values.index(own)))
    return out


def _fallback(own: float) -> Sequence[float]:
    """Nine values evenly around `own`, a quarter of its size apart (a quarter apart around 0)."""
    step = abs(own) / 4 or 0.25
    return [own + step * k for k in range(-4, 5)]


def _accepted(fs: FuncSpec, name: str, value: float) -> bool:
    try:
        fs.with_params(**{name: value})
    except ParameterError:
        return False
    return True


def describe(lattice: Lattice) -> str:
    """``alpha: 0, 0.1, 0.25, ...``: what a page says its slider stops at."""
    from actplot.scene import typeset

    return f"{lattice.param}: " + ", ".join(typeset.minus(f"{v:.4g}") for v in lattice.values)

"""Which curve looks like what: every curve of a figure told from every other, ordered values in order.

A figure's curves are functions x swept values x dtypes. Colour goes to what the reader compares most:
the swept parameter (a sequential ramp, lightness rising with the value), else the functions; dash
patterns go to the dtypes, else to the functions of a sweep, else repeat the colour (so a plain overlay
still reads in grayscale). Any two curves left alike take marks along the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from actplot.scene.data import Look


@dataclass(frozen=True)
class Place:
    """Where a curve sits among the figure's functions, swept values and dtypes (0-based)."""

    func: int = 0
    value: int = 0
    dtype: int = 0


def assign(places: Sequence[Place]) -> list[Look]:
    """A look for each curve; no two curves get the same one.

    >>> [(k.colour, k.dash) for k in assign([Place(0, 0, 0), Place(0, 0, 1), Place(1, 0, 0), Place(1, 0, 1)])]
    [(0, 0), (0, 1), (1, 0), (1, 1)]
    """
    funcs = 1 + max((p.func for p in places), default=0)
    values = 1 + max((p.value for p in places), default=0)
    dtypes = 1 + max((p.dtype for p in places), default=0)
    if values == 1 and dtypes == 1:
        return [Look.distinct(i) for i in range(len(places))]  # one list of curves: colour and dash together
    if values == 1 and funcs == 1:  # one function in several dtypes: each its own colour and dash, wide to narrow
        return [replace(Look.distinct(p.dtype), width=1.5 + 1.1 * (dtypes - 1 - p.dtype)) for p in places]
    looks = [_look(p, funcs, values, dtypes) for p in places]
    return _marked(looks)


def _look(p: Place, funcs: int, values: int, dtypes: int) -> Look:
    """Colour by value (a ramp) or function, dash by dtype or function; the dtypes of one curve are
    drawn from wide to narrow, so curves that coincide (as dtypes mostly do) all stay visible."""
    ramp = p.value / (values - 1) if values > 1 else None
    colour = p.func % 7
    if dtypes > 1:
        dash = p.dtype % 8
    elif values > 1 and funcs > 1:
        dash = p.func % 8
    else:
        dash = 0
    width = 1.5 + 1.1 * (dtypes - 1 - p.dtype) if dtypes > 1 else None
    return Look(colour, dash, ramp, width=width)


def _marked(looks: list[Look]) -> list[Look]:
    """Give a curve that looks like an earlier one a mark of its own (the n-th repeat, the n-th shape)."""
    seen: dict[tuple[int, int, float | None], int] = {}
    out = []
    for look in looks:
        key = (look.colour if look.ramp is None else -1, look.dash, look.ramp)
        repeat = seen.get(key, 0)
        seen[key] = repeat + 1
        out.append(replace(look, mark=repeat - 1) if repeat else look)
    return out

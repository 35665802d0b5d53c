"""The parts every panel is built from: the options, finite values, jump markers and the range checks.

Plain numpy; the curves themselves come from :mod:`actplot.numeric.sampling`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Final

import numpy as np

from actplot.errors import NonFiniteWarning, UsageError
from actplot.numeric import compute, jumps
from actplot.scene import data
from actplot.scene.data import Options

DRAWABLE: Final = 1e300  # beyond this matplotlib's tick and margin arithmetic overflows float64


def check_range(opts: Options) -> None:
    """Refuse, before computing anything, a range that is no range or too wide for an axis."""
    lo, hi = opts.xrange
    compute.check_range(lo, hi, opts.points)  # the plain mistakes (nan, MIN >= MAX) are named first
    if max(abs(lo), abs(hi)) > DRAWABLE:
        raise UsageError(
            f"--range {lo:g} {hi:g} is too wide to draw: figures take x within +-1e300",
            hint="narrow it (the table command takes any float64 range)",
        )


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


def warn(notes: Sequence[str]) -> None:
    for note in notes:
        warnings.warn(note, NonFiniteWarning, stacklevel=4)


def nothing_to_draw(label: str, opts: Options) -> UsageError:
    lo, hi = opts.xrange
    return UsageError(
        f"nothing to draw: {label} has no finite value on --range {lo:g} {hi:g}",
        hint="choose a range where the function is finite, or another --dtype",
    )


def jump_markers(x: np.ndarray, y: np.ndarray, found: Sequence[jumps.Jump], look: int) -> list[data.Marker]:
    """A filled dot at the value the curve takes at each jump, open circles at the other limits."""
    out = []
    for j in found:
        at = np.flatnonzero(x == j.x)
        value = float(y[at[0]]) if at.size else j.value  # this dtype's own value where the grid holds x
        out.append(data.Marker(j.x, value, look, filled=True))
        out += [data.Marker(j.x, limit, look, filled=False) for limit in j.open_limits]
    return out


def superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))

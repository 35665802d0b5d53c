"""Sampled curves made ready to draw: broken at jumps, thinned to the pixels, their flat tails and lows.

Plain numpy on CPU arrays; nothing here knows about torch or matplotlib.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def break_at(
    x: np.ndarray, y: np.ndarray, jumps: Sequence[tuple[float, float, float]]
) -> tuple[np.ndarray, np.ndarray]:
    """The curve with each jump (x0, left, right) drawn as two ends and a NaN between them.

    The samples at x0 itself are dropped (a marker shows PyTorch's value there), and each side is
    extended to x0 at its one-sided limit, so the line reaches the jump but never crosses it.

    >>> break_at(np.array([-1.0, 0.0, 1.0]), np.array([0.0, 0.0, 1.0]), [(0.0, 0.0, 1.0)])[1].tolist()
    [0.0, 0.0, nan, 1.0, 1.0]
    """
    xs, ys, start = [], [], 0
    for x0, left, right in sorted(jumps):
        lo = int(np.searchsorted(x, x0, side="left"))
        hi = int(np.searchsorted(x, x0, side="right"))
        xs += [x[start:lo], np.array([x0, x0, x0])]
        ys += [y[start:lo], np.array([left, np.nan, right])]
        start = max(start, hi)
    xs.append(x[start:])
    ys.append(y[start:])
    return np.concatenate(xs), np.concatenate(ys)


def decimate(x: np.ndarray, y: np.ndarray, columns: int) -> tuple[np.ndarray, np.ndarray]:
    """At most about two points per pixel column: each column's lowest and highest (in order).

    The first and last point of every unbroken piece and every NaN break are kept, so nothing a
    figure shows (an extreme, a jump's two ends) is lost. Short curves come back unchanged.
    """
    if x.size <= 4 * columns:
        return x, y
    breaks = np.flatnonzero(np.isnan(y))
    keep = [breaks]
    for lo, hi in zip(np.r_[0, breaks + 1], np.r_[breaks, x.size]):
        if hi > lo:
            keep.append(lo + _extremes(x[lo:hi], y[lo:hi], x[0], x[-1], columns))
    index = np.unique(np.concatenate(keep))
    return x[index], y[index]


def _extremes(x: np.ndarray, y: np.ndarray, x_first: float, x_last: float, columns: int) -> np.ndarray:
    """Indices of the ends of this piece and of the minimum and maximum in each pixel column."""
    width = (x_last - x_first) or 1.0
    column = np.clip(((x - x_first) / width * columns).astype(np.intp), 0, columns - 1)
    starts = np.flatnonzero(np.r_[True, column[1:] != column[:-1]])
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, x.size]))
    found = [np.array([0, x.size - 1])]
    for reduce in (np.minimum, np.maximum):
        hits = np.flatnonzero(y == reduce.reduceat(y, starts)[group])
        _, first = np.unique(group[hits], return_index=True)
        found.append(hits[first])
    return np.unique(np.concatenate(found))


def low_regions(x: np.ndarray, slope: np.ndarray, threshold: float) -> list[tuple[float, float]]:
    """The x intervals where abs(slope) < threshold, as (start, end) pairs of grid values."""
    low = np.abs(slope) < threshold
    edges = np.flatnonzero(np.diff(np.r_[False, low, False].astype(np.int8)))
    return [(float(x[s]), float(x[e - 1])) for s, e in zip(edges[::2], edges[1::2])]


def zero_tails(x: np.ndarray, y: np.ndarray) -> tuple[float | None, float | None]:
    """Where y becomes exactly 0 and stays 0 to the left end and to the right end (None: it does not).

    >>> zero_tails(np.arange(5.0), np.array([0.0, 1.0, 2.0, 0.0, 0.0]))
    (0.0, 3.0)
    """
    nonzero = np.flatnonzero(y != 0)
    if nonzero.size == 0:
        return None, None
    first, last = int(nonzero[0]), int(nonzero[-1])
    left = float(x[first - 1]) if first > 0 else None
    right = float(x[last + 1]) if last < y.size - 1 else None
    return left, right


def inf_tails(x: np.ndarray, y: np.ndarray) -> tuple[float | None, float | None]:
    """Where y becomes +-inf and stays infinite to the left end and to the right end (None: it does not).

    >>> inf_tails(np.arange(4.0), np.array([1.0, 2.0, np.inf, -np.inf]))
    (None, 2.0)
    """
    finite = np.isfinite(y) | np.isnan(y)
    left, right = zero_tails(x, finite.astype(np.float64))  # the tails where `finite` is 0 (False)
    first = int(np.flatnonzero(finite)[0]) if finite.any() else 0
    return (left if first > 0 and np.isinf(y[0]) else None), (right if np.isinf(y[-1]) else None)

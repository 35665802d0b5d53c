"""Jumps in a curve, told apart from steep continuous stretches by shrinking the interval around them.

Sampled on a grid, a jump and a steep but continuous rise look alike: one large step between two
neighbouring points. Bisection tells them apart: halving the interval around a jump keeps its gap,
while a continuous curve's gap shrinks with the interval. Everything here works on any callable
``Tensor -> Tensor`` (a catalogue function, a derivative, a user's expression), evaluated in float64
on the CPU, so a jump is found the same way whatever dtype the figure is drawn in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch

Fn = Callable[[torch.Tensor], torch.Tensor]

RELATIVE_TOLERANCE: Final = 1e-3  # a gap under this share of the curve's height is invisible: no jump
MAX_CANDIDATES: Final = 256  # intervals bisected at most (the largest steps first)
_BISECTIONS: Final = 110  # enough to reach neighbouring float64 values from any grid step


@dataclass(frozen=True)
class Jump:
    """A discontinuity at `x`: PyTorch's value there and the two one-sided limits."""

    x: float
    value: float  # what the function returns at x (the filled dot)
    left: float  # limit from the left
    right: float  # limit from the right
    tolerance: float  # gaps smaller than this are not told apart

    @property
    def open_limits(self) -> tuple[float, ...]:
        """The one-sided limits the function does not take at x (the open circles)."""
        return tuple(v for v in dict.fromkeys((self.left, self.right)) if abs(v - self.value) > self.tolerance)


def tolerance(y: np.ndarray) -> float:
    """The smallest gap worth drawing for a curve with values `y`."""
    finite = y[np.isfinite(y)]
    # scaled before subtracting: the span of values near +-1e308 would overflow
    span = float(finite.max() * RELATIVE_TOLERANCE - finite.min() * RELATIVE_TOLERANCE) if finite.size else 0.0
    return max(span, 1e-12)


def find(g: Fn, x: np.ndarray, y: np.ndarray, known: Sequence[float] = ()) -> list[Jump]:
    """The jumps of `g` over the sorted grid `x` (with y = g(x)), checking the points `known` too.

    >>> import torch, numpy as np
    >>> x = np.linspace(-1, 1, 11)
    >>> step = lambda t: (t > 0.25).to(t.dtype)
    >>> [j.x for j in find(step, x, step(torch.from_numpy(x)).numpy())]
    [0.25]
    """
    tol = tolerance(y)
    with np.errstate(over="ignore", invalid="ignore"):  # inf - inf where a function overflows: no jump
        starts = suspicious(y, tol)
    width = float(x[-1] - x[0]) if x.size > 1 else 0.0
    points = sorted({float(k) for k in known if x[0] <= k <= x[-1]})
    at: dict[float, Jump | None] = {p: _jump_at(g, p, tol, width) for p in points}  # checked first: see below
    starts = _unexplained(starts, x, y, at)
    if starts.size:
        a, b = _bisect(g, torch.from_numpy(x[starts]), torch.from_numpy(x[starts + 1]))
        gap = (_eval(g, b) - _eval(g, a)).abs()
        for ai, bi in zip(a[gap > tol].tolist(), b[gap > tol].tolist()):
            p = _rounder(ai, bi)
            if p not in at:
                at[p] = _jump_at(g, p, tol, width)
    return [jump for _, jump in sorted(at.items()) if jump is not None]


def _unexplained(starts: np.ndarray, x: np.ndarray, y: np.ndarray, at: dict[float, Jump | None]) -> np.ndarray:
    """The intervals of `starts` whose step a jump at a known point (one of their ends) does not explain.

    Bisecting such an interval would only find that known point again, after up to a hundred
    evaluations (next to 0, halving goes on down to the smallest floats); the rest are bisected.
    """
    if not starts.size or not any(j is not None for j in at.values()):
        return starts
    keep = []
    for i in starts.tolist():
        lo, hi = float(x[i]), float(x[i + 1])
        step = abs(float(y[i + 1]) - float(y[i]))
        left, right = at.get(hi), at.get(lo)  # a jump at the interval's right end, or at its left end
        explained = (left is not None and abs(left.value - left.left) >= step / 2) or (
            right is not None and abs(right.right - right.value) >= step / 2
        )
        if not explained:
            keep.append(i)
    return np.asarray(keep, dtype=starts.dtype)


def suspicious(y: np.ndarray, tol: float) -> np.ndarray:
    """Start indices of grid intervals whose step is visible and much larger than a neighbour's."""
    step = np.abs(np.diff(y))
    step[~np.isfinite(step)] = 0.0
    if step.size == 0:
        return np.empty(0, dtype=np.intp)
    prev = np.r_[step[1:2], step[:-1]] if step.size > 1 else step
    nxt = np.r_[step[1:], step[-2:-1]] if step.size > 1 else step
    flagged = np.flatnonzero((step > tol) & (step > 2 * np.minimum(prev, nxt)))
    if flagged.size > MAX_CANDIDATES:
        flagged = np.sort(flagged[np.argsort(-step[flagged], kind="stable")[:MAX_CANDIDATES]])
    return flagged


def _eval(g: Fn, x: torch.Tensor) -> torch.Tensor:
    return g(x.to(torch.float64)).detach().to(torch.float64)


def _bisect(g: Fn, a: torch.Tensor, b: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Shrink every interval [a, b] to the half with the larger gap until its ends are neighbours."""
    ga, gb = _eval(g, a), _eval(g, b)
    for _ in range(_BISECTIONS):
        m = a + (b - a) / 2
        active = (m > a) & (m < b)
        if not bool(active.any()):
            break
        gm = _eval(g, m)
        left = active & ((gm - ga).abs() >= (gb - gm).abs())
        right = active & ~left
        b, gb = torch.where(left, m, b), torch.where(left, gm, gb)
        a, ga = torch.where(right, m, a), torch.where(right, gm, ga)
    return a, b


def _rounder(a: float, b: float) -> float:
    """Of two neighbouring values, the one a person would have written (0.3, not 0.30000000000000004)."""
    return a if len(repr(a)) <= len(repr(b)) else b


def _jump_at(g: Fn, x0: float, tol: float, width: float = 0.0) -> Jump | None:
    """The jump at x0, or None where g is continuous there (a kink such as relu's at 0). The one-sided
    limits are read a hair's breadth away: a billionth of x0 (or of 1), and never more than a
    ten-millionth of the range drawn, so on [-1e-9, 1e-9] relu's kink is not taken for a jump."""
    delta = 1e-9 * max(1.0, abs(x0))
    if width > 0:
        delta = min(delta, 1e-7 * width)
    left, value, right = _eval(g, torch.tensor([x0 - delta, x0, x0 + delta], dtype=torch.float64)).tolist()
    if not all(np.isfinite((left, value, right))):
        return None  # a pole or a gap in the domain is not a jump with two limits
    if max(abs(left - right), abs(value - left), abs(value - right)) <= tol:
        return None
    return Jump(x0, value, left, right, tol)

"""Mean-field signal propagation (Poole et al. 2016, Schoenholz et al. 2017) and torch's init gains.

A wide layer x ← W f(x) + b with W ~ N(0, σ_w²/n), b ~ N(0, σ_b²) maps the pre-activation variance q
to V(q) = σ_w² E[f(√q z)²] + σ_b². Its fixed point q* is where deep signals settle, and
χ₁ = σ_w² E[f'(√q* z)²] says whether nearby inputs converge (χ₁ < 1: ordered) or separate (χ₁ > 1:
chaotic) with depth. Every expectation comes from :mod:`actplot.numeric.gaussian`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch

from actplot.numeric import gaussian

Fn = Callable[[torch.Tensor], torch.Tensor]

CRITICAL_TOL: Final = 1e-6  # |χ₁ − 1| at most this (or its error bound, if larger): critical
GROWTH_LIMIT: Final = 1e12  # q beyond this (times the start) with V(q) > q still: no fixed point
_STEPS: Final = 60  # iterations before bisection takes over
_BISECTIONS: Final = 120
_ZERO_LIMIT: Final = 1e-200
_TINY: Final = 1e-12  # q below this (relative to the start) on the way to the fixed point 0: it is 0
_RTOL: Final = 1e-13


@dataclass(frozen=True)
class Field:
    """One function's mean-field setting: what is integrated, and the weight and bias variances."""

    fn: Fn
    kinks: tuple[float, ...]
    sw2: float
    sb2: float
    dtype: torch.dtype = torch.float64

    def second(self, qs: Sequence[float]) -> list[gaussian.Moments]:
        return gaussian.moments(self.fn, self.kinks, qs, self.dtype)

    def vmap(self, q: float) -> float:
        return self.sw2 * self.second([q])[0].second.value + self.sb2


@dataclass(frozen=True)
class FixedPoint:
    """q* (None when q grows without bound), its error bound, χ₁ at q* and the phase."""

    q: float | None
    q_error: float
    chi1: gaussian.Estimate | None
    phase: str
    steps: int


def zero_limit(dtype: torch.dtype) -> float:
    """A q standing for 0+: √q z stays above the dtype's smallest normal number."""
    return max(_ZERO_LIMIT, (torch.finfo(dtype).tiny * 16) ** 2)


def phase_of(chi1: gaussian.Estimate) -> str:
    if not math.isfinite(chi1.value):
        return "undefined"
    if abs(chi1.value - 1) <= max(CRITICAL_TOL, chi1.error):
        return "critical"
    return "ordered" if chi1.value < 1 else "chaotic"


def fixed_point(field: Field, start: float) -> FixedPoint:
    """The fixed point the iteration q ← V(q) reaches from `start`: iterated, then solved by bisection
    on V(q) − q where the iteration is slow (near the critical line it converges like 1/steps)."""
    q, steps, zero = start, 0, field.vmap(0.0) == 0  # zero: q* = 0 is a fixed point
    while steps < _STEPS:
        nxt = field.vmap(q)
        steps += 1
        if not math.isfinite(nxt):  # overflowed on the way up, or undefined
            return FixedPoint(None, math.inf, None, "grows without bound" if nxt > q else "undefined", steps)
        if abs(nxt - q) <= _RTOL * max(q, nxt) or (zero and nxt < _TINY * max(start, 1.0)):
            q = nxt if nxt >= _TINY * max(start, 1.0) else 0.0
            break
        q = nxt
        if q > GROWTH_LIMIT * max(start, 1.0):
            return FixedPoint(None, math.inf, None, "grows without bound", steps)
    else:
        root = _bracket(field, q, zero)
        if root is None:
            return FixedPoint(None, math.inf, None, "grows without bound", steps)
        q = root
    point = _at(field, q, steps)
    if zero and 0 < q < math.sqrt(torch.finfo(field.dtype).eps) * max(start, 1.0):
        # V(q) - q is below the dtype's rounding here: q* is as likely the fixed point 0
        point = FixedPoint(q, max(point.q_error, q), point.chi1, point.phase, steps)
    return point


def _bracket(field: Field, q: float, zero: bool) -> float | None:
    """A root of V(q) − q near the slow iterate q: searched below it if V(q) < q, above it if not."""
    g = field.vmap(q) - q
    if g == 0:
        return q
    if g < 0:
        lo, hi = 0.0, q
    else:
        lo, hi = q, 2 * q + 1
        while field.vmap(hi) - hi > 0:
            lo, hi = hi, 2 * hi
            if hi > GROWTH_LIMIT * max(q, 1.0):
                return None
    for _ in range(_BISECTIONS):
        mid = (lo + hi) / 2
        if hi - lo <= _RTOL * hi or mid in (lo, hi):
            break
        if zero and lo == 0 and hi < _TINY * max(q, 1.0):
            return 0.0
        lo, hi = (mid, hi) if field.vmap(mid) - mid > 0 else (lo, mid)
    return (lo + hi) / 2


def _at(field: Field, q: float, steps: int) -> FixedPoint:
    """χ₁ and the phase at q*, and q*'s error: |V(q*) − q*| and V's own error, over 1 − V'(q*)."""
    at = q if q > 0 else zero_limit(field.dtype)  # q* = 0: χ₁ as q -> 0+ (relu's σ_w²/2, not f'(0) = 0)
    here, near = field.second([at, at * (1 + 1e-6)])
    v = field.vmap(q)
    slope = field.sw2 * (near.second.value - here.second.value) / (near.q - at)
    spread = (abs(v - q) + field.sw2 * here.second.error) / max(abs(1 - slope), 1e-6)
    chi1 = gaussian.Estimate(field.sw2 * here.grad_second.value, field.sw2 * here.grad_second.error)
    return FixedPoint(q, spread, chi1, phase_of(chi1), steps)


def depth_curve(field: Field, start: float, depth: int) -> list[float]:
    """q after each of `depth` layers, starting from `start` (inf once it overflows)."""
    out, q = [], start
    for _ in range(depth):
        q = field.vmap(q) if math.isfinite(q) else math.inf
        out.append(q)
    return out


@dataclass(frozen=True)
class PhaseGrid:
    """χ₁ at the fixed point over a grid of σ_w² (columns) and σ_b² (rows); nan: no fixed point."""

    sw2: np.ndarray
    sb2: np.ndarray
    chi1: np.ndarray  # (len(sb2), len(sw2))
    critical: list[tuple[float, float]]  # (σ_w², σ_b²) on the line χ₁ = 1


def phase_grid(fn: Fn, kinks: Sequence[float], sw2: np.ndarray, sb2: np.ndarray,
               dtype: torch.dtype = torch.float64) -> PhaseGrid:  # fmt: skip
    """χ₁ over the grid, from A(q) = E[f(√q z)²] and B(q) = E[f'(√q z)²] on a grid of q (all integrated in
    one batch): the fixed point at (σ_w², σ_b²) is the first q where q − σ_w² A(q) reaches σ_b², and the
    critical line is σ_w² B(q) = 1, where σ_b² = q − σ_w² A(q) (Poole et al.'s construction)."""
    qs = np.concatenate([[zero_limit(dtype)], np.logspace(-5, 4, 181)])  # q -> 0+, as at a fixed point 0
    found = gaussian.moments(fn, kinks, qs.tolist(), dtype)
    a = torch.tensor([m.second.value for m in found], dtype=torch.float64)
    b = torch.tensor([m.grad_second.value for m in found], dtype=torch.float64)
    q = torch.from_numpy(qs)
    w = torch.from_numpy(sw2)[:, None]
    h = q - w * a  # (sw2, q): the σ_b² for which q is a fixed point
    target = torch.from_numpy(sb2)[None, :, None]  # (1, sb2, 1)
    reached = h[:, None, :] >= target  # (sw2, sb2, q)
    first = torch.where(reached.any(-1), reached.to(torch.int8).argmax(-1), -1)
    k = first.clamp(min=1)
    h0, h1 = h.gather(1, k - 1), h.gather(1, k)
    t = ((target[0, :, 0][None, :] - h0) / (h1 - h0)).clamp(0, 1).nan_to_num(1.0)
    bb = (1 - t) * b[k - 1] + t * b[k]
    chi = torch.where(first == 0, w * b[0], w * bb)
    chi = torch.where(first < 0, torch.nan, chi)
    return PhaseGrid(sw2, sb2, chi.T.numpy(), _critical_line(qs, a.numpy(), b.numpy(), sw2))


def _critical_line(qs: np.ndarray, a: np.ndarray, b: np.ndarray, sw2: np.ndarray) -> list[tuple[float, float]]:
    """Points (σ_w², σ_b²) with χ₁ = 1: along q, σ_w² = 1 / B(q) and σ_b² = q − A(q) / B(q)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        w = 1 / b
        s = qs - a / b
    keep = np.isfinite(w) & np.isfinite(s) & (s >= 0) & (w >= sw2.min()) & (w <= sw2.max())
    return [(float(x), float(y)) for x, y in zip(w[keep], s[keep])]


# torch.nn.init.calculate_gain's names for catalogue entries, and the parameter it takes, if any


def torch_gain(name: str, param: float | None) -> float:
    """torch.nn.init.calculate_gain(name, param), as this torch computes it."""
    return float(torch.nn.init.calculate_gain(name, param))  # type: ignore[arg-type]

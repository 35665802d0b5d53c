"""The shape of an activation as mathematics sees it: computed in float64 on the CPU (imports torch).

The real line is cut at the declared kinks into open pieces on which f is smooth. On each piece f's
image is an interval whose ends are the piece's extrema (attained: closed) or the limits at its ends
(approached: open); the values at the kinks are single points. The union of all of them is the range,
so a jump shows as a gap ({0} u (1, inf) for threshold). Limits at a finite end are extrapolated from
inside the piece; limits at +-inf from f at 10^2 ... 10^6 (Aitken's extrapolation), never read off a
sample at the edge of some domain. Extrema are searched within REACH of the kinks and 0, where every
catalogue entry has them; beyond that f is taken to approach its limits.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from fractions import Fraction
from typing import Any, Final

import torch

Fn = Callable[[torch.Tensor], torch.Tensor]
Interval = tuple[float, bool, float, bool]  # lower, closed below, upper, closed above

REACH: Final = 10.0  # extrema are searched on [min(kinks, 0) - REACH, max(kinks, 0) + REACH]
STEP: Final = 1e-3  # the search grid's step there
TAILS: Final = tuple(10.0**k for k in range(2, 7))  # where limits at +-inf are extrapolated from
SIDE: Final = 1e-9  # the offset (relative) of the samples a one-sided limit is extrapolated from
SAME: Final = 1e-11  # relative: two values closer than this are one number (float64 evaluation noise)
SNAP: Final = 1e-9  # relative: an extrapolated limit this close to a small fraction is that fraction (the
# catalogue's limits extrapolate to within 1e-10 of theirs; 0.99999999 must stay itself)


def _eval(fn: Fn, xs: Iterable[float], order: int = 0) -> list[float]:
    x = torch.tensor(list(xs), dtype=torch.float64, requires_grad=order > 0)
    y = fn(x)
    if order:
        (g,) = torch.autograd.grad(y.sum(), x, allow_unused=True) if y.requires_grad else (None,)
        y = torch.zeros_like(x) if g is None else g
    values: list[float] = y.detach().tolist()
    return values


def _scale(v: float) -> float:
    return max(1.0, abs(v))


def _snap(v: float, tol: float = SNAP) -> float:
    """`v`, or the fraction p/q (q <= 12) within `tol` (relative) of it: extrapolation leaves noise in
    the last digits."""
    if not math.isfinite(v):
        return v
    near = Fraction(v).limit_denominator(12)
    return float(near) if abs(v - float(near)) <= tol * _scale(v) else v


def tail_limit(fn: Fn, side: int, order: int = 0) -> float | None:
    """The limit of f (order 0) or f' (order 1) as x -> side * inf: a number, +-inf, or None if none."""
    v = _eval(fn, [side * t for t in TAILS], order)
    if any(math.isinf(a) for a in v[-2:]):
        return v[-1] if math.isinf(v[-1]) else None
    if not all(math.isfinite(a) for a in v):
        return None
    d = [b - a for a, b in zip(v, v[1:])]
    if all(x > 0 for x in d[-3:]) or all(x < 0 for x in d[-3:]):
        if all(abs(b) >= 0.95 * abs(a) for a, b in zip(d[-3:], d[-2:])):  # not shrinking: diverges
            return math.copysign(math.inf, d[-1])
    if abs(d[-1]) > 0.5 * abs(d[-2]) and abs(d[-1]) > SAME * _scale(v[-1]):
        return None  # neither settling nor growing: oscillates
    if d[-1] == 0.0 or d[-2] == d[-1]:
        return _snap(v[-1])
    return _snap(v[-1] - d[-1] ** 2 / (d[-1] - d[-2]))  # Aitken's delta-squared


def side_limit(fn: Fn, k: float, side: int, order: int = 0) -> float:
    """The limit of f or f' as x -> k from the left (side -1) or right (1), extrapolated linearly."""
    h = SIDE * _scale(k)
    near, far, at = _eval(fn, [k + side * h, k + 2 * side * h, k], order)
    limit = 2 * near - far
    if abs(limit - at) <= SAME * _scale(at):  # continuous from this side
        return at
    return _snap(limit, SAME)


def window(kinks: tuple[float, ...]) -> torch.Tensor:
    """The search grid: step STEP over the kinks and 0 plus REACH, with every kink on it exactly."""
    per_unit = round(1 / STEP)  # i / per_unit is correctly rounded: integers and kinks like 3 land exactly
    lo, hi = math.floor(min((*kinks, 0.0)) - REACH), math.ceil(max((*kinks, 0.0)) + REACH)
    base = torch.arange(lo * per_unit, hi * per_unit + 1, dtype=torch.float64) / per_unit
    grid: torch.Tensor = torch.unique(torch.cat([base, torch.tensor([*kinks, 0.0], dtype=torch.float64)]))
    return grid


def _refine(fn: Fn, x: float, sign: int, order: int, lo: float, hi: float) -> tuple[float, float]:
    """(x, value) of the extremum of sign * f (or f') near grid point x, zooming in within (lo, hi)."""
    h = STEP
    best = x
    for _ in range(4):
        xs = [min(max(best + h * i / 50, lo), hi) for i in range(-50, 51)]
        vs = [sign * v for v in _eval(fn, xs, order)]
        i = max(range(len(xs)), key=lambda j: (vs[j], -abs(xs[j])))
        best, h = xs[i], h / 50
    return best, _eval(fn, [best], order)[0]


def extrema(fn: Fn, xs: torch.Tensor, v: torch.Tensor, sign: int, order: int = 0,
            signed: torch.Tensor | None = None) -> list[tuple[float, float]]:  # fmt: skip
    """(x, value) of the local maxima of sign * v (sign -1: minima) inside `xs`, refined between grid
    points; points of a plateau are kept as they are (every one of them attains the value). `v` is f
    or f' (`order` 0 or 1), or its absolute value when `signed` holds f or f' itself."""
    s = sign * v
    if len(s) < 3:
        return []
    mid = s[1:-1]
    hits = (mid >= s[:-2]) & (mid >= s[2:]) & torch.isfinite(mid)
    flat = hits & ((mid == s[:-2]) | (mid == s[2:]))
    found = [(float(xs[i + 1]), float(v[i + 1])) for i in torch.nonzero(flat).flatten().tolist()]
    peaks = torch.nonzero(hits & ~flat).flatten()
    top = float(mid[peaks].max()) if len(peaks) else 0.0
    for i in peaks.tolist():  # only the candidates for the extreme value are worth refining
        if float(mid[i]) >= top - 1e-3 * _scale(top):
            turn = sign if signed is None or float(signed[i + 1]) >= 0 else -sign
            x, value = _refine(fn, float(xs[i + 1]), turn, order, float(xs[i]), float(xs[i + 2]))
            found.append((x, value if signed is None else abs(value)))
    return found


def _piece_end(fn: Fn, a: float, side: int, order: int) -> float | None:
    """f's (or f''s) limit at piece end `a` (a kink or +-inf) from inside the piece."""
    if math.isinf(a):
        return tail_limit(fn, 1 if a > 0 else -1, order)
    return side_limit(fn, a, side, order)


def piece_image(fn: Fn, xs: torch.Tensor, f: torch.Tensor, a: float, b: float) -> Interval:
    """The image of f on the open piece (a, b): extrema found inside are attained, end limits are not."""
    inside = (xs > a) & (xs < b)
    px, pf = xs[inside], f[inside]
    ends = [e for e in (_piece_end(fn, a, 1, 0), _piece_end(fn, b, -1, 0)) if e is not None]
    out: list[tuple[float, bool]] = []
    for sign in (-1, 1):
        best = max((sign * v for _, v in extrema(fn, px, pf, sign)), default=-math.inf)
        limit = max((sign * e for e in ends), default=-math.inf)
        value = max(best, limit)
        out.append((sign * value, best > -math.inf and best >= limit - SAME * _scale(limit)))
    (lo, lo_closed), (hi, hi_closed) = out
    return lo, lo_closed, hi, hi_closed


def close(a: float, b: float) -> bool:
    """Equal, or finite and within SAME: one number computed two ways."""
    return a == b or math.isfinite(a) and math.isfinite(b) and abs(a - b) <= SAME * _scale(b)


def union(parts: list[Interval]) -> list[Interval]:
    """The union of intervals and points, merged where they overlap or touch (ends within SAME)."""
    merged: list[Interval] = []
    for lo, lc, hi, hc in sorted(parts, key=lambda p: (p[0], not p[1])):
        if merged:
            mlo, mlc, mhi, mhc = merged[-1]
            touch = close(lo, mhi)
            if (lo < mhi and not touch) or (touch and (mhc or lc)):
                if close(hi, mhi):
                    merged[-1] = (mlo, mlc, mhi, mhc or hc)
                elif hi > mhi:
                    merged[-1] = (mlo, mlc, hi, hc)
                continue
        merged.append((lo, lc, hi, hc))
    return merged


def image(fn: Fn, kinks: tuple[float, ...], xs: torch.Tensor, f: torch.Tensor) -> list[Interval]:
    """The range of f as a union of intervals and points, pieces between kinks plus the kinks' values."""
    ends = [-math.inf, *kinks, math.inf]
    parts = [piece_image(fn, xs, f, a, b) for a, b in zip(ends, ends[1:])]
    parts += [(v, True, v, True) for v in _eval(fn, kinks) if math.isfinite(v)]
    return union(parts)


def interval_json(part: Interval) -> dict[str, Any]:
    lo, lc, hi, hc = part
    return {"lower": lo if math.isfinite(lo) else None, "closed_lower": lc,
            "upper": hi if math.isfinite(hi) else None, "closed_upper": hc}  # fmt: skip


def bound(fn: Fn, parts: list[Interval], xs: torch.Tensor, f: torch.Tensor, side: int) -> dict[str, Any]:
    """The lower (side -1) or upper (1) end of the range, and the x nearest 0 that attains it."""
    lo, lc, hi, hc = parts[0] if side < 0 else parts[-1]
    value, closed = (lo, lc) if side < 0 else (hi, hc)
    if math.isinf(value):
        return {"bounded": False, "value": None, "at": None, "attained": False}
    at = None
    if closed:
        hits = torch.nonzero((f - value).abs() <= SAME * _scale(value)).flatten()
        if len(hits):
            at = float(xs[hits[torch.argmin(xs[hits].abs())]])
        else:  # an extremum between grid points
            i = int(torch.argmin(side * -f))
            at = _refine(fn, float(xs[i]), side, 0, float(xs[0]), float(xs[-1]))[0]
    return {"bounded": True, "value": value, "at": at, "attained": closed}


def monotonic(v: torch.Tensor) -> str:
    """non-decreasing, non-increasing or no: the steps of `v`, allowing float64 evaluation noise."""
    v = v[torch.isfinite(v)]
    step = v[1:] - v[:-1]
    slack = 8 * torch.finfo(torch.float64).eps * torch.maximum(v[1:].abs(), v[:-1].abs())
    if bool((step >= -slack).all()):
        return "non-decreasing"
    if bool((step <= slack).all()):
        return "non-increasing"
    return "no"


def values(fn: Fn, xs: torch.Tensor, order: int) -> list[float]:
    """f (order 0) or f' (order 1) at `xs`, in float64."""
    return _eval(fn, xs.tolist(), order)


def with_tails(fn: Fn, xs: torch.Tensor, v: torch.Tensor, order: int) -> torch.Tensor:
    """`v` (f or f' on the window `xs`) extended by its values far out, in order of x: what a
    monotonicity check reads, so that the tails beyond the window count too."""
    left = _eval(fn, [-t for t in reversed(TAILS)], order)
    right = _eval(fn, list(TAILS), order)
    return torch.cat([torch.tensor(left, dtype=torch.float64), v, torch.tensor(right, dtype=torch.float64)])


def signs(parts: list[Interval]) -> str:
    """Which signs f takes: both, positive, non-negative, negative, non-positive, or zero (only 0)."""
    lo, lo_closed, _, _ = parts[0]
    _, _, hi, hi_closed = parts[-1]
    if lo < 0 < hi:
        return "both"
    if lo >= 0:
        return "zero" if hi == 0 else "non-negative" if lo == 0 and lo_closed else "positive"
    return "non-positive" if hi == 0 and hi_closed else "negative"

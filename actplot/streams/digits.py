"""The decimal digits of floats, found for whole arrays at once: each finite a > 0 becomes digits m and a
power k (a is written m * 10**k), either the shortest that read back as a in its dtype or a fixed count
of significant digits rounded as printf rounds.  numpy only; the text itself is laid out in numbertext.

Everything is elementwise float64 and int64 arithmetic with correctly rounded powers of ten: a value's
digits never depend on the other values in its array, so blocks of any size give the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]

_P10: Final = np.array([float(f"1e{i}") for i in range(-330, 331)])  # correctly rounded 10**i
_SMALLEST_NORMAL: Final = 2.0**-1022
_NARROW: Final = {"float32": np.float32, "float16": np.float16}  # dtypes numpy rounds to itself


def pow10(k: I64) -> F64:
    """10.0**k correctly rounded, for each k (clipped to +-330)."""
    return np.take(_P10, k + 330, mode="clip")


def exponent(a: F64) -> I64:
    """floor(log10(a)) for finite a > 0: the e with 10.0**e <= a < 10.0**(e + 1) (correctly rounded
    powers).  A first guess from a's binary exponent is within one of it, and two comparisons settle it."""
    if a.size and a.min() < _SMALLEST_NORMAL:  # a subnormal's exponent bits say nothing: guess by log10
        e = np.floor(np.log10(a)).astype(np.int64)
    else:
        e = _floor_log10_pow2((np.ascontiguousarray(a).view(np.int64) >> 52) - 1023)
    e -= a < pow10(e)
    e += a >= pow10(e + 1)
    return e


def _floor_log10_pow2(b: I64) -> I64:
    """floor(log10(2.0**b)) for -1074 <= b <= 1023, in integers (checked for every such b)."""
    return (b * 78913) >> 18


def readback(x: F64, dtype: str) -> F64:
    """The value of dtype that float64 x reads back as (bfloat16: float32 first, then round to
    nearest even on the top 16 bits, as torch converts)."""
    with np.errstate(over="ignore", invalid="ignore"):
        if dtype == "float64":
            return x
        if dtype == "float16":
            return x.astype(np.float16).astype(np.float64)
        f32 = x.astype(np.float32)
        if dtype == "float32":
            return f32.astype(np.float64)
    bits = f32.view(np.uint32).astype(np.uint64)
    bits = (bits + np.uint64(0x7FFF) + ((bits >> np.uint64(16)) & np.uint64(1))) & np.uint64(0xFFFF0000)
    out: F64 = bits.astype(np.uint32).view(np.float32).astype(np.float64)
    return np.where(np.isnan(f32), np.nan, out)  # rounding could carry a nan's payload into the sign


@dataclass(frozen=True)
class _Target:
    """Values a > 0 of one dtype, and a test of whether float64 decimals read back as them."""

    a: F64
    dtype: str
    same: npt.NDArray[Any]  # a in the dtype numpy rounds to (float32, float16), else a itself

    @classmethod
    def of(cls, a: F64, dtype: str) -> _Target:
        narrow = _NARROW.get(dtype)
        return cls(a, dtype, a if narrow is None else a.astype(narrow))

    def subset(self, t: I64) -> _Target:
        return _Target(self.a[t], self.dtype, self.same[t])

    def reads_back(self, c: F64) -> Mask:
        """readback(c) == a; where numpy has the dtype, as c rounded to it == a in it: one cast, not two."""
        narrow = _NARROW.get(self.dtype)
        if narrow is None:
            same: Mask = readback(c, self.dtype) == self.a
            return same
        with np.errstate(over="ignore"):
            same = c.astype(narrow) == self.same
        return same


def _scaled(a: F64, s: I64) -> F64:
    """a * 10**s, in two steps so that 10**s never overflows (one, the same product, where none would)."""
    if not s.size or (s.min() >= -300 and s.max() <= 300):  # the second factor would be 1.0, an exact no-op
        return a * pow10(s)
    s1 = np.clip(s, -300, 300)
    return a * pow10(s1) * pow10(s - s1)


def _decimal(m: F64, k: I64, q: F64, up: I64 | None) -> F64:
    """float(f'{m}e{k}') given q = 10.0**|k| and the places `up` where k > 0 (None: nowhere): correctly
    rounded where |k| <= 22, else within an ulp or two.  k > 0 multiplies by 10**k, k <= 0 divides by
    10**-k (one rounding either way; k == 0 divides by 1.0, the same as multiplying)."""
    c: F64 = m / q
    if up is not None:
        c[up] = m[up] * q[up]
    return c


def _reads_back(c: F64, k: I64, inexact: bool, target: _Target) -> Mask:
    """c reads back as a; where c's decimal is inexact (|k| > 22), also an ulp either way of c must,
    or c is too close to a rounding boundary to trust."""
    ok = target.reads_back(c)
    doubt = np.flatnonzero(ok & (np.abs(k) > 22)) if inexact else ()
    if len(doubt):
        lo, hi = c[doubt] * (1 - 2**-50), c[doubt] * (1 + 2**-50)
        ok[doubt] = readback(lo, target.dtype) == readback(hi, target.dtype)
    return ok


def _try(target: _Target, e: I64, p: I64) -> tuple[Mask, I64, I64]:
    """For each a, is there a p-digit decimal that reads back as a?  Also its digits m and power k:
    of the two p-digit decimals around a, the one that reads back, the nearer if both do."""
    a = target.a
    k = e - p + 1
    lowest, highest = (int(k.min()), int(k.max())) if k.size else (0, 0)
    down = pow10(-k)
    low = np.floor(a * down if -300 <= lowest and highest <= 300 else _scaled(a, -k))  # floor(a / 10**k)
    high = low + 1
    q = down if highest <= 0 else pow10(np.abs(k))  # 10**|k|
    up = np.flatnonzero(k > 0) if highest > 0 else None
    c_low, c_high = _decimal(low, k, q, up), _decimal(high, k, q, up)
    inexact = lowest < -22 or highest > 22
    ok_low, ok_high = _reads_back(c_low, k, inexact, target), _reads_back(c_high, k, inexact, target)
    take_high = ok_high & ~ok_low
    both = np.flatnonzero(ok_high & ok_low)
    if both.size:  # the nearer one
        take_high[both] = np.abs(c_high[both] - a[both]) < np.abs(c_low[both] - a[both])
    return ok_low | ok_high, low.astype(np.int64) + take_high, k


def _floor_log10(w: F64) -> I64:
    """floor(np.log10(w)) for w > 0, from the exponent bits where w is a power of two (a spacing, as a
    rule), else from np.log10."""
    bits = np.ascontiguousarray(w).view(np.int64)
    out = _floor_log10_pow2((bits >> 52) - 1023)
    other = np.flatnonzero((bits & (2**52 - 1)) != 0) if w.size and w.min() >= _SMALLEST_NORMAL else np.arange(w.size)
    if other.size:
        out[other] = np.floor(np.log10(w[other])).astype(np.int64)
    return out


def _spacing(a: F64, dtype: str) -> F64:
    """Distance from each a (a value of dtype) to the next larger value of dtype, but for the largest."""
    with np.errstate(over="ignore"):
        if dtype == "float16":
            w = np.spacing(a.astype(np.float16)).astype(np.float64)
        else:  # bfloat16 has 16 fewer fraction bits than float32, and the same exponents
            w = np.spacing(a.astype(np.float32)).astype(np.float64)
            w *= 65536.0 if dtype == "bfloat16" else 1.0
    return np.minimum(w, a)


def shortest(a: F64, dtype: str) -> tuple[I64, I64]:
    """Digits m and power k of the shortest decimal reading back as each finite a > 0 in dtype
    (float32, float16 or bfloat16; float64's shortest text is Python's repr).

    Success is monotone in the digit count p.  Start one digit short of the count whose grid is at
    least as fine as the value's spacing, step up where that fails, and binary-search down where not.
    Almost every value is settled by its second try (one digit fewer fails, or one more succeeds);
    the few others go on searching on their own, exactly as if they had been alone."""
    target = _Target.of(a, dtype)
    e = exponent(a)
    p = np.clip(e - _floor_log10(_spacing(a, dtype)), 1, 15)
    ok, m, k = _try(target, e, p)
    ok2, m2, k2 = _try(target, e, np.where(ok, np.maximum(p - 1, 1), p + 1))
    went_up = ok2 & ~ok
    settled = went_up | (ok & ((p == 1) | ~ok2))
    m, k = np.where(went_up, m2, m), np.where(went_up, k2, k)
    if not settled.all():
        rest = np.flatnonzero(~settled)
        m[rest], k[rest] = _search(target.subset(rest), e[rest], p[rest])
    return m, k


def _search(target: _Target, e: I64, p: I64) -> tuple[I64, I64]:
    """shortest's search, from its first guess p: up one digit at a time, then bisecting down."""
    ok, m, k = _try(target, e, p)
    lo = np.ones_like(p)
    while (t := np.flatnonzero(~ok)).size:  # fewer digits failed: the answer is the first success
        lo[t] = p[t] = p[t] + 1
        ok[t], m[t], k[t] = _try(target.subset(t), e[t], p[t])
    first = True
    while (t := np.flatnonzero(lo < p)).size:  # known: success at p, failure below lo
        mid = p[t] - 1 if first else (lo[t] + p[t]) // 2
        first = False
        ok, mm, kk = _try(target.subset(t), e[t], mid)
        p[t], lo[t] = np.where(ok, mid, p[t]), np.where(ok, lo[t], mid + 1)
        m[t], k[t] = np.where(ok, mm, m[t]), np.where(ok, kk, k[t])
    return m, k


def rounded(a: F64, precision: int) -> tuple[I64, I64]:
    """Digits m and power k of each finite a > 0 rounded to `precision` significant digits, as printf
    rounds.  float64 arithmetic decides all but near-ties (and all of precision > 15); printf those."""
    k = exponent(a) - precision + 1
    t = _scaled(a, -k)  # relative error below 2**-51
    m = np.rint(t).astype(np.int64)
    doubt = np.flatnonzero(np.abs(t - np.floor(t) - 0.5) <= t * 2.0**-48 if precision <= 15 else t == t)
    texts = [f"{x:.{precision - 1}e}".split("e") for x in a[doubt].tolist()]
    m[doubt] = [int(digits.replace(".", "")) for digits, _ in texts]
    k[doubt] = [int(power) - precision + 1 for _, power in texts]
    return m, k

"""Expectations over z ~ N(0, q) of f(√q z), f², f' and f'², with error bounds (this module imports torch).

Each expectation is the integral of g(z) φ(z) over the real line, φ the standard normal density. It is
cut to [-L, L] (L = 37 in float64, where the normal tail mass is below 1e-298) and split at every kink
of f (scaled by 1/√q, so each piece is smooth) and on a grid of unit steps; each piece gets a 12- and a
24-point Gauss–Legendre rule, and pieces where the two disagree are halved, round after round. All
nodes of a round, for every q asked for at once, go to torch in one call, with f' by autograd.

The value is the 24-point sum; its error bound adds, per piece, |24-point − 12-point| (the 24-point
rule is far better than the 12-point one on a smooth piece, so their gap bounds its error), the tail
beyond ±L (assuming |g| grows no faster than a polynomial there, checked: g φ must be negligible at
±L, or the moment is reported as diverging) and rounding. In a dtype below float64, f and f' are
torch's in that dtype at the nodes rounded to it; squares, weights and sums are float64, and the bound
adds the dtype's rounding (its unit roundoff times E|g|, doubled for squares).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final

import numpy as np
import torch

from actplot.numeric import compute

Fn = Callable[[torch.Tensor], torch.Tensor]

NAMES: Final = ("f", "f2", "df", "df2")  # E[f], E[f²], E[f'], E[f'²]
_LOW: Final = 12  # the two Gauss–Legendre orders compared
_HIGH: Final = 24
_CUT: Final[dict[torch.dtype, float]] = {torch.float64: 37.0, torch.float16: 10.0}  # else 13 (tail < 1e-38)
_RTOL: Final = 1e-15  # refinement target per unit width of a piece, relative to E|g|
_NOISE: Final = 32 * 2.0**-53  # a gap this small, relative to the piece's E|g|, is rounding: not split
_NARROWEST: Final = 1e-7  # relative width below which a piece is not halved (x's rounding would rule)
_NOISY: Final = 1e-11  # a piece's gap relative to E|g| below which a halving that gains nothing stops
_ROUNDS: Final = 40  # halvings at most: an unknown kink or jump ends with a wide but honest bound
_MAX_PIECES: Final = 200_000
_ROUNDING: Final = 64 * 2.0**-53  # float64 rounding of nodes, density, f and the sums, relative to E|g|


@dataclass(frozen=True)
class Estimate:
    """A number and a bound on its error (inf: not finite, with `note` saying why)."""

    value: float
    error: float
    note: str = ""


@dataclass(frozen=True)
class Moments:
    """E[f(√q z)], E[f²], E[f'], E[f'²] for z ~ N(0, 1), each with its error bound."""

    q: float
    mean: Estimate
    second: Estimate
    grad_mean: Estimate
    grad_second: Estimate

    @property
    def variance(self) -> Estimate:
        """Var f = E[f²] − E[f]², its bound propagated (first order, plus the square of the mean's bound)."""
        m, s = self.mean, self.second
        if not (math.isfinite(m.value) and math.isfinite(s.value)):
            return Estimate(math.nan if math.isnan(m.value) else s.value, math.inf, s.note or m.note)
        value = max(s.value - m.value * m.value, 0.0)
        return Estimate(value, s.error + 2 * abs(m.value) * m.error + m.error**2 + _ROUNDING * s.value)


@cache
def _rule(n: int) -> tuple[torch.Tensor, torch.Tensor]:
    nodes, weights = np.polynomial.legendre.leggauss(n)
    return torch.from_numpy(nodes), torch.from_numpy(weights)


def cut(dtype: torch.dtype) -> float:
    """Where the integrals are truncated, in standard deviations."""
    return _CUT.get(dtype, 13.0)


def moments(fn: Fn, kinks: Sequence[float], qs: Sequence[float], dtype: torch.dtype = torch.float64,
            device: torch.device | None = None) -> list[Moments]:  # fmt: skip
    """The four expectations for each variance in `qs` (q = 0: the values at 0), computed together."""
    device = device or torch.device("cpu")
    out: list[Moments | None] = [None] * len(qs)
    positive = [i for i, q in enumerate(qs) if q > 0]
    for i, q in enumerate(qs):
        if not q > 0:
            out[i] = _at_zero(fn, dtype, device)
    if positive:
        for i, m in zip(positive, _integrate(fn, kinks, [float(qs[i]) for i in positive], dtype, device)):
            out[i] = m
    return [m for m in out if m is not None]


def _values(fn: Fn, x: torch.Tensor, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """(4, n) float64: f, f², f', f'² at the float64 points x, f and f' computed by torch in `dtype`."""
    xs = x.to(dtype).to(device).requires_grad_(True)
    y = fn(xs)
    dy = compute.gradient(y, xs, create_graph=False)
    f, df = y.detach().to(torch.float64).cpu(), dy.detach().to(torch.float64).cpu()
    return torch.stack([f, f * f, df, df * df])


def _at_zero(fn: Fn, dtype: torch.dtype, device: torch.device) -> Moments:
    v = _values(fn, torch.zeros(1, dtype=torch.float64), dtype, device)[:, 0].tolist()
    est = [Estimate(float(a), 0.0) for a in v]
    return Moments(0.0, *est)


def _pieces(kinks: Sequence[float], qs: Sequence[float], edge: float) -> tuple[torch.Tensor, torch.Tensor,
                                                                               torch.Tensor]:  # fmt: skip
    """The first pieces: for each q, unit steps over [-edge, edge] split at 0 and at each kink / √q."""
    rows, lo, hi = [], [], []
    steps = np.arange(-edge, edge + 0.5, 1.0)
    for i, q in enumerate(qs):
        inner = [k / math.sqrt(q) for k in kinks if abs(k / math.sqrt(q)) < edge]
        cuts = np.unique(np.concatenate([steps, np.array([0.0, *inner], dtype=np.float64)]))
        rows += [i] * (cuts.size - 1)
        lo.append(cuts[:-1])
        hi.append(cuts[1:])
    return torch.tensor(rows), torch.from_numpy(np.concatenate(lo)), torch.from_numpy(np.concatenate(hi))


def _integrate(fn: Fn, kinks: Sequence[float], qs: list[float], dtype: torch.dtype,
               device: torch.device) -> list[Moments]:  # fmt: skip
    edge = cut(dtype)
    sq = torch.tensor([math.sqrt(q) for q in qs], dtype=torch.float64)
    row, a, b = _pieces(kinks, qs, edge)
    parent = torch.full_like(a, math.inf)  # the gap of the piece each one was halved from
    done: list[tuple[torch.Tensor, ...]] = []
    scale = None
    for round_ in range(_ROUNDS + 1):
        high, low, absolute = _rules(fn, sq[row], a, b, dtype, device)
        gap = (high - low).abs()
        if scale is None:  # E|g| for each q, from the first pieces, which cover [-edge, edge]
            scale = torch.zeros(4, len(qs), dtype=torch.float64).index_add_(1, row, absolute).clamp_min(1e-300)
        relative = (gap / scale[:, row]).nan_to_num(0.0).amax(0)
        wanted = (gap > torch.maximum(_RTOL * scale[:, row] * (b - a), _NOISE * absolute)).any(0)
        wanted &= torch.isfinite(high).all(0) & ~_no_progress(relative, parent)
        split = wanted & ((b - a) > _NARROWEST * (1 + a.abs()))
        last = round_ == _ROUNDS or int(split.sum()) * 2 + row.numel() > _MAX_PIECES
        keep = ~split if not last else torch.ones_like(split)
        unresolved = wanted & keep  # a kink or jump nobody declared, pinned to a narrow piece: bounded by
        bound = torch.where(unresolved, gap + 2 * absolute, gap)  # |rule| + ∫|g| φ over it, true for any g
        done.append((row[keep], high[:, keep], bound[:, keep], absolute[:, keep]))
        if last or not bool(split.any()):
            break
        mid = (a[split] + b[split]) / 2
        row, a, b = row[split].repeat(2), torch.cat([a[split], mid]), torch.cat([mid, b[split]])
        parent = relative[split].repeat(2)
    r = torch.cat([d[0] for d in done])
    sums = [torch.zeros(4, len(qs), dtype=torch.float64).index_add_(1, r, torch.cat([d[k] for d in done], 1))
            for k in (1, 2, 3)]  # fmt: skip
    ends = _ends(fn, sq, edge, dtype, device)
    return [_moments(q, sums[0][:, i], sums[1][:, i], sums[2][:, i], ends[:, i], dtype, edge)
            for i, q in enumerate(qs)]  # fmt: skip


def _no_progress(relative: torch.Tensor, parent: torch.Tensor) -> torch.Tensor:
    """Halves whose gaps add up to most of their parent's: rounding noise, which halving does not reduce
    (a kink's gap falls to a quarter, a jump's to a half, a smooth piece's to almost nothing)."""
    if not bool(torch.isfinite(parent).any()):
        return torch.zeros_like(relative, dtype=torch.bool)
    m = relative.numel() // 2
    pair = relative[:m] + relative[m:]
    stuck = (pair > 0.75 * parent[:m]) & (pair < _NOISY)
    return torch.cat([stuck, stuck])


def _rules(fn: Fn, sq: torch.Tensor, a: torch.Tensor, b: torch.Tensor, dtype: torch.dtype,
           device: torch.device) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:  # fmt: skip
    """Per piece (4, pieces): the 24-point and 12-point sums of g φ, and the 24-point sum of |g| φ."""
    half, mid = (b - a)[:, None] / 2, (a + b)[:, None] / 2
    sums = []
    for n in (_HIGH, _LOW):
        t, w = _rule(n)
        z = mid + half * t  # (pieces, n)
        g = _values(fn, (sq[:, None] * z).reshape(-1), dtype, device).reshape(4, *z.shape)
        weight = half * w * torch.exp(-z * z / 2) / math.sqrt(2 * math.pi)
        sums.append(((g * weight).sum(-1), (g.abs() * weight).sum(-1)))
    return sums[0][0], sums[1][0], sums[0][1]


def _ends(fn: Fn, sq: torch.Tensor, edge: float, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """(4, q) the largest |g| φ at ±edge: how much the cut leaves out."""
    z = torch.tensor([-edge, edge], dtype=torch.float64)
    g = _values(fn, (sq[:, None] * z).reshape(-1), dtype, device).reshape(4, -1, 2)
    return (g.abs() * math.exp(-edge * edge / 2) / math.sqrt(2 * math.pi)).amax(-1)


def _moments(q: float, high: torch.Tensor, gap: torch.Tensor, absolute: torch.Tensor, end: torch.Tensor,
             dtype: torch.dtype, edge: float) -> Moments:  # fmt: skip
    unit = 0.0 if dtype == torch.float64 else torch.finfo(dtype).eps / 2
    decay = torch.finfo(dtype).eps ** 3  # g φ at ±L relative to E|g| above this: the tail is not negligible
    out = []
    for k, name in enumerate(NAMES):
        value, size, tail_at = float(high[k]), float(absolute[k]), float(end[k])
        if not math.isfinite(value) or not math.isfinite(tail_at) or tail_at > decay * size + 1e-290:
            out.append(_diverging(name, value, size, dtype))
            continue
        tail = 4 * tail_at / edge  # ∫ beyond ±edge of g φ, for |g| growing at most polynomially there
        rounding = (_ROUNDING + unit * (2 if name.endswith("2") else 1)) * size
        out.append(Estimate(value, float(gap[k]) + tail + rounding))
    return Moments(q, *out)


def _diverging(name: str, value: float, size: float, dtype: torch.dtype) -> Estimate:
    what = {"f": "E[f]", "f2": "E[f²]", "df": "E[f']", "df2": "E[f'²]"}[name]
    shown = math.inf if name.endswith("2") else (value if math.isinf(value) else math.nan)
    why = (f"{what} is not finite: f grows too fast for the Gaussian (the integrand does not vanish at "
           f"±{cut(dtype):g} standard deviations), or overflows {str(dtype).removeprefix('torch.')}")
    return Estimate(shown, math.inf, why)

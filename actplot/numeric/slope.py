"""How steep an activation gets: sup |f'| over the real line, in float64 (imports torch).

Where f' jumps at a kink, f' has no value there (PyTorch's choice at that point is reported elsewhere):
its one-sided limits compete for the supremum but are not attained. Limits of f' at +-inf compete the
same way, and a limit of +-inf makes f' unbounded. Extrema found between kinks are attained; where
|f'| stays at its supremum over a stretch, the stretch is reported as an interval.
"""

from __future__ import annotations

import math
from typing import Any

import torch

from actplot.numeric import shape
from actplot.numeric.shape import SAME, Fn

Candidate = tuple[float, bool, Any]  # |f'|, attained, where (x for a point, an approach otherwise)


def jumps_in_derivative(fn: Fn, kinks: tuple[float, ...]) -> list[float]:
    """The kinks where f or f' differ between the two sides (where f' has no value)."""
    out = []
    for k in kinks:
        for order in (0, 1):
            left, right = shape.side_limit(fn, k, -1, order), shape.side_limit(fn, k, 1, order)
            if not shape.close(left, right):
                out.append(k)
                break
    return out


def derivative_values(fn: Fn, kinks: tuple[float, ...], xs: torch.Tensor) -> torch.Tensor:
    """f' on `xs` in float64, nan at the kinks where it has no value."""
    x = xs.clone().requires_grad_(True)
    y = fn(x)
    g = torch.autograd.grad(y.sum(), x)[0].detach() if y.requires_grad else torch.zeros_like(xs)
    for k in jumps_in_derivative(fn, kinks):
        g[xs == k] = math.nan
    return g


def _candidates(fn: Fn, kinks: tuple[float, ...], xs: torch.Tensor, a: torch.Tensor) -> list[Candidate]:
    out: list[Candidate] = [(v, True, x) for x, v in shape.extrema(fn, xs, a.abs(), 1, 1, signed=a)]
    for k in jumps_in_derivative(fn, kinks):
        for side, word in ((-1, "below"), (1, "above")):
            v = shape.side_limit(fn, k, side, 1)
            if math.isfinite(v):
                out.append((abs(v), False, {"x": k, "from": word}))
    for side, word in ((-1, "-inf"), (1, "inf")):
        limit = shape.tail_limit(fn, side, 1)
        if limit is not None:
            out.append((abs(limit), False, {"x": word}))
    return out


def derivative_bound(fn: Fn, kinks: tuple[float, ...], xs: torch.Tensor, g: torch.Tensor) -> dict[str, Any]:
    """sup |f'|: whether it is finite, attained (and where), or only approached (and how)."""
    found = _candidates(fn, kinks, xs, g)
    a = g.abs()
    infinite = [c for c in found if math.isinf(c[0])]
    if infinite:
        return {"bounded": False, "sup": None, "attained": False, "where": [], "approached": infinite[0][2]}
    sup = max(v for v, _, _ in found)
    tol = SAME * max(1.0, sup)
    attained = [x for v, ok, x in found if ok and v >= sup - tol]
    if not attained:
        best = max((c for c in found if not c[1]), key=lambda c: c[0])
        return {"bounded": True, "sup": sup, "attained": False, "where": [], "approached": best[2]}
    where = _stretches(xs, a, sup - tol, found)
    covered = [p for p in attained if not any(s[0] <= p <= s[2] for s in where)]
    points = [(x, True, x, True) for x in sorted(set(covered), key=abs)]
    return {"bounded": True, "sup": sup, "attained": True, "approached": None,
            "where": [shape.interval_json(p) for p in sorted(where + points)]}  # fmt: skip


def _stretches(xs: torch.Tensor, a: torch.Tensor, level: float, found: list[Candidate]) -> list[shape.Interval]:
    """The runs of grid points where |f'| >= level, as intervals: a run that reaches the grid's end
    goes on to +-inf when the limit there is the supremum too; one that stops at a kink stops there."""
    hit = (a >= level).tolist()
    tails = {x["x"] for v, ok, x in found if not ok and isinstance(x, dict) and v >= level and "from" not in x}
    runs: list[shape.Interval] = []
    i, n = 0, len(hit)
    while i < n:
        if not hit[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and hit[j + 1]:
            j += 1
        if j > i:
            lo, lc = _end(xs, a, i, -1, "-inf" in tails)
            hi, hc = _end(xs, a, j, 1, "inf" in tails)
            runs.append((lo, lc, hi, hc))
        i = j + 1
    return runs


def _end(xs: torch.Tensor, a: torch.Tensor, i: int, side: int, to_infinity: bool) -> tuple[float, bool]:
    beyond = i + side
    if beyond < 0 or beyond >= len(xs):
        return (side * math.inf, False) if to_infinity else (float(xs[i]), True)
    if math.isnan(float(a[beyond])):  # a kink where f' has no value: the stretch is open there
        return float(xs[beyond]), False
    return float(xs[i]), True

"""Exact breakpoints of MLPs with piecewise-linear activations, from their weights (float64, numpy).

An activation is piecewise linear when it is affine between its kinks (checked on each piece in
float64) and continuous at them: relu, leaky_relu, prelu, rrelu (evaluation), relu6, hardtanh and
identity are; tanh or a jump (hardshrink) is not. On each piece of x where every unit of the layers
so far is on one linear piece of the activation, each unit's pre-activation is affine in x, so where
it reaches a kink of the activation is solved exactly; the pieces are refined so layer by layer.
Breakpoints where the network's slope does not change (a unit that is off downstream) are dropped.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

Fn = Callable[[torch.Tensor], torch.Tensor]
LayerWeights = tuple[np.ndarray, np.ndarray]  # weight (out, in) and bias (out,), float64

_PROBES = (0.25, 1.0, 3.0, 10.0, 100.0, 1e4)  # distances from a kink where an unbounded piece is checked


@dataclass(frozen=True)
class Activation:
    """A piecewise-linear activation: on (kinks[i-1], kinks[i]) it is slopes[i] * z + intercepts[i]."""

    kinks: np.ndarray
    slopes: np.ndarray
    intercepts: np.ndarray

    @property
    def most_per_unit(self) -> int:
        return len(self.kinks)


def linear_pieces(act: Fn, kinks: Sequence[float]) -> Activation | None:
    """The activation's linear pieces, or None when it is not affine between its kinks and continuous."""
    cuts = sorted(k for k in set(kinks) if math.isfinite(k))
    edges = [-math.inf, *cuts, math.inf]
    slopes, intercepts = [], []
    for lo, hi in zip(edges, edges[1:]):
        z = _probes(lo, hi, cuts)
        with torch.no_grad():
            y = act(torch.tensor(z, dtype=torch.float64)).numpy()
        slope = (y[-1] - y[0]) / (z[-1] - z[0])
        intercept = y[0] - slope * z[0]
        if not np.all(np.isfinite(y)) or not np.allclose(slope * z + intercept, y, rtol=1e-12, atol=1e-12):
            return None
        slopes.append(slope)
        intercepts.append(intercept)
    for i, k in enumerate(cuts):  # continuous: both pieces meet at the kink
        left, right = slopes[i] * k + intercepts[i], slopes[i + 1] * k + intercepts[i + 1]
        if not math.isclose(left, right, rel_tol=1e-12, abs_tol=1e-12):
            return None
    return Activation(np.array(cuts), np.array(slopes), np.array(intercepts))


def _probes(lo: float, hi: float, cuts: Sequence[float]) -> np.ndarray:
    if math.isinf(lo) and math.isinf(hi):
        return np.array([-1e4, -10.0, -1.0, 0.0, 1.0, 10.0, 1e4])
    if math.isinf(lo):
        return hi - np.array(_PROBES[::-1])
    if math.isinf(hi):
        return lo + np.array(_PROBES)
    return lo + (hi - lo) * np.array([0.1, 0.3, 0.5, 0.7, 0.9])


Segment = tuple[float, float, np.ndarray, np.ndarray]  # on [a, b] the layer's outputs are A * x + c


def breakpoints(layers: Sequence[LayerWeights], act: Activation, lo: float, hi: float) -> list[float]:
    """Every x in (lo, hi) where the network's slope changes, sorted."""
    segments: list[Segment] = [(lo, hi, np.ones(1), np.zeros(1))]
    for weight, bias in layers[:-1]:
        segments = [piece for seg in segments for piece in _split(seg, weight, bias, act)]
    weight, bias = layers[-1]
    slopes = [float((weight @ a)[0]) for _, _, a, _ in segments]
    found = []
    for (_, end, _, _), left, right in zip(segments, slopes, slopes[1:]):
        if not math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-300):
            found.append(end)
    return found


def _split(seg: Segment, weight: np.ndarray, bias: np.ndarray, act: Activation) -> list[Segment]:
    """One segment cut where any unit's pre-activation crosses a kink, and the layer's output on each."""
    a, b, slope, offset = seg
    zs, zc = weight @ slope, weight @ offset + bias  # pre-activations: zs * x + zc
    cuts: set[float] = set()
    moving = zs != 0
    for k in act.kinks:
        where = (k - zc[moving]) / zs[moving]
        cuts.update(float(x) for x in where[(where > a) & (where < b)])
    edges = [a, *sorted(cuts), b]
    out = []
    for p, q in zip(edges, edges[1:]):
        z_mid = zs * ((p + q) / 2) + zc
        piece = np.searchsorted(act.kinks, z_mid)
        s, t = act.slopes[piece], act.intercepts[piece]
        out.append((p, q, s * zs, s * zc + t))
    return out

"""What ``actplot stats`` reports for one function, as plain data: moments under z ~ N(0, q), the gains
that keep them at 1, torch's own gain beside them, and the mean-field fixed point and phase."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

import torch

from actplot.numeric import gaussian, meanfield

Fn = Callable[[torch.Tensor], torch.Tensor]

# How torch's gain relates to the measured ones (torch.nn.init.calculate_gain's documentation and the
# pull requests it cites); {forward} is the measured second-moment gain at this q.
TORCH_NOTES: Final = {
    "linear": "torch says 1, exact: the identity keeps every moment.",
    "relu": "torch says √2 (He et al. 2015), exactly the gain that keeps E[f²]: E[relu(z)²] = 1/2.",
    "leaky_relu": "torch says √(2/(1+a²)) (He et al. 2015), exactly the gain that keeps E[f²] = (1+a²)/2.",
    "tanh": "torch says 5/3, a heuristic (larger than 1 so tanh does not shrink signals); the gain that keeps "
            "E[f²] is {forward}.",
    "sigmoid": "torch says 1, although E[sigmoid(z)²] ≈ 0.29: keeping the second moment takes {forward} "
               "(sigmoid's mean of 1/2 is most of it).",
    "selu": "torch says 3/4, chosen empirically (PR #50664) for kaiming init; SELU's own fixed point "
            "(Klambauer et al. 2017: weights of variance 1/fan_in) wants gain 1, which the measured {forward} "
            "confirms.",
}  # fmt: skip


@dataclass(frozen=True)
class Setting:
    """One stats command's numbers: the input variance, σ_w, σ_b, the depth and where torch computes."""

    q: float = 1.0
    sigma_w: float = 1.0
    sigma_b: float = 0.0
    depth: int = 0
    dtype: torch.dtype = torch.float64
    device: torch.device | None = None


def number(e: gaussian.Estimate) -> dict[str, Any]:
    out: dict[str, Any] = {"value": e.value, "error": e.error}
    return out | ({"note": e.note} if e.note else {})


def describe(fn: Fn, kinks: Sequence[float], gain_name: tuple[str, float | None] | None,
             setting: Setting) -> dict[str, Any]:  # fmt: skip
    """Moments, gains, torch's gain, the mean-field fixed point and the depth curve of one function."""
    m = gaussian.moments(fn, kinks, [setting.q], setting.dtype, setting.device)[0]
    moments = {"E[f]": m.mean, "Var[f]": m.variance, "E[f^2]": m.second, "E[f']": m.grad_mean,
               "E[f'^2]": m.grad_second}  # fmt: skip
    gains = {"forward": _gain(m.second), "variance": _gain(m.variance), "backward": _gain(m.grad_second)}
    field = meanfield.Field(fn, tuple(kinks), setting.sigma_w**2, setting.sigma_b**2, setting.dtype)
    point = meanfield.fixed_point(field, setting.q)
    notes = sorted({e.note for e in moments.values() if e.note})
    return {
        "q": setting.q,
        "moments": {k: number(v) for k, v in moments.items()},
        "gains": {k: number(v) for k, v in gains.items()} | _torch_gain(gain_name, gains["forward"]),
        "meanfield": _meanfield(point, setting),
        "depth": meanfield.depth_curve(field, setting.q, setting.depth),
        "notes": notes,
    }


def _gain(e: gaussian.Estimate) -> gaussian.Estimate:
    """1/√m and its error bound (first order, widened by the next term), inf for m = 0."""
    if not (math.isfinite(e.value) and e.value > 0):
        return gaussian.Estimate(math.inf if e.value == 0 else math.nan, math.inf, e.note)
    low = max(e.value - e.error, 0.0)
    value = 1 / math.sqrt(e.value)
    error = (1 / math.sqrt(low) - value) if low > 0 else math.inf
    return gaussian.Estimate(value, error)


def _torch_gain(name: tuple[str, float | None] | None, forward: gaussian.Estimate) -> dict[str, Any]:
    if name is None:
        return {"torch": None, "torch_note": "torch.nn.init.calculate_gain has no gain for this function."}
    value = meanfield.torch_gain(*name)
    shown = f"≈ {forward.value:.4g}" if math.isfinite(forward.value) else "undefined"
    return {"torch": value, "torch_note": TORCH_NOTES[name[0]].format(forward=shown)}


def _meanfield(point: meanfield.FixedPoint, setting: Setting) -> dict[str, Any]:
    q_star = None if point.q is None else {"value": point.q, "error": point.q_error}
    return {
        "sigma_w": setting.sigma_w,
        "sigma_b": setting.sigma_b,
        "q*": q_star,
        "chi1": None if point.chi1 is None else number(point.chi1),
        "phase": point.phase,
        "steps": point.steps,
    }

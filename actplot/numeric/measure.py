"""Properties of an activation measured by computation, not typed by hand (this module imports torch).

What PyTorch returns in the chosen dtype (f(0), f'(0), flat regions, f' at kinks, higher orders, and
whether the computed values are monotonic) is read on a dense grid over [-DOMAIN, DOMAIN]. What the
function is mathematically (its range as a set, bounds, monotonicity of f and f', sup |f'|, the
continuity class) is computed in float64 on the CPU by :mod:`actplot.numeric.shape` and
:mod:`actplot.numeric.slope`, with limits extrapolated rather than read at the grid's edge.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import torch

from actplot.activations import properties, spec
from actplot.activations.spec import ExprSpec, Spec
from actplot.numeric import compute, functions, shape, slope

DOMAIN: Final = 100.0  # the grid spans [-DOMAIN, DOMAIN]
PER_UNIT: Final = 200  # grid points per unit of x: step 0.005, with 0 and every multiple of the step exact
FLAT: Final = 1e-3  # abs(f') below this is a flat (saturated) region
ORDER_NAMES: Final = ("f", "f'", "f''", "f'''")

Fn = Callable[[torch.Tensor], torch.Tensor]


def measure(spec: Spec, dtype: str = "float32", device: str = "cpu") -> dict[str, Any]:
    """Every measured property of `spec` as plain JSON-ready data (None stands for no finite value)."""
    fn = functions.function_of(spec)
    torch_dtype = compute.resolve_dtype(dtype)
    kinks = spec.kinks()
    x = _grid(kinks, torch_dtype, compute.resolve_device(device, torch_dtype))
    orders = _autograd(fn, x, 3)
    xs = x.detach().double().cpu()
    f, g = (t.double().cpu() for t in orders[:2] if t is not None)
    zero = int(torch.nonzero(xs == 0.0)[0])
    complete = spec.kinks_complete if isinstance(spec, ExprSpec) else True
    return {
        "dtype": dtype,
        "domain": [-DOMAIN, DOMAIN],
        **_shape(fn, kinks if complete else ()),
        "f0": _num(f[zero]),
        "df0": _num(g[zero]),
        "monotonic_in_dtype": _monotonic(f, torch.finfo(torch_dtype).eps),
        "continuity": _continuity(fn, kinks, complete),
        "flat_regions": _flat(xs, g),
        "derivative_at_kinks": [_at_kink(fn, xs, g, k) for k in kinks],
        "higher_orders": [_higher(xs, orders[k], kinks, k) for k in (2, 3)],
    }


def _shape(fn: Fn, kinks: tuple[float, ...]) -> dict[str, Any]:
    """The mathematical properties, in float64 (kinks () where they are not all known: one piece)."""
    xs = shape.window(kinks)
    f = torch.tensor(shape.values(fn, xs, 0), dtype=torch.float64)
    g = slope.derivative_values(fn, kinks, xs)
    parts = shape.image(fn, kinks, xs, f)
    lower, upper = shape.bound(fn, parts, xs, f, -1), shape.bound(fn, parts, xs, f, 1)
    at_zero = xs == 0.0
    return {
        "range": {"lower": lower, "upper": upper},
        "image": [shape.interval_json(p) for p in parts],
        "bounded_below": lower["bounded"],
        "bounded_above": upper["bounded"],
        "signs": shape.signs(parts),
        "monotonic": shape.monotonic(shape.with_tails(fn, xs, f, 0)),
        "derivative_monotonic": shape.monotonic(shape.with_tails(fn, xs, g, 1)),
        "identity_near_0": bool(f[at_zero].abs().max() <= 1e-12 and (g[at_zero] - 1).abs().max() <= 1e-9),
        "derivative_bound": slope.derivative_bound(fn, kinks, xs, g),
    }


def _grid(kinks: tuple[float, ...], dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    n = int(DOMAIN * PER_UNIT)
    base = torch.arange(-n, n + 1, dtype=torch.float64) / PER_UNIT
    extra = torch.tensor([k for k in kinks if abs(k) <= DOMAIN], dtype=torch.float64)
    grid: torch.Tensor = torch.unique(torch.cat([base, extra]).to(dtype))
    return grid.to(device)


def _num(value: torch.Tensor | float) -> float | None:
    v = float(value)
    return v if math.isfinite(v) else None


def _autograd(fn: Fn, x: torch.Tensor, order: int) -> list[torch.Tensor | None]:
    """f and its autograd derivatives up to `order`; None from the first order autograd lacks."""
    x = x.detach().requires_grad_(True)
    y = fn(x)
    out: list[torch.Tensor | None] = [y.detach()]
    for k in range(1, order + 1):
        try:
            y = compute.gradient(y, x, create_graph=k < order)
        except RuntimeError as exc:
            if "not implemented" not in str(exc):
                raise
            return out + [None] * (order + 1 - len(out))
        out.append(y.detach())
    return out


def _monotonic(f: torch.Tensor, eps: float) -> str:
    ok = torch.isfinite(f)
    v = f[ok]
    step = v[1:] - v[:-1]
    slack = 4 * eps * torch.maximum(v[1:].abs(), v[:-1].abs())
    if bool((step >= -slack).all()):
        return "non-decreasing"
    if bool((step <= slack).all()):
        return "non-increasing"
    return "no"


def _flat(xs: torch.Tensor, g: torch.Tensor) -> list[list[float | None]]:
    """Closed intervals of grid points where abs(f') < FLAT; None marks an end beyond the domain."""
    flat = (g.abs() < FLAT).tolist()
    regions: list[list[float | None]] = []
    start = None
    for i, is_flat in enumerate([*flat, False]):
        if is_flat and start is None:
            start = i
        elif not is_flat and start is not None:
            lo = None if start == 0 else float(xs[start])
            hi = None if i == len(flat) else float(xs[i - 1])
            regions.append([lo, hi])
            start = None
    return regions


def _sides(fn: Fn, k: float, order: int) -> list[tuple[float, float]] | None:
    """(left, right) values of f, f', ... up to `order` at k -+ h, in float64; None where autograd stops."""
    h = 1e-12 * max(1.0, abs(k))
    values = _autograd(fn, torch.tensor([k - h, k + h], dtype=torch.float64), order)
    out: list[tuple[float, float]] = []
    for v in values:
        if v is None:
            return out or None
        left, right = v.tolist()
        out.append((left, right))
    return out


def _jump(pairs: list[tuple[float, float]], order: int, k: float) -> bool:
    left, right = pairs[order]
    if order == 0:
        h = 1e-12 * max(1.0, abs(k))
        slope = abs(pairs[1][0]) + abs(pairs[1][1]) if len(pairs) > 1 else 0.0
        return abs(right - left) > 10 * h * slope + 1e-15
    return abs(right - left) > (1e-10 if order == 1 else 1e-6)


def _continuity(fn: Fn, kinks: tuple[float, ...], complete: bool) -> dict[str, Any]:
    """The smoothness class: C-infinity without kinks, else set by the lowest order that jumps."""
    points = []
    lowest = 4  # the lowest order that jumps at some kink; 4: none up to the third, nor beyond
    for k in kinks:
        pairs = _sides(fn, k, 3) or []
        order = next((n for n in range(len(pairs)) if _jump(pairs, n, k)), None)
        points.append({"x": k, "jump_in": None if order is None else ORDER_NAMES[order]})
        if order is not None or len(pairs) < 4 or not _polynomial_near(fn, k):
            lowest = min(lowest, len(pairs) if order is None else order)
    classes = {0: "discontinuous", 1: "C0", 2: "C1", 3: "C2"}
    if not complete:
        cls = "undetermined"
    else:
        cls = classes.get(lowest, "C3 or smoother") if lowest < 4 else "C-infinity"
    return {"class": cls, "at_kinks": points}


def _polynomial_near(fn: Fn, k: float) -> bool:
    """Whether the third derivative is 0 on both sides of k: the sides are then polynomials of degree <= 2, and
    when f, f' and f'' agree at k they are one polynomial, smooth across k (an identity written as
    leaky_relu(negative_slope=1) is C-infinity, not merely C3)."""
    offsets = [d * max(1.0, abs(k)) for d in (1e-3, 1e-2, 0.1, 0.5)]
    x = torch.tensor([k + s * d for d in offsets for s in (-1, 1)], dtype=torch.float64)
    third = _autograd(fn, x, 3)[3]
    return third is not None and bool((third == 0).all())


def _at_kink(fn: Fn, xs: torch.Tensor, g: torch.Tensor, k: float) -> dict[str, Any]:
    """PyTorch's f' at kink k, and f''s one-sided limits there (extrapolated: f' read at k -+ 1e-12
    left sqnl's 1 - x/2 at 1e-12 instead of its limit 0)."""
    i = int(torch.argmin((xs - k).abs()))
    try:
        left, right = shape.side_limit(fn, k, -1, 1), shape.side_limit(fn, k, 1, 1)
    except RuntimeError:  # autograd lacks f' of some part
        left = right = math.nan
    return {"x": k, "value": _num(g[i]), "left": _num(left), "right": _num(right)}


def _higher(xs: torch.Tensor, values: torch.Tensor | None, kinks: tuple[float, ...], order: int) -> dict[str, Any]:
    """What PyTorch returns for f'' or f''': missing, zero everywhere, or values (at each kink)."""
    if values is None:
        return {"order": order, "autograd": False, "zero_everywhere": False, "at_kinks": []}
    v = values.double().cpu()
    at = [_num(v[int(torch.argmin((xs - k).abs()))]) for k in kinks]
    return {"order": order, "autograd": True, "zero_everywhere": bool((v == 0).all()), "at_kinks": at}


def measure_catalogue() -> dict[str, Any]:
    """Every catalogue entry at its defaults, measured now: the data shipped as the properties file."""
    dtype, device = properties.DTYPE, properties.DEVICE
    measured = {name: measure(spec.parse(name), dtype, device) for name in spec.names()}
    return {"dtype": dtype, "device": device, "torch": compute.torch_version(), "functions": measured}


if __name__ == "__main__":
    properties.write(measure_catalogue())

"""Properties of an activation measured by computation, not typed by hand (this module imports torch).

Values (range, f(0), f'(0), max abs(f'), flat regions, PyTorch's f' at kinks) are computed in the
chosen dtype on a dense grid over a wide domain. Shape facts that floating point would blur (whether
a bound is approached or attained, how the tails behave, which derivative jumps at a kink) are
computed in float64 on the CPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import torch

from actplot.activations import properties, spec
from actplot.activations.spec import ExprSpec, Spec
from actplot.numeric import compute, functions

DOMAIN: Final = 100.0  # the grid spans [-DOMAIN, DOMAIN]
PER_UNIT: Final = 200  # grid points per unit of x: step 0.005, with 0 and every multiple of the step exact
TAILS: Final = (1e2, 1e4, 1e6)  # where the tails' behaviour is read
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
    lower, upper = _bound(fn, xs, f, kinks, -1, torch_dtype), _bound(fn, xs, f, kinks, 1, torch_dtype)
    zero = int(torch.nonzero(xs == 0.0)[0])
    complete = spec.kinks_complete if isinstance(spec, ExprSpec) else True
    return {
        "dtype": dtype,
        "domain": [-DOMAIN, DOMAIN],
        "range": {"lower": lower, "upper": upper},
        "f0": _num(f[zero]),
        "df0": _num(g[zero]),
        "monotonic": _monotonic(f, torch.finfo(torch_dtype).eps),
        "bounded_below": lower["bounded"],
        "bounded_above": upper["bounded"],
        "zero_centred": bool(f[zero] == 0.0 and _below(lower, 0.0) and _above(upper, 0.0)),
        "continuity": _continuity(fn, kinks, complete),
        "max_abs_derivative": _max_abs(xs, g),
        "flat_regions": _flat(xs, g),
        "derivative_at_kinks": [_at_kink(fn, xs, g, k) for k in kinks],
        "higher_orders": [_higher(xs, orders[k], kinks, k) for k in (2, 3)],
    }


def _grid(kinks: tuple[float, ...], dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    n = int(DOMAIN * PER_UNIT)
    base = torch.arange(-n, n + 1, dtype=torch.float64) / PER_UNIT
    extra = torch.tensor([k for k in kinks if abs(k) <= DOMAIN], dtype=torch.float64)
    grid: torch.Tensor = torch.unique(torch.cat([base, extra]).to(dtype))
    return grid.to(device)


def _central(xs: torch.Tensor, hits: torch.Tensor) -> int:
    """Of the grid points where `hits` holds, the index of the one nearest 0 (ties: a whole interval)."""
    where = torch.nonzero(hits).flatten()
    return int(where[torch.argmin(xs[where].abs())])


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


def _tail(fn: Fn, side: int) -> tuple[bool, float]:
    """(bounded, limit) of f as x -> side * inf, read from float64 values far out."""
    a, b, c = fn(torch.tensor([side * t for t in TAILS], dtype=torch.float64)).tolist()
    if not all(math.isfinite(v) for v in (a, b, c)):
        finite = [v for v in (a, b, c) if math.isfinite(v)]
        return (False, c) if math.isinf(c) else (bool(finite), finite[-1] if finite else math.nan)
    settled = abs(c - b) <= max(1e-9 * max(1.0, abs(c)), 0.1 * abs(b - a))
    return (True, c) if settled else (False, math.copysign(math.inf, c - b))


def _bound(fn: Fn, xs: torch.Tensor, f: torch.Tensor, kinks: tuple[float, ...], side: int,
           dtype: torch.dtype) -> dict[str, Any]:  # fmt: skip
    """The lower (side -1) or upper (side 1) end of the range, and whether some finite x attains it."""
    tails = [_tail(fn, -1), _tail(fn, 1)]
    if any(not ok and side * limit > 0 for ok, limit in tails):
        return {"bounded": False, "value": None, "at": None, "attained": False}
    finite = f[torch.isfinite(f)]
    i = _central(xs, f == (finite.min() if side < 0 else finite.max()))
    limits = [limit for ok, limit in tails if ok and math.isfinite(limit)]
    limit = (min(limits) if side < 0 else max(limits)) if limits else math.nan
    tol = 4 * torch.finfo(dtype).eps * max(1.0, abs(limit))
    width = max(10.0, 2 * max((abs(k) for k in kinks), default=0.0) + 1)
    window = torch.linspace(-width, width, 8001, dtype=torch.float64)
    near = fn(torch.cat([window, torch.tensor(kinks, dtype=torch.float64)])).detach()
    near_extreme = float(near.min() if side < 0 else near.max())
    attained = (
        not limits
        or side * (float(f[i]) - limit) > tol  # beyond the tail limit: reached at some finite x
        or side * (near_extreme - limit) >= 0  # reaches the limit near the origin in float64
    )
    if attained:
        return {"bounded": True, "value": _num(f[i]), "at": _num(xs[i]), "attained": True}
    return {"bounded": True, "value": _num(limit), "at": None, "attained": False}


def _below(bound: dict[str, Any], value: float) -> bool:
    return not bound["bounded"] or bound["value"] is not None and bound["value"] < value


def _above(bound: dict[str, Any], value: float) -> bool:
    return not bound["bounded"] or bound["value"] is not None and bound["value"] > value


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


def _max_abs(xs: torch.Tensor, g: torch.Tensor) -> dict[str, Any]:
    a = torch.where(torch.isnan(g), torch.zeros_like(g), g.abs())
    i = _central(xs, a == a.max())
    return {"value": _num(a[i]), "at": _num(xs[i])}


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
    lowest = 4
    for k in kinks:
        pairs = _sides(fn, k, 3) or []
        order = next((n for n in range(len(pairs)) if _jump(pairs, n, k)), None)
        points.append({"x": k, "jump_in": None if order is None else ORDER_NAMES[order]})
        lowest = min(lowest, len(pairs) if order is None else order)
    classes = {0: "discontinuous", 1: "C0", 2: "C1", 3: "C2"}
    if not complete:
        cls = "undetermined"
    elif not kinks:
        cls = "C-infinity"
    else:
        cls = classes.get(lowest, "C3 or smoother")
    return {"class": cls, "at_kinks": points}


def _at_kink(fn: Fn, xs: torch.Tensor, g: torch.Tensor, k: float) -> dict[str, Any]:
    i = int(torch.argmin((xs - k).abs()))
    pairs = _sides(fn, k, 1) or []
    left, right = pairs[1] if len(pairs) > 1 else (math.nan, math.nan)
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

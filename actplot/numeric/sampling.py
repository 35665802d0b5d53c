"""Curves sampled for figures: each FUNC in its dtype on the figure's grid, as numpy arrays, and float64
references on the CPU from which jumps are found (once per function and order) and checked.

This is the torch side of :mod:`actplot.scene`: the scene decides what a figure shows from the plain
arrays and jumps returned here.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import torch

from actplot.numeric import compute, functions, jumps, resources, shape


class Sampleable(functions.Computable, Protocol):
    """A FUNC that knows its kinks (where its grid must hold x exactly)."""

    def kinks(self) -> tuple[float, ...]: ...


@dataclass(frozen=True)
class Sampled:
    """f and its derivatives on one grid, as float64 numpy copies of the dtype's values."""

    x: np.ndarray
    values: list[np.ndarray]  # values[k] is the k-th derivative
    numerical_from: int | None  # the first order computed by central differences, if any

    def exact(self, order: int) -> bool:
        return self.numerical_from is None or order < self.numerical_from


def _grid(dtype: str, device: str, xrange: tuple[float, float], points: int, kinks: Sequence[float]) -> torch.Tensor:
    torch_dtype = compute.resolve_dtype(dtype)
    return compute.make_grid(*xrange, points, kinks, torch_dtype, compute.resolve_device(device, torch_dtype))


def sample(spec: Sampleable, dtype: str, device: str, xrange: tuple[float, float], points: int,
           kinks: Sequence[float], order: int) -> Sampled:  # fmt: skip
    """`spec` and its derivatives up to `order`, computed in `dtype` on `device` over `xrange`."""
    x = _grid(dtype, device, xrange, points, kinks)
    d = compute.derivatives(functions.function_of(spec), x, order)
    return Sampled(compute.to_numpy(d.x), [compute.to_numpy(t) for t in d.values], d.numerical_from)


def difference(a: Sampleable, b: Sampleable, order: int, dtype: str, device: str, xrange: tuple[float, float],
               points: int, kinks: Sequence[float]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:  # fmt: skip
    """x and the `order`-th derivatives of a and of b on the same grid, computed in `dtype`."""
    x = _grid(dtype, device, xrange, points, kinks)
    ya, yb = (compute.derivatives(functions.function_of(s), x, order).values[order] for s in (a, b))
    return compute.to_numpy(x), compute.to_numpy(ya), compute.to_numpy(yb)


def check_memory(points: int, curves: int, order: int, dtypes: Sequence[str], device: str, what: str = "") -> None:
    """Refuse, before allocating anything, `curves` curves too big for the memory of `device`."""
    itemsize = max(compute.resolve_dtype(d).itemsize for d in dtypes)
    where = compute.resolve_device(device, compute.resolve_dtype(dtypes[0]))
    resources.check(points, curves, order, where, itemsize, what)


def reference_grid(xrange: tuple[float, float], points: int, kinks: Sequence[float]) -> np.ndarray:
    """The figure's grid in float64 on the CPU, where references are evaluated."""
    return compute.make_grid(*xrange, points, kinks, torch.float64, torch.device("cpu")).numpy()


@dataclass
class Reference:
    """A function's float64 derivatives on the CPU, and the jumps of each order (computed once)."""

    spec: Sampleable
    grid: np.ndarray
    found: dict[int, list[jumps.Jump]] = field(default_factory=dict)

    def order(self, k: int) -> jumps.Fn:
        fn = functions.function_of(self.spec)

        def g(x: torch.Tensor) -> torch.Tensor:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return compute.derivatives(fn, x, k).values[k]

        return g

    def jumps(self, k: int) -> list[jumps.Jump]:
        if k not in self.found:
            g = self.order(k)
            y = compute.to_numpy(g(torch.from_numpy(self.grid)))
            self.found[k] = jumps.find(g, self.grid, y, self.spec.kinks())
        return self.found[k]

    def tail(self, k: int, side: int) -> float | None:
        """The limit of the `k`-th derivative as x -> side * inf (see :func:`shape.tail_limit`)."""
        return shape.tail_limit(self.order(k), side)

    def at(self, k: int, xs: Sequence[float]) -> np.ndarray:
        """The `k`-th derivative at `xs`, in float64."""
        return compute.to_numpy(self.order(k)(torch.tensor(list(xs), dtype=torch.float64)))


def difference_jumps(a: Reference, b: Reference, order: int, kinks: Sequence[float]) -> list[jumps.Jump]:
    """The jumps of a's `order`-th derivative minus b's, on a's reference grid."""
    ga, gb = a.order(order), b.order(order)

    def g(t: torch.Tensor) -> torch.Tensor:
        return ga(t) - gb(t)

    return jumps.find(g, a.grid, compute.to_numpy(g(torch.from_numpy(a.grid))), kinks)

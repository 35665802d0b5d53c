"""The Python API: evaluate activations, build figures and tables. The CLI is built on this.

Importing this module imports torch; matplotlib only when a figure is made (tables do without it).
``import actplot`` alone imports neither (the names below are loaded on first use).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

from actplot import compute, spec
from actplot.spec import FuncSpec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from actplot import render

FuncLike = str | FuncSpec


@dataclass(frozen=True)
class Result:
    """One function evaluated on a grid: values[k] is the k-th derivative, on the CPU."""

    spec: FuncSpec
    x: torch.Tensor
    values: list[torch.Tensor]
    numerical_from: int | None

    def label(self, order: int) -> str:
        """The column or legend name for `order`: ``gelu``, ``gelu_d1``, ``hardsigmoid_d2 (numerical)``."""
        text = self.spec.label if order == 0 else f"{self.spec.label}_d{order}"
        return text + (" (numerical)" if self.is_numerical(order) else "")

    def is_numerical(self, order: int) -> bool:
        return self.numerical_from is not None and order >= self.numerical_from


def as_spec(func: FuncLike) -> FuncSpec:
    return func if isinstance(func, FuncSpec) else spec.parse(func)


def evaluate(func: FuncLike, x: torch.Tensor, order: int = 1) -> list[torch.Tensor]:
    """f(x) and its autograd derivatives up to `order`, on x's device and in x's dtype.

    >>> import torch
    >>> [t.tolist() for t in evaluate("relu", torch.tensor([-1.0, 0.0, 2.0]))]
    [[0.0, 0.0, 2.0], [0.0, 0.0, 1.0]]
    """
    fs = as_spec(func)
    return compute.derivatives(compute.function_of(fs), x, order).values


def grid(
    funcs: Sequence[FuncSpec],
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
) -> torch.Tensor:
    """Evenly spaced points over `xrange` plus 0 and every kink of `funcs` inside it."""
    torch_dtype = compute.resolve_dtype(dtype)
    kinks = sorted({k for fs in funcs for k in fs.kinks()})
    return compute.make_grid(*xrange, points, kinks, torch_dtype, compute.resolve_device(device, torch_dtype))


def results(
    funcs: Iterable[FuncLike],
    *,
    x: Sequence[float] | torch.Tensor | None = None,
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    order: int = 1,
    device: str = "cpu",
    dtype: str = "float32",
) -> list[Result]:
    """Evaluate each function on `x` (or on the grid over `xrange`), returning CPU tensors."""
    specs = [as_spec(f) for f in funcs]
    torch_dtype = compute.resolve_dtype(dtype)
    dev = compute.resolve_device(device, torch_dtype)
    if x is None:
        xs = grid(specs, xrange, points, device, dtype)
    else:
        xs = torch.as_tensor(x, dtype=torch_dtype).to(dev)
    out = []
    for fs in specs:
        d = compute.derivatives(compute.function_of(fs), xs, order)
        out.append(Result(fs, d.x.cpu(), [v.cpu() for v in d.values], d.numerical_from))
    return out


def figure(
    funcs: FuncLike | Iterable[FuncLike],
    *,
    orders: Sequence[int] = (0,),
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
    style: render.Style | None = None,
    ylabels: Sequence[str | None] | None = None,
) -> Figure:
    """A Figure with one panel per derivative order in `orders` (0 is f itself).

    >>> fig = figure("relu", orders=(0, 1))
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['relu(x)', 'grad of relu(x)']
    """
    from actplot import render

    flist = [funcs] if isinstance(funcs, (str, FuncSpec)) else list(funcs)
    res = results(flist, xrange=xrange, points=points, order=max(orders), device=device, dtype=dtype)
    panels = []
    for i, k in enumerate(orders):
        series = [
            render.Series(r.label(0) + (" (numerical)" if r.is_numerical(k) else ""), _np(r.x), _np(r.values[k]))
            for r in res
        ]
        given = ylabels[i] if ylabels and i < len(ylabels) else None
        panels.append(render.Panel(series, given or ylabel(res, k), legend=any(r.is_numerical(k) for r in res)))
    return render.draw(panels, style or render.Style())


def ylabel(res: Sequence[Result], order: int) -> str:
    """The textbook's axis label: ``relu(x)``, ``grad of relu(x)``; ``f(x)`` for several functions."""
    name = res[0].spec.call_label if len(res) == 1 else "f(x)"
    if order == 0:
        return name
    return f"grad of {name}" if order == 1 else f"grad{_superscript(order)} of {name}"


def _superscript(n: int) -> str:
    return str(n).translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))


def _np(t: torch.Tensor) -> np.ndarray:
    return t.detach().to(torch.float64).numpy()


def table_block(res: Sequence[Result], order: int) -> tuple[list[str], np.ndarray]:
    """Column names and an (n, columns) float64 array: x, then each function and its derivatives."""
    columns = ["x"] + [r.label(k) for r in res for k in range(order + 1)]
    if not res:
        return columns, np.empty((0, 1))
    arrays = [_np(res[0].x)] + [_np(r.values[k]) for r in res for k in range(order + 1)]
    return columns, np.column_stack(arrays)

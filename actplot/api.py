"""The Python API: evaluate activations, describe them, build figures and tables. The commands use it too.

Importing this module is light: torch loads when something is computed, matplotlib when a figure is
made (tables do without it), and :func:`info` of a catalogue entry at its defaults needs neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from actplot.activations import facts, spec
from actplot.activations.spec import ExprSpec, FuncSpec, Spec

if TYPE_CHECKING:
    import numpy as np

    from actplot.draw.render import Figure
    from actplot.numeric.compute import Tensor
    from actplot.scene import data as figdata
    from actplot.scene import sliders as figdata_sliders

FuncLike = str | Spec


@dataclass(frozen=True)
class Result:
    """One function evaluated on a grid: values[k] is the k-th derivative, on the CPU."""

    spec: Spec
    x: Tensor
    values: list[Tensor]
    numerical_from: int | None

    def is_numerical(self, order: int) -> bool:
        return self.numerical_from is not None and order >= self.numerical_from


def as_spec(func: FuncLike) -> Spec:
    return func if isinstance(func, (FuncSpec, ExprSpec)) else spec.parse(func)


def evaluate(func: FuncLike, x: Tensor, order: int = 1) -> list[Tensor]:
    """f(x) and its autograd derivatives up to `order`: ``[f, f', f'', ...]``, on x's device and in x's dtype.

    `func` is a name or alias, a call such as ``"elu(alpha=0.5)"`` or an expression in x. Where autograd
    has no derivative of some order, central differences stand in (with a NumericalDerivativeWarning).

    >>> import torch
    >>> [t.tolist() for t in evaluate("relu", torch.tensor([-1.0, 0.0, 2.0]))]
    [[0.0, 0.0, 2.0], [0.0, 0.0, 1.0]]
    >>> f, df, d2f = evaluate("gelu", torch.tensor([0.0, 1.0], dtype=torch.float64), order=2)
    >>> df.dtype, df[0].item()  # gelu'(0) = Phi(0) = 1/2
    (torch.float64, 0.5)
    """
    from actplot.numeric import compute, functions

    fs = as_spec(func)
    return compute.derivatives(functions.function_of(fs), x, order).values


def grid(
    funcs: Sequence[Spec],
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
) -> Tensor:
    """Evenly spaced points over `xrange` plus 0 and every kink of `funcs` inside it."""
    from actplot.numeric import compute

    torch_dtype = compute.resolve_dtype(dtype)
    kinks = sorted({k for fs in funcs for k in fs.kinks()})
    return compute.make_grid(*xrange, points, kinks, torch_dtype, compute.resolve_device(device, torch_dtype))


def results(
    funcs: Iterable[FuncLike],
    *,
    x: Sequence[float] | Tensor | None = None,
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    order: int = 1,
    device: str = "cpu",
    dtype: str = "float32",
) -> list[Result]:
    """Evaluate each function on `x` (or on the grid over `xrange`), returning CPU tensors."""
    from actplot.numeric import compute, functions

    specs = [as_spec(f) for f in funcs]
    torch_dtype = compute.resolve_dtype(dtype)
    dev = compute.resolve_device(device, torch_dtype)
    if x is None:
        xs = grid(specs, xrange, points, device, dtype)
    else:
        xs = compute.as_tensor(x, torch_dtype, dev)
    out = []
    for fs in specs:
        d = compute.derivatives(functions.function_of(fs), xs, order)
        out.append(Result(fs, d.x.cpu(), [v.cpu() for v in d.values], d.numerical_from))
    return out


def figure(
    funcs: FuncLike | Iterable[FuncLike],
    *,
    with_grad: bool = False,
    orders: Sequence[int] = (0,),
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
    style: figdata.Style | None = None,
    ylabels: Sequence[str | None] | None = None,
    sweep: str | tuple[str, Sequence[float | str]] | None = None,
    vanishing: float | None = None,
    mark_jumps: bool = True,
    asymptotes: bool = False,
    error: str | None = None,
) -> Figure:
    """A Figure with one panel per derivative order in `orders` (0 is f itself); `with_grad` adds f'.

    `dtype` may name several dtypes (``"bfloat16,float32"``): one curve each. `sweep` overlays one
    curve per parameter value (``"alpha=0.5,1,2"``). `vanishing` marks where abs(f') is below it.
    `asymptotes` draws the limits as x -> +-inf; `error` ("abs" or "ulp") draws the error against float64.
    Jumps break the line, with PyTorch's value as a dot and the other limit as a circle. The Figure
    belongs to no pyplot window; it shows itself in Jupyter (as PNG) when it ends a cell.

    >>> fig = figure("relu", with_grad=True)
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['relu(x)', 'grad of relu(x)']
    >>> fig._repr_png_()[:4]  # what Jupyter shows
    b'\x89PNG'
    """
    from actplot.draw import render
    from actplot.scene import data as figdata

    orders = tuple(sorted({*orders, 1})) if with_grad else tuple(orders)
    st = style or figdata.Style()
    chosen = panels(funcs, orders=orders, xrange=xrange, points=points, device=device, dtype=dtype, style=st,
                    ylabels=ylabels, sweep=sweep, vanishing=vanishing, mark_jumps=mark_jumps, asymptotes=asymptotes,
                    error=error)  # fmt: skip
    return render.draw(chosen, st)


def panels(
    funcs: FuncLike | Iterable[FuncLike],
    *,
    orders: Sequence[int] = (0,),
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
    style: figdata.Style | None = None,
    ylabels: Sequence[str | None] | None = None,
    sweep: str | tuple[str, Sequence[float | str]] | None = None,
    vanishing: float | None = None,
    mark_jumps: bool = True,
    asymptotes: bool = False,
    error: str | None = None,
    labelled: bool = True,
) -> list[figdata.Panel]:
    """What :func:`figure` draws, as plain data (numpy arrays, labels, markers) that can cross processes.

    `style` matters only for its width in pixels, to which long curves are thinned. `asymptotes` adds
    the limits each curve approaches as x -> +-inf; `error` ("abs" or "ulp") draws each curve's error
    against float64 instead of the curve. Without `labelled`, the swept values are left out of the curves'
    labels and the legend (an animation's frame says its one value elsewhere).
    """
    from actplot.scene import data as figdata
    from actplot.scene import panels as scene

    flist = [funcs] if isinstance(funcs, (str, FuncSpec, ExprSpec)) else list(funcs)
    sweep_ = scene.parse_sweep(sweep) if isinstance(sweep, str) else sweep
    chosen = scene.expand([as_spec(f) for f in flist], _sweep(sweep_), scene.split_dtypes(dtype), labelled)
    st = style or figdata.Style()
    opts = figdata.Options(xrange, points, device, round(st.width * st.dpi), mark_jumps, vanishing, asymptotes, error)
    title = scene.legend_title(_sweep(sweep_)) if labelled else None
    return scene.panels(chosen, orders, ylabels or [], opts, title)


def difference(
    f1: FuncLike,
    f2: FuncLike,
    *,
    order: int = 0,
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
    style: figdata.Style | None = None,
    ylabel: str | None = None,
) -> tuple[Figure, float, float]:
    """A Figure of f1 - f2 (or of their `order`-th derivatives), the largest gap marked: (fig, x, gap).

    >>> _, x, gap = difference("gelu", "gelu(approximate=tanh)")
    >>> round(abs(x), 1), f"{abs(gap):.1e}"
    (2.7, '4.7e-04')
    """
    from actplot.draw import render
    from actplot.scene import data as figdata

    st = style or figdata.Style()
    panel, x, gap = difference_panel(
        f1, f2, order=order, xrange=xrange, points=points, device=device, dtype=dtype, style=st, ylabel=ylabel
    )
    return render.draw([panel], st), x, gap


def difference_panel(
    f1: FuncLike,
    f2: FuncLike,
    *,
    order: int = 0,
    xrange: tuple[float, float] = (-8.0, 8.0),
    points: int = 2001,
    device: str = "cpu",
    dtype: str = "float32",
    style: figdata.Style | None = None,
    ylabel: str | None = None,
) -> tuple[figdata.Panel, float, float]:
    """What :func:`difference` draws, as plain data: (panel, x, gap)."""
    from actplot.scene import data as figdata
    from actplot.scene import difference as scene

    st = style or figdata.Style()
    opts = figdata.Options(xrange, points, device, round(st.width * st.dpi))
    panel, peak = scene.difference(as_spec(f1), as_spec(f2), order, dtype, opts)
    if ylabel:
        from dataclasses import replace

        panel = replace(panel, ylabel=ylabel)
    return panel, peak.x, peak.value


def sliders(
    func: FuncLike, *, xrange: tuple[float, float] = (-8.0, 8.0), device: str = "cpu", dtype: str = "float32",
) -> figdata_sliders.Sliders | None:
    """What a gallery page's sliders show for `func`: f and f' computed by PyTorch at every value of a short
    lattice over each numeric parameter (one at a time), with their jumps; None without numeric parameters.

    >>> s = sliders("elu(alpha=0.5)")
    >>> s.sliders[0].lattice.param, s.sliders[0].lattice.values[s.sliders[0].lattice.start]
    ('alpha', 0.5)
    """
    from actplot.scene import sliders as scene

    return scene.sliders(as_spec(func), xrange, dtype, device)


def _sweep(sweep: tuple[str, Sequence[float | str]] | None) -> tuple[str, tuple[float | str, ...]] | None:
    return None if sweep is None else (sweep[0], tuple(float(v) if isinstance(v, int) else v for v in sweep[1]))



def table_block(res: Sequence[Result], order: int) -> tuple[list[str], np.ndarray]:
    """Column names (see :func:`column_names`) and an (n, columns) float64 array: x, then each function
    and its derivatives."""
    import numpy as np

    from actplot.numeric import compute

    columns = column_names([r.spec for r in res], order)
    if not res:
        return columns, np.empty((0, 1))
    arrays = [compute.to_numpy(res[0].x)] + [compute.to_numpy(r.values[k]) for r in res for k in range(order + 1)]
    return columns, np.column_stack(arrays)


def column_names(specs: Sequence[Spec], order: int) -> list[str]:
    """``x``, then for each function its name and ``_d1``, ``_d2``, ...: identifiers, each used once.

    >>> column_names([spec.parse("relu"), spec.parse("ReLU"), spec.parse("gelu(approximate=tanh)")], 1)
    ['x', 'relu', 'relu_d1', 'relu_2', 'relu_2_d1', 'gelu_approximate_tanh', 'gelu_approximate_tanh_d1']
    """
    out, seen = ["x"], {"x": 1}
    for fs in specs:
        base = re.sub(r"\W+", "_", fs.label, flags=re.ASCII).strip("_") or "f"
        base = f"f_{base}" if base[0].isdigit() else base
        seen[base] = seen.get(base, 0) + 1
        base = base if seen[base] == 1 else f"{base}_{seen[base]}"
        out += [base if k == 0 else f"{base}_d{k}" for k in range(order + 1)]
    return out


def numerical_columns(res: Sequence[Result], order: int) -> list[str]:
    """The columns computed by central differences, where autograd has no derivative of that order."""
    names = column_names([r.spec for r in res], order)[1:]
    flags = [r.is_numerical(k) for r in res for k in range(order + 1)]
    return [name for name, numerical in zip(names, flags) if numerical]


def info(func: FuncLike, dtype: str = "float32", device: str = "cpu") -> dict[str, Any]:
    """Catalogue facts and measured properties of `func` as plain data (what ``info --format json`` prints).

    A catalogue entry at its defaults in float32 on the CPU is read from the shipped properties; anything
    else is measured now.
    """
    fs = as_spec(func)
    found = facts.known(fs, dtype, device)
    if found["properties"] is None:  # not shipped: measured now, which imports torch
        from actplot.numeric import measure

        found["properties"] = measure.measure(fs, dtype, device)
    return found


def stats(
    funcs: Iterable[FuncLike],
    *,
    q: float = 1.0,
    sigma_w: float = 1.0,
    sigma_b: float = 0.0,
    depth: int = 0,
    dtype: str = "float64",
    device: str = "cpu",
) -> list[dict[str, Any]]:
    """Gaussian moments, init gains and mean-field propagation of each function, as plain data (what
    ``stats --format json`` prints under "functions"). Every number is ``{"value": v, "error": bound}``.

    >>> found = stats(["relu"])[0]
    >>> round(found["moments"]["E[f^2]"]["value"], 12), found["meanfield"]["phase"]
    (0.5, 'ordered')
    """
    from actplot.numeric import compute, functions, statistics

    torch_dtype = compute.resolve_dtype(dtype)
    dev = compute.resolve_device(device, torch_dtype)
    setting = statistics.Setting(q, sigma_w, sigma_b, depth, torch_dtype, dev)
    out = []
    with compute.one_thread():  # thousands of nodes a call: a thread pool costs more than it saves
        for fs in (as_spec(f) for f in funcs):
            found = statistics.describe(functions.function_of(fs), fs.kinks(), _gain_name(fs), setting)
            out.append({"function": fs.label, "name": fs.name, "params": dict(fs.params), **found})
    return out


def _gain_name(fs: Spec) -> tuple[str, float | None] | None:
    """The name and parameter torch.nn.init.calculate_gain knows `fs` by, if it knows it."""
    if isinstance(fs, ExprSpec):
        return ("linear", None) if fs.tree == spec.parse_expression("x") else None
    if fs.name in ("relu", "tanh", "sigmoid", "selu"):
        return (fs.name, None)
    if fs.name == "leaky_relu":
        slope = fs.params["negative_slope"]
        return ("leaky_relu", slope if isinstance(slope, float) else None)
    return None

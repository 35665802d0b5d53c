"""Grids, values and autograd derivatives on a device and dtype (this module imports torch)."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Final

import numpy as np
import torch

from actplot.errors import DeviceError, NumericalDerivativeWarning, UsageError

DTYPES: Final[dict[str, torch.dtype]] = {
    "float32": torch.float32,
    "float64": torch.float64,
    "float16": torch.float16,
    "bfloat16": torch.bfloat16,
}
MAX_ORDER: Final = 8
GRID_CHUNK: Final = 1 << 16  # grid values per piece when a grid is streamed

Tensor = torch.Tensor
Fn = Callable[[torch.Tensor], torch.Tensor]


@dataclass(frozen=True)
class Derivatives:
    """f and its derivatives up to some order, on one grid."""

    x: torch.Tensor
    values: list[torch.Tensor]  # values[k] is the k-th derivative (values[0] = f)
    numerical_from: int | None  # the first order computed by central differences, if any

    def is_numerical(self, order: int) -> bool:
        return self.numerical_from is not None and order >= self.numerical_from


@contextmanager
def one_thread() -> Iterator[None]:
    """torch on one thread inside, as many as before after."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def as_tensor(x: Sequence[float] | np.ndarray | torch.Tensor, dtype: torch.dtype, device: torch.device) -> torch.Tensor:
    """`x` as a tensor of `dtype` on `device` (float64 values rounded once, to the nearest)."""
    return torch.as_tensor(x, dtype=dtype).to(device)


def to_numpy(t: torch.Tensor) -> np.ndarray:
    """A float64 numpy copy on the CPU (exact for every dtype actplot computes in)."""
    return t.detach().cpu().to(torch.float64).numpy()


def torch_version() -> str:
    return str(torch.__version__)


def resolve_dtype(name: str) -> torch.dtype:
    try:
        return DTYPES[name]
    except KeyError:
        raise UsageError(f"unknown dtype '{name}'", hint=f"choose from {', '.join(DTYPES)}") from None


def resolve_device(name: str, dtype: torch.dtype = torch.float32) -> torch.device:
    """The torch device for `name` (cpu, cuda, cuda:N, mps or auto), checked to be usable here."""
    text = name.strip().lower()
    if text == "auto":
        if torch.cuda.is_available():
            text = "cuda"
        elif _mps_available() and dtype != torch.float64:
            text = "mps"
        else:
            text = "cpu"
    try:
        device = torch.device(text)
    except RuntimeError:
        raise UsageError(f"unknown device '{name}'", hint="choose cpu, cuda, cuda:N, mps or auto") from None
    if device.type == "cuda":
        count = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if count == 0:
            raise DeviceError(f"device '{name}' is not available: no CUDA device here", hint=_available())
        if device.index is not None and device.index >= count:
            raise DeviceError(f"device '{name}' is not available: {count} CUDA device(s) here", hint=_available())
    elif device.type == "mps":
        if not _mps_available():
            raise DeviceError(f"device '{name}' is not available: no MPS device here", hint=_available())
        if dtype == torch.float64:
            raise DeviceError("MPS has no float64", hint="use --dtype float32 on mps, or --device cpu")
    elif device.type != "cpu":
        raise UsageError(f"unsupported device '{name}'", hint="choose cpu, cuda, cuda:N, mps or auto")
    return device


def _mps_available() -> bool:
    backend = getattr(torch.backends, "mps", None)
    return bool(backend is not None and backend.is_available())


def _available() -> str:
    found = ["cpu"]
    if torch.cuda.is_available():
        found += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    if _mps_available():
        found.append("mps")
    return f"available: {', '.join(found)}"


def check_range(lo: float, hi: float, points: int) -> None:
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise UsageError(f"--range bounds must be finite numbers, not {lo:g} {hi:g}")
    if lo >= hi:
        raise UsageError(f"--range MIN MAX needs MIN < MAX, not {lo:g} {hi:g}")
    if points < 2:
        raise UsageError(f"--points must be at least 2, not {points}")


def make_grid(
    lo: float, hi: float, points: int, kinks: Sequence[float], dtype: torch.dtype, device: torch.device
) -> torch.Tensor:
    """`points` evenly spaced values from lo to hi, plus 0 and every kink inside [lo, hi], sorted.

    The extra points are values of the grid exactly (as far as `dtype` can hold them), so a figure or
    table shows PyTorch's own value at each kink. Values that collide in `dtype` appear once.
    """
    return torch.cat(list(grid_chunks(lo, hi, points, kinks, dtype, device, chunk=points)))


def grid_chunks(
    lo: float,
    hi: float,
    points: int,
    kinks: Sequence[float],
    dtype: torch.dtype,
    device: torch.device,
    chunk: int = GRID_CHUNK,
) -> Iterator[torch.Tensor]:
    """The grid of :func:`make_grid` in consecutive pieces of about `chunk` values, in bounded memory.

    Point i is lo + i*step in the first half and hi - (points-1-i)*step in the second, so both ends
    are exact whatever the piece; 0 and the kinks join the piece whose interval holds them.
    """
    check_range(lo, hi, points)
    check_representable(lo, hi, dtype)
    extra = sorted({k for k in (0.0, *kinks) if lo <= k <= hi})
    last: torch.Tensor | None = None
    for start in range(0, points, chunk):
        stop = min(points, start + chunk)
        base = _spaced(lo, hi, points, start, stop)
        upper = hi if stop == points else float(_spaced(lo, hi, points, stop, stop + 1)[0])
        first = float(base[0])
        inside = [k for k in extra if first <= k < upper or (stop == points and k == hi)]
        piece = torch.cat([base, torch.tensor(inside, dtype=torch.float64)]) if inside else base
        values: torch.Tensor = torch.unique(piece.to(dtype))  # unique sorts; rounding keeps the order
        if last is not None:
            values = values[values > last]  # a value that collides with the previous piece's last
        if values.numel():
            last = values[-1]
            yield values.to(device)


def check_representable(lo: float, hi: float, dtype: torch.dtype) -> None:
    """A range `dtype` can hold: bounds within its largest value, and at least two distinct values."""
    name = str(dtype).removeprefix("torch.")
    largest = torch.finfo(dtype).max
    if max(abs(lo), abs(hi)) > largest:
        raise UsageError(
            f"--range {lo:g} {hi:g} goes beyond {name}'s largest value, {largest:.4g}",
            hint="narrow the range" + ("" if dtype == torch.float64 else " or use --dtype float64"),
        )
    ends = torch.tensor([lo, hi], dtype=torch.float64).to(dtype)
    if bool(ends[0] == ends[1]):
        raise UsageError(
            f"--range {lo:g} {hi:g} is too narrow for {name}: both ends round to {float(ends[0]):g}",
            hint="widen the range" + ("" if dtype == torch.float64 else " or use --dtype float64"),
        )


def _spaced(lo: float, hi: float, points: int, start: int, stop: int) -> torch.Tensor:
    if not math.isfinite(hi - lo):  # --range -1e308 1e308: the width overflows, half of it does not
        return 2 * _spaced(lo / 2, hi / 2, points, start, stop)
    i = torch.arange(start, stop, dtype=torch.float64)
    step = (hi - lo) / (points - 1)
    return torch.where(i < points // 2, lo + step * i, hi - step * (points - 1 - i))


def derivatives(fn: Fn, x: torch.Tensor, order: int) -> Derivatives:
    """f(x) and its derivatives up to `order`, by autograd, fresh for this call (nothing accumulates).

    Where autograd has no derivative of some order (hardsigmoid's second), that order and the ones
    above are central differences of the last order autograd gave, and a
    :class:`NumericalDerivativeWarning` is issued.
    """
    if not 0 <= order <= MAX_ORDER:
        raise UsageError(f"--order must be between 0 and {MAX_ORDER}, not {order}")
    x = x.detach().requires_grad_(True)
    current = fn(x)
    values = [current]
    for k in range(1, order + 1):
        try:
            # Each order as y.backward() gives it (no graph kept): torch's backward formulas differ in the
            # last bits when a graph is kept (silu, mish), and a column must not depend on --order. The
            # graph for the next order is a second pass that keeps it.
            values.append(gradient(current, x, create_graph=False, retain_graph=k < order))
            if k < order:
                current = gradient(current, x, create_graph=True)
        except RuntimeError as exc:
            if "not implemented" not in str(exc):
                raise
            warnings.warn(
                f"autograd has no derivative of order {k} here ({exc}); using central differences",
                NumericalDerivativeWarning,
                stacklevel=2,
            )
            values = values[:k] + _numerical(fn, x.detach(), k - 1, order)
            return Derivatives(x.detach(), [v.detach() for v in values], k)
    return Derivatives(x.detach(), [v.detach() for v in values], None)


def gradient(y: torch.Tensor, x: torch.Tensor, create_graph: bool,
             retain_graph: bool | None = None) -> torch.Tensor:  # fmt: skip
    """dy/dx elementwise by autograd, as a tensor with storage (zeros where y does not depend on x)."""
    if not y.requires_grad:  # a constant: its derivative is 0 everywhere
        return torch.zeros_like(x)
    # d(sum y)/dx is dy/dx elementwise, bit for bit (sum's backward is a tensor of ones), and a scalar
    # output spares torch a 0.9 s import that an explicit grad_outputs tensor triggers (torch 2.x)
    (g,) = torch.autograd.grad(y.sum(), x, create_graph=create_graph, retain_graph=retain_graph, allow_unused=True)
    # A derivative torch knows to be 0 (abs'', through sgn's backward) is a ZeroTensor with no storage:
    # numpy, tolist() and printing all refuse it, so it becomes real zeros here, for every caller
    return torch.zeros_like(x) if g is None or g._is_zerotensor() else g


def _autograd_order(fn: Fn, order: int) -> Fn:
    """x -> the `order`-th autograd derivative of fn at x."""

    def nth(x: torch.Tensor) -> torch.Tensor:
        x = x.detach().requires_grad_(True)
        y = fn(x)
        for k in range(order):
            y = gradient(y, x, create_graph=k < order - 1)
        return y.detach()

    return nth


def _numerical(fn: Fn, x: torch.Tensor, last_exact: int, order: int) -> list[torch.Tensor]:
    """Orders last_exact+1 .. order by central differences, step scaled to the dtype and |x|."""
    eps = torch.finfo(x.dtype).eps
    h = (eps ** (1 / 3)) * torch.clamp(x.abs(), min=1.0)
    current = _autograd_order(fn, last_exact)
    out = []
    for _ in range(last_exact + 1, order + 1):
        current = _central(current, h)
        out.append(current(x))
    return out


def _central(g: Fn, h: torch.Tensor) -> Fn:
    def derivative(x: torch.Tensor) -> torch.Tensor:
        step = (x + h) - (x - h)  # the step the dtype actually took
        return (g(x + h) - g(x - h)) / step

    return derivative

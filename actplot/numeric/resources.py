"""Memory guards: refuse a computation that cannot fit before allocating it, with the estimate.

The estimate is deliberately generous (measured peaks on CPU were 40-100% of it): refusing a
figure that would have fitted is a small cost; swapping the machine to a halt is not. Only torch is
needed, and only to ask a CUDA device how much of its memory is free.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from actplot.errors import ActplotError

if TYPE_CHECKING:
    import torch

# Host bytes per grid point: the float64 reference grid, jump search and drawing copies (fixed) plus,
# per curve and derivative order k, the values and autograd graph (growing as (k+1)^2 with create_graph).
_FIXED: Final = 96
_PER_CURVE: Final = 16
_CGROUP_LIMIT: Final = Path("/sys/fs/cgroup/memory.max")


class ResourceError(ActplotError):
    """The computation asked for would not fit in this machine's (or device's) memory (exit 1)."""


def host_bytes(points: int, curves: int, order: int) -> int:
    """Estimated peak host memory for `curves` curves of derivatives up to `order` on `points` points."""
    return points * (_FIXED + curves * _PER_CURVE * (order + 1) ** 2)


def device_bytes(points: int, curves: int, order: int, itemsize: int) -> int:
    """Estimated peak memory on an accelerator: each curve's tensors and graph in its own dtype."""
    return points * curves * itemsize * 4 * (order + 1) ** 2


def physical_memory() -> int | None:
    """This machine's physical memory in bytes (or a container's limit, if lower); None where unknown."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return None
    try:
        limit = _CGROUP_LIMIT.read_text().strip()
    except OSError:
        return total
    return min(total, int(limit)) if limit.isdigit() else total


def check(points: int, curves: int, order: int, device: torch.device, itemsize: int = 4, what: str = "") -> None:
    """Raise :class:`ResourceError` when the computation would not fit, naming the estimate.

    `what` names the points in the message (default ``--points N``).
    """
    what = what or f"--points {points}"
    have = physical_memory()
    need = host_bytes(points, curves, order)
    if have is not None and need > have:
        _refuse(what, need, f"this machine has {format_size(have)}", have // host_bytes(1, curves, order))
    if device.type == "cuda":
        import torch

        free, _ = torch.cuda.mem_get_info(device)
        need = device_bytes(points, curves, order, itemsize)
        if need > free:
            most = free // device_bytes(1, curves, order, itemsize)
            _refuse(what, need, f"{device} has {format_size(free)} free", most)


def _refuse(what: str, need: int, where: str, most: int) -> None:
    most = max(2, most)
    raise ResourceError(
        f"{what} would need about {format_size(need)} of memory; {where}",
        hint=f"use --points {most:_} or fewer".replace("_", ",") + " (or fewer functions, a lower --order)",
    )


def format_size(n: float) -> str:
    """``1.5 GiB``: a byte count for people."""
    for unit in ("B", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n < 1024 or unit == "PiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} PiB"  # pragma: no cover - the loop always returns


def as_resource_error(exc: BaseException) -> ResourceError | None:
    """The allocator's own out-of-memory failure (which slipped past the estimate) as a one-line error."""
    text = str(exc).lower()
    oom = isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError"
    if oom or (isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "out of memory" in text)):
        return ResourceError("out of memory", hint="use fewer --points, fewer functions or a lower --order")
    return None

"""Memory guards: refuse a computation that cannot fit before allocating it, with the estimate.

The estimate is deliberately generous (measured peaks on CPU were 40-100% of it): refusing a
figure that would have fitted is a small cost; swapping the machine to a halt is not. Only torch is
needed, and only to ask a CUDA device how much of its memory is free.
"""

from __future__ import annotations

import contextlib
import os
import resource
from pathlib import Path
from typing import TYPE_CHECKING, Final

from actplot.errors import ResourceError, as_resource_error

__all__ = [
    "ResourceError", "as_resource_error", "check", "format_size", "host_bytes", "memory_limits", "physical_memory",
]

if TYPE_CHECKING:
    import torch

# Host bytes per grid point: the float64 reference grid, jump search and drawing copies (fixed) plus,
# per curve and derivative order k, the values and autograd graph (growing as (k+1)^2 with create_graph).
_FIXED: Final = 96
_PER_CURVE: Final = 16
_CGROUP_FILES: Final = (
    (Path("/sys/fs/cgroup/memory.max"), Path("/sys/fs/cgroup/memory.current")),  # cgroup v2
    (Path("/sys/fs/cgroup/memory/memory.limit_in_bytes"), Path("/sys/fs/cgroup/memory/memory.usage_in_bytes")),  # v1
)
_MEMINFO: Final = Path("/proc/meminfo")
_STATUS: Final = Path("/proc/self/status")


def host_bytes(points: int, curves: int, order: int) -> int:
    """Estimated peak host memory for `curves` curves of derivatives up to `order` on `points` points."""
    return points * (_FIXED + curves * _PER_CURVE * (order + 1) ** 2)


def device_bytes(points: int, curves: int, order: int, itemsize: int) -> int:
    """Estimated peak memory on an accelerator: each curve's tensors and graph in its own dtype."""
    return points * curves * itemsize * 4 * (order + 1) ** 2


def physical_memory() -> int | None:
    """The memory a computation may use now, in bytes: the least of what every limit leaves (None: unknown)."""
    found = memory_limits()
    return min(found.values()) if found else None


def memory_limits() -> dict[str, int]:
    """What each limit on this process's memory leaves now, by a name for messages: available memory,
    the cgroup's limit (v2 or v1) less its use, and ``ulimit -v`` less the address space in use."""
    found: dict[str, int] = {}
    meminfo = _read_numbers(_MEMINFO, ":")
    if "MemAvailable" in meminfo:
        found["available memory"] = meminfo["MemAvailable"] * 1024
    else:
        with contextlib.suppress(AttributeError, ValueError, OSError):
            found["memory"] = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit_file, usage_file in _CGROUP_FILES:
        limit, usage = _read_int(limit_file), _read_int(usage_file)
        if limit is not None and limit < 1 << 60:  # v1 writes 2^63 rounded down to a page for "no limit"
            found["the cgroup's memory limit"] = max(0, limit - (usage or 0))
            break
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        in_use = _read_numbers(_STATUS, ":").get("VmSize", 0) * 1024
        found["ulimit -v"] = max(0, soft - in_use)
    return found


def _read_int(path: Path) -> int | None:
    try:
        text = path.read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def _read_numbers(path: Path, sep: str) -> dict[str, int]:
    """``Name: 123 kB`` lines as {name: 123}."""
    out: dict[str, int] = {}
    with contextlib.suppress(OSError):
        for line in path.read_text().splitlines():
            name, _, rest = line.partition(sep)
            words = rest.split()
            if words and words[0].isdigit():
                out[name.strip()] = int(words[0])
    return out


def check(points: int, curves: int, order: int, device: torch.device, itemsize: int = 4, what: str = "") -> None:
    """Raise :class:`ResourceError` when the computation would not fit, naming the estimate.

    `what` names the points in the message (default ``--points N``).
    """
    what = what or f"--points {points}"
    have = physical_memory()
    need = host_bytes(points, curves, order)
    if have is not None and need > have:
        tightest = _tightest()
        where = (f"this machine has {format_size(have)}" if tightest.endswith("memory")
                 else f"{tightest} leaves {format_size(have)}")  # fmt: skip
        _refuse(what, need, where, have // host_bytes(1, curves, order))
    if device.type == "cuda":
        import torch

        free, _ = torch.cuda.mem_get_info(device)
        need = device_bytes(points, curves, order, itemsize)
        if need > free:
            most = free // device_bytes(1, curves, order, itemsize)
            _refuse(what, need, f"{device} has {format_size(free)} free", most)


def _tightest() -> str:
    limits = memory_limits()
    return min(limits, key=limits.__getitem__) if limits else "memory"


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

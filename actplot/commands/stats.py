"""The stats command: Gaussian moments, init gains and mean-field propagation of each FUNC, as a table
and, with --plot, a figure of the variance map, the depth curve and the order/chaos phase diagram."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TextIO

from actplot.activations import spec
from actplot.activations.spec import safe_stem
from actplot.errors import UsageError, check_choice
from actplot.streams import files, staging, stats_table

if TYPE_CHECKING:
    from actplot.draw.meanfield import MeanFieldPanel

MAX_DEPTH = 10_000
GRID = 41  # the phase diagram's cells along each axis


@dataclass(frozen=True)
class StatsJob:
    """Everything one stats command asks for."""

    funcs: Sequence[str]
    q: float = 1.0
    sigma_w: float = 1.0
    sigma_b: float = 0.0
    depth: int = 0
    dtype: str = "float64"
    device: str = "cpu"
    fmt: str | None = None
    plot: bool = False
    out: str | None = None
    version: str = ""


def check(job: StatsJob, stdout: TextIO) -> tuple[list[spec.Spec], str, files.Target | None]:
    """Everything that can be checked before torch loads: functions, numbers, format and figure file."""
    specs = [spec.parse(f) for f in job.funcs]
    for option, value in (("--q", job.q), ("--sigma-w", job.sigma_w), ("--sigma-b", job.sigma_b)):
        if not (math.isfinite(value) and value >= 0):
            raise UsageError(f"{option} must be a finite number >= 0, not {value:g}")
    if not job.q > 0:
        raise UsageError("--q must be above 0: it is the variance of the input")
    if not 0 <= job.depth <= MAX_DEPTH:
        raise UsageError(f"--depth must be between 0 and {MAX_DEPTH}, not {job.depth}")
    fmt = check_choice(job.fmt or ("rich" if stdout.isatty() else "csv"), stats_table.FORMATS, "--format")
    if job.out is not None and not job.plot:
        raise UsageError("--out names the figure file", hint="add --plot")
    target = None
    if job.plot:
        stem = safe_stem("stats-" + "-".join(s.label for s in specs))
        target = files.resolve(job.out, None, stem, stdout.isatty())
        if target.path is None:
            raise UsageError("--out - would mix the figure with the table on stdout", hint="give --out a file name")
    return specs, fmt, target


def run(job: StatsJob, stdout: TextIO) -> str | None:
    """Print the table on `stdout`; with --plot also write the figure. Returns the note for stderr."""
    specs, fmt, target = check(job, stdout)
    from actplot import api

    found = api.stats(specs, q=job.q, sigma_w=job.sigma_w, sigma_b=job.sigma_b, depth=job.depth,
                      dtype=job.dtype, device=job.device)  # fmt: skip
    figure = _panels(specs, found, job) if target is not None else None
    stats_table.write(stdout, found, fmt, _meta(job))
    if figure is None or target is None or target.path is None:
        return None
    from actplot.draw import meanfield as draw

    staging.write_atomically(target.path, lambda fh: draw.save(figure, fh, target.fmt))
    return f"wrote {target.path}"


def _meta(job: StatsJob) -> dict[str, Any]:
    from actplot.numeric import compute

    return {"q": job.q, "sigma_w": job.sigma_w, "sigma_b": job.sigma_b, "depth": job.depth, "dtype": job.dtype,
            "device": job.device, "torch": compute.torch_version(), "actplot": job.version}  # fmt: skip


def _panels(specs: Sequence[spec.Spec], found: Sequence[dict[str, Any]], job: StatsJob) -> list[MeanFieldPanel]:
    import numpy as np

    from actplot.draw.meanfield import MeanFieldPanel
    from actplot.numeric import compute, functions, meanfield

    dtype = compute.resolve_dtype(job.dtype)
    sw2, sb2 = job.sigma_w**2, job.sigma_b**2
    out = []
    with compute.one_thread():
        for fs, data in zip(specs, found):
            q_star = data["meanfield"]["q*"]
            top = max(4 * job.q, 2 * (q_star["value"] if q_star else 0.0), 1e-3)
            field = meanfield.Field(functions.function_of(fs), fs.kinks(), sw2, sb2, dtype)
            qs = np.linspace(0.0, top, 101)
            v = np.array([sw2 * m.second.value + sb2 for m in field.second(qs.tolist())])
            curve = np.array([job.q, *meanfield.depth_curve(field, job.q, max(job.depth, 20))])
            grid = meanfield.phase_grid(field.fn, fs.kinks(), np.linspace(0.05, max(4.0, 1.5 * sw2), GRID),
                                        np.linspace(0.0, max(0.5, 1.5 * sb2), GRID), dtype)  # fmt: skip
            out.append(MeanFieldPanel(fs.label, qs, v, q_star["value"] if q_star else None, curve, grid.sw2,
                                      grid.sb2, grid.chi1, grid.critical, (sw2, sb2)))  # fmt: skip
    return out

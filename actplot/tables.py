"""The table command: x values in, f and its derivatives out, in one of several formats."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from actplot import __version__, spec
from actplot.errors import InputError, check_choice

FORMATS = ("rich", "csv", "tsv", "json", "jsonl", "markdown")
DEFAULT_POINTS = 17
_SEPARATORS = re.compile(r"[\s,]+")


@dataclass(frozen=True)
class TableJob:
    """Everything one table command asks for."""

    funcs: Sequence[str]
    x: str | None = None
    order: int = 1
    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int | None = None
    device: str = "cpu"
    dtype: str = "float32"
    fmt: str | None = None
    precision: int | None = None
    header: bool = True


def parse_inline(text: str) -> list[float]:
    """``0,0.5,1`` or ``"0 0.5 1"`` -> floats; a bad token is named with its column."""
    values = []
    for match in re.finditer(r"[^\s,]+", text):
        try:
            values.append(float(match.group()))
        except ValueError:
            raise InputError(f"--x: '{match.group()}' at column {match.start() + 1} is not a number") from None
    return values


def run(job: TableJob) -> None:
    """Compute and print the table on stdout."""
    specs = [spec.parse(f) for f in job.funcs]
    fmt = check_choice(job.fmt or ("rich" if sys.stdout.isatty() else "csv"), FORMATS, "--format")
    xs = parse_inline(job.x) if job.x is not None else None
    from actplot import api, compute, output

    res = api.results(
        specs,
        x=xs,
        xrange=job.xrange,
        points=job.points or DEFAULT_POINTS,
        order=job.order,
        device=job.device,
        dtype=job.dtype,
    )
    columns, block = api.table_block(res, job.order)
    meta = {
        "functions": [{"label": s.label, "name": s.name, "params": s.params} for s in specs],
        "order": job.order,
        "dtype": job.dtype,
        "device": str(compute.resolve_device(job.device, compute.resolve_dtype(job.dtype))),
        "torch": compute.torch_version(),
        "actplot": __version__,
    }
    writer = output.TableWriter(sys.stdout, columns, fmt, job.dtype, job.precision, job.header, meta)
    writer.write(block)
    writer.close()

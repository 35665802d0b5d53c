"""The table command: x values in, f and its derivatives out, in one of several formats."""

from __future__ import annotations

import sys
import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from actplot import __version__, inputs, spec
from actplot.errors import NumericalDerivativeWarning, check_choice

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import torch

    from actplot import output

FORMATS = ("rich", "csv", "tsv", "json", "jsonl", "markdown")
DEFAULT_POINTS = 17


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


def run(job: TableJob) -> None:
    """Compute and print the table on stdout, a block at a time: rows appear as they are computed.

    Inline --x values are all checked before anything is printed; values from stdin or @FILE stream,
    so when a bad token turns up, the rows before it have been printed (csv, tsv, jsonl, markdown)
    and nothing after them.  json and rich print nothing until the input ends.
    """
    specs = [spec.parse(f) for f in job.funcs]
    fmt = check_choice(job.fmt or ("rich" if sys.stdout.isatty() else "csv"), FORMATS, "--format")
    checked = None
    if job.x is not None and job.x != "-" and not job.x.startswith("@"):
        checked = inputs.parse_all(job.x)  # inline values: all checked before anything is printed
    if job.x is not None:
        inputs.check_source(job.x)  # a missing @FILE is reported before torch loads
    import torch

    from actplot import compute

    torch_dtype = compute.resolve_dtype(job.dtype)
    device = compute.resolve_device(job.device, torch_dtype)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # blocks are small: handing each op to a thread pool costs more than it saves
    try:
        writer = _write_blocks(specs, job, fmt, checked, torch_dtype, device)
    finally:
        torch.set_num_threads(threads)
    writer.close()


def _write_blocks(specs: Sequence[spec.Spec], job: TableJob, fmt: str, checked: npt.NDArray[np.float64] | None,
                  dtype: torch.dtype, device: torch.device) -> output.TableWriter:
    """Evaluate and write each block as it comes; the writer, still open (json and rich print at close)."""
    import torch

    from actplot import output

    writer: output.TableWriter | None = None
    for i, xs in enumerate(_x_blocks(job, specs, checked, dtype, device)):
        columns, block = _evaluate(specs, xs, job, quiet=i > 0)
        writer = writer or output.TableWriter(sys.stdout, columns, fmt, job.dtype, job.precision, job.header,
                                              _meta(specs, job, device))
        writer.write(block)
    if writer is None:  # no input at all: the header alone (or nothing, for jsonl)
        columns, _ = _evaluate(specs, torch.empty(0, dtype=dtype, device=device), job, quiet=False)
        writer = output.TableWriter(sys.stdout, columns, fmt, job.dtype, job.precision, job.header,
                                    _meta(specs, job, device))
    return writer


def _x_blocks(job: TableJob, specs: Sequence[spec.Spec], checked: npt.NDArray[np.float64] | None,
              dtype: torch.dtype, device: torch.device) -> Iterator[torch.Tensor]:
    import torch

    from actplot import compute, resources

    def fits(n: int, what: str) -> None:
        resources.check(n, len(specs), job.order, device, dtype.itemsize, what)

    if checked is not None:
        fits(checked.size, f"--x with {checked.size} values")
        yield torch.from_numpy(checked).to(dtype).to(device)
    elif job.x is not None:
        stdin = sys.stdin.buffer if sys.stdin is not None else None
        for values in inputs.read_values(job.x, stdin):
            fits(values.size, f"a block of {values.size} input values")
            yield torch.from_numpy(values).to(dtype).to(device)
    else:
        kinks = sorted({k for s in specs for k in s.kinks()})
        points = DEFAULT_POINTS if job.points is None else job.points
        fits(min(points, compute.GRID_CHUNK), f"--points {points} (in blocks of {compute.GRID_CHUNK})")
        yield from compute.grid_chunks(*job.xrange, points, kinks, dtype, device)


def _evaluate(specs: Sequence[spec.Spec], xs: torch.Tensor, job: TableJob,
              quiet: bool) -> tuple[list[str], np.ndarray]:
    """Columns and rows for one block; `quiet` silences warnings the first block has already given."""
    from actplot import api

    with warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", NumericalDerivativeWarning)
        res = api.results(specs, x=xs, order=job.order, device=job.device, dtype=job.dtype)
    return api.table_block(res, job.order)


def _meta(specs: Sequence[spec.Spec], job: TableJob, device: torch.device) -> dict[str, object]:
    from actplot import compute

    return {
        "functions": [{"label": s.label, "name": s.name, "params": s.params} for s in specs],
        "order": job.order,
        "dtype": job.dtype,
        "device": str(device),
        "torch": compute.torch_version(),
        "actplot": __version__,
    }

"""The table command: x values in, f and its derivatives out, in one of several formats."""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO, TextIO

from actplot.activations import spec
from actplot.errors import NumericalDerivativeWarning, check_choice
from actplot.streams import inputs

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from actplot.streams import tables

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
    version: str = ""  # actplot's, for the json metadata


def run(job: TableJob, stdout: TextIO, stdin: BinaryIO | None) -> None:
    """Compute and print the table on `stdout`, a block at a time: rows appear as they are computed.

    Inline --x values are all checked before anything is printed; values from stdin or @FILE stream,
    so when a bad token turns up, the rows before it have been printed (csv, tsv, jsonl, markdown)
    and nothing after them.  json and rich print nothing until the input ends.
    """
    specs = [spec.parse(f) for f in job.funcs]
    fmt = check_choice(job.fmt or ("rich" if stdout.isatty() else "csv"), FORMATS, "--format")
    checked = None
    if job.x is not None and job.x != "-" and not job.x.startswith("@"):
        checked = inputs.parse_all(job.x)  # inline values: all checked before anything is printed
    if job.x is not None:
        inputs.check_source(job.x)  # a missing @FILE is reported before torch loads
    from actplot.numeric import compute

    torch_dtype = compute.resolve_dtype(job.dtype)
    device = compute.resolve_device(job.device, torch_dtype)
    with compute.one_thread():  # blocks are small: handing each op to a thread pool costs more than it saves
        writer = _write_blocks(specs, job, fmt, checked, _Where(torch_dtype, device, stdout, stdin))
    writer.close()


@dataclass(frozen=True)
class _Where:
    """Where the numbers are computed (torch's dtype and device) and where they come from and go."""

    dtype: Any
    device: Any
    stdout: TextIO
    stdin: BinaryIO | None


def _write_blocks(specs: Sequence[spec.Spec], job: TableJob, fmt: str, checked: npt.NDArray[np.float64] | None,
                  where: _Where) -> tables.TableWriter:
    """Evaluate and write each block as it comes; the writer, still open (json and rich print at close)."""
    import numpy as np

    from actplot.streams import tables

    writer: tables.TableWriter | None = None
    if job.x is None or checked is not None:  # the size is known: say so before computing anything
        _check_held(fmt, checked.size if checked is not None else _points(job), specs, job)
    held = 0
    for i, xs in enumerate(_x_blocks(job, specs, checked, where)):
        held += len(xs)
        _check_held(fmt, held, specs, job)  # json and rich keep every row until the end
        columns, block, numerical = _evaluate(specs, xs, job, quiet=i > 0)
        writer = writer or tables.TableWriter(where.stdout, columns, fmt, job.dtype, job.precision, job.header,
                                              _meta(specs, job, where.device, numerical))
        writer.write(block)
    if writer is None:  # no input at all: the header alone (or nothing, for jsonl)
        columns, _, numerical = _evaluate(specs, np.empty(0), job, quiet=False)
        writer = tables.TableWriter(where.stdout, columns, fmt, job.dtype, job.precision, job.header,
                                    _meta(specs, job, where.device, numerical))
    return writer


def _points(job: TableJob) -> int:
    return DEFAULT_POINTS if job.points is None else job.points


def _check_held(fmt: str, rows: int, specs: Sequence[spec.Spec], job: TableJob) -> None:
    """Refuse a json or rich table whose rows, kept until the end, would not fit in memory."""
    from actplot.numeric import resources
    from actplot.streams import tables

    per_cell = tables.HELD_BYTES_PER_CELL.get(fmt, 0)
    have = resources.physical_memory()
    need = rows * (1 + len(specs) * (job.order + 1)) * per_cell
    if per_cell and have is not None and need > have:
        raise resources.ResourceError(
            f"a {fmt} table keeps its rows until the end: {rows:,} rows would need about "
            f"{resources.format_size(need)}; {resources.format_size(have)} is free",
            hint="use --format csv, tsv or jsonl, which print rows as they come, or fewer --points",
        )


def _x_blocks(job: TableJob, specs: Sequence[spec.Spec], checked: npt.NDArray[np.float64] | None,
              where: _Where) -> Iterator[Any]:
    """The x values a block at a time: numpy float64 arrays read from the input, or grid tensors."""
    from actplot.numeric import compute, sampling

    def fits(n: int, what: str) -> None:
        sampling.check_memory(n, sum(s.cost for s in specs), job.order, [job.dtype], job.device, what)

    if checked is not None:
        fits(checked.size, f"--x with {checked.size} values")
        yield checked
    elif job.x is not None:
        for values in inputs.read_values(job.x, where.stdin):
            fits(values.size, f"a block of {values.size} input values")
            yield values
    else:
        kinks = sorted({k for s in specs for k in s.kinks()})
        points = _points(job)
        fits(min(points, compute.GRID_CHUNK), f"--points {points} (in blocks of {compute.GRID_CHUNK})")
        yield from compute.grid_chunks(*job.xrange, points, kinks, where.dtype, where.device)


def _evaluate(specs: Sequence[spec.Spec], xs: Any, job: TableJob,
              quiet: bool) -> tuple[list[str], np.ndarray, list[str]]:
    """Columns, rows and the numerical columns of one block; `quiet` silences warnings already given."""
    from actplot import api

    with warnings.catch_warnings():
        if quiet:
            warnings.simplefilter("ignore", NumericalDerivativeWarning)
        res = api.results(specs, x=xs, order=job.order, device=job.device, dtype=job.dtype)
    return (*api.table_block(res, job.order), api.numerical_columns(res, job.order))


def _meta(specs: Sequence[spec.Spec], job: TableJob, device: object, numerical: list[str]) -> dict[str, object]:
    from actplot.numeric import compute

    return {
        "functions": [{"label": s.label, "name": s.name, "params": s.params} for s in specs],
        "order": job.order,
        "dtype": job.dtype,
        "device": str(device),
        "torch": compute.torch_version(),
        "actplot": job.version,
        "numerical": numerical,  # columns by central differences (autograd has no derivative of that order)
    }

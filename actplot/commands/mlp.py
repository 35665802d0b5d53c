"""The mlp command: random MLPs 1 → N → … → 1 with an activation between the layers, drawn as y(x) with
their exact breakpoints; or, with --fit, trained to a target, with their errors. Everything is checked
before torch loads; the figure or table is written atomically.

Not built here: an animation of training (the fit's curves step by step). The block-diagonal training
in :mod:`actplot.numeric.mlp` could hand out snapshots every k steps for one, frame by frame.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

from actplot.activations.spec import safe_stem
from actplot.commands import figure_options
from actplot.errors import UsageError, check_choice, check_text
from actplot.scene import canvas
from actplot.scene import mlp as scene
from actplot.streams import files, staging

if TYPE_CHECKING:
    from actplot.numeric.mlp_run import Outcome
    from actplot.scene.data import Style

INITS = ("default", "he", "xavier")
TABLE_FORMATS = ("csv", "json")
DEFAULT_POINTS = 1001
DEFAULT_STEPS = 2000  # Adam steps: the defaults train in a few seconds on two cores
MOST_NETWORKS = 256
Report = Callable[[int, int, str], None]


@dataclass(frozen=True)
class MlpJob:
    """Everything one mlp command asks for."""

    funcs: Sequence[str]
    width: str = "8"
    depth: str = "1"
    seed: int = 0
    samples: int | None = None  # None: 3 random networks, or 1 fit per width and depth
    init: str | None = None  # None: PyTorch's own for random networks, he for --fit (it learns every width)
    xrange: tuple[float, float] = (-3.0, 3.0)
    points: int | None = None
    dtype: str = "float32"
    device: str = "cpu"
    fit: str | None = None
    steps: int | None = None
    overlay: bool = False
    out: str | None = None
    fmt: str | None = None
    term: bool = False
    title: str | None = None
    figsize: tuple[float, float] | None = None
    dpi: float = 150.0
    theme: str = "light"
    version: str = ""  # actplot's, for the json metadata


def parse_sizes(text: str, option: str, most: int) -> tuple[int, ...]:
    """``"2,8,32"`` -> ``(2, 8, 32)``: whole numbers from 1 to `most`, none twice."""
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"{option} takes whole numbers such as 8 or 2,8,32, not '{text[:60]}'") from None
    if any(not 1 <= s <= most for s in sizes) or len(set(sizes)) != len(sizes):
        raise UsageError(f"{option} takes numbers from 1 to {most}, each once, not '{text[:60]}'")
    return sizes


def request(job: MlpJob) -> scene.Request:
    """The job checked and made concrete (no torch yet)."""
    if not job.funcs or len(job.funcs) > 8:
        raise UsageError(f"mlp draws 1 to 8 functions, not {len(job.funcs)}")
    acts = [scene.act_of(f) for f in job.funcs]
    if len({a.label for a in acts}) != len(acts):
        raise UsageError("a FUNC is named twice", hint="name each function once")
    widths, depths = parse_sizes(job.width, "--width", 1024), parse_sizes(job.depth, "--depth", 16)
    samples = job.samples if job.samples is not None else (1 if job.fit else 3)
    if not 1 <= samples <= 32:
        raise UsageError(f"--samples takes 1 to 32 networks, not {samples}")
    if len(acts) * len(widths) * len(depths) * samples > MOST_NETWORKS:
        raise UsageError(f"that is more than {MOST_NETWORKS} networks", hint="fewer --samples, widths or depths")
    _check_numbers(job)
    target = None
    if job.fit is not None:
        target = scene.act_of(job.fit).spec
        if job.dtype not in ("float32", "float64"):
            raise UsageError(f"--fit trains in float32 or float64, not {job.dtype}")
    steps = job.steps if job.steps is not None else (DEFAULT_STEPS if job.fit else 0)
    points = DEFAULT_POINTS if job.points is None else job.points
    init = job.init or ("he" if job.fit else "default")
    return scene.Request(acts, widths, depths, samples, job.seed, init, job.xrange, points, job.dtype,
                         job.device, target, steps, job.overlay)  # fmt: skip


def _check_numbers(job: MlpJob) -> None:
    if job.init is not None:
        check_choice(job.init, INITS, "--init")
    check_choice(job.dtype, ("float32", "float64", "float16", "bfloat16"), "--dtype")
    if job.seed < 0:
        raise UsageError(f"--seed must be 0 or more, not {job.seed}")
    if job.steps is not None and job.fit is None:
        raise UsageError("--steps is for --fit", hint="give --fit EXPR, or leave --steps out")
    if job.steps is not None and not 1 <= job.steps <= 100_000:
        raise UsageError(f"--steps takes 1 to 100000, not {job.steps}")
    if job.points is not None and not 2 <= job.points <= 100_000:
        raise UsageError(f"--points takes 2 to 100000, not {job.points}")
    if job.overlay and job.fit is not None:
        raise UsageError("--overlay is for random networks; fits are drawn one panel per FUNC")
    if job.title is not None:
        check_text(job.title, "--title")
    canvas.check_limits(job.xrange, "--range")


def run(job: MlpJob, stdout: TextIO, report: Report | None = None) -> str | None:
    """Draw (or tabulate) the networks; returns the message for stderr (which file was written), if any."""
    req = request(job)
    table = job.fmt is not None and job.fmt.lower() in TABLE_FORMATS
    if job.term and (table or job.out == "-"):
        raise UsageError("--term and a table or --out - would both write to stdout", hint="give --out a file name")
    style = None if table else _style(job, req)
    target = _target(job, req, stdout, table)
    outcome = scene.compute(req, report)
    if table:
        return _table(job, req, outcome, stdout, target)
    assert style is not None
    panels = scene.panels(req, outcome)
    if job.term:
        from actplot.draw import term

        term.print_chart(panels, stdout, title=style.title, xlabel="x")
    if target is None:
        return None
    from actplot.draw import render

    if target.path is None:
        render.write(panels, style, stdout.buffer, target.fmt)
        stdout.buffer.flush()
        return None
    staging.write_atomically(target.path, lambda fh: render.write(panels, style, fh, target.fmt))
    return f"wrote {target.path}"


def _target(job: MlpJob, req: scene.Request, stdout: TextIO, table: bool) -> files.Target | None:
    if table:
        fmt = check_choice(str(job.fmt).lower(), TABLE_FORMATS, "--format")
        if job.out is not None and Path(job.out).suffix.lower() in (".png", ".svg", ".pdf"):
            raise UsageError(f"--format {fmt} writes numbers, not a figure, to '{job.out}'",
                             hint=f"give --out a .{fmt} file, or leave --format out")  # fmt: skip
        if job.out is None or job.out == "-":
            return None
        return files.resolve(job.out, fmt, "mlp", stdout.isatty(), formats=TABLE_FORMATS)  # checked before torch
    if job.out is None and job.term:
        return None
    stem = safe_stem("-".join(["mlp", *[a.label for a in req.acts], *(["fit"] if req.target else [])]))
    return files.resolve(job.out, job.fmt, stem, stdout.isatty())


def _style(job: MlpJob, req: scene.Request) -> Style:
    from actplot.scene.data import Style

    panels = 1 if req.overlay else len(req.acts) * (2 if req.target is not None else 1)
    figure_options.check(figsize=job.figsize, dpi=job.dpi, panels=panels, ylim=None, theme=job.theme,
                         legend="best", mplstyle=None, labels={"--title": job.title}, context=None,
                         font_size=None)  # fmt: skip
    title = scene.title(req) if job.title is None else job.title
    return Style(job.figsize, job.dpi, title, "x", None, True, theme=job.theme)


def _table(job: MlpJob, req: scene.Request, outcome: Outcome, stdout: TextIO,
           target: files.Target | None) -> str | None:  # fmt: skip
    from actplot.numeric import compute
    from actplot.scene import mlp_table
    from actplot.streams import tables

    columns, block = mlp_table.table(req, outcome)
    meta = mlp_table.meta(req, outcome, job.version, compute.torch_version())
    fmt = str(job.fmt).lower()
    sink = io.StringIO()
    writer = tables.TableWriter(sink if target is not None else stdout, columns, fmt, req.dtype, meta=meta)
    writer.write(block)
    writer.close()
    if target is None or target.path is None:
        return None
    text = sink.getvalue().encode()

    def write(fh: IO[bytes]) -> None:
        fh.write(text)

    staging.write_atomically(target.path, write)
    return f"wrote {target.path}"

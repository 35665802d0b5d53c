"""The figure commands (plot, grad, diff): check everything cheap first, then compute, draw and write."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TextIO

from actplot.activations import spec
from actplot.activations.spec import safe_stem
from actplot.commands import figure_options
from actplot.errors import UsageError
from actplot.scene import panels as scene_panels
from actplot.streams import files

if TYPE_CHECKING:
    from actplot.scene.data import Panel, Style

DEFAULT_POINTS = 2001


@dataclass(frozen=True)
class FigureJob:
    """Everything one figure command asks for."""

    funcs: Sequence[str]
    orders: tuple[int, ...] = (0,)
    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int | None = None
    device: str = "cpu"
    dtype: str = "float32"
    out: str | None = None
    fmt: str | None = None
    figsize: tuple[float, float] = (5.0, 2.5)
    dpi: float = 150.0
    title: str | None = None
    xlabel: str = "x"
    ylabel: str | None = None
    ylim: tuple[float, float] | None = None
    grid: bool = True
    show: bool = False
    sweep: str | None = None  # one curve per value: "alpha=0.5,1,2"
    vanishing: float | None = None  # shade where abs(f') is below this
    theme: str = "light"
    transparent: bool = False
    mplstyle: str | None = None  # a matplotlib style name or file (--style)
    legend: str = "best"
    difference: bool = False  # draw funcs[0] - funcs[1] (the diff command)
    term: bool = False  # draw the figure in the terminal too (on stdout); without --out, only there
    ascii: bool = False  # the terminal chart in plain ASCII (implies term)


def default_stem(labels: Sequence[str], orders: Sequence[int]) -> str:
    """``relu``, ``grad-sigmoid``, ``grad2-tanh``, ``relu-sigmoid``: the file name when --out is not given."""
    names = "-".join(safe_stem(label) for label in labels)
    top = max(orders)
    prefix = "" if orders[0] == 0 else ("grad-" if top == 1 else f"grad{top}-")
    return safe_stem(prefix + names)


def run(job: FigureJob, stdout: TextIO) -> str | None:
    """Make the figure; returns the message for stderr (which file was written), if any.

    `stdout` takes the terminal chart, or the figure's bytes for ``--out -``.

    An --out holding ``{name}`` makes one figure per function, ``{name}`` replaced by each one's name.
    """
    if job.out is not None and "{name}" in job.out and not job.difference:
        return _run_each(job, stdout)
    specs = [spec.parse(f) for f in job.funcs]
    _check_style(job)
    sweep = scene_panels.parse_sweep(job.sweep) if job.sweep else None
    scene_panels.expand(specs, sweep, scene_panels.split_dtypes(job.dtype))  # every parameter value checked now
    if job.difference and len(specs) != 2:
        raise UsageError(f"diff takes two functions, not {len(specs)}")
    target = None
    if job.out is not None or not (job.show or job.term or job.ascii):  # --term or --show alone: no file
        labels = [specs[0].label, "minus", specs[1].label] if job.difference else [s.label for s in specs]
        stem = default_stem(labels, job.orders)
        target = files.resolve(job.out, job.fmt, stem, stdout.isatty())
    from actplot.draw import render  # heavy: only once the command line is known to be good
    from actplot.scene.data import Style

    style = Style(
        job.figsize,
        job.dpi,
        job.title,
        job.xlabel,
        job.ylim,
        job.grid,
        theme=job.theme,
        transparent=job.transparent,
        mplstyle=job.mplstyle,
        legend=job.legend,
    )
    panels, notes = _panels(job, specs, sweep, style)
    if job.term or job.ascii:
        from actplot.draw import term

        term.print_chart(panels, stdout, ascii=True if job.ascii else None, title=job.title, xlabel=job.xlabel)
    if target is not None:
        notes.append(_deliver(panels, style, target, stdout))
    if job.show:
        render.show(render.draw(panels, style))
    return "\n".join(n for n in notes if n) or None


def _panels(
    job: FigureJob, specs: Sequence[spec.Spec], sweep: tuple[str, tuple[float | str, ...]] | None, style: Style
) -> tuple[list[Panel], list[str]]:
    """What the figure shows (the same for the file and the terminal), and notes for stderr."""
    from actplot import api

    points = DEFAULT_POINTS if job.points is None else job.points
    if not job.difference:
        ylabels = [job.ylabel] * len(job.orders) if job.ylabel else None
        chosen = api.panels(
            specs, orders=job.orders, xrange=job.xrange, points=points, device=job.device, dtype=job.dtype,
            style=style, ylabels=ylabels, sweep=sweep, vanishing=job.vanishing,
        )  # fmt: skip
        return chosen, []
    panel, x, gap = api.difference_panel(
        specs[0], specs[1], order=job.orders[0], xrange=job.xrange, points=points, device=job.device,
        dtype=job.dtype, style=style, ylabel=job.ylabel,
    )  # fmt: skip
    return [panel], [f"max |{specs[0].label} − {specs[1].label}| = {abs(gap):.3g} at x = {x:.4g} ({job.dtype})"]


def _run_each(job: FigureJob, stdout: TextIO) -> str | None:
    out = job.out or ""
    names = [safe_stem(spec.parse(f).label) for f in job.funcs]
    jobs = [replace(job, funcs=[f], out=out.replace("{name}", name)) for f, name in zip(job.funcs, names)]
    if len({j.out for j in jobs}) != len(jobs):
        raise UsageError(f"--out '{out}' gives several figures the same file name", hint="name each function once")
    for each in jobs:  # every destination checked before anything is computed
        files.resolve(each.out, each.fmt, "", stdout.isatty())
    return "\n".join(m for m in (run(each, stdout) for each in jobs) if m) or None


def _deliver(panels: Sequence[Panel], style: Style, target: files.Target, stdout: TextIO) -> str:
    from actplot.draw import render

    if target.path is None:
        render.write(panels, style, stdout.buffer, target.fmt)
        stdout.buffer.flush()
        return ""
    path, fmt = target.path, target.fmt
    files.write_atomically(path, lambda fh: render.write(panels, style, fh, fmt))
    return f"wrote {path}"


def _check_style(job: FigureJob) -> None:
    labels = {"--title": job.title, "--xlabel": job.xlabel, "--ylabel": job.ylabel}
    figure_options.check(
        figsize=job.figsize, dpi=job.dpi, ylim=job.ylim, theme=job.theme, legend=job.legend, mplstyle=job.mplstyle,
        labels=labels,
    )  # fmt: skip
    if job.vanishing is not None and not job.vanishing > 0:
        raise UsageError(f"--vanishing must be a positive threshold, not {job.vanishing:g}")
    if job.difference and "," in job.dtype:
        raise UsageError("diff compares two functions in one dtype", hint="give --dtype a single name")
    if job.out == "-" and (job.term or job.ascii):
        raise UsageError("--term and --out - would both write to stdout", hint="give --out a file name")

"""The figure commands (plot, grad, diff): check everything cheap first, then compute, draw and write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TextIO

from actplot.activations import spec
from actplot.activations.spec import safe_stem
from actplot.commands import drawer, figure_options
from actplot.draw import mplconfig
from actplot.errors import UsageError, check_text
from actplot.scene import panels as scene_panels
from actplot.scene import sweeps, typeset
from actplot.streams import files, staging

if TYPE_CHECKING:
    from actplot.scene.data import Panel, Style

DEFAULT_POINTS = 2001
MAX_ORDER = 8  # as --order: autograd past this is slow and its values mostly noise


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
    figsize: tuple[float, float] | None = None  # None: 5 x 2.5 inches, grown to fit the panels and legend
    dpi: float = 150.0
    title: str | None = None
    xlabel: str = "x"
    ylabel: str | None = None
    ylim: tuple[float, float] | None = None  # the top panel's
    ylims: str | None = None  # every panel's: "-1,8;auto;0,2"
    yscale: str | None = None  # "log", or one per panel: "linear,log"
    grid: bool = True
    show: bool = False
    sweep: str | None = None  # one curve per value: "alpha=0.5,1,2"
    vanishing: float | None = None  # shade where abs(f') is below this
    theme: str = "light"
    transparent: bool = False
    mplstyle: str | None = None  # a matplotlib style name or file (--style)
    legend: str = "best"
    legend_columns: int | None = None
    legend_title: str | None = None
    font: str | None = None  # a font name or file (--font)
    context: str | None = None  # paper, notebook, talk or poster
    font_size: float | None = None  # the base text size in points
    svg_text: bool = False  # SVG text kept as text
    math: bool = False  # labels are mathtext
    asymptotes: bool = False  # thin lines at the limits a curve approaches as x -> +-inf
    error: str | None = None  # "abs" or "ulp": each dtype's error against float64 instead of the curve
    difference: bool = False  # draw funcs[0] - funcs[1] (the diff command)
    term: bool = False  # draw the figure in the terminal too (on stdout); without --out, only there
    ascii: bool = False  # the terminal chart in plain ASCII (implies term)
    animate: bool = False  # one frame per swept value, into an animation file
    fps: float | None = None  # frames a second (None: 12)
    loop: bool | None = None  # the animation plays for ever (None: it does)
    bounce: bool = False  # the animation plays forward, then back


def parse_orders(text: str) -> tuple[int, ...]:
    """``"0,1,2"`` -> ``(0, 1, 2)``: one panel per derivative order, top to bottom, none twice."""
    try:
        orders = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--orders must look like '0,1,2', not '{text[:60]}'") from None
    if any(not 0 <= k <= MAX_ORDER for k in orders) or len(set(orders)) != len(orders):
        raise UsageError(f"--orders takes derivative orders from 0 to {MAX_ORDER}, each once, not '{text[:60]}'")
    if len(orders) > 8:
        raise UsageError(f"--orders asks for {len(orders)} panels; the most is 8")
    return orders


def default_stem(labels: Sequence[str], orders: Sequence[int]) -> str:
    """``relu``, ``grad-sigmoid``, ``grad2-tanh``, ``relu-sigmoid``: the file name when --out is not given."""
    names = "-".join(safe_stem(label) for label in labels)
    top = max(orders)
    prefix = "" if orders[0] == 0 else ("grad-" if top == 1 else f"grad{top}-")
    return safe_stem(prefix + names)


@dataclass(frozen=True)
class _Plan:
    """One figure, checked: what to draw, how it looks and where it goes (nothing computed yet)."""

    job: FigureJob
    specs: list[spec.Spec]
    sweep: tuple[str, tuple[float | str, ...]] | None
    target: files.Target | None
    style: Style


def run(job: FigureJob, stdout: TextIO, progress: Callable[[int, int, str], None] | None = None) -> str | None:
    """Make the figure; returns the message for stderr (which file was written), if any.

    `stdout` takes the terminal chart, or the figure's bytes for ``--out -``. An --out holding
    ``{name}`` makes one figure per function, ``{name}`` replaced by each one's name. Every figure is
    checked, then computed, before the first file is written; the files are then put in place together,
    so a run that fails changes no file. With `animate`, one file of one frame per swept value (see
    :mod:`actplot.commands.animate`), `progress(done, total, what)` told as each frame is made.
    """
    if job.animate:
        from actplot.commands import animate

        return animate.run(job, stdout, progress)
    template = job.out is not None and "{name}" in job.out and not job.difference
    plans = [_plan(each, stdout, template) for each in (_each(job) if template else [job])]
    if job.show:
        from actplot.draw import render

        render.check_can_show()
    files_wanted = [p.target for p in plans if p.target is not None and p.target.path is not None]
    if not (files_wanted and drawer.worthwhile()):
        return _make(job, plans, stdout, None)
    with mplconfig.shared_for_workers():
        second = drawer.Drawer(plans[0].style, [t.fmt for t in files_wanted])
        try:
            notes = _make(job, plans, stdout, second)
        except BaseException:
            second.stop([t.path.parent for t in files_wanted if t.path is not None])
            raise
        second.close()
    return notes


def _make(job: FigureJob, plans: Sequence[_Plan], stdout: TextIO, second: drawer.Drawer | None) -> str | None:
    """Compute every figure, then show it, print it and write its files (drawn by `second` if given)."""
    made = [(plan, *_panels(plan.job, plan.specs, plan.sweep, plan.style)) for plan in plans]
    notes = [n for _, _, found in made for n in found]
    for plan, panels, _ in made:
        if job.term or job.ascii:
            from actplot.draw import term

            term.print_chart(panels, stdout, ascii=True if job.ascii else None, title=job.title, xlabel=job.xlabel)
        if plan.target is not None and plan.target.path is None:
            _to_stdout(panels, plan.style, plan.target.fmt, stdout)
    notes += _write_files([(plan.target, panels, plan.style) for plan, panels, _ in made], second)
    if job.show:
        from actplot.draw import render

        for plan, panels, _ in made:
            render.show(render.draw(panels, plan.style))
    return "\n".join(n for n in notes if n) or None


def _plan(job: FigureJob, stdout: TextIO, template: bool) -> _Plan:
    """Everything about one figure that can be checked before torch is imported."""
    specs = [spec.parse(f) for f in job.funcs]
    check_style(job)
    style = style_of(job)
    check_panels(job, style)  # every option is checked before any file or folder is looked at
    sweep = scene_panels.parse_sweep(job.sweep) if job.sweep else None
    if sweep is not None:
        sweeps.check_count(sweep, animate=False)
    scene_panels.expand(specs, sweep, scene_panels.split_dtypes(job.dtype))  # every parameter value checked now
    if job.difference and len(specs) != 2:
        raise UsageError(f"diff takes two functions, not {len(specs)}")
    target = None
    if job.out is not None or not (job.show or job.term or job.ascii):  # --term or --show alone: no file
        labels = [specs[0].label, "minus", specs[1].label] if job.difference else [s.label for s in specs]
        stem = default_stem(labels, job.orders)
        target = files.resolve(job.out, job.fmt, stem, stdout.isatty(), make_folders=template)
    if job.svg_text and (target is None or target.fmt != "svg"):
        raise UsageError("--svg-text is for SVG files", hint="give --out a .svg file, or --format svg")
    return _Plan(job, specs, sweep, target, style)


def style_of(job: FigureJob) -> Style:
    """The figure's look: the options, with --ylim for the top panel and --ylims for each."""
    from actplot.scene import themes
    from actplot.scene.canvas import parse_scales, parse_ylims
    from actplot.scene.data import Style

    ylims = parse_ylims(job.ylims) if job.ylims else []
    if job.ylim is not None:
        ylims = [job.ylim, *ylims[1:]]
    scales = parse_scales(job.yscale, themes.SCALES) if job.yscale else []
    return Style(
        job.figsize, job.dpi, job.title, job.xlabel, None, job.grid, theme=job.theme, transparent=job.transparent,
        mplstyle=job.mplstyle, ylims=tuple(ylims), yscales=tuple(scales), legend=job.legend,
        legend_columns=job.legend_columns, legend_title=job.legend_title, font=job.font, context=job.context,
        font_size=job.font_size, svg_text=job.svg_text, math=job.math,
    )  # fmt: skip


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
            style=style, ylabels=ylabels, sweep=sweep, vanishing=job.vanishing, asymptotes=job.asymptotes,
            error=job.error,
        )  # fmt: skip
        return chosen, []
    panel, x, gap = api.difference_panel(
        specs[0], specs[1], order=job.orders[0], xrange=job.xrange, points=points, device=job.device,
        dtype=job.dtype, style=style, ylabel=job.ylabel,
    )  # fmt: skip
    gap_at = f"{typeset.number(abs(gap), '.3g')} at x = {typeset.number(x, '.4g')}"
    names = " − ".join(typeset.minus(s.label) for s in specs)
    return [panel], [f"max |{names}| = {gap_at} ({job.dtype})"]


def _each(job: FigureJob) -> list[FigureJob]:
    """One job per function, each with ``{name}`` in --out replaced by that function's name."""
    out = job.out or ""
    names = [safe_stem(spec.parse(f).label) for f in job.funcs]
    jobs = [replace(job, funcs=[f], out=out.replace("{name}", name)) for f, name in zip(job.funcs, names)]
    if len({j.out for j in jobs}) != len(jobs):
        raise UsageError(f"--out '{out}' gives several figures the same file name", hint="name each function once")
    return jobs


def _to_stdout(panels: Sequence[Panel], style: Style, fmt: str, stdout: TextIO) -> None:
    from actplot.draw import render

    render.write(panels, style, stdout.buffer, fmt)
    stdout.buffer.flush()


def _write_files(
    figures: Sequence[tuple[files.Target | None, Sequence[Panel], Style]], second: drawer.Drawer | None
) -> list[str]:
    """Draw every figure bound for a file (in `second`, if given), then put them all in place together
    (or none, on failure)."""
    wanted = [(t.path, t.fmt, panels, style) for t, panels, style in figures if t is not None and t.path is not None]
    created = files.make_folders([path for path, *_ in wanted])
    done: list[staging.Staged] = []
    try:
        done = second.stage(wanted) if second else drawer.stage_here(wanted)
        staging.commit(done)
    except BaseException:
        staging.discard(done)
        files.remove_folders(created)
        raise
    return [f"wrote {path}" for path, *_ in wanted]


def check_style(job: FigureJob) -> None:
    for option, label in (("--title", job.title), ("--xlabel", job.xlabel), ("--ylabel", job.ylabel)):
        if label is not None:
            check_text(label, option)
    labels = {"--title": job.title, "--xlabel": job.xlabel, "--ylabel": job.ylabel, "--legend-title": job.legend_title}
    figure_options.check(
        figsize=job.figsize, dpi=job.dpi, panels=len(job.orders), ylim=job.ylim, theme=job.theme, legend=job.legend,
        mplstyle=job.mplstyle, labels=labels, context=job.context, font_size=job.font_size, font=job.font,
        math=job.math,
    )  # fmt: skip
    if job.legend_title is not None:
        check_text(job.legend_title, "--legend-title")
    if job.error is not None:
        _check_error(job)
    if job.vanishing is not None and not job.vanishing > 0:
        raise UsageError(f"--vanishing must be a positive threshold, not {job.vanishing:g}")
    if job.difference and "," in job.dtype:
        raise UsageError("diff compares two functions in one dtype", hint="give --dtype a single name")
    if job.legend_columns is not None and job.legend_columns < 1:
        raise UsageError(f"--legend-columns must be 1 or more, not {job.legend_columns}")
    if job.out == "-" and (job.term or job.ascii):
        raise UsageError("--term and --out - would both write to stdout", hint="give --out a file name")
    from actplot.commands import animate

    animate.check(job)


def _check_error(job: FigureJob) -> None:
    """--error compares each dtype with float64: it needs a dtype that is not float64."""
    if job.error not in ("abs", "ulp"):
        raise UsageError(f"unknown --error '{job.error}'", hint="choose abs or ulp")
    if job.difference:
        raise UsageError("--error is for plot and grad; diff already draws a difference")
    if all(d.strip() == "float64" for d in job.dtype.split(",")):
        raise UsageError("--error draws the error against float64", hint="give --dtype float32, float16 or bfloat16")


def check_panels(job: FigureJob, style: Style) -> None:
    """Per-panel options (as `style` holds them) that name more panels than there are, or that
    contradict each other."""
    panels = len(job.orders)
    ylims, scales = style.ylims, style.yscales
    if job.ylim is not None and job.ylims:
        raise UsageError("give --ylim (the top panel) or --ylims (every panel), not both")
    for option, count in (("--ylims", len(ylims)), ("--yscale", len(scales))):
        if count > panels:
            raise UsageError(f"{option} names {count} panels; the figure has {panels}")
    for i, limits in enumerate(ylims):
        scale = scales[min(i, len(scales) - 1)] if scales else "linear"
        if limits is not None and scale == "log" and limits[0] <= 0:
            raise UsageError(f"a log scale cannot show y from {limits[0]:g}", hint="give limits above 0, or symlog")

"""The Typer app: parse the command line and delegate to the commands; :mod:`actplot.cli.report` reports.

Imports here stay light (no torch, no matplotlib, no rich at module level): help, list, --version and
completion must start fast. Computing commands import what they need when they run.
"""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from actplot import __version__
from actplot.cli.click_compat import echo
from actplot.cli.lazy import group
from actplot.cli.options import (
    AnimateOpt,
    AsciiOpt,
    AsymptotesOpt,
    BounceOpt,
    ContextOpt,
    DepthOpt,
    DeviceOpt,
    DiffGradOpt,
    DiffOrderOpt,
    DpiOpt,
    DtypeOpt,
    ErrorOpt,
    FigDtypeOpt,
    FigFormatOpt,
    FigsizeOpt,
    FitOpt,
    FontOpt,
    FontSizeOpt,
    FpsOpt,
    Func1,
    Func2,
    Funcs,
    GalleryFuncs,
    GalleryOutOpt,
    GridOpt,
    HeaderOpt,
    InfoFormatOpt,
    InfoFunc,
    InitOpt,
    JobsOpt,
    LegendColumnsOpt,
    LegendOpt,
    LegendTitleOpt,
    ListFormatOpt,
    LoopOpt,
    MathOpt,
    MlpDepthOpt,
    MlpFormatOpt,
    MlpFuncs,
    MlpPointsOpt,
    OrderOpt,
    OrdersOpt,
    OutOpt,
    OverlayOpt,
    PageOpt,
    PointsOpt,
    PrecisionOpt,
    QOpt,
    RangeOpt,
    SamplesOpt,
    SeedOpt,
    ShowOpt,
    SigmaBOpt,
    SigmaWOpt,
    SlidersOpt,
    StatsDtypeOpt,
    StatsFormatOpt,
    StatsOutOpt,
    StatsPlotOpt,
    StepsOpt,
    StyleOpt,
    SvgTextOpt,
    SweepOpt,
    TableFormatOpt,
    TermOpt,
    ThemeOpt,
    TitleOpt,
    TransparentOpt,
    VanishingOpt,
    WidthOpt,
    WithGradOpt,
    XlabelOpt,
    XOpt,
    YlabelOpt,
    YlimOpt,
    YlimsOpt,
    YscaleOpt,
)
from actplot.cli.report import Group, note, progress
from actplot.streams import stdio

app = typer.Typer(
    cls=Group,
    name="actplot",
    help="Draw activation functions and their derivatives exactly as PyTorch computes them.",
    epilog="A FUNC alone is short for 'plot': 'actplot relu' is 'actplot plot relu'.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        echo(f"actplot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show Python tracebacks (or set ACTPLOT_DEBUG=1).")] = False,
) -> None:
    """Draw activation functions and their derivatives exactly as PyTorch computes them."""


def _job_fields(job_type: type, values: dict[str, Any]) -> dict[str, Any]:
    """The command's option values that name fields of `job_type` (the option names are the field names)."""
    import dataclasses  # here: the light commands make no job of their options

    names = {f.name for f in dataclasses.fields(job_type)}
    return {k: v for k, v in values.items() if k in names}


@app.command()
def plot(
    funcs: Funcs, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu",
    dtype: FigDtypeOpt = "float32", with_grad: WithGradOpt = False, orders: OrdersOpt = None, out: OutOpt = None,
    fmt: FigFormatOpt = None, figsize: FigsizeOpt = None, dpi: DpiOpt = 150.0, title: TitleOpt = None,
    xlabel: XlabelOpt = "x", ylabel: YlabelOpt = None, ylim: YlimOpt = None, ylims: YlimsOpt = None,
    yscale: YscaleOpt = None, grid: GridOpt = True, show: ShowOpt = False, sweep: SweepOpt = None,
    vanishing: VanishingOpt = None, error: ErrorOpt = None, asymptotes: AsymptotesOpt = False,
    theme: ThemeOpt = "light", transparent: TransparentOpt = False, mplstyle: StyleOpt = None,
    legend: LegendOpt = "best", legend_columns: LegendColumnsOpt = None, legend_title: LegendTitleOpt = None,
    term: TermOpt = False, ascii: AsciiOpt = False,
    font: FontOpt = None, context: ContextOpt = None, font_size: FontSizeOpt = None, svg_text: SvgTextOpt = False,
    math: MathOpt = False, animate: AnimateOpt = False, fps: FpsOpt = None, loop: LoopOpt = None,
    bounce: BounceOpt = False,
) -> None:
    """Draw f(x) of one or more functions.

    Example: actplot relu --range -8 8 --with-grad
    """
    if orders and with_grad:
        raise typer.BadParameter("give --orders or --with-grad, not both", param_hint="--orders")
    from actplot.commands.plot import parse_orders

    _figure(locals(), orders=parse_orders(orders) if orders else ((0, 1) if with_grad else (0,)))


def _figure(values: dict[str, Any], **given: Any) -> None:
    """Run a figure command with these option values (`given` over them); an animation shows a progress
    bar on a terminal while its frames are made. The command modules load here, not when help is asked."""
    from actplot.commands import plot as figures

    job = figures.FigureJob(**{**_job_fields(figures.FigureJob, values), **given})
    if not job.animate:
        note(figures.run(job, sys.stdout))
        return
    with progress("animating") as update:
        message = figures.run(job, sys.stdout, update)
    note(message)  # after the progress bar is gone, never inside it


@app.command()
def grad(
    funcs: Funcs, order: OrderOpt = 1, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None,
    device: DeviceOpt = "cpu", dtype: FigDtypeOpt = "float32", out: OutOpt = None, fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = None, dpi: DpiOpt = 150.0, title: TitleOpt = None, xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None, ylim: YlimOpt = None, ylims: YlimsOpt = None, yscale: YscaleOpt = None,
    grid: GridOpt = True, show: ShowOpt = False, sweep: SweepOpt = None, vanishing: VanishingOpt = None,
    error: ErrorOpt = None,
    asymptotes: AsymptotesOpt = False, theme: ThemeOpt = "light", transparent: TransparentOpt = False,
    mplstyle: StyleOpt = None, legend: LegendOpt = "best", legend_columns: LegendColumnsOpt = None,
    legend_title: LegendTitleOpt = None, term: TermOpt = False, ascii: AsciiOpt = False,
    font: FontOpt = None, context: ContextOpt = None, font_size: FontSizeOpt = None, svg_text: SvgTextOpt = False,
    math: MathOpt = False, animate: AnimateOpt = False, fps: FpsOpt = None, loop: LoopOpt = None,
    bounce: BounceOpt = False,
) -> None:
    """Draw the derivative f'(x) (or order N with --order N).

    Example: actplot grad sigmoid --out fig.png
    """
    _figure(locals(), orders=(order,))


@app.command()
def diff(
    func1: Func1, func2: Func2, grad: DiffGradOpt = False, order: DiffOrderOpt = None,
    xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32",
    out: OutOpt = None, fmt: FigFormatOpt = None, figsize: FigsizeOpt = None, dpi: DpiOpt = 150.0,
    title: TitleOpt = None, xlabel: XlabelOpt = "x", ylabel: YlabelOpt = None, ylim: YlimOpt = None,
    yscale: YscaleOpt = None, grid: GridOpt = True, show: ShowOpt = False, theme: ThemeOpt = "light",
    transparent: TransparentOpt = False, mplstyle: StyleOpt = None, legend: LegendOpt = "best",
    legend_columns: LegendColumnsOpt = None, legend_title: LegendTitleOpt = None, term: TermOpt = False,
    ascii: AsciiOpt = False,
    font: FontOpt = None, context: ContextOpt = None, font_size: FontSizeOpt = None, svg_text: SvgTextOpt = False,
    math: MathOpt = False,
) -> None:
    """Draw FUNC1 - FUNC2 (or their derivatives), the largest difference marked and printed.

    Example: actplot diff gelu "gelu(approximate=tanh)" --grad
    """
    _figure(locals(), funcs=[func1, func2], orders=(order if order is not None else int(grad),), difference=True)


@app.command()
def table(
    funcs: Funcs, x: XOpt = None, order: OrderOpt = 1, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None,
    device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32", fmt: TableFormatOpt = None,
    precision: PrecisionOpt = None, header: HeaderOpt = True,
) -> None:
    """Print x, f(x) and derivatives as a table.

    Example: actplot table gelu --x 0,1,2 --format csv
    """
    from actplot.commands import table as tables

    job = tables.TableJob(**_job_fields(tables.TableJob, locals()), version=__version__)
    tables.run(job, sys.stdout, sys.stdin.buffer if sys.stdin is not None else None)


@app.command()
def stats(
    funcs: Funcs, q: QOpt = 1.0, sigma_w: SigmaWOpt = 1.0, sigma_b: SigmaBOpt = 0.0, depth: DepthOpt = 0,
    dtype: StatsDtypeOpt = "float64", device: DeviceOpt = "cpu", fmt: StatsFormatOpt = None,
    plot: StatsPlotOpt = False, out: StatsOutOpt = None,
) -> None:
    """Gaussian moments, init gains (beside torch's) and mean-field order/chaos of each function.

    Example: actplot stats relu tanh --sigma-w 1.5 --sigma-b 0.05 --format markdown
    """
    from actplot.commands import stats as statistics

    job = statistics.StatsJob(**_job_fields(statistics.StatsJob, locals()), version=__version__)
    note(statistics.run(job, sys.stdout))


@app.command()
def gallery(
    funcs: GalleryFuncs = None, out: GalleryOutOpt = "gallery", fmt: FigFormatOpt = None, jobs: JobsOpt = None,
    xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32",
    figsize: FigsizeOpt = None, dpi: DpiOpt = 150.0, grid: GridOpt = True, theme: ThemeOpt = "light",
    transparent: TransparentOpt = False, mplstyle: StyleOpt = None, legend: LegendOpt = "best", page: PageOpt = True,
    asymptotes: AsymptotesOpt = True, font: FontOpt = None, context: ContextOpt = None,
    font_size: FontSizeOpt = None, svg_text: SvgTextOpt = False, math: MathOpt = False, sliders: SlidersOpt = True,
) -> None:
    """Draw one figure per function (f above, f' below) into a directory, with an index.html to browse them.

    Example: actplot gallery relu sigmoid tanh --out figs
    """
    from actplot.commands import gallery as galleries
    from actplot.scene.data import Style

    values = locals()
    job = galleries.GalleryJob(
        funcs or [], out=out, fmt=fmt, jobs=jobs, xrange=xrange, points=2001 if points is None else points,
        device=device, dtype=dtype, asymptotes=asymptotes, style=_job_fields(Style, values), page=page,
        sliders=sliders, generator=f"actplot {__version__}",
    )
    with progress("drawing") as update:
        written = galleries.run(job, update)
    note(galleries.summary(written, out))  # after the progress bar is gone, never inside it


@app.command()
def mlp(
    funcs: MlpFuncs, width: WidthOpt = "8", depth: MlpDepthOpt = "1", seed: SeedOpt = 0, samples: SamplesOpt = None,
    init: InitOpt = None, xrange: RangeOpt = (-3.0, 3.0), points: MlpPointsOpt = None,
    dtype: DtypeOpt = "float32", device: DeviceOpt = "cpu", fit: FitOpt = None, steps: StepsOpt = None,
    overlay: OverlayOpt = False, out: OutOpt = None, fmt: MlpFormatOpt = None, term: TermOpt = False,
    title: TitleOpt = None, figsize: FigsizeOpt = None, dpi: DpiOpt = 150.0, theme: ThemeOpt = "light",
) -> None:
    """Draw random MLPs 1 → N → … → 1 with FUNC between the layers, their breakpoints exact; or fit them.

    Example: actplot mlp identity relu tanh --width 8 --samples 5
    """
    from actplot.commands import mlp as mlps

    job = mlps.MlpJob(**_job_fields(mlps.MlpJob, locals()), version=__version__)
    if not fit:
        note(mlps.run(job, sys.stdout))
        return
    with progress("training") as update:
        said = mlps.run(job, sys.stdout, update)
    note(said)  # after the progress bar is gone


@app.command(name="list")
def list_(fmt: ListFormatOpt = "") -> None:
    """List every activation with aliases, parameters, formula and summary.

    Example: actplot list
    """
    from actplot.commands import list as listing

    listing.run(fmt, sys.stdout)


@app.command()
def info(func: InfoFunc, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32", fmt: InfoFormatOpt = "rich") -> None:
    """Show formula, reference and properties measured by computation.

    Example: actplot info gelu --format json
    """
    from actplot.commands import info as facts

    facts.run(facts.InfoJob(func, dtype=dtype, device=device, fmt=fmt), sys.stdout)


def main() -> None:
    """The console script."""
    stdio.prepare()
    group(app).main(prog_name="actplot")

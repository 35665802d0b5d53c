"""The Typer app: parse the command line, delegate to the library, report. Nothing else.

Imports here stay light (no torch, no matplotlib, no rich at module level): help, list, --version and
completion must start fast. Computing commands import what they need when they run.
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from actplot import __version__, activations
from actplot._click import ClickException, Context, UsageError, echo
from actplot.errors import ActplotError, ActplotWarning

_GROUP_FLAGS = {"--help", "-h", "--version", "--install-completion", "--show-completion"}
_FIGURE_FORMATS = ("png", "svg", "pdf")
_TABLE_FORMATS = ("rich", "csv", "tsv", "json", "jsonl", "markdown")


def _debug_wanted(ctx: Context | None = None) -> bool:
    if os.environ.get("ACTPLOT_DEBUG", "") not in ("", "0"):
        return True
    return bool(ctx and ctx.find_root().params.get("debug"))


def _say(kind: str, message: str) -> None:
    echo(f"actplot: {kind}: {message}", err=True)


def _show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
    _say("warning", str(message))


def _note(message: str | None) -> None:
    if message:
        echo(message, err=True)


class _Group(TyperGroup):
    """`actplot FUNC` means `actplot plot FUNC`; every failure becomes one line on stderr and an exit code."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        i = 0
        while i < len(args) and args[i] == "--debug":
            i += 1
        if i < len(args) and args[i] not in self.commands and args[i] not in _GROUP_FLAGS:
            args = [*args[:i], "plot", *args[i:]]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", ActplotWarning)
                warnings.showwarning = _show_warning
                return super().invoke(ctx)
        except ActplotError as exc:
            if _debug_wanted(ctx):
                raise
            _say("error", exc.message + (f"; {exc.hint}" if exc.hint else ""))
            raise typer.Exit(exc.exit_code) from None
        except BrokenPipeError:
            # The reader went away (`| head -1`): stop quietly, and keep Python's exit flush quiet too.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "actplot",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = rv if isinstance(rv, int) else 0
        except ClickException as exc:
            where = f"; see '{exc.ctx.command_path} --help'" if isinstance(exc, UsageError) and exc.ctx else ""
            _say("error", exc.format_message().replace("\n", " ").rstrip(".") + where)
            code = exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            echo("", err=True)
            code = 130
        except Exception as exc:  # a bug, not a user's mistake: still one line unless --debug
            if _debug_wanted() or "--debug" in (args if args is not None else sys.argv[1:]):
                raise
            _say("error", f"internal error: {type(exc).__name__}: {exc}; run with --debug for details")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


app = typer.Typer(
    cls=_Group,
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


def _complete_func(incomplete: str) -> list[str]:
    low = incomplete.lower()
    return [n for n in activations.all_names() if n.lower().startswith(low)]


Funcs = Annotated[
    list[str],
    typer.Argument(
        metavar="FUNC",
        help="Activation names, optionally with parameters: 'elu(alpha=0.5)', or expressions: 'x*sigmoid(1.702*x)'.",
        autocompletion=_complete_func,
        show_default=False,
    ),
]
RangeOpt = Annotated[tuple[float, float], typer.Option("--range", metavar="MIN MAX", help="The x interval.")]
PointsOpt = Annotated[
    int | None,
    typer.Option(
        "--points",
        "-n",
        metavar="N",
        help="Evenly spaced points (kinks and 0 are added).",
        show_default="2001 for figures, 17 for tables",
    ),
]
DeviceOpt = Annotated[str, typer.Option("--device", metavar="DEVICE", help="cpu, cuda, cuda:N, mps or auto.")]
DtypeOpt = Annotated[str, typer.Option("--dtype", metavar="DTYPE", help="float32, float64, float16 or bfloat16.")]
OrderOpt = Annotated[int, typer.Option("--order", "-k", metavar="N", min=0, help="The highest derivative order.")]
OutOpt = Annotated[
    str | None,
    typer.Option(
        "--out", "-o", metavar="PATH", help="Figure file (.png .svg .pdf), or - for stdout.", show_default="<name>.png"
    ),
]
FigFormatOpt = Annotated[
    str | None, typer.Option("--format", "-f", metavar="FORMAT", help="png, svg or pdf (default: from --out).")
]
FigsizeOpt = Annotated[tuple[float, float], typer.Option("--figsize", metavar="W H", help="Inches.")]
DpiOpt = Annotated[float, typer.Option("--dpi", metavar="DPI", min=1, max=2000, help="Pixels per inch.")]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Figure title.")]
XlabelOpt = Annotated[str, typer.Option("--xlabel", metavar="TEXT", help="x axis label.")]
YlabelOpt = Annotated[
    str | None, typer.Option("--ylabel", metavar="TEXT", help="y axis label.", show_default="like 'relu(x)'")
]
YlimOpt = Annotated[tuple[float, float] | None, typer.Option("--ylim", metavar="MIN MAX", help="y axis limits.")]
GridOpt = Annotated[bool, typer.Option("--grid/--no-grid", help="Grid lines.")]
ShowOpt = Annotated[bool, typer.Option("--show", help="Open a window (needs a display).")]
FigDtypeOpt = Annotated[
    str, typer.Option("--dtype", metavar="DTYPES", help="float32, float64, float16, bfloat16; a comma list overlays.")
]
SweepOpt = Annotated[
    str | None, typer.Option("--sweep", metavar="PARAM=V1,V2", help="One curve per parameter value: alpha=0.5,1,2.")
]
VanishingOpt = Annotated[
    float | None, typer.Option("--vanishing", metavar="T", help="Shade where abs(f') < T, e.g. 1e-3.")
]
ThemeOpt = Annotated[str, typer.Option("--theme", metavar="THEME", help="light or dark.")]
TransparentOpt = Annotated[bool, typer.Option("--transparent", help="No background (for slides).")]
StyleOpt = Annotated[
    str | None, typer.Option("--style", metavar="NAME|FILE", help="A matplotlib style name or .mplstyle file.")
]
LegendOpt = Annotated[
    str, typer.Option("--legend", metavar="WHERE", help="A matplotlib location ('upper left'), outside or none.")
]


@app.command()
def plot(
    funcs: Funcs,
    xrange: RangeOpt = (-8.0, 8.0),
    points: PointsOpt = None,
    device: DeviceOpt = "cpu",
    dtype: FigDtypeOpt = "float32",
    with_grad: Annotated[bool, typer.Option("--with-grad", help="Add a panel with f' below.")] = False,
    out: OutOpt = None,
    fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = (5.0, 2.5),
    dpi: DpiOpt = 150.0,
    title: TitleOpt = None,
    xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None,
    ylim: YlimOpt = None,
    grid: GridOpt = True,
    show: ShowOpt = False,
    sweep: SweepOpt = None,
    vanishing: VanishingOpt = None,
    theme: ThemeOpt = "light",
    transparent: TransparentOpt = False,
    style: StyleOpt = None,
    legend: LegendOpt = "best",
) -> None:
    """Draw f(x) of one or more functions.

    Example: actplot relu --range -8 8 --with-grad
    """
    from actplot import figures

    _note(
        figures.run(
            figures.FigureJob(
                funcs,
                orders=(0, 1) if with_grad else (0,),
                xrange=xrange,
                points=points,
                device=device,
                dtype=dtype,
                out=out,
                fmt=fmt,
                figsize=figsize,
                dpi=dpi,
                title=title,
                xlabel=xlabel,
                ylabel=ylabel,
                ylim=ylim,
                grid=grid,
                show=show,
                sweep=sweep,
                vanishing=vanishing,
                theme=theme,
                transparent=transparent,
                mplstyle=style,
                legend=legend,
            )
        )
    )


@app.command()
def grad(
    funcs: Funcs,
    order: OrderOpt = 1,
    xrange: RangeOpt = (-8.0, 8.0),
    points: PointsOpt = None,
    device: DeviceOpt = "cpu",
    dtype: FigDtypeOpt = "float32",
    out: OutOpt = None,
    fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = (5.0, 2.5),
    dpi: DpiOpt = 150.0,
    title: TitleOpt = None,
    xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None,
    ylim: YlimOpt = None,
    grid: GridOpt = True,
    show: ShowOpt = False,
    sweep: SweepOpt = None,
    vanishing: VanishingOpt = None,
    theme: ThemeOpt = "light",
    transparent: TransparentOpt = False,
    style: StyleOpt = None,
    legend: LegendOpt = "best",
) -> None:
    """Draw the derivative f'(x) (or order N with --order N).

    Example: actplot grad sigmoid --out fig.png
    """
    from actplot import figures

    _note(
        figures.run(
            figures.FigureJob(
                funcs,
                orders=(order,),
                xrange=xrange,
                points=points,
                device=device,
                dtype=dtype,
                out=out,
                fmt=fmt,
                figsize=figsize,
                dpi=dpi,
                title=title,
                xlabel=xlabel,
                ylabel=ylabel,
                ylim=ylim,
                grid=grid,
                show=show,
                sweep=sweep,
                vanishing=vanishing,
                theme=theme,
                transparent=transparent,
                mplstyle=style,
                legend=legend,
            )
        )
    )


@app.command()
def diff(
    func1: Annotated[str, typer.Argument(metavar="FUNC1", autocompletion=_complete_func, show_default=False)],
    func2: Annotated[str, typer.Argument(metavar="FUNC2", autocompletion=_complete_func, show_default=False)],
    grad: Annotated[bool, typer.Option("--grad", help="Compare the derivatives (same as --order 1).")] = False,
    order: Annotated[
        int | None, typer.Option("--order", "-k", metavar="N", min=0, help="Compare the N-th derivatives.")
    ] = None,
    xrange: RangeOpt = (-8.0, 8.0),
    points: PointsOpt = None,
    device: DeviceOpt = "cpu",
    dtype: DtypeOpt = "float32",
    out: OutOpt = None,
    fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = (5.0, 2.5),
    dpi: DpiOpt = 150.0,
    title: TitleOpt = None,
    xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None,
    ylim: YlimOpt = None,
    grid: GridOpt = True,
    show: ShowOpt = False,
    theme: ThemeOpt = "light",
    transparent: TransparentOpt = False,
    style: StyleOpt = None,
    legend: LegendOpt = "best",
) -> None:
    """Draw FUNC1 - FUNC2 (or their derivatives), the largest difference marked and printed.

    Example: actplot diff gelu "gelu(approximate=tanh)" --grad
    """
    from actplot import figures

    _note(
        figures.run(
            figures.FigureJob(
                [func1, func2],
                orders=(order if order is not None else int(grad),),
                xrange=xrange,
                points=points,
                device=device,
                dtype=dtype,
                out=out,
                fmt=fmt,
                figsize=figsize,
                dpi=dpi,
                title=title,
                xlabel=xlabel,
                ylabel=ylabel,
                ylim=ylim,
                grid=grid,
                show=show,
                theme=theme,
                transparent=transparent,
                mplstyle=style,
                legend=legend,
                difference=True,
            )
        )
    )


@app.command()
def table(
    funcs: Funcs,
    x: Annotated[str | None, typer.Option("--x", metavar="VALUES", help="x values: 0,0.5,1.")] = None,
    order: OrderOpt = 1,
    xrange: RangeOpt = (-8.0, 8.0),
    points: PointsOpt = None,
    device: DeviceOpt = "cpu",
    dtype: DtypeOpt = "float32",
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"{', '.join(_TABLE_FORMATS)}.",
            show_default="rich on a terminal, else csv",
        ),
    ] = None,
    precision: Annotated[
        int | None,
        typer.Option("--precision", metavar="N", min=1, max=17, help="Significant digits (default: shortest exact)."),
    ] = None,
    header: Annotated[bool, typer.Option("--header/--no-header", help="Print the header row.")] = True,
) -> None:
    """Print x, f(x) and derivatives as a table.

    Example: actplot table gelu --x 0,1,2 --format csv
    """
    from actplot import tables

    tables.run(
        tables.TableJob(
            funcs,
            x=x,
            order=order,
            xrange=xrange,
            points=points,
            device=device,
            dtype=dtype,
            fmt=fmt,
            precision=precision,
            header=header,
        )
    )


@app.command()
def gallery(
    funcs: Annotated[
        list[str] | None,
        typer.Argument(metavar="FUNC", help="Functions to draw (default: the whole catalogue).",
                       autocompletion=_complete_func, show_default=False),
    ] = None,
    out: Annotated[str, typer.Option("--out", "-o", metavar="DIR", help="Directory, or a template such as "
                                     "'figs/{name}.svg'.")] = "gallery",
    fmt: FigFormatOpt = None,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", metavar="N", min=1, help="Worker processes.",
                                             show_default="the number of cores")] = None,
    xrange: RangeOpt = (-8.0, 8.0),
    points: PointsOpt = None,
    device: DeviceOpt = "cpu",
    dtype: DtypeOpt = "float32",
    figsize: Annotated[tuple[float, float], typer.Option("--figsize", metavar="W H", help="Inches.")] = (5.0, 4.0),
    dpi: DpiOpt = 150.0,
    grid: GridOpt = True,
) -> None:
    """Draw one figure per function (f above, f' below) into a directory.

    Example: actplot gallery relu sigmoid tanh --out figs
    """
    from actplot import gallery as gallery_

    job = gallery_.GalleryJob(funcs or [], out=out, fmt=fmt, jobs=jobs, xrange=xrange, points=points or 2001,
                              device=device, dtype=dtype, style={"figsize": figsize, "dpi": dpi, "grid": grid})
    with _progress("drawing") as update:
        written = gallery_.run(job, update)
    size = sum(w.size for w in written)
    _note(f"wrote {len(written)} figures ({size / 1024:.0f} KiB) to {written[0].path.parent if written else out}")


@contextmanager
def _progress(what: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{what} {name}")

        yield update


@app.command(name="list")
def list_(
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="rich, json or markdown.",
            show_default="rich on a terminal, else markdown",
        ),
    ] = "",
) -> None:
    """List every activation with aliases, parameters, formula and summary.

    Example: actplot list
    """
    from actplot import listing

    listing.run(fmt)


@app.command()
def info(
    func: Annotated[
        str,
        typer.Argument(
            metavar="FUNC", help="An activation name, call or expression in x.", autocompletion=_complete_func
        ),
    ],
    device: DeviceOpt = "cpu",
    dtype: DtypeOpt = "float32",
    fmt: Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="rich or json.")] = "rich",
) -> None:
    """Show formula, reference and properties measured by computation.

    Example: actplot info gelu --format json
    """
    from actplot import facts

    facts.run(facts.InfoJob(func, dtype=dtype, device=device, fmt=fmt))


def main() -> None:
    """The console script."""
    typer.main.get_command(app).main(prog_name="actplot")

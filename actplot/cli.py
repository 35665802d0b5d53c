"""The Typer app: parse the command line, delegate to the library, report. Nothing else.

Imports here stay light (no torch, no matplotlib, no rich at module level): help, list, --version and
completion must start fast. Computing commands import what they need when they run.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from actplot import __version__, figures, streams
from actplot._click import ClickException, Context, UsageError, echo
from actplot.errors import ActplotError, ActplotWarning, OutputError
from actplot.figures import FigureJob
from actplot.options import (
    AsciiOpt,
    DeviceOpt,
    DiffGradOpt,
    DiffOrderOpt,
    DpiOpt,
    DtypeOpt,
    FigDtypeOpt,
    FigFormatOpt,
    FigsizeOpt,
    Func1,
    Func2,
    Funcs,
    GalleryFuncs,
    GalleryOutOpt,
    GridOpt,
    HeaderOpt,
    InfoFormatOpt,
    InfoFunc,
    JobsOpt,
    LegendOpt,
    ListFormatOpt,
    OrderOpt,
    OutOpt,
    PageOpt,
    PointsOpt,
    PrecisionOpt,
    RangeOpt,
    ShowOpt,
    StyleOpt,
    SweepOpt,
    TableFormatOpt,
    TermOpt,
    ThemeOpt,
    TitleOpt,
    TransparentOpt,
    VanishingOpt,
    WithGradOpt,
    XlabelOpt,
    XOpt,
    YlabelOpt,
    YlimOpt,
)

_GROUP_FLAGS = {"--help", "-h", "--version", "--install-completion", "--show-completion"}


def _debug_wanted(ctx: Context | None = None) -> bool:
    if os.environ.get("ACTPLOT_DEBUG", "") not in ("", "0"):
        return True
    return bool(ctx and ctx.find_root().params.get("debug"))


def _printable(text: str) -> str:
    # A file name or FUNC from a non-UTF-8 argv holds lone surrogates: show them as escapes, never crash.
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _say(kind: str, message: str) -> None:
    echo(_printable(f"actplot: {kind}: {message}"), err=True)


def _show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
    _say("warning", str(message))


def _note(message: str | None) -> None:
    if message:
        echo(_printable(message), err=True)


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
                rv = super().invoke(ctx)
            streams.flush_stdout()  # a full disk is an error now, not a lost write at exit
            return rv
        except ActplotError as exc:
            self._fail(ctx, exc)
        except BrokenPipeError:
            # The reader went away (`| head -1`): stop quietly, and keep Python's exit flush quiet too.
            streams.silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # files are checked where they are opened: what is left is stdout (a full disk)
            self._fail(ctx, streams.write_error(exc))
        except (MemoryError, RuntimeError) as exc:
            from actplot import resources

            translated = resources.as_resource_error(exc)
            if translated is None:
                raise
            self._fail(ctx, translated)

    @staticmethod
    def _fail(ctx: Context, exc: ActplotError) -> NoReturn:
        if _debug_wanted(ctx):
            raise exc
        if isinstance(exc, OutputError):
            streams.silence_stdout()  # output that could not be written must not be retried at exit
        _say("error", exc.message + (f"; {exc.hint}" if exc.hint else ""))
        raise typer.Exit(exc.exit_code) from None

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
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `actplot`: the help itself, as click prints it
                echo(exc.format_message(), err=True)
            else:
                where = f"; see '{exc.ctx.command_path} --help'" if isinstance(exc, UsageError) and exc.ctx else ""
                _say("error", exc.format_message().replace("\n", " ").rstrip(".") + where)
            code = exc.exit_code
        except ActplotError as exc:  # raised while parsing (--version onto a closed stdout), or under --debug
            if _debug_wanted() or "--debug" in (args if args is not None else sys.argv[1:]):
                raise
            _say("error", exc.message + (f"; {exc.hint}" if exc.hint else ""))
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


def _job_fields(job_type: type, values: dict[str, Any]) -> dict[str, Any]:
    """The command's option values that name fields of `job_type` (the option names are the field names)."""
    names = {f.name for f in dataclasses.fields(job_type)}
    return {k: v for k, v in values.items() if k in names}


@app.command()
def plot(
    funcs: Funcs, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu",
    dtype: FigDtypeOpt = "float32", with_grad: WithGradOpt = False, out: OutOpt = None, fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = (5.0, 2.5), dpi: DpiOpt = 150.0, title: TitleOpt = None, xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None, ylim: YlimOpt = None, grid: GridOpt = True, show: ShowOpt = False,
    sweep: SweepOpt = None, vanishing: VanishingOpt = None, theme: ThemeOpt = "light",
    transparent: TransparentOpt = False, mplstyle: StyleOpt = None, legend: LegendOpt = "best", term: TermOpt = False,
    ascii: AsciiOpt = False,
) -> None:
    """Draw f(x) of one or more functions.

    Example: actplot relu --range -8 8 --with-grad
    """
    options = _job_fields(FigureJob, locals())
    _note(figures.run(FigureJob(**options, orders=(0, 1) if with_grad else (0,))))


@app.command()
def grad(
    funcs: Funcs, order: OrderOpt = 1, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None,
    device: DeviceOpt = "cpu", dtype: FigDtypeOpt = "float32", out: OutOpt = None, fmt: FigFormatOpt = None,
    figsize: FigsizeOpt = (5.0, 2.5), dpi: DpiOpt = 150.0, title: TitleOpt = None, xlabel: XlabelOpt = "x",
    ylabel: YlabelOpt = None, ylim: YlimOpt = None, grid: GridOpt = True, show: ShowOpt = False,
    sweep: SweepOpt = None, vanishing: VanishingOpt = None, theme: ThemeOpt = "light",
    transparent: TransparentOpt = False, mplstyle: StyleOpt = None, legend: LegendOpt = "best", term: TermOpt = False,
    ascii: AsciiOpt = False,
) -> None:
    """Draw the derivative f'(x) (or order N with --order N).

    Example: actplot grad sigmoid --out fig.png
    """
    options = _job_fields(FigureJob, locals())
    _note(figures.run(FigureJob(**options, orders=(order,))))


@app.command()
def diff(
    func1: Func1, func2: Func2, grad: DiffGradOpt = False, order: DiffOrderOpt = None,
    xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32",
    out: OutOpt = None, fmt: FigFormatOpt = None, figsize: FigsizeOpt = (5.0, 2.5), dpi: DpiOpt = 150.0,
    title: TitleOpt = None, xlabel: XlabelOpt = "x", ylabel: YlabelOpt = None, ylim: YlimOpt = None,
    grid: GridOpt = True, show: ShowOpt = False, theme: ThemeOpt = "light", transparent: TransparentOpt = False,
    mplstyle: StyleOpt = None, legend: LegendOpt = "best", term: TermOpt = False, ascii: AsciiOpt = False,
) -> None:
    """Draw FUNC1 - FUNC2 (or their derivatives), the largest difference marked and printed.

    Example: actplot diff gelu "gelu(approximate=tanh)" --grad
    """
    options = _job_fields(FigureJob, locals())
    orders = (order if order is not None else int(grad),)
    _note(figures.run(FigureJob(funcs=[func1, func2], **options, orders=orders, difference=True)))


@app.command()
def table(
    funcs: Funcs, x: XOpt = None, order: OrderOpt = 1, xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None,
    device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32", fmt: TableFormatOpt = None,
    precision: PrecisionOpt = None, header: HeaderOpt = True,
) -> None:
    """Print x, f(x) and derivatives as a table.

    Example: actplot table gelu --x 0,1,2 --format csv
    """
    from actplot import tables

    tables.run(tables.TableJob(**_job_fields(tables.TableJob, locals())))


@app.command()
def gallery(
    funcs: GalleryFuncs = None, out: GalleryOutOpt = "gallery", fmt: FigFormatOpt = None, jobs: JobsOpt = None,
    xrange: RangeOpt = (-8.0, 8.0), points: PointsOpt = None, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32",
    figsize: FigsizeOpt = (5.0, 4.0), dpi: DpiOpt = 150.0, grid: GridOpt = True, theme: ThemeOpt = "light",
    transparent: TransparentOpt = False, mplstyle: StyleOpt = None, legend: LegendOpt = "best", page: PageOpt = True,
) -> None:
    """Draw one figure per function (f above, f' below) into a directory, with an index.html to browse them.

    Example: actplot gallery relu sigmoid tanh --out figs
    """
    from actplot import figdata, gallery

    values = locals()
    job = gallery.GalleryJob(
        funcs or [], out=out, fmt=fmt, jobs=jobs, xrange=xrange, points=2001 if points is None else points,
        device=device, dtype=dtype, style=_job_fields(figdata.Style, values), page=page,
    )
    with _progress("drawing") as update:
        _note(gallery.summary(gallery.run(job, update), out))


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
def list_(fmt: ListFormatOpt = "") -> None:
    """List every activation with aliases, parameters, formula and summary.

    Example: actplot list
    """
    from actplot import listing

    listing.run(fmt)


@app.command()
def info(func: InfoFunc, device: DeviceOpt = "cpu", dtype: DtypeOpt = "float32", fmt: InfoFormatOpt = "rich") -> None:
    """Show formula, reference and properties measured by computation.

    Example: actplot info gelu --format json
    """
    from actplot import facts

    facts.run(facts.InfoJob(func, dtype=dtype, device=device, fmt=fmt))


def main() -> None:
    """The console script."""
    streams.prepare()
    typer.main.get_command(app).main(prog_name="actplot")

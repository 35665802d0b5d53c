"""The command line's arguments and options, declared once and shared by the commands (typer only).

Kept apart from :mod:`actplot.cli` so the commands read as what they do; importing this is light.
"""

from __future__ import annotations

from typing import Annotated

import typer

TABLE_FORMATS = ("rich", "csv", "tsv", "json", "jsonl", "markdown")


def complete_func(incomplete: str) -> list[str]:
    from actplot.activations import catalogue  # the shipped names load when completing, not for --help

    low = incomplete.lower()
    return [n for n in catalogue.all_names() if n.lower().startswith(low)]


Funcs = Annotated[
    list[str],
    typer.Argument(
        metavar="FUNC",
        help="Activation names, optionally with parameters: 'elu(alpha=0.5)', or expressions: 'x*sigmoid(1.702*x)'.",
        autocompletion=complete_func,
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
        "--out", "-o", metavar="PATH", help="Figure file (.png .svg .pdf; with --animate .gif .webp .apng .mp4),"
        " or - for stdout.", show_default="<name>.png, <name>.gif with --animate"
    ),
]
FigFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="png, svg or pdf; gif, webp, apng, png or mp4 with --animate"
        " (default: from --out).",
    ),
]
FigsizeOpt = Annotated[
    tuple[float, float] | None,
    typer.Option(
        "--figsize", metavar="W H", help="Inches; the content adapts to it.", show_default="5 2.5, grown to fit"
    ),
]
# its range (10 to 2000) is checked with the other figure options, in actplot.scene.canvas
DpiOpt = Annotated[float, typer.Option("--dpi", metavar="DPI", help="Pixels per inch, 10 to 2000.")]
TitleOpt = Annotated[str | None, typer.Option("--title", metavar="TEXT", help="Figure title.")]
XlabelOpt = Annotated[str, typer.Option("--xlabel", metavar="TEXT", help="x axis label.")]
YlabelOpt = Annotated[
    str | None, typer.Option("--ylabel", metavar="TEXT", help="y axis label.", show_default="like 'relu(x)'")
]
YlimOpt = Annotated[
    tuple[float, float] | None, typer.Option("--ylim", metavar="MIN MAX", help="y axis limits of the top panel.")
]
YlimsOpt = Annotated[
    str | None,
    typer.Option("--ylims", metavar="LIMITS", help="y limits per panel, top first: '-1,8;auto;0,2'."),
]
YscaleOpt = Annotated[
    str | None,
    typer.Option("--yscale", metavar="SCALE", help="linear, log or symlog; or one per panel: 'linear,log'."),
]
OrdersOpt = Annotated[
    str | None,
    typer.Option("--orders", metavar="N,N", help="One panel per derivative order, stacked: 0,1,2."),
]
ErrorOpt = Annotated[
    str | None,
    typer.Option("--error", metavar="KIND", help="Draw each dtype's error against float64: abs or ulp."),
]
AsymptotesOpt = Annotated[
    bool, typer.Option("--asymptotes/--no-asymptotes", help="Thin lines at the limits as x -> ±inf.")
]
LegendColumnsOpt = Annotated[
    int | None, typer.Option("--legend-columns", metavar="N", help="Legend columns.", show_default="as many as fit")
]
LegendTitleOpt = Annotated[
    str | None,
    typer.Option("--legend-title", metavar="TEXT", help="Legend title.", show_default="the swept parameter"),
]
FontOpt = Annotated[
    str | None,
    typer.Option("--font", metavar="NAME|FILE", help="The text's font: an installed font's name or a font file."),
]
ContextOpt = Annotated[
    str | None,
    typer.Option(
        "--context", metavar="VENUE", help="paper, notebook, talk or poster: text and line sizes for the venue.",
        show_default="sizes follow --figsize",
    ),
]
FontSizeOpt = Annotated[
    float | None,
    typer.Option("--font-size", metavar="PT", help="The base text size in points.", show_default="from --context"),
]
SvgTextOpt = Annotated[
    bool, typer.Option("--svg-text", help="Keep SVG text as text (editable, searchable) rather than paths.")
]
MathOpt = Annotated[bool, typer.Option("--math", help="Read every label as mathtext ($ marks math).")]
GridOpt = Annotated[bool, typer.Option("--grid/--no-grid", help="Grid lines.")]
ShowOpt = Annotated[bool, typer.Option("--show", help="Open a window (needs a display).")]
FigDtypeOpt = Annotated[
    str, typer.Option("--dtype", metavar="DTYPES", help="float32, float64, float16, bfloat16; a comma list overlays.")
]
SweepOpt = Annotated[
    str | None,
    typer.Option(
        "--sweep", metavar="PARAM=VALUES",
        help="One curve (or frame) per parameter value: alpha=0.5,1,2, or start:stop:count as alpha=0:2:21.",
    ),
]
VanishingOpt = Annotated[
    float | None, typer.Option("--vanishing", metavar="T", help="Mark where abs(f') < T, e.g. 1e-3.")
]
ThemeOpt = Annotated[str, typer.Option("--theme", metavar="THEME", help="light or dark.")]
TransparentOpt = Annotated[bool, typer.Option("--transparent", help="No background (for slides).")]
StyleOpt = Annotated[
    str | None, typer.Option("--style", metavar="NAME|FILE", help="A matplotlib style name or .mplstyle file.")
]
LegendOpt = Annotated[
    str,
    typer.Option(
        "--legend",
        metavar="WHERE",
        help="best (where no curve is), a matplotlib location ('upper left'), outside, below, direct or none.",
    ),
]
TermOpt = Annotated[
    bool, typer.Option("--term", help="Draw the figure in the terminal (with --out, as well as the file).")
]
AsciiOpt = Annotated[bool, typer.Option("--ascii", help="Draw it in the terminal in plain ASCII (implies --term).")]
AnimateOpt = Annotated[
    bool, typer.Option("--animate", help="One frame per --sweep value, into a .gif, .webp, .apng or .mp4 (ffmpeg).")
]
FpsOpt = Annotated[
    float | None, typer.Option("--fps", metavar="N", help="Animation frames a second.", show_default="12")
]
LoopOpt = Annotated[
    bool | None, typer.Option("--loop/--no-loop", help="Play the animation for ever, or once.", show_default="--loop")
]
BounceOpt = Annotated[bool, typer.Option("--bounce", help="Play the animation forward, then back.")]
WithGradOpt = Annotated[bool, typer.Option("--with-grad", help="Add a panel with f' below.")]
Func1 = Annotated[str, typer.Argument(metavar="FUNC1", autocompletion=complete_func, show_default=False)]
Func2 = Annotated[str, typer.Argument(metavar="FUNC2", autocompletion=complete_func, show_default=False)]
DiffGradOpt = Annotated[bool, typer.Option("--grad", help="Compare the derivatives (same as --order 1).")]
DiffOrderOpt = Annotated[
    int | None, typer.Option("--order", "-k", metavar="N", min=0, help="Compare the N-th derivatives.")
]
XOpt = Annotated[
    str | None,
    typer.Option("--x", metavar="VALUES", help="x values: 0,0.5,1 inline, - for stdin, @FILE for a file."),
]
TableFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=f"{', '.join(TABLE_FORMATS)}.",
        show_default="rich on a terminal, else csv",
    ),
]
PrecisionOpt = Annotated[
    int | None,
    typer.Option("--precision", metavar="N", min=1, max=17, help="Significant digits (default: shortest exact)."),
]
HeaderOpt = Annotated[bool, typer.Option("--header/--no-header", help="Print the header row.")]
GalleryFuncs = Annotated[
    list[str] | None,
    typer.Argument(
        metavar="FUNC",
        help="Functions to draw (default: the whole catalogue).",
        autocompletion=complete_func,
        show_default=False,
    ),
]
GalleryOutOpt = Annotated[
    str, typer.Option("--out", "-o", metavar="DIR", help="Directory, or a template such as 'figs/{name}.svg'.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option("--jobs", "-j", metavar="N", min=1, help="Worker processes.", show_default="the number of cores"),
]
PageOpt = Annotated[
    bool, typer.Option("--page/--no-page", help="Also write index.html, a web page of every figure, beside them.")
]
SlidersOpt = Annotated[
    bool,
    typer.Option("--sliders/--no-sliders",
                 help="On the page, a slider for each numeric parameter, over curves PyTorch computed beforehand."),
]
ListFormatOpt = Annotated[
    str,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich, json or markdown.",
        show_default="rich on a terminal, else markdown",
    ),
]
InfoFunc = Annotated[
    str,
    typer.Argument(metavar="FUNC", help="An activation name, call or expression in x.", autocompletion=complete_func),
]
InfoFormatOpt = Annotated[str, typer.Option("--format", "-f", metavar="FORMAT", help="rich or json.")]
QOpt = Annotated[float, typer.Option("--q", metavar="Q", help="The input variance: z ~ N(0, Q).")]
SigmaWOpt = Annotated[
    float, typer.Option("--sigma-w", metavar="SW", help="Weight scale: W ~ N(0, SW²/fan_in) in the mean-field map.")
]
SigmaBOpt = Annotated[float, typer.Option("--sigma-b", metavar="SB", help="Bias scale: b ~ N(0, SB²).")]
DepthOpt = Annotated[int, typer.Option("--depth", metavar="L", help="Also print q after each of L layers.")]
StatsDtypeOpt = Annotated[
    str, typer.Option("--dtype", metavar="DTYPE", help="f's dtype: float64, float32, float16 or bfloat16.")
]
StatsFormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT", help="rich, json, csv or markdown.",
        show_default="rich on a terminal, else csv",
    ),
]
StatsPlotOpt = Annotated[
    bool, typer.Option("--plot", help="Also draw the variance map, the depth curve and the phase diagram.")
]
StatsOutOpt = Annotated[
    str | None,
    typer.Option("--out", "-o", metavar="PATH", help="The --plot figure (.png .svg .pdf).",
                 show_default="stats-<names>.png"),
]
MlpFuncs = Annotated[
    list[str],
    typer.Argument(
        metavar="FUNC",
        help="The activation between the layers: a name, a call, an expression in x, or identity (none).",
        autocompletion=complete_func,
        show_default=False,
    ),
]
WidthOpt = Annotated[str, typer.Option("--width", "-w", metavar="N[,N...]", help="Hidden width(s): 8 or 2,8,32.")]
MlpDepthOpt = Annotated[
    str, typer.Option("--depth", "-L", metavar="L[,L...]", help="Hidden layers: 1, or 1,3 to compare.")
]
SeedOpt = Annotated[int, typer.Option("--seed", metavar="S", help="Network k is seeded with S + k.")]
SamplesOpt = Annotated[
    int | None,
    typer.Option("--samples", "-K", metavar="K", help="Networks per width and depth.", show_default="3; 1 with --fit"),
]
InitOpt = Annotated[
    str | None,
    typer.Option("--init", metavar="INIT", help="default (PyTorch's), he or xavier.",
                 show_default="default; he with --fit"),
]  # fmt: skip
MlpPointsOpt = Annotated[
    int | None,
    typer.Option("--points", "-n", metavar="N", help="Evenly spaced points (breakpoints are added).",
                 show_default="1001"),
]  # fmt: skip
MlpFormatOpt = Annotated[
    str | None,
    typer.Option("--format", "-f", metavar="FORMAT", help="png, svg or pdf; or csv or json for the numbers."),
]
FitOpt = Annotated[
    str | None, typer.Option("--fit", metavar="EXPR", help="Train the networks to fit EXPR: 'sin(3*x)'.")
]
StepsOpt = Annotated[
    int | None, typer.Option("--steps", metavar="N", help="Adam steps for --fit.", show_default="2000")
]
OverlayOpt = Annotated[bool, typer.Option("--overlay", help="All FUNCs in one panel rather than one panel each.")]

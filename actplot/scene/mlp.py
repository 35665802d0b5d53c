"""What the mlp command shows: random (or fitted) MLPs as curves, their breakpoints as marks, and what
the figure says about them (deviation from a line, linear pieces, errors, parameter counts).

One panel per FUNC, stacked (or one panel for all with `overlay`); network k has the same colour in
every panel, so the same weights can be followed from identity to relu to tanh. With a target, each
FUNC gets the fits over the target and, below, their error |fit − target| on a log scale.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from actplot.activations import spec
from actplot.activations.spec import Spec
from actplot.scene.data import Look, Marker, Panel, Series
from actplot.scene.typeset import number

if TYPE_CHECKING:
    import numpy as np

    from actplot.numeric.mlp_run import Net, Outcome

IDENTITY: Final = ("identity", "none", "linear")  # no activation at all: the networks are affine maps
BREAKPOINT: Final = "breakpoint, from the weights"
TARGET_LOOK: Final = Look(colour=6, dash=1)  # the target: black (the dark theme's yellow), dashed
Report = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Act:
    """A FUNC as the networks use it."""

    label: str
    spec: Spec
    kinks: tuple[float, ...]
    complete: bool  # kinks holds every non-smooth point


@dataclass(frozen=True)
class Request:
    """Every choice of one mlp command, checked."""

    acts: Sequence[Act]
    widths: Sequence[int]
    depths: Sequence[int]
    samples: int
    seed: int
    init: str
    xrange: tuple[float, float]
    points: int
    dtype: str = "float32"
    device: str = "cpu"
    target: Spec | None = None
    steps: int = 0
    overlay: bool = False


def act_of(text: str) -> Act:
    """A FUNC for the networks: a catalogue entry, an expression, or identity (also 'none', 'linear')."""
    if text.strip().casefold() in IDENTITY:
        return Act("identity", spec.parse("x"), (), True)
    fs = spec.parse(text)
    complete = getattr(fs, "kinks_complete", True)
    return Act(fs.label, fs, fs.kinks(), bool(complete))


def compute(req: Request, report: Report | None = None) -> Outcome:
    """Build, train (with a target) and evaluate every network (this imports torch)."""
    from actplot.numeric import mlp_run

    funcs = [mlp_run.Func(a.label, a.spec, a.kinks, a.complete) for a in req.acts]
    config = mlp_run.Config(funcs, req.widths, req.depths, req.samples, req.seed, req.init, req.xrange,
                            req.points, req.dtype, req.device, req.target, req.steps)  # fmt: skip
    return mlp_run.run(config, report)


def arch(width: int, depth: int) -> str:
    """``1→8→1``, ``1→8→8→1``."""
    return "→".join(["1", *[str(width)] * depth, "1"])


def parameters(width: int, depth: int) -> int:
    return 2 * width + (depth - 1) * (width * width + width) + width + 1


def title(req: Request) -> str:
    """What every network is: shape and parameters (one shape; else each curve says), init and seeds."""
    seeds = f"seed {req.seed}" if req.samples == 1 else f"seeds {req.seed}–{req.seed + req.samples - 1}"
    if req.target is not None:
        return f"MLPs fitted to {req.target.label}\ninit {req.init}, {seeds}"
    nets = f"{req.samples} random MLP{'s' if req.samples > 1 else ''}"
    if len(req.widths) == 1 and len(req.depths) == 1:
        width, depth = req.widths[0], req.depths[0]
        return f"{nets} {arch(width, depth)}\n{parameters(width, depth)} params, init {req.init}, {seeds}"
    return f"{nets} of each shape\ninit {req.init}, {seeds}"


def _shape(width: int, depth: int) -> str:
    return f"{arch(width, depth)} ({parameters(width, depth)} params)"


def line_deviation(x: np.ndarray, y: np.ndarray) -> float:
    """The largest distance of y from its least-squares line in x."""
    xc = x - x.mean()
    slope = float(xc @ y) / float(xc @ xc)
    return float(abs(y - y.mean() - slope * xc).max())


def errors(net: Net, target: np.ndarray) -> tuple[float, float]:
    """RMS and largest |fit − target| over the grid."""
    gap = net.y - target
    return math.sqrt(float((gap * gap).mean())), float(abs(gap).max())


def panels(req: Request, out: Outcome) -> list[Panel]:
    """The figure: one panel per FUNC (or one for all), and each fit's error below it."""
    if req.target is not None:
        per_func = len(req.widths) * len(req.depths) * req.samples
        return [p for i, act in enumerate(req.acts) for p in _fit_panels(req, out, act.label, i * per_func)]
    if req.overlay:
        return [_random_panel(req, out, out.nets, "y(x)", overlay=True)]
    return [_random_panel(req, out, [n for n in out.nets if n.func == a.label], f"{a.label} net") for a in req.acts]


def _name(req: Request, net: Net, with_func: bool = False) -> str:
    """A curve's name: its seed, and its shape (with parameters) where shapes differ."""
    parts = [net.func] if with_func else []
    if len(req.widths) > 1 or len(req.depths) > 1:
        parts.append(_shape(net.width, net.depth))
    if req.samples > 1 or not parts:
        parts.append(f"seed {net.seed}")
    return " ".join(parts)


def _random_panel(req: Request, out: Outcome, nets: Sequence[Net], ylabel: str, overlay: bool = False) -> Panel:
    per_func = len(req.widths) * len(req.depths) * req.samples
    series, markers, looks = [], [], []
    for i, net in enumerate(nets):
        series.append(Series(_name(req, net, overlay), out.x, net.y, look=i))
        looks.append(Look(i // per_func % 7, i % per_func % 8) if overlay else Look.distinct(i))
        markers += [Marker(float(out.x[j]), float(net.y[j]), i, label=BREAKPOINT) for j in net.marks]
    if not overlay:
        return Panel(series, ylabel, markers=markers, looks=looks, note=_random_note(req, out, nets))
    notes = [f"{a.label}: " + _random_note(req, out, [n for n in nets if n.func == a.label]) for a in req.acts]
    return Panel(series, ylabel, markers=markers, looks=looks, note="\n".join(notes))


def _random_note(req: Request, out: Outcome, nets: Sequence[Net]) -> str:
    """The panel's numbers: the deviation from a line, and the linear pieces where there are any."""
    worst = max(line_deviation(out.x, n.y) for n in nets)
    said = f"max deviation from a line: {number(worst, '.2g')}"
    if all(n.breakpoints == () for n in nets):  # no piece ends in the range: affine, but for rounding
        return said + f" ({req.dtype} eps: {number(_eps(req.dtype), '.2g')}): affine"
    counted = [len(n.breakpoints) + 1 for n in nets if n.breakpoints is not None]
    if counted:
        low, high = min(counted), max(counted)
        said += f"; linear pieces: {low}" + (f"–{high}" if high > low else "")
        bounds = {n.width * n.kinks_per_unit + 1 for n in nets if n.depth == 1 and n.kinks_per_unit}
        if len(bounds) == 1 and all(n.depth == 1 for n in nets):
            said += f" (at most {bounds.pop()})"
    elif all(n.breakpoints is None for n in nets):
        said += "; smooth" if _smooth(req, nets[0].func) else ""
    return said


def _smooth(req: Request, label: str) -> bool:
    act = next(a for a in req.acts if a.label == label)
    return act.complete and not act.kinks


def _eps(dtype: str) -> float:
    return {"float64": 2.0**-52, "float32": 2.0**-23, "float16": 2.0**-10, "bfloat16": 2.0**-7}[dtype]


def _fit_panels(req: Request, out: Outcome, func: str, offset: int) -> list[Panel]:
    """The target and the fits of one FUNC (curves offset+1 on: one legend entry per fit), and their errors."""
    import numpy as np

    assert out.target is not None and req.target is not None
    nets = [n for n in out.nets if n.func == func]
    fits = [Series(req.target.label, out.x, out.target, look=0)]
    gaps: list[Series] = []
    looks = [TARGET_LOOK] + [Look.distinct(i) for i in range(offset + len(nets))]
    for i, net in enumerate(nets, start=offset + 1):
        rms, top = errors(net, out.target)
        pieces = f", {len(net.breakpoints) + 1} pieces" if net.breakpoints is not None else ""
        label = _shape(net.width, net.depth) + (f" seed {net.seed}" if req.samples > 1 else "")
        label = f"{func} {label}" if len(req.acts) > 1 else label
        note = f"RMS {number(rms, '.2g')}, max {number(top, '.2g')}{pieces}"
        fits.append(Series(label, out.x, net.y, look=i, note=note))
        gap = np.abs(net.y - out.target)
        gaps.append(Series(label, out.x, np.where(gap > 0, gap, np.nan), look=i))
    lo, hi = req.xrange
    how = f"Adam, {req.steps} steps, full batch: {req.points} points in [{number(lo)}, {number(hi)}]"
    return [
        Panel(fits, f"{func} net", looks=looks, note=how),
        Panel(gaps, "|fit − target|", looks=looks, yscale="log", name="error"),
    ]

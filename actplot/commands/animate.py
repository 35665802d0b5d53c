"""--animate: one frame per swept value, written as GIF, WebP, APNG or MP4.

Everything cheap is checked first, as for a figure. Then a pre-pass computes each value's curves and
keeps only their extent, so every frame shares one set of y limits and only the curves move. Then each
frame is computed (by :func:`actplot.api.panels` for that one value: its jumps and marks are those a
static figure of it has), drawn and handed to the encoder before the next: memory holds about one
frame, whatever the count. The file is staged and put in place whole, or not at all.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TextIO

from actplot.activations import spec
from actplot.activations.entry import ParamValue
from actplot.commands import plot
from actplot.errors import UsageError
from actplot.scene import panels as scene_panels
from actplot.scene import sweeps, typeset
from actplot.scene.data import AUTO_SIZE, PANEL_HEIGHT
from actplot.streams import files, staging

if TYPE_CHECKING:
    from actplot.scene.data import Panel, Style

DEFAULT_FPS: Final = 12.0
FPS_RANGE: Final = (0.5, 100.0)

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class _Plan:
    """The animation, checked: what to draw in which order, how it looks and where it goes."""

    job: plot.FigureJob
    specs: list[spec.Spec]
    name: str
    values: tuple[ParamValue, ...]  # the swept values, once each
    order: tuple[int, ...]  # which value each frame shows (--bounce plays back again)
    target: files.Target
    style: Style


def check(job: plot.FigureJob) -> None:
    """What --animate cannot go with, and the options only --animate takes."""
    if not job.animate:
        if job.fps is not None or job.loop is not None or job.bounce:
            raise UsageError("--fps, --loop and --bounce are for --animate")
        return
    if not job.sweep:
        raise UsageError("--animate draws one frame per --sweep value", hint="add e.g. --sweep alpha=0:2:41")
    for flag, given in (("--term", job.term or job.ascii), ("--show", job.show)):
        if given:
            raise UsageError(f"--animate writes a file; {flag} cannot show an animation")
    if job.difference:
        raise UsageError("diff does not animate")
    if job.fps is not None and not FPS_RANGE[0] <= job.fps <= FPS_RANGE[1]:
        raise UsageError(f"--fps must be from {FPS_RANGE[0]:g} to {FPS_RANGE[1]:g}, not {job.fps:g}")
    if job.out is not None and "{name}" in job.out:
        raise UsageError("--animate writes one file", hint="give --out a file name without {name}")


def run(job: plot.FigureJob, stdout: TextIO, progress: Progress | None = None) -> str | None:
    """Write the animation; returns the message for stderr (which file was written)."""
    from actplot.draw import animation

    plan = _plan(job, stdout)
    animation.check_encoder(plan.target.fmt)
    with _once():
        ylims = _ylims(plan, progress)
    style = dataclasses.replace(plan.style, ylims=tuple(ylims))
    fps = DEFAULT_FPS if job.fps is None else job.fps
    loop = True if job.loop is None else job.loop
    with _once():
        frames = _frames(plan, style, progress)
        if plan.target.path is None:
            animation.write(frames, len(plan.order), stdout.buffer, plan.target.fmt, fps, loop)
            stdout.buffer.flush()
            return None
        staging.write_atomically(plan.target.path, lambda fh: animation.write(frames, len(plan.order), fh,
                                                                               plan.target.fmt, fps, loop))  # fmt: skip
    return f"wrote {plan.target.path} ({len(plan.order)} frames)"


def _plan(job: plot.FigureJob, stdout: TextIO) -> _Plan:
    """Everything about the animation that can be checked before torch is imported."""
    check(job)
    specs = [spec.parse(f) for f in job.funcs]
    plot.check_style(job)
    style = plot.style_of(job)
    plot.check_panels(job, style)
    name, values = sweeps.parse_sweep(job.sweep or "")
    sweeps.check_count((name, values), animate=True)
    scene_panels.expand(specs, (name, values), scene_panels.split_dtypes(job.dtype))  # every value checked now
    stem = plot.default_stem([s.label for s in specs], job.orders)
    target = files.resolve(job.out, job.fmt, stem, stdout.isatty(), formats=files.ANIMATION_FORMATS)
    if job.transparent and target.fmt in ("gif", "mp4"):
        raise UsageError(f"--transparent: {target.fmt.upper()} has no see-through pixels", hint="write .webp or .apng")
    panels = len(job.orders)
    size = job.figsize or (AUTO_SIZE[0], AUTO_SIZE[1] + PANEL_HEIGHT * (panels - 1))  # fixed: frames never grow
    order = tuple(range(len(values)))
    order += order[-2:0:-1] if job.bounce else ()
    order += (0,) if job.bounce and job.loop is False else ()  # played once, it ends where it began
    return _Plan(job, specs, name, values, order, target, dataclasses.replace(style, figsize=size))


def _panels(plan: _Plan, value: ParamValue, style: Style) -> list[Panel]:
    from actplot import api

    job = plan.job
    return api.panels(
        plan.specs, orders=job.orders, xrange=job.xrange, points=plot.DEFAULT_POINTS if job.points is None else
        job.points, device=job.device, dtype=job.dtype, style=style,
        ylabels=[job.ylabel] * len(job.orders) if job.ylabel else None, sweep=(plan.name, (value,)),
        vanishing=job.vanishing, asymptotes=job.asymptotes, error=job.error, labelled=False,
    )  # fmt: skip


def _ylims(plan: _Plan, progress: Progress | None) -> list[tuple[float, float] | None]:
    """The y limits of every panel for every frame: the user's where given, else all values' extent."""
    from actplot.scene import extent

    given = list(plan.style.ylims) + [None] * (len(plan.job.orders) - len(plan.style.ylims))
    scales = [_log(plan.style, i) for i in range(len(given))]
    found: list[extent.Extent] = [None] * len(given)
    logs = scales
    total = len(plan.values) + len(plan.order)
    for i, value in enumerate(plan.values):
        panels = _panels(plan, value, plan.style)
        logs = [log or (not plan.style.yscales and p.yscale == "log") for log, p in zip(scales, panels)]
        found = extent.union(found, extent.extents(panels, logs))
        if progress:
            progress(i + 1, total, f"{plan.name} = {_shown(value)}")
    return [g if g is not None else extent.limits(f, log) for g, f, log in zip(given, found, logs)]


def _log(style: Style, index: int) -> bool:
    return bool(style.yscales) and style.yscales[min(index, len(style.yscales) - 1)] == "log"


def _frames(plan: _Plan, style: Style, progress: Progress | None) -> Iterator[tuple[Sequence[Panel], Style]]:
    """Each frame's panels and style (its title saying its value), computed as the encoder asks."""
    total = len(plan.values) + len(plan.order)
    for i, index in enumerate(plan.order):
        value = plan.values[index]
        said = f"{plan.name} = {_shown(value)}"
        titled = dataclasses.replace(style, title=f"{style.title}, {said}" if style.title else said)
        yield _panels(plan, value, titled), titled
        if progress:
            progress(len(plan.values) + i + 1, total, f"frame {i + 1}")


def _shown(value: ParamValue) -> str:
    return value if isinstance(value, str) else typeset.number(value)


@contextmanager
def _once() -> Iterator[None]:
    """Warnings said once, not once per frame: each distinct one is passed on when the frames are done."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    seen: set[tuple[type[Warning], str]] = set()
    for w in caught:
        key = (w.category, str(w.message))
        if key not in seen:
            seen.add(key)
            warnings.warn(str(w.message), w.category, stacklevel=3)

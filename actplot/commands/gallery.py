"""The gallery command: one figure per function, drawn by a pool of worker processes.

The workers start before torch is imported: while this process imports torch and computes the
curves, they import matplotlib, so the two big imports overlap. Each worker then draws figures from
plain data (numpy arrays and labels) sent to it; once all are drawn, every figure takes the set's
common margins and is written (see :mod:`actplot.commands.figure_pool`). `--jobs 1` draws here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from actplot.activations import spec
from actplot.activations.spec import safe_stem
from actplot.commands import figure_options, figure_pool
from actplot.draw import mplconfig
from actplot.draw import page as webpage
from actplot.errors import OutputError, UsageError
from actplot.scene import typeset
from actplot.scene.data import Style

if TYPE_CHECKING:
    from actplot.scene.sliders import Sliders
from actplot.streams import files, staging


@dataclass(frozen=True)
class GalleryJob:
    """Everything one gallery command asks for."""

    funcs: Sequence[str]  # empty: the whole catalogue
    out: str = "gallery"  # a directory, or a template with {name}
    fmt: str | None = None
    orders: tuple[int, ...] = (0, 1)
    jobs: int | None = None  # None: the number of cores
    xrange: tuple[float, float] = (-8.0, 8.0)
    points: int = 2001
    device: str = "cpu"
    dtype: str = "float32"
    asymptotes: bool = True  # thin lines at the limits each curve approaches as x -> +-inf
    style: dict[str, Any] = field(default_factory=dict)  # render.Style fields
    page: bool = True  # also write index.html, a web page of the figures (see actplot.draw.page)
    sliders: bool = True  # on the page, sliders over each numeric parameter (see actplot.draw.page_live)
    generator: str = ""  # who wrote the page, e.g. "actplot 0.1.0" (shown in its caption)


@dataclass(frozen=True)
class Written:
    name: str
    path: Path
    size: int
    figure: bool = True  # False: the web page


def summary(written: Sequence[Written], out: str) -> str:
    """What is said on stderr once a gallery is written: the figures, then the page if there is one."""
    figs = [w for w in written if w.figure]
    size = sum(w.size for w in figs) / 1024
    count = f"{len(figs)} figure{'' if len(figs) == 1 else 's'}"
    lines = [f"wrote {count} ({size:.0f} KiB) to {figs[0].path.parent if figs else out}"]
    return "\n".join(lines + [f"wrote {w.path}" for w in written if not w.figure])


def targets(job: GalleryJob, labels: Sequence[str]) -> list[tuple[Path, str]]:
    """Where each figure goes: ``DIR/<name>.<fmt>``, or the template with ``{name}`` filled in."""
    if "{name}" in job.out:
        paths = [Path(job.out.replace("{name}", safe_stem(label))) for label in labels]
    else:
        paths = [Path(job.out) / f"{safe_stem(label)}.{job.fmt or 'png'}" for label in labels]
    if len(set(paths)) != len(paths):
        raise UsageError(f"--out '{job.out}' gives several figures the same file name", hint="use {name} in it")
    formats = [files.format_of(p, job.fmt) for p in paths]  # checked before anything is created
    for folder in dict.fromkeys(p.parent for p in paths):
        files.check_folder(folder)
    if job.page:
        _check_page(webpage.page_path(paths))
    return list(zip(paths, formats))


def _check_page(page: Path) -> None:
    """Never write the page over a file that is not an actplot gallery page."""
    try:
        head = page.read_bytes()[:4096] if page.exists() else None
    except OSError as exc:
        raise OutputError(f"cannot read '{page}': {exc.strerror or exc}") from None
    ours = (webpage.GENERATOR_MARK.encode(), b"<title>actplot gallery</title>")  # the second: pages before the mark
    if head is not None and not any(mark in head for mark in ours):
        raise OutputError(f"'{page}' exists and is not an actplot gallery page; it is left alone",
                          hint="choose another --out, or --no-page")  # fmt: skip


def run(job: GalleryJob, progress: Callable[[int, int, str], None] | None = None) -> list[Written]:
    """Draw every figure, then put them and the page in place together; `progress(done, total, name)`
    is called as each figure is drawn. A failure or an interruption leaves every file as it was."""
    with mplconfig.shared_for_workers():
        return _run(job, progress)


def _run(job: GalleryJob, progress: Callable[[int, int, str], None] | None) -> list[Written]:
    specs = [spec.parse(f) for f in job.funcs] or [spec.parse(n) for n in spec.names()]
    style = _style(job)
    figure_options.check(
        figsize=style.figsize, dpi=style.dpi, panels=len(job.orders), ylim=style.ylim, theme=style.theme,
        legend=style.legend, mplstyle=style.mplstyle, labels={"--title": style.title, "--xlabel": style.xlabel},
        context=style.context, font_size=style.font_size, font=style.font, math=style.math,
    )  # fmt: skip
    where = targets(job, [s.label for s in specs])
    if style.svg_text and any(fmt != "svg" for _, fmt in where):
        raise UsageError("--svg-text is for SVG files", hint="add --format svg")
    jobs = max(1, min(job.jobs or os.cpu_count() or 1, len(specs)))
    pool = figure_pool.Pool(jobs) if jobs > 1 else None  # started before torch is imported, on purpose
    staged: list[staging.Staged | None] = [None] * len(specs)
    created: list[Path] = []
    try:
        created = files.make_folders([path for path, _ in where])
        count = iter(range(1, len(specs) + 1))

        def drawn(index: int) -> None:
            if progress:
                progress(next(count), len(specs), specs[index].label)

        live: list[Sliders | None] = []  # filled once every figure's data is computed
        for index, figure in figure_pool.draw_set(_tasks(job, specs, where, live), pool, drawn):
            staged[index] = figure
        figures = [s for s in staged if s is not None]
        if job.page:  # staged last, so that every figure it shows is there when it is
            figures.append(_stage_page(specs, [path for path, _ in where], _caption(job), job.generator, live))
        staging.commit(figures)
    except BaseException:
        if pool:
            pool.stop()
            for leftover in staging.leftovers([path.parent for path, _ in where], pool.pids):
                leftover.unlink(missing_ok=True)  # a worker stopped inside mkstemp cannot clean up after itself
        staging.discard([s for s in staged if s is not None])
        files.remove_folders(created)
        raise
    if pool:
        pool.close()
    return _written(specs, where, job.page)


def _written(specs: Sequence[spec.Spec], where: Sequence[tuple[Path, str]], page: bool) -> list[Written]:
    out = sorted((Written(fs.label, path, os.path.getsize(path)) for fs, (path, _) in zip(specs, where)),
                 key=lambda w: str(w.path))  # fmt: skip
    if page:
        path = webpage.page_path([p for p, _ in where])
        out.append(Written(webpage.PAGE_NAME, path, os.path.getsize(path), figure=False))
    return out


def write_page(specs: Sequence[spec.Spec], figures: Sequence[Path], caption: str = "", generator: str = "",
               live: Sequence[Sliders | None] = ()) -> Path:  # fmt: skip
    """Write the web page for these figures (with `live[i]`'s sliders for specs[i]) atomically; returns its path."""
    page = _stage_page(specs, figures, caption, generator, live)
    staging.commit([page])
    return page.target


def _stage_page(specs: Sequence[spec.Spec], figures: Sequence[Path], caption: str, generator: str,
                live: Sequence[Sliders | None] = ()) -> staging.Staged:  # fmt: skip
    page = webpage.page_path(figures)
    text = webpage.render(webpage.items(specs, figures, page, live), caption, generator=generator).encode("utf-8")

    def put(fh: IO[bytes]) -> None:
        fh.write(text)

    return staging.stage(page, put)


def _caption(job: GalleryJob) -> str:
    lo, hi = job.xrange
    return f"f and its derivative on [{lo:g}, {hi:g}] in {job.dtype} on {job.device}, as PyTorch computes them"


def _tasks(
    job: GalleryJob, specs: Sequence[spec.Spec], where: Sequence[tuple[Path, str]], live: list[Sliders | None]
) -> Iterator[figure_pool.Task]:
    """Compute each figure's data (this is where torch is imported), one task at a time; then, while the
    workers draw the last figures, what the page's sliders show into `live` (one entry per spec)."""
    from actplot import api

    style = _style(job)
    for i, (fs, (path, fmt)) in enumerate(zip(specs, where)):
        # every parameter in the title: the figure says what it shows wherever it is copied to
        titled = replace(style, title=typeset.minus(fs.full_label))
        data = api.panels(
            fs, orders=job.orders, xrange=job.xrange, points=job.points, device=job.device, dtype=job.dtype,
            style=style, asymptotes=job.asymptotes,
        )
        yield i, data, titled, str(path), fmt
    if job.page and job.sliders:
        live += [api.sliders(fs, xrange=job.xrange, device=job.device, dtype=job.dtype) for fs in specs]


def _style(job: GalleryJob) -> Style:
    return Style(**job.style)

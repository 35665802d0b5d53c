"""The gallery command: one figure per function, drawn by a pool of worker processes.

The workers start before torch is imported: while this process imports torch and computes the
curves, they import matplotlib, so the two big imports overlap. Each worker then draws and writes
figures from plain data (numpy arrays and labels) sent to it. `--jobs 1` draws in this process.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from actplot.activations import spec
from actplot.activations.spec import safe_stem
from actplot.commands import figure_options
from actplot.draw import page as webpage
from actplot.errors import OutputError, UsageError
from actplot.scene.data import Panel, Style
from actplot.streams import files

Task = tuple[int, "list[Panel]", "Style", str, str]  # index, figure data, style, path, format
DEFAULT_FIGSIZE = (5.0, 4.0)  # two stacked panels of about the textbook's 5 x 2.5 each


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
    style: dict[str, Any] = field(default_factory=dict)  # render.Style fields
    page: bool = True  # also write index.html, a web page of the figures (see actplot.draw.page)
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
        parent = paths[0].parent
    else:
        parent = Path(job.out)
        paths = [parent / f"{safe_stem(label)}.{job.fmt or 'png'}" for label in labels]
    if len(set(paths)) != len(paths):
        raise UsageError(f"--out '{job.out}' gives several figures the same file name", hint="use {name} in it")
    formats = [files.format_of(p, job.fmt) for p in paths]  # checked before anything is created
    _check_dir(parent)
    return list(zip(paths, formats))


def _check_dir(path: Path) -> None:
    """The output directory can be made (or is there) and written: checked without creating it yet."""
    existing = next((p for p in (path, *path.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise OutputError(f"cannot create directory '{path}': '{existing}' is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write into directory '{existing}'")


def _make_dirs(path: Path) -> list[Path]:
    """Create `path` and any missing parents; the ones created, deepest first (to remove on failure)."""
    missing = [p for p in (path, *path.parents) if not p.exists()]
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create directory '{path}': {exc.strerror or exc}") from None
    return missing


def _undo(where: Sequence[tuple[Path, str]], existed: set[Path], created: Sequence[Path]) -> None:
    """After a failure: remove the figures this run added, and the directories it made (if left empty).

    Figures that were there before are kept (each was replaced whole, or not at all).
    """
    for path, _ in where:
        if path not in existed:
            path.unlink(missing_ok=True)
    for d in created:
        try:
            d.rmdir()  # only ever an empty one: figures already written stay
        except OSError:
            return


def run(job: GalleryJob, progress: Callable[[int, int, str], None] | None = None) -> list[Written]:
    """Draw every figure; `progress(done, total, name)` is called as each one is written."""
    specs = [spec.parse(f) for f in job.funcs] or [spec.parse(n) for n in spec.names()]
    style = _style(job)
    figure_options.check(
        figsize=style.figsize, dpi=style.dpi, ylim=style.ylim, theme=style.theme, legend=style.legend,
        mplstyle=style.mplstyle, labels={"--title": style.title, "--xlabel": style.xlabel},
    )  # fmt: skip
    where = targets(job, [s.label for s in specs])
    jobs = max(1, min(job.jobs or os.cpu_count() or 1, len(specs)))
    pool = _Pool(jobs) if jobs > 1 else None  # started before torch is imported, on purpose
    written = []
    created: list[Path] = []
    existed = {path for path, _ in where if path.exists()}
    try:
        created = _make_dirs(where[0][0].parent)
        tasks = _tasks(job, specs, where)
        for done, (index, size) in enumerate(pool.map(tasks, len(specs)) if pool else map(_draw_task, tasks), 1):
            written.append(Written(specs[index].label, where[index][0], size))
            if progress:
                progress(done, len(specs), specs[index].label)
    except BaseException as exc:
        if pool:
            pool.stop()
            _remove_temporaries(where)  # a worker stopped inside tempfile.mkstemp cannot clean up after itself
        if isinstance(exc, Exception):  # a failure undoes the gallery; Ctrl-C keeps the figures finished so far
            _undo(where, existed, created)
        raise
    if pool:
        pool.close()
    written.sort(key=lambda w: str(w.path))
    if job.page:  # last, so that every figure it shows exists
        page = write_page(specs, [path for path, _ in where], _caption(job), job.generator)
        written.append(Written(webpage.PAGE_NAME, page, os.path.getsize(page), figure=False))
    return written


def write_page(specs: Sequence[spec.Spec], figures: Sequence[Path], caption: str = "", generator: str = "") -> Path:
    """Write the web page for these figures atomically; returns its path."""
    page = webpage.page_path(figures)
    text = webpage.render(webpage.items(specs, figures, page), caption, generator=generator).encode("utf-8")

    def put(fh: IO[bytes]) -> None:
        fh.write(text)

    files.write_atomically(page, put)
    return page


def _remove_temporaries(where: Sequence[tuple[Path, str]]) -> None:
    """Remove what write_atomically's temporary files would be called for these targets."""
    for path, _ in where:
        try:
            names = [p for p in path.parent.iterdir() if p.name.startswith(f".{path.name}.") and p.suffix == ".tmp"]
        except OSError:
            continue
        for tmp in names:
            tmp.unlink(missing_ok=True)


def _caption(job: GalleryJob) -> str:
    lo, hi = job.xrange
    return f"f and its derivative on [{lo:g}, {hi:g}] in {job.dtype} on {job.device}, as PyTorch computes them"


def _tasks(job: GalleryJob, specs: Sequence[spec.Spec], where: Sequence[tuple[Path, str]]) -> Iterator[Task]:
    """Compute each figure's data (this is where torch is imported), one task at a time."""
    from actplot import api

    style = _style(job)
    for i, (fs, (path, fmt)) in enumerate(zip(specs, where)):
        data = api.panels(
            fs, orders=job.orders, xrange=job.xrange, points=job.points, device=job.device, dtype=job.dtype,
            style=style,
        )
        yield i, data, style, str(path), fmt


def _style(job: GalleryJob) -> Style:
    return Style(**{"figsize": DEFAULT_FIGSIZE, **job.style})


def _draw_task(task: Task) -> tuple[int, int]:
    return _draw(*task)


def _draw(index: int, panels: list[Panel], style: Style, path: str, fmt: str) -> tuple[int, int]:
    from actplot.draw import render

    files.write_atomically(Path(path), lambda fh: render.write(panels, style, fh, fmt))
    return index, os.path.getsize(path)


def _worker(tasks: Any, results: Any) -> None:
    # Stopping (SIGTERM) unwinds like Ctrl-C, so a figure being written is removed, never left half-written.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(128 + signal.SIGTERM))
    from actplot.draw import render  # noqa: F401  -- import matplotlib now, while the parent imports torch

    for task in iter(tasks.get, None):
        try:
            results.put(("ok", _draw_task(task)))
        except Exception as exc:  # sent back whole, so the parent reports it as its own
            results.put(("error", exc))


class _Pool:
    """Worker processes fed through a queue; results come back in completion order."""

    def __init__(self, jobs: int) -> None:
        # fork is cheap and keeps what this process imported; macOS and Windows spawn instead
        fork = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
        ctx: Any = mp.get_context("fork" if fork else "spawn")
        self.tasks: Any = ctx.Queue()
        self.results: Any = ctx.Queue()
        self.procs = [ctx.Process(target=_worker, args=(self.tasks, self.results), daemon=True) for _ in range(jobs)]
        for proc in self.procs:
            proc.start()

    def map(self, tasks: Iterator[Task], count: int) -> Iterator[tuple[int, int]]:
        for task in tasks:
            self.tasks.put(task)
        for _ in range(count):
            status, value = self.results.get()
            if status == "error":
                raise value
            yield value

    def stop(self) -> None:
        """End the workers now, abandoning queued figures (each removes any file it was writing)."""
        for queue in (self.tasks, self.results):
            queue.cancel_join_thread()  # queued tasks nobody will read must not hold up this process's exit
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            proc.join(timeout=10)

    def close(self) -> None:
        for _ in self.procs:
            self.tasks.put(None)
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()

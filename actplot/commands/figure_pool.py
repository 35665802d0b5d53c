"""Worker processes that draw a set of figures in two rounds, so the set can share its margins.

Round one: each worker draws the figures it is sent and measures their margins (it keeps the figures).
Round two: once every margin is in, each worker is sent the set's common margins and saves what it
kept, staged beside its target (see :mod:`actplot.streams.staging`). The workers start before torch is
imported: while the parent imports torch and computes the curves, they import matplotlib. With one
job, the same two rounds run in this process.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from actplot.streams import signals, staging

if TYPE_CHECKING:
    from actplot.draw.align import Margins
    from actplot.draw.render import Figure
    from actplot.scene.data import Panel, Style

Task = tuple[int, "list[Panel]", "Style", str, str]  # index, figure data, style, path, format

Shared = tuple[dict[int, "Margins"], float]  # the set's margins by panel count, and its smallest text scale
Held = dict[int, tuple["Figure", str, str]]  # one process's figures of round one: index -> (fig, path, fmt)


Measured = tuple["Margins", float]  # a figure's margins and how much its text had to shrink


def draw(task: Task, held: Held) -> tuple[int, Measured]:
    """Round one for one figure: draw it, keep it in `held`, and say its margins and text scale."""
    from actplot.draw import align, fonts, render

    index, panels, style, path, fmt = task
    fig = render.draw(panels, style)  # the fonts for its text are chosen here, in the process that draws
    held[index] = (fig, path, fmt)
    with fonts.quiet():  # measuring text again: a missing character was warned about while drawing
        return index, (align.measure(fig), render.text_scale(fig))


def finish(shared: Shared, held: Held) -> Iterator[tuple[int, staging.Staged]]:
    """Round two: give every figure in `held` the set's text size and margins, and stage its file."""
    from actplot.draw import align, fonts, layout, render

    margins, smallest = shared
    while held:
        index = min(held)
        fig, path, fmt = held.pop(index)
        with fonts.quiet():
            layout.rescale(fig, smallest / render.text_scale(fig))
            align.apply(fig, margins[len(fig.axes)])
        yield index, staging.stage(Path(path), render.saver(fig, fmt))


def draw_set(
    tasks: Iterator[Task], pool: Pool | None, drawn: Callable[[int], None]
) -> Iterator[tuple[int, staging.Staged]]:
    """Both rounds, in `pool` or (None) in this process: every figure drawn and measured (`drawn(index)`
    is called after each), then each staged with one text size, canvas and axes box for the whole set."""
    from actplot.draw import align

    held: Held = {}  # round one's figures when this process draws them
    measured: list[Measured] = []
    for index, found in pool.measure(tasks) if pool else (draw(task, held) for task in tasks):
        measured.append(found)
        drawn(index)
    shared = (align.common([m for m, _ in measured]), min((scale for _, scale in measured), default=1.0))
    yield from pool.finish(shared) if pool else finish(shared, held)


def _worker(tasks: Any, results: Any) -> None:
    signals.as_worker()  # stopped by its parent (or with it), never by a Ctrl-C to the whole group
    from actplot.draw import render  # noqa: F401  -- import matplotlib now, while the parent imports torch

    held: Held = {}  # this worker's own: never one inherited from its parent
    for kind, payload in iter(tasks.get, None):
        try:
            if kind == "draw":
                results.put(("measured", draw(payload, held)))
                continue
            for item in finish(payload, held):
                results.put(("ok", item))
        except Exception as exc:  # sent back whole, so the parent reports it as its own
            results.put(("error", exc))
        results.put(("finished", None))
        return  # one finish each: a worker never takes another's


class Pool:
    """Worker processes fed through one queue; results come back in completion order."""

    def __init__(self, jobs: int) -> None:
        # fork is cheap and keeps what this process imported; macOS and Windows spawn instead
        fork = "fork" in mp.get_all_start_methods() and sys.platform != "darwin"
        ctx: Any = mp.get_context("fork" if fork else "spawn")
        self.tasks: Any = ctx.Queue()
        self.results: Any = ctx.Queue()
        self.procs = [ctx.Process(target=_worker, args=(self.tasks, self.results), daemon=True) for _ in range(jobs)]
        for proc in self.procs:
            proc.start()
        self.pids = [proc.pid for proc in self.procs if proc.pid is not None]

    def measure(self, tasks: Iterator[Task]) -> Iterator[tuple[int, Measured]]:
        """Round one: every figure drawn and measured, as each is done."""
        count = 0
        for task in tasks:
            self.tasks.put(("draw", task))
            count += 1
        for _ in range(count):
            status, value = self.results.get()
            if status == "error":
                raise value
            yield value

    def finish(self, shared: Shared) -> Iterator[tuple[int, staging.Staged]]:
        """Round two: every worker saves what it drew with the set's margins."""
        for _ in self.procs:
            self.tasks.put(("finish", shared))
        finished = 0
        while finished < len(self.procs):
            status, value = self.results.get()
            if status == "error":
                raise value
            if status == "finished":
                finished += 1
            else:
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
        """Wait for the workers, which end after round two."""
        for proc in self.procs:
            proc.join(timeout=5)
            if proc.is_alive():
                proc.terminate()

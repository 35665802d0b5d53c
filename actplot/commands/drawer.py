"""A second process that draws a figure command's files, so that the two big imports overlap.

torch and matplotlib each take a large part of a second or more to import. A figure command that
writes files starts one drawing process (forked, so it keeps what this process imported) before torch
is imported: while this process imports torch and computes the curves, the drawing process imports
matplotlib and draws a throwaway figure in the same style (loading fonts, the renderer and the code
every figure runs). The curves are then sent to it as plain data; it draws and stages the files (see
:mod:`actplot.streams.staging`) and sends back what it staged and the warnings it raised, which this
process reports as its own. It runs exactly the code this process would, so the bytes are the same.

It is used only where it can pay: fork is available (not macOS, not Windows), there is more than one
core, and neither torch nor matplotlib is imported yet. The drawing process ignores Ctrl-C (this
process stops it), exits quietly on SIGTERM or SIGHUP removing what it was writing, and ends with
this process even when that one is killed (on Linux).
"""

from __future__ import annotations

import multiprocessing as mp
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from actplot.errors import OutputError
from actplot.streams import signals, staging

if TYPE_CHECKING:
    from actplot.scene.data import Panel, Style

Wanted = Sequence[tuple[Path, str, "Sequence[Panel]", "Style"]]  # path, format, figure data, style


def stage_here(wanted: Wanted) -> list[staging.Staged]:
    """Draw and stage each (path, format, panels, style) in this process; a set ({name} in --out) shares
    one canvas and axes box, so its figures tile. On failure nothing staged is left behind."""
    from actplot.draw import render

    done: list[staging.Staged] = []
    try:
        if len(wanted) > 1:
            drawn = render.draw_set([(panels, style) for _, _, panels, style in wanted])
            for (path, fmt, *_), fig in zip(wanted, drawn):
                done.append(staging.stage(path, render.saver(fig, fmt)))
        else:
            for path, fmt, panels, style in wanted:
                done.append(staging.stage(path, _writer(panels, style, fmt)))
    except BaseException:
        staging.discard(done)
        raise
    return done


def _writer(panels: Sequence[Panel], style: Style, fmt: str) -> Callable[[IO[bytes]], None]:
    from actplot.draw import render

    return lambda fh: render.write(panels, style, fh, fmt)


def worthwhile() -> bool:
    """Would a drawing process save time here? (It overlaps the torch and matplotlib imports.)"""
    if "torch" in sys.modules or "matplotlib" in sys.modules:
        return False  # nothing left to overlap: a library caller, a test, a notebook
    if sys.platform == "darwin" or "fork" not in mp.get_all_start_methods():
        return False
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else range(os.cpu_count() or 1)
    return len(cores) > 1


class Drawer:
    """One forked process that draws and stages the figures it is sent (:func:`stage_here`, there)."""

    def __init__(self, style: Style, formats: Sequence[str]) -> None:
        ctx: Any = mp.get_context("fork")
        self._conn, theirs = ctx.Pipe()
        warm = (style, tuple(dict.fromkeys(formats)))
        self._proc = ctx.Process(target=_serve, args=(theirs, warm), daemon=True)
        self._proc.start()
        theirs.close()
        self.pid: int = self._proc.pid

    def stage(self, wanted: Wanted) -> list[staging.Staged]:
        """Draw and stage these files in the drawing process; its warnings are raised here."""
        try:
            self._conn.send(list(wanted))
            status, value, caught = self._conn.recv()
        except (EOFError, OSError):
            raise OutputError("the drawing process ended before the figure was written") from None
        for message, category in caught:
            warnings.warn(message, category, stacklevel=2)
        if status == "error":
            raise value
        return list(value)

    def stop(self, folders: Sequence[Path]) -> None:
        """End the drawing process now and remove any temporary file it could not remove itself."""
        self._conn.close()
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join(timeout=10)
        for leftover in staging.leftovers(folders, [self.pid]):
            leftover.unlink(missing_ok=True)  # stopped inside mkstemp: it never learned the file's name

    def close(self) -> None:
        """Let the drawing process end (it does once it has answered, or when told there is nothing to do)."""
        self._conn.close()
        self._proc.join(timeout=10)
        if self._proc.is_alive():
            self._proc.terminate()
            self._proc.join(timeout=10)


def _serve(conn: Any, warm: tuple[Style, Sequence[str]]) -> None:
    signals.as_worker()
    _warm(*warm)
    try:
        wanted = conn.recv()
    except (EOFError, OSError):
        return  # nothing to draw: the command failed or was stopped before its figures were computed
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result: tuple[str, Any] = ("ok", stage_here(wanted))
        except Exception as exc:  # sent back whole, so the parent reports it as its own
            result = ("error", exc)
    raised = [(w.message, w.category) for w in caught]
    try:
        conn.send((*result, raised))
    except Exception as exc:  # something that cannot be pickled: its message still reaches the user
        conn.send(("error", OutputError(f"drawing failed: {exc}"), raised))


def _warm(style: Style, formats: Sequence[str]) -> None:
    """Import matplotlib and save a small figure in `style` to each of `formats` that nobody sees, with
    no text of the user's (so no warning about it is spent here), while the parent imports torch."""
    import io

    import numpy as np

    from actplot.draw import render
    from actplot.scene.data import Panel, Series

    x = np.linspace(-1.0, 1.0, 5)
    plain = replace(style, title=None, xlabel="x", legend_title=None, dpi=min(style.dpi, 72.0))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fmt in formats:
            try:
                render.write([Panel([Series("f", x, x)], "f(x)")], plain, io.BytesIO(), fmt)
            except Exception:  # only a warm-up: what fails here fails again, and is reported, on the real figure
                return

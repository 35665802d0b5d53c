"""One matplotlib configuration folder for a run's worker processes (no matplotlib import here).

Where matplotlib cannot write its config and cache folders (``~/.config/matplotlib``,
``~/.cache/matplotlib``: a read-only home, a service account), every process that imports it makes a
``matplotlib-XXXX`` folder in the temporary directory and removes it at exit. Worker processes end
without running exit handlers, so each would leave its folder behind. Setting ``MPLCONFIGDIR`` to a
folder that the parent makes and removes gives them one to share, and nothing is left.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _writable(folder: Path) -> bool:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _matplotlib_folders() -> list[Path]:
    home = Path.home()
    config = Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config")
    cache = Path(os.environ.get("XDG_CACHE_HOME") or home / ".cache")
    return [config / "matplotlib", cache / "matplotlib"]


@contextlib.contextmanager
def shared_for_workers() -> Iterator[None]:
    """Inside, processes started (and matplotlib imported) have a writable config folder to share."""
    if os.environ.get("MPLCONFIGDIR") or all(_writable(f) for f in _matplotlib_folders()):
        yield
        return
    folder = tempfile.mkdtemp(prefix="actplot-matplotlib-")
    os.environ["MPLCONFIGDIR"] = folder
    try:
        yield
    finally:
        del os.environ["MPLCONFIGDIR"]
        shutil.rmtree(folder, ignore_errors=True)

"""Where a figure goes: checked before any computation, written atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from actplot.errors import OutputError, UsageError, check_choice

FIGURE_FORMATS: Final = ("png", "svg", "pdf")


@dataclass(frozen=True)
class Target:
    """A checked destination: a path, or stdout when `path` is None."""

    path: Path | None
    fmt: str


def resolve(out: str | None, fmt: str | None, default_stem: str, stdout_is_tty: bool) -> Target:
    """The destination for `--out`/`--format`, with every problem found before anything is computed."""
    if fmt is not None:
        fmt = check_choice(fmt.lower(), FIGURE_FORMATS, "--format")
    if out == "-":
        if stdout_is_tty:
            raise UsageError(
                "refusing to write a binary figure to the terminal", hint="redirect stdout or use --out FILE"
            )
        return Target(None, fmt or "png")
    path = Path(out) if out else Path(f"{default_stem}.{fmt or 'png'}")
    if path.is_dir():  # said first: '.' has no suffix either, but that is not its problem
        raise OutputError(f"'{path}' is a directory", hint="give a file name such as relu.png")
    fmt = format_of(path, fmt)
    _check_writable(path)
    return Target(path, fmt)


def format_of(path: Path, fmt: str | None) -> str:
    """`fmt` when given (checked), else the format named by the suffix of `path`."""
    if fmt is not None:
        return check_choice(fmt.lower(), FIGURE_FORMATS, "--format")
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FIGURE_FORMATS:
        hint = "use a .png, .svg or .pdf suffix, or --format"
        raise UsageError(f"cannot tell the figure format of '{path}'", hint=hint)
    return suffix


def _check_writable(path: Path) -> None:
    if path.is_dir():
        raise OutputError(f"'{path}' is a directory", hint="give a file name such as relu.png")
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write '{path}': directory '{parent}' does not exist")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{path}': directory '{parent}' is not writable")
    if path.exists() and not os.access(path, os.W_OK):
        raise OutputError(f"cannot write '{path}': the file is read-only")


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write through a temporary file beside `path`, renamed into place only once complete.

    A failure or Ctrl-C leaves no partial file, and an existing file untouched.
    """
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException as exc:
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from exc
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

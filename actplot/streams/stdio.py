"""The standard streams, made safe whatever state the shell left them in (closed, a full disk, ASCII).

Called once when the command starts; nothing here imports anything heavy.
"""

from __future__ import annotations

import errno
import io
import os
import sys
from typing import Any

from actplot.errors import OutputError

_CLOSED_HINT = "redirect it to a file or a pipe instead of closing it"


class ClosedOutput(io.TextIOBase):
    """Stands in for a stdout the shell closed (``>&-``): writing data to it is a clear error.

    Commands that write only files (``actplot relu --out relu.png``) still work; ``table`` or
    ``--out -`` say that stdout is closed instead of failing on ``None``.
    """

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        raise OutputError("cannot write to stdout: it is closed", hint=_CLOSED_HINT)

    def flush(self) -> None:
        pass  # nothing was ever written, so the interpreter's exit flush has nothing to do

    @property
    def buffer(self) -> Any:  # figures go to stdout's binary buffer (--out -)
        return self

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"


def prepare() -> None:
    """Reopen closed standard descriptors on /dev/null and make text output unable to crash on encoding.

    With descriptor 1 closed, the next file opened would get it, and anything written "to stdout"
    would land inside that file; /dev/null holds the place. A character the terminal's encoding cannot
    show (an ASCII locale) becomes a backslash escape instead of an exception.
    """
    for fd in (0, 1, 2):
        _hold_open(fd)
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stderr is None:  # closed by the shell (2>&-): messages go nowhere, but nothing fails on them
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the process
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", "strict") == "strict":
            reconfigure(errors="backslashreplace")


def _hold_open(fd: int) -> None:
    try:
        os.fstat(fd)
    except OSError as exc:
        if exc.errno != errno.EBADF:
            return
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)


def silence_stdout() -> None:
    """Point descriptor 1 at /dev/null, so the interpreter's exit flush of unwritable output stays quiet."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, fd)
    os.close(null)


def flush_stdout() -> None:
    """Flush stdout now, so a full disk is reported as an error rather than lost at exit."""
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise write_error(exc) from None


def write_error(exc: OSError) -> OutputError:
    """The message for an OSError no one else reported: writing stdout (a full disk), as a rule."""
    if exc.filename:  # not stdout after all: say which file, without guessing whether it was read or written
        return OutputError(f"'{exc.filename}': {exc.strerror or exc}")
    return OutputError(f"cannot write output: {exc.strerror or exc}")

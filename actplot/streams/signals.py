"""Signals as exceptions, so that SIGTERM and SIGHUP (what `timeout`, a cancelled CI job and a closed
terminal send) unwind like Ctrl-C: every temporary file is removed on the way out, and the exit status
is the one a shell expects (128 + the signal's number: 143, 129; 130 for Ctrl-C).

Worker processes ignore Ctrl-C (their parent stops them), turn SIGTERM and SIGHUP into a quiet exit,
and on Linux are sent SIGTERM by the kernel when their parent dies, even by SIGKILL.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from types import FrameType
from typing import Final

_STOPPING: Final = (signal.SIGTERM, signal.SIGHUP)
_PR_SET_PDEATHSIG: Final = 1


class Terminated(BaseException):  # noqa: N818 - named like KeyboardInterrupt, which it stands beside
    """The process was asked to stop by a signal (a BaseException, so only cleanup code sees it)."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by signal {signum}")
        self.exit_code = 128 + signum


def install() -> None:
    """Make SIGTERM and SIGHUP raise :class:`Terminated` in this process."""
    for sig in _STOPPING:
        signal.signal(sig, _terminated)


def as_worker() -> None:
    """Set up a worker process: no Ctrl-C of its own, a quiet exit when stopped, gone with its parent."""
    parent = os.getppid()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for sig in _STOPPING:
        signal.signal(sig, _exit_quietly)
    if sys.platform.startswith("linux"):
        import ctypes  # here, not at the top: every command imports this module, only workers need it

        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request above took effect
        raise SystemExit(128 + signal.SIGTERM)


def _terminated(signum: int, frame: FrameType | None) -> None:
    raise Terminated(signum)


def _exit_quietly(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)  # unwinds (removing a half-written file); multiprocessing prints nothing

"""``python -m actplot`` and the ``actplot`` command."""

from __future__ import annotations

import atexit
import os
import sys
from typing import NoReturn

from actplot.streams import signals


def main() -> None:
    """The console script: signals become exceptions first, so no moment after start-up ends in a traceback
    (the CLI's error funnel reports them once it runs; here, what arrives before it or after it)."""
    try:
        signals.install()
        from actplot.cli.app import main as run

        run()
        code: str | int | None = 0
    except SystemExit as exc:
        code = exc.code
    except KeyboardInterrupt:
        code = 130
    except signals.Terminated as exc:
        code = exc.exit_code
    if "torch" in sys.modules and isinstance(code, int):
        _leave(code)
    sys.exit(code)


def _leave(code: int) -> NoReturn:
    """Exit without the interpreter's teardown, which takes a large part of a second once torch is loaded
    (freeing its many objects one by one): the streams are flushed and the exit handlers run first, as
    at any exit, so nothing written or registered is lost."""
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):
            code = code or 120  # what the interpreter's own exit flush reports
    atexit._run_exitfuncs()
    os._exit(code)


if __name__ == "__main__":
    main()

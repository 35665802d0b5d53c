"""``python -m actplot`` and the ``actplot`` command."""

from __future__ import annotations

import sys


def main() -> None:
    """The console script: signals become exceptions first, so no moment of start-up ends in a traceback."""
    try:
        from actplot.streams import signals

        signals.install()
        from actplot.cli.app import main as run
    except KeyboardInterrupt:
        sys.exit(130)
    except BaseException as exc:
        code = getattr(exc, "exit_code", None)
        if code is None:
            raise
        sys.exit(code)
    run()


if __name__ == "__main__":
    main()

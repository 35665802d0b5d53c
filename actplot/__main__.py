"""``python -m actplot`` and the ``actplot`` command."""

from __future__ import annotations

import sys

from actplot.streams import signals


def main() -> None:
    """The console script: signals become exceptions first, so no moment after start-up ends in a traceback
    (the CLI's error funnel reports them once it runs; here, what arrives before it or after it)."""
    try:
        signals.install()
        from actplot.cli.app import main as run

        run()
    except KeyboardInterrupt:
        sys.exit(130)
    except signals.Terminated as exc:
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()

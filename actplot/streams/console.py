"""rich consoles for data on stdout that leave a closed pipe to the CLI's error funnel.

rich's own answer to a closed pipe (``| head -1``) is to exit with status 1 on the spot; actplot's is
a quiet exit 0, decided in one place (:mod:`actplot.cli.report`). So a BrokenPipeError is raised on.
"""

from __future__ import annotations

from typing import Any, TextIO


def stdout_console(stream: TextIO, **options: Any) -> Any:
    """A rich Console writing to `stream` that raises BrokenPipeError instead of exiting."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            raise BrokenPipeError

    return _Console(file=stream, **options)

"""The info command: what an activation is (catalogue data) and how it behaves (measured properties).

A catalogue entry with default parameters in float32 on the CPU is served from the properties shipped
with the package, without importing torch; anything else is measured live (see :func:`actplot.api.info`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TextIO

from actplot.activations import facts
from actplot.errors import check_choice

FORMATS = ("rich", "json")


@dataclass(frozen=True)
class InfoJob:
    """Everything one info command asks for."""

    func: str
    dtype: str = "float32"
    device: str = "cpu"
    fmt: str = "rich"


def run(job: InfoJob, stdout: TextIO) -> None:
    """Print the facts on `stdout`."""
    fmt = check_choice(job.fmt, FORMATS, "--format")
    found = facts.known(job.func, job.dtype, job.device)  # a bare name is read off shipped data, not parsed
    if found["properties"] is None:  # not shipped: the API measures them, which imports torch
        from actplot import api

        found = api.info(job.func, job.dtype, job.device)
    if fmt == "json":
        stdout.write(json.dumps(found, indent=2, allow_nan=False) + "\n")
        return
    from rich.table import Table
    from rich.text import Text

    from actplot.activations import facts_text
    from actplot.streams.console import stdout_console

    table = Table(title=found["label"], show_header=False, title_justify="left")
    table.add_column("what", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for key, value in facts_text.rows(found):
        table.add_row(key, Text(value))
    stdout_console(stdout).print(table)

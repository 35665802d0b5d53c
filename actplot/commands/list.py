"""The list command: the catalogue as a rich table, JSON or Markdown (no torch, no matplotlib)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from actplot.activations import catalogue
from actplot.errors import check_choice

FORMATS = ("rich", "json", "markdown")


def _params_text(entry: dict[str, Any]) -> str:
    return ", ".join(f"{p['name']}={_default_text(p['default'])}" for p in entry["params"])


def _default_text(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:g}"


def entries() -> list[dict[str, Any]]:
    """The catalogue as plain data (read from the shipped catalogue file: no entry's code is imported)."""
    return [
        {
            "name": a["name"],
            "aliases": a["aliases"],
            "params": {p["name"]: p["default"] for p in a["params"]},
            "formula": a["formula"],
            "derivative": a["derivative"],
            "summary": a["summary"],
            "reference": a["reference"],
            "torch_api": a["torch_api"],
        }
        for a in catalogue.entries().values()
    ]


def markdown() -> str:
    """The textbook's table: formula, derivative and the measured range, continuity, monotonicity of f
    and f', and whether f approximates the identity near 0."""
    from actplot.activations import properties
    from actplot.activations.facts_text import range_text

    measured = properties.load()
    rows = [
        "| name | formula | derivative | range | continuity | monotonic | f' monotonic | identity near 0 | reference |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for a in catalogue.entries().values():
        p = measured[a["name"]]
        identity = "yes" if p["identity_near_0"] else "no"
        cells = [a["name"], f"`{a['formula']}`", f"`{a['derivative']}`", range_text(p), p["continuity"]["class"],
                 p["monotonic"], p["derivative_monotonic"], identity, a["reference"]]  # fmt: skip
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows) + "\n"


def run(fmt: str, stdout: TextIO) -> None:
    """Print the catalogue on `stdout`: rich on a terminal, Markdown otherwise, or as `fmt` says."""
    fmt = check_choice(fmt or ("rich" if stdout.isatty() else "markdown"), FORMATS, "--format")
    if fmt == "json":
        stdout.write(json.dumps(entries(), indent=2) + "\n")
    elif fmt == "markdown":
        stdout.write(markdown())
    else:
        from rich.table import Table

        from actplot.streams.console import stdout_console

        table = Table(title="actplot activations")
        for column in ("name", "aliases", "parameters", "formula", "summary"):
            table.add_column(column, overflow="fold")
        for a in catalogue.entries().values():
            table.add_row(a["name"], ", ".join(a["aliases"]), _params_text(a), a["formula"], a["summary"])
        stdout_console(stdout).print(table)

"""The stats command's table: one row per quantity, one column per function (rich, markdown), or one
row per function and quantity (csv), or the nested data (json). Numbers are written by
:func:`actplot.streams.tables.format_numbers`; rich and markdown show each value to the digits its error
bound allows, then ``± bound``, with a legend under the table saying what every row means."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Mapping, Sequence
from typing import Any, Final, TextIO

import numpy as np

from actplot.errors import check_choice
from actplot.streams.console import stdout_console
from actplot.streams.tables import format_numbers

FORMATS: Final = ("rich", "json", "csv", "markdown")
_CUTS: Final = {"float64": 37, "float16": 10}  # where the integrals stop (actplot.numeric.gaussian.cut)

# (row label, where the number lives in a function's data, what it means)
ROWS: Final = (
    ("E[f(z)]", ("moments", "E[f]"), "mean of f(z), z ~ N(0, q)"),
    ("Var f(z)", ("moments", "Var[f]"), "variance of f(z)"),
    ("E[f(z)²]", ("moments", "E[f^2]"), "second moment of f(z)"),
    ("E[f'(z)]", ("moments", "E[f']"), "mean slope (autograd f')"),
    ("E[f'(z)²]", ("moments", "E[f'^2]"), "mean squared slope"),
    ("forward gain", ("gains", "forward"), "1/√E[f²]: weight scale keeping the second moment"),
    ("variance gain", ("gains", "variance"), "1/√Var f: weight scale keeping the variance"),
    ("backward gain", ("gains", "backward"), "1/√E[f'²]: weight scale keeping gradient norms"),
    ("torch gain", ("gains", "torch"), "torch.nn.init.calculate_gain (– where torch has none)"),
    ("q*", ("meanfield", "q*"), "fixed point of q ← σ_w² E[f(√q z)²] + σ_b²"),
    ("χ₁", ("meanfield", "chi1"), "σ_w² E[f'(√q* z)²]: < 1 ordered, > 1 chaotic"),
    ("phase", ("meanfield", "phase"), "ordered, chaotic or critical (|χ₁ − 1| ≤ 1e-6)"),
)


def _get(found: Mapping[str, Any], path: tuple[str, str]) -> Any:
    return found[path[0]][path[1]]


def _number(value: float, digits: int | None = None) -> str:
    return format_numbers(np.array([value]), "float64", digits)[0]


def cell(item: Any) -> str:
    """A value as text: ``0.3989422804014 ± 3e-15``, to the digits the bound allows; plain for the rest."""
    if item is None:
        return "–"
    if isinstance(item, str):
        return item
    if not isinstance(item, Mapping):
        return _number(float(item))
    value, error = float(item["value"]), float(item["error"])
    if not math.isfinite(value) or not math.isfinite(error):
        return _number(value) + (" (diverges)" if math.isinf(error) else "")
    if error == 0:
        return _number(value)
    scale = abs(value) if value else error
    digits = min(max(math.floor(math.log10(scale)) - math.floor(math.log10(error)) + 1, 2), 16)
    return f"{_number(value, digits)} ± {error:.0e}".replace("e-0", "e-").replace("e+0", "e+")


def _grid(functions: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    return [[label, *[cell(_get(f, path)) for f in functions]] for label, path, _ in ROWS]


def write(stream: TextIO, functions: Sequence[Mapping[str, Any]], fmt: str, meta: Mapping[str, Any]) -> None:
    """Print the table for `functions` (what :func:`actplot.api.stats` returns) in `fmt`."""
    fmt = check_choice(fmt, FORMATS, "--format")
    if fmt == "json":
        document = _plain({"functions": list(functions), "meta": dict(meta)})
        stream.write(json.dumps(document, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    elif fmt == "csv":
        _csv(stream, functions)
    elif fmt == "markdown":
        _markdown(stream, functions, meta)
    else:
        _rich(stream, functions, meta)
    stream.flush()


def _plain(item: Any) -> Any:
    """`item` with nan, inf and -inf as the strings "NaN", "Infinity", "-Infinity" (as ``table`` writes them)."""
    if isinstance(item, float) and not math.isfinite(item):
        return "NaN" if math.isnan(item) else ("Infinity" if item > 0 else "-Infinity")
    if isinstance(item, Mapping):
        return {k: _plain(v) for k, v in item.items()}
    if isinstance(item, (list, tuple)):
        return [_plain(v) for v in item]
    return item


def _csv(stream: TextIO, functions: Sequence[Mapping[str, Any]]) -> None:
    """Long form: function, quantity, value, error (blank where there is none); depth as q_1, q_2, ..."""
    buf = io.StringIO()
    out = csv.writer(buf, lineterminator="\n")
    out.writerow(["function", "quantity", "value", "error"])
    for f in functions:
        for label, path, _ in ROWS:
            item = _get(f, path)
            if isinstance(item, Mapping):
                out.writerow([f["function"], label, _number(item["value"]), _number(item["error"])])
            else:
                out.writerow([f["function"], label, "" if item is None else str(item), ""])
        for layer, q in enumerate(f["depth"], start=1):
            out.writerow([f["function"], f"q_{layer}", _number(q), ""])
    stream.write(buf.getvalue())


def legend(meta: Mapping[str, Any]) -> list[str]:
    """What the rows mean and how the bounds were found, one line each."""
    lines = [f"z ~ N(0, q), q = {_number(meta['q'])}; σ_w = {_number(meta['sigma_w'])}, "
             f"σ_b = {_number(meta['sigma_b'])}; f and f' by torch {meta['torch']} in {meta['dtype']}"
             + ("" if meta["dtype"] == "float64" else ", integrals summed in float64") + "."]  # fmt: skip
    lines += [f"{label}: {meaning}." for label, _, meaning in ROWS]
    lines.append("± is a bound on the error: Gauss–Legendre of two orders on pieces split at f's kinks, "
                 f"plus the tail beyond ±{_CUTS.get(meta['dtype'], 13)} standard deviations and rounding.")  # fmt: skip
    return lines


def _notes(functions: Sequence[Mapping[str, Any]]) -> list[str]:
    out = []
    for f in functions:
        out.append(f"{f['function']}: {f['gains']['torch_note']}")
        out += [f"{f['function']}: {n}" for n in f["notes"]]
    return out


def _depth_rows(functions: Sequence[Mapping[str, Any]]) -> list[list[str]]:
    layers = max((len(f["depth"]) for f in functions), default=0)
    return [[str(k + 1), *[_number(f["depth"][k]) for f in functions]] for k in range(layers)]


def _markdown(stream: TextIO, functions: Sequence[Mapping[str, Any]], meta: Mapping[str, Any]) -> None:
    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |\n"

    names = [f["function"] for f in functions]
    text = row(["quantity", *names]) + row(["---", *["---:"] * len(names)])
    text += "".join(row(r) for r in _grid(functions))
    if functions and functions[0]["depth"]:
        text += "\n" + row(["layer", *[f"q ({n})" for n in names]]) + row(["---:", *["---:"] * len(names)])
        text += "".join(row(r) for r in _depth_rows(functions))
    text += "\n" + "".join(f"- {line}\n" for line in legend(meta) + _notes(functions))
    stream.write(text)


def _rich(stream: TextIO, functions: Sequence[Mapping[str, Any]], meta: Mapping[str, Any]) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table()
    table.add_column("quantity", no_wrap=True)
    for f in functions:
        table.add_column(Text(f["function"]), justify="right", overflow="fold")
    for r in _grid(functions):
        table.add_row(*[Text(c) for c in r])
    console = stdout_console(stream, markup=False, highlight=False)
    console.print(table)
    if functions and functions[0]["depth"]:
        depth = Table(title="q after each layer")
        depth.add_column("layer", justify="right")
        for f in functions:
            depth.add_column(Text(f["function"]), justify="right")
        for r in _depth_rows(functions):
            depth.add_row(*r)
        console.print(depth)
    for line in legend(meta) + _notes(functions):
        console.print(Text(line))

"""Tables of numbers as text: rich, csv, tsv, json, jsonl and markdown, written as rows arrive.

Number text follows Python's ``repr`` layout (``0.1``, ``1.0``, ``-0.0``, ``65500.0``, ``1e-05``,
``1e-40``, ``1.5e+16``): positional for 1e-4 <= |x| < 1e16, scientific otherwise, always with a ``.0``
on whole numbers, so zero is ``0.0`` and negative zero ``-0.0``.  Formatting is vectorised: digits
are found with numpy arithmetic (actplot.streams.digits) and laid out as bytes in an (n, width) matrix
(actplot.streams.numbertext).  Only float64's shortest text (``repr``, mapped from C) and the rare
printf-rounding doubts of a fixed precision go value by value.  This module must not import torch;
rich is imported only when a rich table prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Final, TextIO

import numpy as np

from actplot.errors import check_choice
from actplot.streams.console import stdout_console
from actplot.streams.numbertext import DTYPES, join, text_matrix

FORMATS: Final[tuple[str, ...]] = ("rich", "csv", "tsv", "json", "jsonl", "markdown")

# Memory per cell of a json or rich table, which keep their rows until the end (measured: rich about
# 700 bytes, json under 40; rounded up so that the estimate errs high)
HELD_BYTES_PER_CELL: Final[Mapping[str, int]] = {"json": 64, "rich": 1024}


def format_numbers(values: np.ndarray, dtype: str, precision: int | None = None) -> list[str]:
    """Text for each value, as described in the module docstring (nan, inf, -inf for the specials).

    values are first rounded to dtype.  precision None: the shortest text that reads back (through
    float64, then dtype) as the same value; bfloat16 reads back as float32 rounded to nearest even on
    the top 16 bits.  precision N: N significant digits, trailing zeros dropped ('%.{N}g' digits, at
    most 17, but in the layout above).
    """
    mat = text_matrix(values, dtype, precision)
    return join([mat], ["", "\n"]).split("\n")[:-1]


class TableWriter:
    """Writes a table incrementally to a text stream.

    csv/tsv/jsonl/markdown write (and flush) each block at once; json and rich keep the rows and
    write at close().  In json and jsonl, numbers are JSON numbers in the shortest text for dtype,
    and nan, inf and -inf, which JSON numbers cannot hold, are the strings "NaN", "Infinity" and
    "-Infinity".  json writes one document {"columns": [...], "data": {column: [numbers...]}, "meta": {...}}.
    """

    def __init__(self, stream: TextIO, columns: Sequence[str], fmt: str, dtype: str,
                 precision: int | None = None, header: bool = True,
                 meta: Mapping[str, object] | None = None) -> None:
        self.stream, self.columns, self.fmt = stream, list(columns), check_choice(fmt, FORMATS, "format")
        self.dtype, self.precision = check_choice(dtype, DTYPES, "dtype"), precision
        self.header, self.meta = header, dict(meta or {})
        if precision is not None and precision < 1:
            raise ValueError(f"precision must be at least 1, not {precision}")
        self._kept: list[list[str]] = [[] for _ in self.columns]
        self._started = self._closed = False

    def _emit(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        if not self.header or self.fmt not in ("csv", "tsv", "markdown"):
            return
        if self.fmt == "markdown":
            labels = [c.replace("|", "\\|").replace("\n", " ") for c in self.columns]
            self._emit("".join(f"| {c} " for c in labels) + "|\n" + "| ---: " * len(labels) + "|\n")
            return
        buf = io.StringIO()
        delimiter = "," if self.fmt == "csv" else "\t"
        csv.writer(buf, delimiter=delimiter, lineterminator="\n").writerow(self.columns)
        self._emit(buf.getvalue())

    def write(self, block: np.ndarray) -> None:
        """Append rows: block has shape (n, len(columns))."""
        if self._closed:
            raise ValueError("write() after close()")
        block = np.asarray(block, np.float64)
        if block.ndim != 2 or block.shape[1] != len(self.columns):
            raise ValueError(f"block must have shape (n, {len(self.columns)}), not {block.shape}")
        self._start()
        special = "json" if self.fmt in ("json", "jsonl") else "nan"
        mats = [text_matrix(block[:, i], self.dtype, self.precision, special) for i in range(block.shape[1])]
        if self.fmt in ("json", "rich"):
            for kept, mat in zip(self._kept, mats, strict=True):
                kept.append(join([mat], ["", ", " if self.fmt == "json" else "\n"]))
        elif block.shape[0]:
            self._emit(join(mats, self._pieces()))

    def _pieces(self) -> list[str]:
        n = len(self.columns)
        if self.fmt in ("csv", "tsv"):
            return ["", *[("," if self.fmt == "csv" else "\t")] * (n - 1), "\n"]
        if self.fmt == "markdown":
            return ["| ", *[" | "] * (n - 1), " |\n"]
        keys = [json.dumps(c) + ": " for c in self.columns]
        return ["{" + keys[0], *[", " + key for key in keys[1:]], "}\n"] if n else ["{}\n"]

    def close(self) -> None:
        """Finish the table: write what was kept, or the header of an empty csv/tsv/markdown table."""
        if self._closed:
            return
        self._start()
        self._closed = True
        if self.fmt == "json":
            data = ",\n  ".join(f"{json.dumps(c)}: [{''.join(k).removesuffix(', ')}]"
                                for c, k in zip(self.columns, self._kept, strict=True))
            self._emit(f'{{"columns": {json.dumps(self.columns)},\n "data": {{{data}}},\n'
                       f' "meta": {json.dumps(self.meta, default=str)}}}\n')
        elif self.fmt == "rich":
            self._print_rich()

    def _print_rich(self) -> None:
        from rich.table import Table
        from rich.text import Text

        table = Table()
        for c in self.columns:
            table.add_column(Text(c), justify="right", overflow="fold")  # a narrow terminal wraps digits, never cuts
        cells = [("".join(k)).split("\n")[:-1] for k in self._kept]
        for row in zip(*cells, strict=True):
            table.add_row(*row)
        stdout_console(self.stream, markup=False, highlight=False).print(table)
        self.stream.flush()

"""Tables of numbers as text: rich, csv, tsv, json, jsonl and markdown, written as rows arrive.

Number text follows Python's ``repr`` layout (``0.1``, ``1.0``, ``-0.0``, ``65500.0``, ``1e-05``,
``1e-40``, ``1.5e+16``): positional for 1e-4 <= |x| < 1e16, scientific otherwise, always with a ``.0``
on whole numbers, so zero is ``0.0`` and negative zero ``-0.0``.  Formatting is vectorised: digits
are found with numpy arithmetic and laid out as bytes in an (n, width) matrix.  Only float64's
shortest text (``repr``, mapped from C) and the rare printf-rounding doubts of a fixed precision go
value by value.  This module must not import torch; rich is imported only when a rich table prints.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from typing import Final, TextIO

import numpy as np
import numpy.typing as npt

from actplot.errors import check_choice
from actplot.streams.console import stdout_console

FORMATS: Final[tuple[str, ...]] = ("rich", "csv", "tsv", "json", "jsonl", "markdown")
DTYPES = ("float32", "float64", "float16", "bfloat16")

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bytes = npt.NDArray[np.uint8]

# Memory per cell of a json or rich table, which keep their rows until the end (measured: rich about
# 700 bytes, json under 40; rounded up so that the estimate errs high)
HELD_BYTES_PER_CELL: Final[Mapping[str, int]] = {"json": 64, "rich": 1024}
_WIDTH: Final = 24  # longest text: '-1.2345678901234567e-308' (24 characters)
_MAX_PRECISION: Final = 17  # significant digits that tell any two float64 apart
_P10: Final = np.array([float(f"1e{i}") for i in range(-330, 331)])  # correctly rounded 10**i
_I10: Final = 10 ** np.arange(19, dtype=np.int64)
# nan, inf and -inf as text: as Python prints them, or (json, jsonl) as the strings that pandas, jq and
# JavaScript's Number() read back, since JSON's numbers cannot hold them
_SPECIAL: Final = {"nan": ("nan", "inf", "-inf"), "json": ('"NaN"', '"Infinity"', '"-Infinity"')}


def _pow10(k: I64) -> F64:
    return np.take(_P10, k + 330, mode="clip")


def _scale(a: F64, s: I64) -> F64:
    """a * 10**s, in two steps so that 10**s never overflows."""
    s1 = np.clip(s, -300, 300)
    return a * _pow10(s1) * _pow10(s - s1)


def _exponent(a: F64) -> I64:
    """floor(log10(a)) for finite a > 0, corrected where log10 rounds across a power of ten."""
    e = np.floor(np.log10(a)).astype(np.int64)
    e -= a < _pow10(e)
    e += a >= _pow10(e + 1)
    return e


def _readback(x: F64, dtype: str) -> F64:
    """The value of dtype that float64 x reads back as (bfloat16: float32 first, then round to
    nearest even on the top 16 bits, as torch converts)."""
    with np.errstate(over="ignore", invalid="ignore"):
        if dtype == "float64":
            return x
        if dtype == "float16":
            return x.astype(np.float16).astype(np.float64)
        f32 = x.astype(np.float32)
        if dtype == "float32":
            return f32.astype(np.float64)
    bits = f32.view(np.uint32).astype(np.uint64)
    bits = (bits + np.uint64(0x7FFF) + ((bits >> np.uint64(16)) & np.uint64(1))) & np.uint64(0xFFFF0000)
    out: F64 = bits.astype(np.uint32).view(np.float32).astype(np.float64)
    return np.where(np.isnan(f32), np.nan, out)  # rounding could carry a nan's payload into the sign


def _decimal(m: F64, k: I64) -> tuple[F64, npt.NDArray[np.bool_]]:
    """float(f'{m}e{k}'): exact (correctly rounded) where |k| <= 22, else within an ulp or two."""
    c = np.where(k >= 0, m * _pow10(np.maximum(k, 0)), m / _pow10(np.maximum(-k, 0)))
    return c, np.abs(k) <= 22


def _try(a: F64, e: I64, p: I64, dtype: str) -> tuple[npt.NDArray[np.bool_], I64, I64]:
    """For each a, is there a p-digit decimal that reads back as a?  Also its digits m and power k."""
    k = e - p + 1
    low = np.floor(_scale(a, -k))
    best_ok, best_m, best_d = np.zeros(a.shape, bool), low, np.full(a.shape, np.inf)
    for m in (low, low + 1):
        c, exact = _decimal(m, k)
        ok = _readback(c, dtype) == a
        near = np.where(exact, ok, _readback(c * (1 - 2**-50), dtype) == _readback(c * (1 + 2**-50), dtype))
        ok &= near
        d = np.abs(c - a)
        better = ok & (d < best_d)
        best_ok |= ok
        best_m, best_d = np.where(better, m, best_m), np.where(better, d, best_d)
    return best_ok, best_m.astype(np.int64), k


def _spacing(a: F64, dtype: str) -> F64:
    """Distance from each a (a value of dtype) to the next larger value of dtype, but for the largest."""
    with np.errstate(over="ignore"):
        if dtype == "float16":
            w = np.spacing(a.astype(np.float16)).astype(np.float64)
        else:  # bfloat16 has 16 fewer fraction bits than float32, and the same exponents
            w = np.spacing(a.astype(np.float32)).astype(np.float64)
            w *= 65536.0 if dtype == "bfloat16" else 1.0
    return np.minimum(w, a)


def _shortest(a: F64, dtype: str) -> tuple[I64, I64]:
    """Digits m and power k of the shortest decimal reading back as each finite a > 0 in dtype.

    Success is monotone in the digit count p.  Start one digit short of the count whose grid is at
    least as fine as the value's spacing, step up where that fails, and binary-search down where not."""
    e = _exponent(a)
    p = np.clip(e - np.floor(np.log10(_spacing(a, dtype))).astype(np.int64), 1, 15)
    ok, m, k = _try(a, e, p, dtype)
    lo = np.ones_like(p)
    while (t := np.flatnonzero(~ok)).size:  # fewer digits failed: the answer is the first success
        lo[t] = p[t] = p[t] + 1
        ok[t], m[t], k[t] = _try(a[t], e[t], p[t], dtype)
    first = True
    while (t := np.flatnonzero(lo < p)).size:  # known: success at p, failure below lo
        mid = p[t] - 1 if first else (lo[t] + p[t]) // 2
        first = False
        ok, mm, kk = _try(a[t], e[t], mid, dtype)
        p[t], lo[t] = np.where(ok, mid, p[t]), np.where(ok, lo[t], mid + 1)
        m[t], k[t] = np.where(ok, mm, m[t]), np.where(ok, kk, k[t])
    return m, k


def _rounded(a: F64, precision: int) -> tuple[I64, I64]:
    """Digits m and power k of each finite a > 0 rounded to `precision` significant digits, as printf
    rounds.  float64 arithmetic decides all but near-ties (and all of precision > 15); printf those."""
    k = _exponent(a) - precision + 1
    t = _scale(a, -k)  # relative error below 2**-51
    m = np.rint(t).astype(np.int64)
    doubt = np.flatnonzero(np.abs(t - np.floor(t) - 0.5) <= t * 2.0**-48 if precision <= 15 else t == t)
    texts = [f"{x:.{precision - 1}e}".split("e") for x in a[doubt].tolist()]
    m[doubt] = [int(digits.replace(".", "")) for digits, _ in texts]
    k[doubt] = [int(power) - precision + 1 for _, power in texts]
    return m, k


def _layout(neg: npt.NDArray[np.bool_], m: I64, k: I64) -> Bytes:
    """ASCII text of (-1)**neg * m * 10**k in repr layout, one NUL-padded row per number."""
    while (z := np.flatnonzero((m % 10 == 0) & (m != 0))).size:
        m[z] //= 10
        k[z] += 1
    n = np.maximum(np.searchsorted(_I10, m, side="right"), 1).astype(np.int32)
    e = k.astype(np.int32) + n - 1
    s = neg.astype(np.int32)
    sci, small = (e < -4) | (e >= 16), (e < 0) & (e >= -4)
    big = ~sci & ~small
    ed = 2 + (np.abs(e) >= 100)
    q = s + n + (n > 1)  # where a scientific number's 'e' goes
    length = np.select([sci, small, e >= n - 1], [q + 2 + ed, s + 1 - e + n, s + e + 3], s + n + 1)
    w = _WIDTH + 1  # the last column takes writes that are not wanted, and is dropped
    out: Bytes = (np.arange(w, dtype=np.int32) < length[:, None]).view(np.uint8) * np.uint8(ord("0"))
    flat, base = out.reshape(-1), np.arange(0, m.size * w, w, dtype=np.int32)
    trash = base + (w - 1)
    flat[np.where(neg, base, trash)] = ord("-")
    last = base + np.where(small, s - e, s - 1) + n  # where the last digit goes, but for a point
    after = n - 1 - np.where(big, e + 1, np.where(sci, 1, w))  # digits i <= after come after the point
    for i in range(int(n.max(initial=0))):  # i-th digit from the right
        m, digit = np.divmod(m, 10)
        flat[np.where(i < n, last - i + (i <= after), trash)] = digit + ord("0")
    flat[np.where(~sci | (n > 1), base + np.where(big, s + e + 1, s + 1), trash)] = ord(".")
    flat[np.where(sci, base + q, trash)] = ord("e")
    flat[np.where(sci, base + q + 1, trash)] = np.where(e < 0, ord("-"), ord("+"))
    x = np.abs(e)
    for i in range(3):
        x, digit = np.divmod(x, 10)
        flat[np.where(sci & (i < ed), base + q + 1 + ed - i, trash)] = digit + ord("0")
    return out[:, :_WIDTH]


def _text_matrix(values: npt.ArrayLike, dtype: str, precision: int | None, special: str = "nan") -> Bytes:
    """Number text as a NUL-padded uint8 matrix; nan/inf written as _SPECIAL[special]."""
    check_choice(dtype, DTYPES, "dtype")
    v = _readback(np.asarray(values, np.float64).reshape(-1), dtype)
    fin = np.isfinite(v)
    a = np.abs(v[fin])
    if precision is not None and precision < 1:
        raise ValueError(f"precision must be at least 1, not {precision}")
    if precision is None and dtype == "float64":  # Python's repr, from C (map), faster than numpy's
        texts = np.array(list(map(repr, v[fin].tolist())), f"S{_WIDTH}").view(np.uint8).reshape(-1, _WIDTH)
        out = np.zeros((v.size, _WIDTH), np.uint8)
        out[fin] = texts
        return _fill_special(out, v, special)
    m, k, pos = np.zeros(a.size, np.int64), np.zeros(a.size, np.int64), a > 0
    if precision is not None:
        m[pos], k[pos] = _rounded(a[pos], min(precision, _MAX_PRECISION))
    elif pos.any():
        m[pos], k[pos] = _shortest(a[pos], dtype)
    out = np.zeros((v.size, _WIDTH), np.uint8)
    out[fin] = _layout(np.signbit(v[fin]), m, k)
    return _fill_special(out, v, special)


def _fill_special(out: Bytes, v: F64, special: str) -> Bytes:
    for text, mask in zip(_SPECIAL[special], (np.isnan(v), v == np.inf, v == -np.inf), strict=True):
        out[mask] = np.frombuffer(text.encode().ljust(_WIDTH, b"\0"), np.uint8)
    return out


def _join(mats: Sequence[Bytes], pieces: Sequence[str]) -> str:
    """Row i: pieces[0] + text(mats[0][i]) + pieces[1] + ... + pieces[-1], all rows concatenated."""
    n = mats[0].shape[0] if mats else 0
    parts: list[Bytes] = []
    for i, piece in enumerate(pieces):
        raw = np.frombuffer(piece.encode(), np.uint8)
        parts.append(np.broadcast_to(raw, (n, raw.size)))
        if i < len(mats):
            parts.append(mats[i])
    flat: Bytes = np.hstack(parts).reshape(-1)
    return bytes(flat[flat != 0]).decode()


def format_numbers(values: np.ndarray, dtype: str, precision: int | None = None) -> list[str]:
    """Text for each value, as described in the module docstring (nan, inf, -inf for the specials).

    values are first rounded to dtype.  precision None: the shortest text that reads back (through
    float64, then dtype) as the same value; bfloat16 reads back as float32 rounded to nearest even on
    the top 16 bits.  precision N: N significant digits, trailing zeros dropped ('%.{N}g' digits, at
    most 17, but in the layout above).
    """
    mat = _text_matrix(values, dtype, precision)
    return _join([mat], ["", "\n"]).split("\n")[:-1]


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
        mats = [_text_matrix(block[:, i], self.dtype, self.precision, special) for i in range(block.shape[1])]
        if self.fmt in ("json", "rich"):
            for kept, mat in zip(self._kept, mats, strict=True):
                kept.append(_join([mat], ["", ", " if self.fmt == "json" else "\n"]))
        elif block.shape[0]:
            self._emit(_join(mats, self._pieces()))

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

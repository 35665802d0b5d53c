"""Number text for whole columns at once, laid out as bytes in an (n, width) matrix (numpy, no torch).

Text follows Python's ``repr`` layout (``0.1``, ``1.0``, ``-0.0``, ``65500.0``, ``1e-05``, ``1e-40``,
``1.5e+16``): positional for 1e-4 <= |x| < 1e16, scientific otherwise, always with a ``.0`` on whole
numbers, so zero is ``0.0`` and negative zero ``-0.0``.  A row holds its number's characters in order,
with NUL bytes wherever it has none, between them too: every number of a column is written into the
same slots (each digit with a slot before it for a sign or a point, then a suffix of zeros and '.0' or
an exponent), and :func:`join` drops the NULs as it strings the rows together.  So the layout is a few
operations on whole rows (table lookups, and and or, eight bytes at a time) instead of a write per
character, and dropping the NULs is one C pass (``bytes.translate``).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import numpy.typing as npt

from actplot.errors import check_choice
from actplot.streams import digits

DTYPES = ("float32", "float64", "float16", "bfloat16")

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bytes = npt.NDArray[np.uint8]
U64 = npt.NDArray[np.uint64]

_REPR_WIDTH: Final = 24  # longest repr: '-1.2345678901234567e-308' (24 characters)
_MAX_PRECISION: Final = 17  # significant digits that tell any two float64 apart
_I10: Final = 10 ** np.arange(19, dtype=np.int64)


def _digit_quads() -> U64:
    """'0000' .. '9999', each digit after a NUL (the slot for a sign or point): 8 bytes, a uint64 each."""
    quads = np.zeros((10_000, 8), np.uint8)
    quads[:, 1::2] = np.arange(10_000)[:, None] // np.array([1000, 100, 10, 1]) % 10 + ord("0")
    return quads.view(np.uint64).reshape(-1)


_QUADS: Final = _digit_quads()
# What follows the digits: nothing (0); a whole number's z zeros and '.0' (z + 1, z <= 15); a scientific
# number's exponent e, -999 <= e <= 999 (_SCI_SUFFIX + e)
_SCI_SUFFIX: Final = 1100
_SUFFIXES: Final = (
    [b""]
    + [b"0" * z + b".0" for z in range(16)]
    + [b""] * (_SCI_SUFFIX - 17 - 999)
    + [f"e{e:+03d}".encode() for e in range(-999, 1000)]
)
# nan, inf and -inf as text: as Python prints them, or (json, jsonl) as the strings that pandas, jq and
# JavaScript's Number() read back, since JSON's numbers cannot hold them
_SPECIAL: Final = {"nan": ("nan", "inf", "-inf"), "json": ('"NaN"', '"Infinity"', '"-Infinity"')}
_MINUS, _POINT = np.uint8(ord("-")), np.uint8(ord("."))


def text_matrix(values: npt.ArrayLike, dtype: str, precision: int | None, special: str = "nan") -> Bytes:
    """Number text as a uint8 matrix, a row per value, NUL where a row has no character; nan, inf and
    -inf written as _SPECIAL[special].  values are first rounded to dtype.

    precision None: the shortest text that reads back (through float64, then dtype) as the same value.
    precision N: N significant digits (printf's rounding, at most 17), trailing zeros dropped.
    """
    check_choice(dtype, DTYPES, "dtype")
    v = digits.readback(np.asarray(values, np.float64).reshape(-1), dtype)
    if precision is not None and precision < 1:
        raise ValueError(f"precision must be at least 1, not {precision}")
    if precision is None and dtype == "float64":  # Python's repr, from C (map), faster than numpy's
        out = np.array(list(map(repr, v.tolist())), f"S{_REPR_WIDTH}").view(np.uint8).reshape(-1, _REPR_WIDTH)
    else:
        out = _digit_text(v, dtype, precision)
    specials = ~np.isfinite(v)
    if not specials.any():
        return out
    longest = max(len(text) for text in _SPECIAL[special])
    if out.shape[1] < longest:
        out = np.hstack([out, np.zeros((out.shape[0], longest - out.shape[1]), np.uint8)])
    for text, mask in zip(_SPECIAL[special], (np.isnan(v), v == np.inf, v == -np.inf), strict=True):
        out[mask] = np.frombuffer(text.encode().ljust(out.shape[1], b"\0"), np.uint8)
    return out


def _digit_text(v: F64, dtype: str, precision: int | None) -> Bytes:
    """Text of each finite v (a row for each nan or inf too, to be written over)."""
    a = np.abs(v)
    usual = (a > 0) & (a < np.inf)
    if usual.all():
        m, k = _digits_of(a, dtype, precision)
    else:  # zeros (and nan and inf) stand in as 1.0: each value's digits depend on it alone
        m, k = _digits_of(np.where(usual, a, 1.0), dtype, precision)
        m, k = np.where(usual, m, 0), np.where(usual, k, 0)
    return layout(np.signbit(v), m, k)


def _digits_of(a: F64, dtype: str, precision: int | None) -> tuple[I64, I64]:
    if precision is None:
        return digits.shortest(a, dtype)
    return digits.rounded(a, min(precision, _MAX_PRECISION))


def layout(neg: npt.NDArray[np.bool_], m: I64, k: I64) -> Bytes:
    """Text of (-1)**neg * m * 10**k (0 <= m < 10**18) in repr layout, one row per number, NUL where
    a row has no character.

    A row is 4-digit groups of m's digits, each digit with a slot before it for the sign or a point,
    then a suffix: a whole number's zeros and '.0', or a scientific number's exponent.  Digit columns
    count from the last digit (column 0): positional numbers show theirs down to the ones place (zeros
    first where m is shorter, as in 0.005) with the point after it, scientific ones show m's digits
    with the point after the first.  Which slots show is a row of a small table for each (sign,
    highest column shown, column the point follows), and the suffix a row of another; rows are
    combined eight bytes at a time."""
    m, k = _strip_zeros(m, k)
    n1 = np.maximum(np.searchsorted(_I10, m, side="right") - 1, 0)  # digits in m, less one
    e = k + n1  # the power of ten of the first digit
    sci = (e < -4) | (e >= 16)
    shown = np.maximum(n1, -k)  # the highest digit column shown
    point = np.where(k < 0, -k, -1)  # the column the point follows (-1: none)
    suffix = np.where(k < 0, 0, k + 1)  # 0: none; z + 1: z zeros and '.0'
    if sci.any():
        shown[sci] = n1[sci]
        point[sci] = np.where(n1[sci] > 0, n1[sci], -1)
        suffix[sci] = 0
    longest = len(_SUFFIXES[int(suffix.max(initial=0))])
    if sci.any():
        suffix[sci] = _SCI_SUFFIX + e[sci]
        longest = max(longest, 5)  # 'e-308'
    highest = int(shown.max(initial=0))
    groups = highest // 4 + 1
    keep, marks, ends = _tables(groups, longest)
    key = (shown * (4 * groups + 1) + point + 1) * 2 + neg
    rows = np.take(keep, key, axis=0)
    rows &= _digit_groups(m, groups, keep.shape[1])
    rows |= np.take(marks, key, axis=0)
    if longest:
        rows |= np.take(ends, suffix, axis=0)
    return rows.view(np.uint8)[:, 2 * (4 * groups - 1 - highest) : 8 * groups + longest]  # no slot all rows leave empty


@functools.cache
def _tables(groups: int, suffix_bytes: int) -> tuple[U64, U64, U64]:
    """Rows of 8-byte words for 4 * `groups` digit columns and suffixes up to `suffix_bytes` long: which
    digit slots show (0xFF) and the sign and point characters, a row per (highest column shown, column
    the point follows, sign); and each suffix's characters, in the words after the digits."""
    width = 4 * groups
    columns = np.arange(width - 1, -1, -1)
    words = groups + -(-suffix_bytes // 8)
    keep = np.zeros((width, width + 1, 2, words * 8), np.uint8)
    marks = np.zeros_like(keep)
    keep[..., 1 : 2 * width : 2] = np.where(columns <= np.arange(width)[:, None, None, None], 0xFF, 0)
    # the point after column j goes in the slot before column j - 1
    point = np.where(columns[1:] == np.arange(width)[:, None] - 1, _POINT, 0)
    marks[:, 1:, :, 2 : 2 * width : 2] = point[None, :, None]
    for shown in range(width):  # the sign goes in the slot before the highest column shown
        marks[shown, :, 1, 2 * (width - 1 - shown)] = _MINUS
    ends = np.zeros((len(_SUFFIXES), words * 8), np.uint8)
    for i, text in enumerate(_SUFFIXES):
        if len(text) <= suffix_bytes:  # a longer one is not in the block that asked
            ends[i, groups * 8 : groups * 8 + len(text)] = np.frombuffer(text, np.uint8)
    return keep.view(np.uint64).reshape(-1, words), marks.view(np.uint64).reshape(-1, words), ends.view(np.uint64)


def _strip_zeros(m: I64, k: I64) -> tuple[I64, I64]:
    """m without its trailing zeros (but for 0), k raised to match."""
    z = np.flatnonzero((m % 10 == 0) & (m != 0))
    if not z.size:
        return m, k
    m, k = m.copy(), k.copy()
    while z.size:
        m[z] //= 10
        k[z] += 1
        z = z[m[z] % 10 == 0]
    return m, k


def _digit_groups(m: I64, groups: int, words: int) -> U64:
    """The ASCII digits of each m >= 0, zero-padded on the left to 4 * `groups` digits, each after a NUL,
    8 bytes to a group; the row has `words` words, those after the digits left as they were."""
    out = np.empty((m.size, words), np.uint64)
    rest: npt.NDArray[np.integer[Any]] = m.astype(np.int32) if m.size and m.max() < 2**31 else m
    for i in range(groups - 1, -1, -1):
        high = rest // 10_000
        out[:, i] = np.take(_QUADS, rest - high * 10_000)
        rest = high
    return out


def join(mats: Sequence[Bytes], pieces: Sequence[str]) -> str:
    """Row i: pieces[0] + text(mats[0][i]) + pieces[1] + ... + pieces[-1], all rows concatenated."""
    n = mats[0].shape[0] if mats else 0
    parts: list[Bytes] = []
    for i, piece in enumerate(pieces):
        raw = np.frombuffer(piece.encode(), np.uint8)
        parts.append(np.broadcast_to(raw, (n, raw.size)))
        if i < len(mats):
            parts.append(mats[i])
    width = sum(part.shape[1] for part in parts)
    rows = bytearray(n * width)
    np.concatenate(parts, axis=1, out=np.frombuffer(rows, np.uint8).reshape(n, width))
    return rows.translate(None, b"\0").decode()  # one C pass dropping the NULs: several times numpy's mask

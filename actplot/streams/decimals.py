"""Plain decimal numbers read from text a block at a time, exactly as ``float()`` reads them (numpy).

``float()`` takes a few hundred nanoseconds for a number of 16 or 17 digits, which is what programs
print to keep every bit.  Here a block's tokens are found with a few passes over its bytes, their
digits are read as integers by numpy's C reader (``np.fromstring`` with a separator, which reads
integers quickly), and each value m * 10**k is rounded to float64 in double-double arithmetic.  A
value too near a halfway point between two floats for that arithmetic to settle its rounding, or
one out of its range (more than 18 digits, a power of ten beyond about 1e+-250), goes through
``float()`` alone.

Only plain decimals are read here: an optional sign, digits with at most one point, an optional
exponent (``e`` or ``E``, an optional sign, digits).  ``float()`` reads all of these; a block with
anything else (``nan``, ``inf``, a stray character) is left to the caller: :func:`read` returns None.
"""

from __future__ import annotations

import functools
import warnings
from typing import Final

import numpy as np
import numpy.typing as npt

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]

# Separators (bytes.split()'s whitespace and the comma) become spaces, 'E' becomes 'e', digits, '.',
# '+' and '-' stay, and every other byte becomes NUL: a token holding one is no plain decimal
_CLASSES: Final = bytes(
    c if chr(c) in "0123456789.+-e" else 32 if chr(c) in " \t\n\r\v\f," else 101 if c == 69 else 0 for c in range(256)
)
_LETTER_E_TO_SPACE: Final = bytes(32 if c == 101 else c for c in range(256))
_SPACE, _POINT, _PLUS, _MINUS, _E = (ord(c) for c in " .+-e")
_LOWEST, _HIGHEST = -250, 232  # powers k read here: m * 10**k stays far from float64's under- and overflow
_MAX_DIGITS: Final = 10**18  # m below this: int64 holds it, and float64 within 2**-53 of it
_MAX_EXPONENT_DIGITS: Final = 4
_SPLIT: Final = 2.0**27 + 1  # Dekker's splitting constant for float64


def read(text: bytes, longest: int) -> F64 | None:
    """The values of the whitespace- or comma-separated tokens of `text`, bit for bit as ``float()``
    reads each; None if a token is not a plain decimal or is longer than `longest` bytes.

    >>> read(b"1, -2.5e-3\\n.5", 100).tolist()
    [1.0, -0.0025, 0.5]
    """
    classes = b" " + text.translate(_CLASSES) + b" "
    if b"\0" in classes:
        return None
    buf = np.frombuffer(classes, np.uint8)
    in_token = buf != _SPACE
    edges = np.flatnonzero(in_token[1:] != in_token[:-1]) + 1
    starts, ends = edges[0::2], edges[1::2]  # token i is buf[starts[i]:ends[i]]
    if not starts.size:
        return np.empty(0)
    if int((ends - starts).max()) > longest:
        return None
    shape = _shape(buf, starts, ends)
    if shape is None:
        return None
    point, e, exponent_sign = shape
    has_e = e < ends
    exponents = int(has_e.sum())
    ints = _integers(classes, starts.size + exponents)
    if ints is None:
        return None
    k = np.where(point >= 0, point + 1 - e, 0)  # less the digits after the point
    m, hard = ints, np.zeros(starts.size, bool)
    if exponents:  # the ints are m, or m and then the exponent's digits
        at = np.arange(starts.size) + np.cumsum(has_e) - has_e
        m = ints[at]
        given = ints[np.minimum(at + 1, ints.size - 1)]
        k += np.where(has_e, np.where(exponent_sign == _MINUS, -given, given), 0)
        hard = has_e & (ends - e - 1 - (exponent_sign != 0) > _MAX_EXPONENT_DIGITS)
    values, doubt = _rounded(m, k)
    np.negative(values, out=values, where=buf[starts] == _MINUS)
    for i in np.flatnonzero(hard | doubt).tolist():
        values[i] = float(text[starts[i] - 1 : ends[i] - 1])
    return values


def _shape(buf: npt.NDArray[np.uint8], starts: I64, ends: I64) -> tuple[I64, I64, npt.NDArray[np.uint8]] | None:
    """Each token's point (-1: none), the end of its digits before any exponent (its 'e', or its end),
    and its exponent's sign (0: none); None unless every token is a plain decimal."""
    marks = np.flatnonzero(((buf < ord("0")) | (buf > ord("9"))) & (buf != _SPACE))
    kinds = buf[marks]
    point = _one_each(marks[kinds == _POINT], starts, ends, -1)
    e = _one_each(marks[kinds == _E], starts, ends, None)
    if point is None or e is None:
        return None
    lead = (buf[starts] == _PLUS) | (buf[starts] == _MINUS)
    signs = marks[(kinds == _PLUS) | (kinds == _MINUS)]
    exponent_sign = np.zeros(starts.size, np.uint8)
    if signs.size != lead.sum() or (signs != starts[lead]).any():  # not just a sign first in some tokens
        owner = np.searchsorted(starts, signs, side="right") - 1
        after_e = signs == e[owner] + 1
        if not (after_e | (signs == starts[owner])).all():  # a sign anywhere but first, or first after 'e'
            return None
        exponent_sign[owner[after_e]] = buf[signs[after_e]]
    if (e - starts - lead - (point >= 0) < 1).any() or (point > e).any():  # no digit before 'e', or '.' after
        return None
    has_e = e < ends
    if has_e.any() and (has_e & (ends - e - 1 - (exponent_sign != 0) < 1)).any():  # no digit after 'e'
        return None
    return point, e, exponent_sign


def _one_each(at: I64, starts: I64, ends: I64, absent: int | None) -> I64 | None:
    """For each token, the one position of `at` inside it (`absent`, or None: its end, where none is);
    None if a token holds two."""
    if at.size == starts.size and ((starts <= at) & (at < ends)).all():  # one in each token, in order
        return at
    owner = np.searchsorted(starts, at, side="right") - 1
    if (owner[1:] == owner[:-1]).any():
        return None
    out = ends.copy() if absent is None else np.full(starts.size, absent)
    out[owner] = at
    return out


def _integers(classes: bytes, count: int) -> I64 | None:
    """The digit runs of `classes` read as integers (int64, saturating): each token's digits with its
    point and signs dropped, then its exponent's digits if it has one; None unless there are `count`."""
    digits = classes.translate(_LETTER_E_TO_SPACE, b".+-")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            ints = np.fromstring(digits, dtype=np.int64, sep=" ")
        except (ValueError, DeprecationWarning):
            return None
    return ints if ints.size == count else None


def _rounded(m: I64, k: I64) -> tuple[F64, npt.NDArray[np.bool_]]:
    """float64 nearest to m * 10**k for each m >= 0, and where that is not settled here (too many
    digits, a power out of range, or too near a halfway point to tell): those need float()."""
    hard = (m >= _MAX_DIGITS) | (k < _LOWEST) | (k > _HIGHEST)
    if hard.any():  # placeholders, so that the arithmetic below stays in range
        k, m = np.where(hard, 0, k), np.where(hard, 1, m)
    high, low, high_top, high_bottom = (np.take(column, k - _LOWEST) for column in _powers())
    mh = m.astype(np.float64)
    ml = (m - mh.astype(np.int64)).astype(np.float64)  # exact: |ml| <= 2**6
    p = mh * high
    c = _SPLIT * mh
    mh_top = c - (c - mh)
    mh_bottom = mh - mh_top
    error = ((mh_top * high_top - p) + mh_top * high_bottom + mh_bottom * high_top) + mh_bottom * high_bottom
    rest = error + (mh * low + ml * high)  # m * 10**k = p + rest, within 2**-100 * p
    slack = p * 2.0**-90
    below, above = p + (rest - slack), p + (rest + slack)
    return below, hard | (below != above)


@functools.cache
def _powers() -> tuple[F64, F64, F64, F64]:
    """10**k as a double-double high + low for _LOWEST <= k <= _HIGHEST (each part correctly rounded,
    by Python's exact integer arithmetic), and high split in Dekker's halves (top + bottom)."""
    high, low = [], []
    for k in range(_LOWEST, _HIGHEST + 1):
        if k >= 0:
            h = float(10**k)
            rest = (10**k - int(h)) / 1
        else:
            h = 1 / 10**-k
            num, den = h.as_integer_ratio()
            rest = (den - num * 10**-k) / (den * 10**-k)
        high.append(h)
        low.append(rest)
    h_arr = np.array(high)
    c = _SPLIT * h_arr
    top = c - (c - h_arr)
    return h_arr, np.array(low), top, h_arr - top

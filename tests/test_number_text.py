"""Number text of whole columns, checked value by value against exact decimal arithmetic and Python's own
float formatting: the layout of digits, and the shortest digits for each dtype."""

from __future__ import annotations

import math
import random
import struct
from decimal import ROUND_FLOOR, Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actplot.streams import numbertext
from actplot.streams.tables import format_numbers


def repr_layout(neg: bool, m: int, k: int) -> str:
    """(-1)**neg * m * 10**k laid out as Python's repr lays out floats, written out by hand."""
    sign = "-" if neg else ""
    if m == 0:
        return sign + "0.0"
    digits = str(m).rstrip("0")
    k += len(str(m)) - len(digits)
    e = k + len(digits) - 1
    if e < -4 or e >= 16:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if e < 0 else '+'}{abs(e):02d}"
    if k >= 0:
        return sign + digits + "0" * k + ".0"
    if e >= 0:
        return sign + digits[: e + 1] + "." + digits[e + 1 :]
    return sign + "0." + "0" * (-e - 1) + digits


def laid_out(neg: list[bool], m: list[int], k: list[int]) -> list[str]:
    mat = numbertext.layout(np.array(neg), np.array(m, np.int64), np.array(k, np.int64))
    return numbertext.join([mat], ["", "\n"]).split("\n")[:-1]


def test_the_hand_layout_is_reprs() -> None:
    rng = random.Random(0)
    for _ in range(3000):
        m, k = rng.randrange(10 ** rng.randint(1, 15)), rng.randint(-320, 290)
        value = float(f"{m}e{k}")
        if value == 0 or math.isinf(value) or value < 2.3e-308:
            continue
        assert repr_layout(False, m, k) == repr(value), (m, k)  # up to 15 digits: repr keeps them all


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 10**18 - 1), st.integers(-340, 320)), min_size=1, max_size=40))
def test_layout_matches_by_hand_whatever_the_block_holds(rows: list[tuple[bool, int, int]]) -> None:
    neg, m, k = (list(column) for column in zip(*rows))
    assert laid_out(neg, m, k) == [repr_layout(*row) for row in rows]


@pytest.mark.parametrize("seed", range(3))
def test_layout_of_mixed_blocks(seed: int) -> None:
    rng = random.Random(seed)
    rows = [(rng.random() < 0.5, rng.randrange(1, 10 ** rng.randint(1, 18)), rng.randint(-25, 20)) for _ in range(5000)]
    rows += [(False, 0, 0), (True, 0, 0), (True, 7, 0), (False, 10**17, -1), (True, 12345, 11), (False, 5, -5)]
    neg, m, k = (list(column) for column in zip(*rows))
    assert laid_out(neg, m, k) == [repr_layout(*row) for row in rows]


def to_dtype(x: float, dtype: str) -> float:
    """float64 x as dtype reads it back (bfloat16: float32 first, then nearest even on the top 16 bits)."""
    with np.errstate(over="ignore"):
        if dtype == "float16":
            return float(np.float16(x))
        f = float(np.float32(x))
    if dtype == "float32" or not math.isfinite(f):
        return f
    b = struct.unpack("<I", struct.pack("<f", f))[0]
    b = ((b + 0x7FFF + ((b >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
    return float(struct.unpack("<f", struct.pack("<I", b))[0])


def candidates(value: float, p: int) -> tuple[Decimal, Decimal]:
    """The p-digit decimals either side of value > 0 (the lower one equal to it if it has p digits)."""
    exact = Decimal(value)
    step = Decimal(1).scaleb(exact.adjusted() - p + 1)
    low = (exact / step).to_integral_value(ROUND_FLOOR) * step
    return low, low + step


def significant(text: str) -> int:
    return len(text.lower().split("e")[0].lstrip("-").replace(".", "").strip("0")) or 1


def sample(dtype: str, rng: np.random.Generator) -> np.ndarray:
    wide = rng.standard_normal(3000) * 10.0 ** rng.integers(-45, 39, 3000)
    narrow = rng.standard_normal(3000) * 4
    powers = 2.0 ** rng.integers(-150, 128, 300) * rng.choice([1.0, -1.0, 0.75, 1.5], 300)
    round_numbers = rng.integers(-(10**6), 10**6, 300) / 10.0 ** rng.integers(0, 7, 300)
    special = np.array([0.0, -0.0, np.nan, np.inf, -np.inf, 1e-45, -1.4e-45, 3.4028234663852886e38, 65504.0, 6e-8])
    values = np.concatenate([wide, narrow, powers, round_numbers, special])
    return np.array([to_dtype(x, dtype) for x in rng.permutation(values).tolist()])


@pytest.mark.parametrize("seed", range(2))
@pytest.mark.parametrize("dtype", ["float32", "float16", "bfloat16"])
def test_shortest_nearest_text_of_each_value(dtype: str, seed: int) -> None:
    values = sample(dtype, np.random.default_rng(seed))
    texts = format_numbers(values, dtype)
    for text, value in zip(texts, values.tolist(), strict=True):
        if not math.isfinite(value) or value == 0:
            assert text == {math.inf: "inf", -math.inf: "-inf"}.get(value, "nan" if value != value else repr(value))
            continue
        assert text == repr(float(text)) and to_dtype(float(text), dtype) == value, (text, value)
        p = significant(text)
        k = Decimal(text).adjusted() - p + 1
        if not -22 <= k <= 22:  # beyond exact float64 powers of ten a digit more is allowed, near a boundary
            continue
        assert not any(to_dtype(float(c), dtype) == abs(value) for c in candidates(abs(value), p - 1) if p > 1), text
        low, high = candidates(abs(value), p)
        other = high if abs(Decimal(text)) == low else low
        if to_dtype(float(other), dtype) == abs(value):  # both read back: the text is the nearer (or as near)
            exact = Decimal(abs(value))
            assert abs(abs(Decimal(text)) - exact) <= abs(other - exact), (text, value, other)

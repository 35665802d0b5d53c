"""Plain decimals read in bulk: bit for bit what Python's float() reads, token by token."""

from __future__ import annotations

import io
import math
import random
import re
import struct
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actplot.streams import decimals, inputs

PLAIN = re.compile(rb"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def check(text: bytes) -> np.ndarray | None:
    """decimals.read(text), after checking it against float() on each token: the same bits where it
    reads the block, and a token float() would not call plain wherever it leaves the block alone."""
    tokens = text.replace(b",", b" ").split()
    got = decimals.read(text, 1 << 20)
    if got is None:
        assert not all(PLAIN.fullmatch(t) for t in tokens), text[:200]
        return None
    assert all(PLAIN.fullmatch(t) for t in tokens), text[:200]
    assert [bits(v) for v in got.tolist()] == [bits(float(t)) for t in tokens], text[:200]
    return got


def midpoint(rng: random.Random) -> str:
    """The exact decimal text of a value halfway between two neighbouring float64s (or very near one)."""
    mantissa = (rng.getrandbits(52) | (1 << 52)) * 2 + 1
    exact = Fraction(mantissa) * Fraction(2) ** rng.randint(-80, 60)
    with localcontext() as context:
        context.prec = 400
        text = str(Decimal(exact.numerator) / Decimal(exact.denominator))
    return text if rng.random() < 0.7 else text[:-1] + rng.choice("0123456789")


def token(rng: random.Random) -> str:
    kind = rng.random()
    x = rng.gauss(0, 4) * 10.0 ** rng.randint(-12, 12)
    if kind < 0.4:
        return rng.choice([repr(x), repr(float(np.float32(x))), f"{x:.17g}", f"{x:.9g}", f"{x:.3e}", f"{x:.25f}"])
    if kind < 0.5:
        return repr(struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0])
    if kind < 0.6:
        return midpoint(rng)
    if kind < 0.8:  # any shape: signs, points, exponents, leading zeros, many digits
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randint(1, 24)))
        at = rng.randint(0, len(digits))
        text = rng.choice(["", "-", "+"]) + digits[:at] + rng.choice(["", "."]) + digits[at:]
        if rng.random() < 0.4:
            text += rng.choice("eE") + rng.choice(["", "-", "+"]) + str(rng.randint(0, 400)).zfill(rng.randint(1, 6))
        return text
    return rng.choice(
        [
            "0",
            "-0",
            "-0.0",
            "+0e99",
            "5e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1e309",
            "9007199254740993",
            "2.2250738585072011e-308",
            "1e23",
            "8.41e21",
            ".5",
            "5.",
            "-.5E-3",
            "00001.5000",
        ]
    )


@pytest.mark.parametrize("seed", range(6))
def test_blocks_of_plain_decimals_read_as_float_does(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        tokens = [token(rng) for _ in range(rng.randint(1, 80))]
        seps = [rng.choice([" ", "\n", ",", "\t", "\r\n", " , ", "\x0b", "\x0c", "\n\n"]) for _ in tokens]
        assert check("".join(t + s for t, s in zip(tokens, seps)).encode()) is not None


@pytest.mark.parametrize(
    "text",
    [
        "1 nan 2",
        "inf",
        "-Infinity",
        "1_0",
        "0x10",
        "1e",
        "e5",
        ".",
        "-",
        "+.e1",
        "1..2",
        "1e5.5",
        "--1",
        "1e+-5",
        "1-2",
        "5e",
        "1d5",
        "１",
        "1\x002",
        "1 2 abc",
        "\x1c1",
    ],
)
def test_anything_else_is_left_to_float(text: str) -> None:
    assert decimals.read(text.encode(), 1 << 20) is None


def test_signs_zeros_and_ranges() -> None:
    got = check(b"-0 +0 -0.0e-5 0e999 -1e-400 1e400 5e-324 -4.9e-324 2.4703282292062328e-324 1.7976931348623158e308")
    assert got is not None and [math.copysign(1, v) for v in got[:5].tolist()] == [-1, 1, -1, 1, -1]


def test_halfway_values_round_to_even() -> None:
    # 2**53 + 1 and 2**53 + 3 lie halfway between float64s: ties go to the even neighbour
    got = check(b"9007199254740993 9007199254740995 9007199254740993.000000000000000000001")
    assert got is not None and got.tolist() == [2.0**53, 2.0**53 + 4, 2.0**53 + 2]


def test_empty_and_long_tokens() -> None:
    for text in (b"", b" \n, \t"):
        got = decimals.read(text, 100)
        assert got is not None and got.size == 0
    assert decimals.read(b"1 " + b"2" * 101, 100) is None  # the caller refuses a token that long


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=30),
    st.sampled_from(["{!r}", "{:.17g}", "{:.15e}", "{:.20f}", "{:.3g}", "{:.1E}"]),
)
def test_printed_floats_read_back(xs: list[float], style: str) -> None:
    got = check("\n".join(style.format(x) for x in xs).encode())
    if style == "{!r}":
        assert got is not None and [bits(v) for v in got.tolist()] == [bits(x) for x in xs]


def test_inputs_read_mixed_blocks_token_by_token() -> None:
    """A block with a special token goes through float() whole; the values are the same either way."""
    text = b"0.1 -2.5e-3\nnan 1e400 -inf\n# comment 7\n3.000000000000000444089209850062616169452667236328125\n"
    got = [v for block in inputs.read_values("-", io.BytesIO(text)) for v in block.tolist()]
    assert got[:2] == [0.1, -0.0025] and math.isnan(got[2]) and got[3:5] == [math.inf, -math.inf]
    assert bits(got[5]) == bits(float("3.000000000000000444089209850062616169452667236328125"))

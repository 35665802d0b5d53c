"""Number text and table formats of actplot.output, read back with independent parsers."""

from __future__ import annotations

import csv
import io
import json
import math
import struct
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from actplot.errors import UsageError
from actplot.streams.tables import DTYPES, FORMATS, TableWriter, format_numbers

NP_DTYPES = {"float16": np.float16, "float32": np.float32, "float64": np.float64}
LABELS = ["x", "leaky_relu(negative_slope=0.2)", 'say "hi"', "a|b", "tab\there"]


def bf16(x: float) -> float:
    """float64 -> float32 -> bfloat16 (round to nearest even on the top 16 bits), per value."""
    with np.errstate(over="ignore"):
        f = float(np.float32(x))
    if math.isnan(f) or math.isinf(f):
        return f
    bits = struct.unpack("<I", struct.pack("<f", f))[0]
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000) & 0xFFFFFFFF
    return float(struct.unpack("<f", struct.pack("<I", bits))[0])


def in_dtype(x: float, dtype: str) -> float:
    """The value of dtype that x reads back as."""
    with np.errstate(over="ignore"):
        return bf16(x) if dtype == "bfloat16" else float(NP_DTYPES[dtype](x))


def same(a: float, b: float) -> bool:
    """Equal bit for bit (so -0.0 != 0.0), with nan equal to nan."""
    return struct.pack("<d", a) == struct.pack("<d", b) or (math.isnan(a) and math.isnan(b))


def sig_digits(text: str) -> int:
    mantissa = text.lower().split("e")[0].lstrip("-").replace(".", "").strip("0")
    return max(len(mantissa), 1)


def sample(dtype: str) -> np.ndarray:
    rng = np.random.default_rng(7)
    wide = rng.standard_normal(100) * 10.0 ** rng.integers(-45, 38, 100)
    special = [0.0, -0.0, 1.0, -1.0, 0.1, 1 / 3, 65504.0, 1e-40, 1e16, 1e-5, 1e-4, 3e38, 5e-324]
    special += [np.nan, np.inf, -np.inf]
    raw = np.concatenate([rng.standard_normal(300), wide, special])
    return np.array([in_dtype(x, dtype) for x in raw])


def assert_reads_back(texts: list[str], values: np.ndarray, dtype: str) -> None:
    assert len(texts) == len(values)
    for text, value in zip(texts, values, strict=True):
        assert same(in_dtype(float(text), dtype), float(value)), (text, value)


@pytest.mark.parametrize(
    ("dtype", "value", "text"),
    [
        ("float32", 0.1, "0.1"), ("float64", 0.1, "0.1"), ("float16", 0.1, "0.1"), ("bfloat16", 0.1, "0.1"),
        ("float32", 1 / 3, "0.33333334"), ("float64", 1 / 3, "0.3333333333333333"),
        ("float16", 1 / 3, "0.3333"), ("bfloat16", 1 / 3, "0.334"),
        ("float32", 1e-40, "1e-40"), ("float32", 3.4028234663852886e38, "3.4028235e+38"),
        ("float16", 65504.0, "65500.0"), ("float16", 6e-8, "6e-08"), ("bfloat16", 1e-40, "9e-41"),
        ("float64", 1e300, "1e+300"), ("float64", 5e-324, "5e-324"), ("float32", 1e16, "1e+16"),
        ("float32", 123456.0, "123456.0"), ("float32", 0.00025, "0.00025"), ("float32", -2.5, "-2.5"),
        ("float32", 0.0, "0.0"), ("float16", -0.0, "-0.0"), ("bfloat16", 1.0, "1.0"),
        ("float64", math.nan, "nan"), ("bfloat16", math.inf, "inf"), ("float16", -math.inf, "-inf"),
    ],
)
def test_shortest_examples(dtype: str, value: float, text: str) -> None:
    exact = in_dtype(value, dtype)
    assert format_numbers(np.array([exact]), dtype) == [text]


def test_dtype_values_of_one_tenth() -> None:
    assert in_dtype(0.1, "float16") == 0.0999755859375
    assert in_dtype(0.1, "bfloat16") == 0.10009765625
    assert format_numbers(np.array([0.0999755859375]), "float16") == ["0.1"]
    assert format_numbers(np.array([0.10009765625]), "bfloat16") == ["0.1"]
    assert format_numbers(np.array([0.10000000149011612]), "float32") == ["0.1"]


@pytest.mark.parametrize("dtype", DTYPES)
def test_round_trip_bit_for_bit(dtype: str) -> None:
    values = sample(dtype)
    texts = format_numbers(values, dtype)
    assert_reads_back(texts, values, dtype)
    for text in texts:
        assert text in ("nan", "inf", "-inf") or text == repr(float(text))  # Python's layout


def test_precision() -> None:
    values = np.array([1 / 3, 123456.0, 0.000123456, 1e20 / 3, -2.0, 0.0, -0.0, 0.125, 999.7, math.nan])
    assert format_numbers(values, "float64", 3) == [
        "0.333", "123000.0", "0.000123", "3.33e+19", "-2.0", "0.0", "-0.0", "0.125", "1000.0", "nan"]
    assert format_numbers(np.array([0.125]), "float64", 2) == ["0.12"]  # printf: half to even
    assert format_numbers(np.array([in_dtype(0.1, "float32")]), "float32", 12) == ["0.10000000149"]
    assert format_numbers(np.array([1e300]), "float64", 17) == ["1.0000000000000001e+300"]
    with pytest.raises(ValueError):
        format_numbers(values, "float64", 0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_nan_payloads_stay_nan(dtype: str) -> None:
    nans = np.array([0x7FFFFFFF, 0xFFFFFFFF, 0x7FC00001], np.uint32).view(np.float32).astype(np.float64)
    assert format_numbers(nans, dtype) == ["nan"] * 3


def test_empty_and_bad_dtype() -> None:
    for dtype in DTYPES:
        assert format_numbers(np.array([]), dtype) == []
        assert format_numbers(np.array([]), dtype, 3) == []
    with pytest.raises(UsageError):
        format_numbers(np.array([1.0]), "int8")


def test_speed_is_vectorised() -> None:
    import time

    values = np.random.default_rng(0).standard_normal(100_000).astype(np.float32).astype(np.float64)
    start = time.perf_counter()
    texts = format_numbers(values, "float32")
    assert time.perf_counter() - start < 2.0  # about 0.05 s; a per-value loop takes far longer
    assert_reads_back(texts[:1000], values[:1000], "float32")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(DTYPES), st.lists(st.floats(width=32), max_size=20), st.lists(st.floats(), max_size=5))
def test_shortest_round_trips_and_is_shortest(dtype: str, xs32: list[float], xs64: list[float]) -> None:
    values = np.array([in_dtype(x, dtype) for x in xs32 + xs64])
    texts = format_numbers(values, dtype)
    assert_reads_back(texts, values, dtype)
    for text, value in zip(texts, values, strict=True):
        if not math.isfinite(value):
            continue
        assert text == repr(float(text))
        if dtype == "bfloat16":  # brute force: the fewest digits that read back
            best = next(p for p in range(1, 10) if same(bf16(float(f"{value:.{p - 1}e}")), value))
        else:
            best = sig_digits(np.format_float_scientific(NP_DTYPES[dtype](value), unique=True))
        assert sig_digits(text) <= best, (text, value)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1, max_size=10),
       st.integers(1, 17))
def test_precision_matches_printf(xs: list[float], precision: int) -> None:
    texts = format_numbers(np.array(xs), "float64", precision)
    for text, x in zip(texts, xs, strict=True):
        assert same(float(text), float(f"{x:.{precision}g}")), (text, x, precision)


def table(fmt: str, blocks: list[np.ndarray], dtype: str = "float32", **kw: object) -> str:
    stream = io.StringIO()
    writer = TableWriter(stream, LABELS[: blocks[0].shape[1]] if blocks else LABELS, fmt, dtype, **kw)  # type: ignore[arg-type]
    for block in blocks:
        writer.write(block)
    writer.close()
    return stream.getvalue()


def data(dtype: str, rows: int = 40) -> np.ndarray:
    return sample(dtype)[: rows * len(LABELS)].reshape(rows, len(LABELS))


def number(value: float | str) -> float:
    """A JSON value read back: a number, or one of the strings "NaN", "Infinity", "-Infinity"."""
    assert isinstance(value, (int, float)) or value in ("NaN", "Infinity", "-Infinity"), value
    return float(value)


def check_table(rows: list[list[float]], block: np.ndarray, dtype: str, nulls: bool = False) -> None:
    assert len(rows) == block.shape[0]
    for got, want in zip(rows, block.tolist(), strict=True):
        for g, w in zip(got, want, strict=True):
            if nulls and math.isnan(w):
                assert math.isnan(g)
            else:
                assert same(in_dtype(g, dtype), w), (g, w)  # inf and -inf exactly, told apart from nan


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_tsv_read_back(fmt: str, dtype: str) -> None:
    block = data(dtype)
    text = table(fmt, [block[:15], block[15:]], dtype)
    rows = list(csv.reader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))
    assert rows[0] == LABELS
    check_table([[float(c) for c in row] for row in rows[1:]], block, dtype)
    assert '"' not in "".join(text.splitlines()[1:])  # numbers unquoted


@pytest.mark.parametrize("dtype", DTYPES)
def test_json_read_back(dtype: str) -> None:
    block = data(dtype)
    meta = {"functions": ["relu"], "dtype": dtype, "device": "cpu", "params": {"alpha": 0.5}}
    doc = json.loads(table("json", [block[:10], block[10:], block[:0]], dtype, meta=meta))
    assert doc["columns"] == LABELS and doc["meta"] == meta and list(doc["data"]) == LABELS
    cols = [[number(v) for v in doc["data"][c]] for c in LABELS]
    check_table([list(r) for r in zip(*cols, strict=True)], block, dtype, nulls=True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_jsonl_read_back(dtype: str) -> None:
    block = data(dtype)
    lines = table("jsonl", [block], dtype).splitlines()
    objs = [json.loads(line) for line in lines]
    assert all(list(o) == LABELS for o in objs)
    check_table([[number(o[c]) for c in LABELS] for o in objs], block, dtype, nulls=True)


@pytest.mark.parametrize("dtype", DTYPES)
def test_markdown_read_back(dtype: str) -> None:
    block = data(dtype)
    lines = table("markdown", [block], dtype).splitlines()
    assert lines[0] == "| x | leaky_relu(negative_slope=0.2) | say \"hi\" | a\\|b | tab\there |"
    assert lines[1] == "| ---: " * len(LABELS) + "|"
    rows = [line.removeprefix("| ").removesuffix(" |").split(" | ") for line in lines[2:]]
    check_table([[float(c) for c in row] for row in rows], block, dtype)


def test_rich_table_right_aligned() -> None:
    block = np.array([[1.0, -123.5], [-10.25, 2.0]])
    text = table("rich", [block])
    assert "leaky_relu(negative_slope=0.2)" in text
    cells = [line.split("│")[1:-1] for line in text.splitlines() if "│" in line]  # header uses ┃
    assert len(cells) == 2
    for row, want in zip(cells, [["1.0", "-123.5"], ["-10.25", "2.0"]], strict=True):
        for cell, number_text in zip(row, want, strict=True):
            assert cell.strip() == number_text and cell.endswith(number_text + " ")


@pytest.mark.parametrize("fmt", FORMATS)
def test_empty_tables(fmt: str) -> None:
    out = table(fmt, [np.zeros((0, len(LABELS)))])
    if fmt in ("csv", "tsv"):
        assert next(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t")) == LABELS
        assert len(out.splitlines()) == 1
    elif fmt == "markdown":
        assert len(out.splitlines()) == 2
    elif fmt == "jsonl":
        assert out == ""
    elif fmt == "json":
        assert json.loads(out) == {"columns": LABELS, "data": {c: [] for c in LABELS}, "meta": {}}
    else:
        assert "leaky_relu" in out
    assert table(fmt, []) == out  # closing with no write at all


@pytest.mark.parametrize("fmt", ["csv", "tsv", "markdown"])
def test_header_off(fmt: str) -> None:
    block = np.array([[1.0, 2.5]])
    assert table(fmt, [block], header=False).splitlines() == [
        {"csv": "1.0,2.5", "tsv": "1.0\t2.5", "markdown": "| 1.0 | 2.5 |"}[fmt]]
    assert table(fmt, [block[:0]], header=False) == ""


def test_precision_in_tables() -> None:
    block = np.array([[1 / 3, math.nan, -math.inf]])
    assert table("csv", [block], "float64", precision=3).splitlines()[1] == "0.333,nan,-inf"
    assert json.loads(table("jsonl", [block], "float64", precision=2)) == {
        "x": 0.33, "leaky_relu(negative_slope=0.2)": "NaN", 'say "hi"': "-Infinity"}  # told apart, not null


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "markdown"])
def test_rows_stream_before_close(fmt: str) -> None:
    stream = io.StringIO()
    writer = TableWriter(stream, ["x", "relu"], fmt, "float32")
    writer.write(np.array([[-1.0, 0.0], [0.5, 0.5]]))
    assert "0.5" in stream.getvalue() and "-1.0" in stream.getvalue()
    before = stream.getvalue()
    writer.write(np.array([[2.0, 2.0]]))
    assert stream.getvalue().startswith(before) and "2.0" in stream.getvalue()[len(before):]
    writer.close()


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_kept_formats_write_at_close(fmt: str) -> None:
    stream = io.StringIO()
    writer = TableWriter(stream, ["x"], fmt, "float32")
    writer.write(np.array([[0.5]]))
    assert stream.getvalue() == ""
    writer.close()
    assert "0.5" in stream.getvalue()


def test_errors() -> None:
    with pytest.raises(UsageError):
        TableWriter(io.StringIO(), ["x"], "xml", "float32")
    with pytest.raises(UsageError):
        TableWriter(io.StringIO(), ["x"], "csv", "float8")
    with pytest.raises(ValueError):
        TableWriter(io.StringIO(), ["x"], "csv", "float32", precision=0)
    writer = TableWriter(io.StringIO(), ["x", "y"], "csv", "float32")
    with pytest.raises(ValueError):
        writer.write(np.zeros((2, 3)))
    with pytest.raises(ValueError):
        writer.write(np.zeros(2))
    writer.close()
    with pytest.raises(ValueError):
        writer.write(np.zeros((1, 2)))


def test_import_is_light() -> None:
    code = "import sys, actplot.streams.tables; print('torch' in sys.modules, 'rich' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]

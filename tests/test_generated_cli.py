"""Generated whole command lines: whatever is asked, actplot answers with 0, 1 or 2 and never a traceback.

Functions from the catalogue (with valid and invalid parameters) and simple expressions, ranges that are
ordinary, reversed, NaN, infinite, huge or tiny, and options and output names of every kind. Each run is
in-process (fast) in an empty directory. A failing run prints exactly one line and leaves the
directory as it was; a successful figure run leaves a whole file of the format asked for.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from actplot.activations import spec as activations
from actplot.cli.app import app
from actplot.errors import ActplotError

MAGIC = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}
EXPRESSIONS = ["x", "x*2", "exp(x)", "log(x)", "x**10", "sin(x)/x", "1/x", "sqrt(x)", "where(x > 0, x, 0)",
               "x*sigmoid(1.702*x)", "relu(x)**2", "tanh(exp(x))", "exp(-x*x)", "nope(x)", "x +"]  # fmt: skip
VALUES = st.sampled_from([0.5, 2, -1, 0, 1e300, -1e-300, "nan", "inf", "tanh", "none", "'x'"])
BOUNDS = st.sampled_from([-8.0, 8.0, 0.0, 1.0, -1.0, 1000.0, -1e308, 1e308, 1e-308, 2e-308, 1e38, 65504.0,
                          float("nan"), float("inf"), -float("inf"), 1e5])  # fmt: skip
DTYPES = st.sampled_from(["float32", "float64", "float16", "bfloat16", "float32,float64", "bfloat16,float32", "int8"])


def mostly(valid: list[str], invalid: list[str]) -> st.SearchStrategy[str]:
    """One of `valid` four times as often as one of `invalid`, so that most runs get far."""
    return st.sampled_from(valid * 4 + invalid)


RANGES = st.one_of(
    st.sampled_from([(-8.0, 8.0), (-3.0, 3.0), (0.0, 1000.0), (-1e300, 1e300), (1e-300, 2e-300), (-6e4, 6e4)]),
    st.tuples(BOUNDS, BOUNDS),
)
# Three fixed seeds, the same in CI and on every machine: a search that can fail only where CI also ran it.
SEEDS = (1, 2, 3)
SETTINGS = settings(max_examples=40, deadline=None, derandomize=False, database=None,
                    suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


@st.composite
def funcs(draw: st.DrawFn) -> str:
    """A catalogue name, maybe with a random parameter setting, or an expression."""
    if draw(st.booleans()):
        return draw(st.sampled_from(EXPRESSIONS))
    act = draw(st.sampled_from(activations.ACTIVATIONS))
    if not act.params or draw(st.booleans()):
        return draw(st.sampled_from([act.name, *act.aliases]))
    param = draw(st.sampled_from([p.name for p in act.params] + ["bogus"]))
    return f"{act.name}({param}={draw(VALUES)})"


@st.composite
def common(draw: st.DrawFn) -> list[str]:
    """Options every computing command takes: range, points, dtype."""
    args: list[str] = []
    if draw(st.booleans()):
        args += ["--range", *map(repr, draw(RANGES))]
    args += ["--points", draw(mostly(["2", "3", "17", "101", "200"], ["1", "0", "-5"]))]
    if draw(st.booleans()):
        args += ["--dtype", draw(DTYPES)]
    return args


def sweeps(func: str) -> list[str]:
    """Sweeps that fit `func` (one per parameter), or none for an expression."""
    try:
        act = activations.lookup(func.split("(")[0])
    except ActplotError:
        return []
    return [f"{p.name}={','.join(p.choices) if p.choices else '0.5,1'}" for p in act.params]


@st.composite
def figure_lines(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(["plot", "grad", "diff"]))
    names = draw(st.lists(funcs(), min_size=2 if command == "diff" else 1, max_size=2))
    args = [command, *(names[:2] if command == "diff" else names), *draw(common()), "--dpi", "20"]
    swept = sweeps(names[0])
    options = {
        "--with-grad": [] if command == "plot" else None,
        "--order": [draw(mostly(["0", "1", "2"], ["9"]))] if command != "plot" else None,
        "--sweep": [draw(mostly(swept, ["beta=x", "alpha"]))] if swept and command != "diff" else None,
        "--vanishing": [draw(mostly(["1e-3"], ["0", "-1"]))] if command != "diff" else None,
        "--ylim": [draw(mostly(["-1", "1"], ["nan"])), draw(mostly(["2"], ["-2"]))],
        "--theme": [draw(mostly(["light", "dark"], ["pink"]))],
        "--legend": [draw(mostly(["best", "outside", "none"], ["nowhere"]))],
        "--figsize": [draw(mostly(["3"], ["0.1", "200"])), "2"],
        "--format": [draw(mostly(["png", "svg", "pdf"], ["gif"]))],
        "--out": [draw(mostly(["f.png", "f.svg", "f.pdf", "-", "{name}.svg"], ["f.bmp", "f", "missing/f.png", "."]))],
    }
    for flag, values in options.items():
        if values is not None and draw(st.integers(0, 3)) == 0:
            args += [flag, *values]
    return args


@st.composite
def table_lines(draw: st.DrawFn) -> list[str]:
    args = ["table", *draw(st.lists(funcs(), min_size=1, max_size=2)), *draw(common())]
    if draw(st.booleans()):
        xs = draw(st.lists(st.sampled_from(["0", "-1.5", "1e308", "-1e-308", "nan", "inf", "2", "x", "1_0"]),
                           min_size=0, max_size=6))  # fmt: skip
        args += ["--x", ",".join(xs)]
    args += ["--order", draw(mostly(["0", "1", "3"], ["9"]))]
    args += ["--format", draw(mostly(["csv", "tsv", "json", "jsonl", "markdown", "rich"], ["xml"]))]
    if draw(st.booleans()):
        args += ["--precision", draw(mostly(["1", "6", "17"], ["0"]))]
    return args


@contextmanager
def _empty_dir() -> Iterator[Path]:
    here = os.getcwd()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(here)


def _run(args: list[str]) -> tuple[Result, dict[str, bytes]]:
    """Run in an empty directory: the result, and what is left there (path -> first bytes; b"" for a folder).

    Warnings are shown as a user sees them (not turned into errors, as elsewhere in the tests): a
    library's warning (matplotlib on a tiny figure) is a line on stderr for a user, never a crash.
    """
    with _empty_dir() as root, warnings.catch_warnings():
        warnings.simplefilter("default")
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        left = {str(p.relative_to(root)): p.read_bytes()[:5] if p.is_file() else b"" for p in root.rglob("*")}
    return result, left


def _check_answer(result: Result, left: dict[str, bytes]) -> None:
    assert result.exit_code in (0, 1, 2), result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr, result.stderr
    assert "encountered in" not in result.stderr, result.stderr  # numpy's overflow warnings stay inside
    if result.exit_code != 0:
        assert result.stderr.startswith("actplot: error: "), result.stderr
        assert result.stderr.count("\n") == 1, result.stderr
        assert left == {}, left
    else:
        assert "actplot: error" not in result.stderr


@pytest.mark.parametrize("start", SEEDS)
def test_generated_figure_command_lines(start: int) -> None:
    @seed(start)
    @SETTINGS
    @given(figure_lines())
    def check(args: list[str]) -> None:
        result, left = _run(args)
        _check_answer(result, left)
        if result.exit_code == 0 and "-" not in args:
            assert left, "a successful figure command writes its figure"
            for name, head in left.items():
                fmt = args[args.index("--format") + 1] if "--format" in args else Path(name).suffix.lstrip(".")
                assert head.startswith(MAGIC[fmt]), (name, head)

    check()


@pytest.mark.parametrize("start", SEEDS)
def test_generated_table_command_lines(start: int) -> None:
    @seed(start)
    @SETTINGS
    @given(table_lines())
    def check(args: list[str]) -> None:
        result, left = _run(args)
        _check_answer(result, left)
        assert left == {}  # a table only ever writes to stdout
        if result.exit_code == 0:
            assert result.stdout != "" or "jsonl" in args or "--x" in args

    check()

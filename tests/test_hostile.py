"""Hostile and random input: rejected or computed harmlessly, quickly, with no file created and no traceback."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actplot import api
from actplot.activations import expr, spec
from actplot.errors import ActplotError

HOSTILE = [
    "__import__('os').system('touch PWNED')",
    "__import__('os').system('touch PWNED') or x",
    "x + __import__('os').system('touch PWNED')",
    "exec('open(\"PWNED\", \"w\")')",
    "eval('1')",
    "open('PWNED', 'w')",
    "().__class__.__bases__[0].__subclasses__()",
    "x.__class__",
    "relu.__globals__",
    "__builtins__",
    "globals()",
    "lambda: __import__('os')",
    "(lambda: 1)()",
    "[x for x in ().__class__.__mro__]",
    "{x: 1 for x in (1,)}",
    "f'{x}'",
    "'a' * 10**10",
    "[1] * 10**10",
    "b'x'",
    "x if __import__('os') else x",
    "where(__import__('os'), x, x)",
    "elu(x, alpha=__import__('os'))",
    "gelu(x, approximate=__import__)",
    "exp(" * 200 + "x" + ")" * 200,
    "(" * 100_000,
    "-" * 9000 + "x",
    "x+" * 50_000 + "x",
    "1" * 100_000,
    "10**10**10",
    "9**9**9**9",
    "2**2**2**2**2**2**2",
    "(10**10**10) * x",
    "1" + "0" * 5000 + " * x",
    "x\x00",
    "x; import os",
    "import os",
    "x = 1",
]


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Fail instead of hanging (Unix only; elsewhere the test simply runs)."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(*_: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _harmless(text: str) -> None:
    """Parsing either refuses with an ActplotError or gives a spec that computes finite-shaped output."""
    try:
        fs = spec.parse(text)
    except ActplotError:
        return
    values = api.evaluate(fs, torch.linspace(-2, 2, 5), order=1)
    assert [v.shape for v in values] == [torch.Size([5])] * 2


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_in_process(text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with _deadline(5):
        _harmless(text)
    assert list(tmp_path.iterdir()) == []


def test_hostile_input_on_the_command_line(tmp_path: Path) -> None:
    """A real process per input: exit 0 or 2, one error line at most, no traceback, no file."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "MPLBACKEND": "Agg"}
    env.pop("ACTPLOT_DEBUG", None)
    script = (
        "import sys\nfrom actplot.cli.app import main\n"
        "for text in sys.argv[1:]:\n"
        "    sys.argv = ['actplot', 'table', '--x', '0,1', '--format', 'csv', '--', text]\n"
        "    try:\n        main()\n    except SystemExit as exc:\n"
        "        print(f'EXIT {exc.code}', file=sys.stderr)\n"
    )
    corpus = [t for t in HOSTILE if "\x00" not in t]  # argv cannot carry NUL
    done = subprocess.run(
        [sys.executable, "-c", script, *corpus], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert "Traceback" not in done.stderr
    codes = [line for line in done.stderr.splitlines() if line.startswith("EXIT")]
    assert len(codes) == len(corpus)
    assert set(codes) <= {"EXIT 0", "EXIT 2"}
    errors = [line for line in done.stderr.splitlines() if line.startswith("actplot: error:")]
    assert len(errors) == codes.count("EXIT 2")
    assert all(len(line) < 400 for line in errors)  # a 100 kB input is not echoed back
    assert list(tmp_path.iterdir()) == []


def test_os_system_expression_is_refused_before_torch_loads(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    code = (
        "import sys\nfrom actplot.activations import spec\n"
        "try:\n    spec.parse(sys.argv[1])\nexcept Exception as exc:\n    print(type(exc).__name__)\n"
        "print('torch' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, HOSTILE[0]], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.stdout.split() == ["ExpressionError", "False"]
    assert not (tmp_path / "PWNED").exists()


# ---------------------------------------------------------------- random input

_ATOMS = st.sampled_from(["x", "pi", "e", "0", "1", "2.5", "1e300", "-3", "0.1", "x"])
_UNARY = sorted(n for n, (lo, _) in expr.FUNCTIONS.items() if lo == 1 and n != "clamp")
_CATALOGUE = ["relu", "gelu", "elu", "softplus", "hardswish", "swish", "sqnl", "isrlu", "threshold"]


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(children, st.sampled_from(["+", "-", "*", "/", "**"]), children).map(
            lambda t: f"({t[0]} {t[1]} {t[2]})"
        ),
        st.tuples(st.sampled_from(_UNARY), children).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(_CATALOGUE), children).map(lambda t: f"{t[0]}({t[1]})"),
        children.map(lambda c: f"-{c}"),
        st.tuples(children, st.sampled_from(["<", ">", "<=", ">="]), children, children, children).map(
            lambda t: f"where({t[0]} {t[1]} {t[2]}, {t[3]}, {t[4]})"
        ),
        st.tuples(children, children).map(lambda t: f"maximum({t[0]}, {t[1]})"),
        st.tuples(children, children, children).map(lambda t: f"clamp({t[0]}, {t[1]}, {t[2]})"),
    )


GRAMMAR = st.recursive(_ATOMS, _combine, max_leaves=25)


@settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(GRAMMAR)
def test_random_grammar_expressions_compute(text: str) -> None:
    fs = spec.parse(text)
    with _deadline(5):
        values = api.evaluate(fs, torch.linspace(-3, 3, 7, dtype=torch.float64), order=2)
    assert [v.shape for v in values] == [torch.Size([7])] * 3


_PIECES = st.sampled_from(["x", "(", ")", "*", "**", "+", "-", ".", "[", "]", ",", "=", "'", "__import__",
                           "lambda", "relu", "where", "exp", " ", "1", "9", "e", "for", "in", ":"])  # fmt: skip


@settings(max_examples=300, deadline=1000)
@given(st.one_of(st.text(max_size=60), st.lists(_PIECES, max_size=30).map("".join)))
def test_random_text_never_escapes(text: str) -> None:
    with _deadline(5):
        _harmless(text)

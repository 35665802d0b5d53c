"""Every catalogue parameter at extreme values, in every dtype, through the command line: each run ends
with exit 0, 1 or 2 and at most one error line, never an internal error or a traceback.

The grid is enumerated, not drawn at random, so it is the same on every run and for every seed.
"""

from __future__ import annotations

import functools
import json

import pytest
import typer.main
import typer.testing

from actplot.activations import spec
from tests.conftest import Invoke

VALUES = ["0", "1e-45", "-1e-45", "1e-300", "-1e-300", "1e38", "-1e38", "1e39", "-1e39", "1e308", "-1e308",
          "9" * 400, "-" + "9" * 400, "1e400", "nan", "inf", "-inf"]  # fmt: skip
DTYPES = ["float32", "float64", "float16", "bfloat16"]
PARAMS = [(act.name, p.name) for act in spec.ACTIVATIONS for p in act.params if not p.choices]


@pytest.fixture
def fast_invoke(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """The `invoke` fixture with typer's command built once, not per run (that is most of a run's time)."""
    monkeypatch.setattr(typer.testing, "_get_command", functools.cache(typer.main.get_command), raising=False)
    return invoke


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("name,param", PARAMS)
def test_extreme_parameter_values_get_an_answer(fast_invoke: Invoke, name: str, param: str, dtype: str) -> None:
    for value in VALUES:
        func = f"{name}({param}={value})"
        result = fast_invoke(["table", func, "-n", "5", "--dtype", dtype, "--format", "csv"])
        said = f"{func} --dtype {dtype}: {result.stderr}"
        assert result.exit_code in (0, 1, 2), said
        assert result.exception is None or isinstance(result.exception, SystemExit), said
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, said
        if result.exit_code != 0:
            assert result.stderr.startswith("actplot: error: ") and result.stderr.count("\n") == 1, said
        if "too large for" in result.stderr:  # a value the dtype cannot hold: named, with a way out
            assert f"{param}=" in result.stderr and dtype in result.stderr and "--dtype float64" in result.stderr


def test_a_parameter_too_large_for_the_dtype_is_named_with_a_hint(invoke: Invoke) -> None:
    result = invoke(["table", "softshrink(lambd=1e39)", "-n", "5"])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == (
        "actplot: error: softshrink(lambd=1e+39): lambd is too large for float32, whose largest value is "
        "3.40282e+38; use a smaller value or --dtype float64\n"
    )
    assert invoke(["table", "softshrink(lambd=1e39)", "-n", "5", "--dtype", "float64"]).exit_code == 0
    half = invoke(["table", "hardtanh(max_val=1e5)", "-n", "5", "--dtype", "float16"])
    assert half.exit_code == 2 and "max_val is too large for float16, whose largest value is 65504" in half.stderr
    # elu computes float16 in float32, so its alpha may be larger than float16 holds: not refused
    assert invoke(["table", "elu(alpha=1e5)", "-n", "5", "--dtype", "float16"]).exit_code == 0


def test_an_integer_beyond_every_float_is_a_parameter_error(invoke: Invoke) -> None:
    result = invoke(["table", f"elu(alpha={'9' * 400})", "-n", "5"])
    assert result.exit_code == 2
    assert result.stderr == (
        "actplot: error: elu(alpha=...) must be a finite number, not '99999999999999999999...(400 characters)'\n"
    )


@pytest.mark.parametrize("func", ["abs(x)", "x*abs(x)"])
def test_info_of_a_function_whose_second_derivative_torch_knows_is_zero(invoke: Invoke, func: str) -> None:
    result = invoke(["info", func, "--format", "json", "--dtype", "float64"])
    assert result.exit_code == 0, result.stderr
    third = json.loads(result.stdout)["properties"]["higher_orders"][1]
    assert third == {"order": 3, "autograd": True, "zero_everywhere": True, "at_kinks": [0.0]}

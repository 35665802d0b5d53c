"""The edges of what can be computed: memory, huge and tiny ranges, functions that overflow."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

import numpy as np
import pytest

from actplot import api
from actplot.errors import NonFiniteWarning, UsageError
from actplot.numeric import resources
from tests.conftest import Invoke

FLOAT32_MAX = 3.4028234663852886e38


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _rows(text: str) -> list[list[float]]:
    return [[float(v) for v in row] for row in list(csv.reader(io.StringIO(text)))[1:]]


# ---------------------------------------------------------------- memory


def test_points_beyond_memory_are_refused_with_the_estimate(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["relu", "--points", str(10**12)])
    assert result.exit_code == 1
    match = re.fullmatch(
        r"actplot: error: --points 1000000000000 would need about ([\d.]+) (TiB|PiB) of memory; "
        r"this machine has [\d.]+ \w+; use --points ([\d,]+) or fewer \(or fewer functions, a lower --order\)\n",
        result.stderr,
    )
    assert match, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_hint_is_a_size_that_is_accepted(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "physical_memory", lambda: 2**20)  # a machine with 1 MiB
    refused = invoke(["grad", "elu", "--points", "20000", "--out", "e.svg"])
    assert refused.exit_code == 1 and "this machine has 1.0 MiB" in refused.stderr
    most = int(re.search(r"use --points ([\d,]+) or fewer", refused.stderr).group(1).replace(",", ""))  # type: ignore[union-attr]
    assert 2 <= most < 20000
    assert invoke(["grad", "elu", "--points", str(most), "--out", "e.svg"]).exit_code == 0
    assert invoke(["grad", "elu", "--points", str(most + 1), "--out", "e.svg"]).exit_code == 1


def test_table_is_checked_a_block_at_a_time(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resources, "physical_memory", lambda: 2**20)
    result = invoke(["table", "relu", "--points", "100000"])
    assert result.exit_code == 1 and result.stdout == ""
    assert "--points 100000 (in blocks of 65536) would need about" in result.stderr
    piped = invoke(["table", "relu", "--x", "-"], input="1\n" * 70000)
    assert piped.exit_code == 1 and "a block of 70000 input values would need about" in piped.stderr


def test_cuda_free_memory_is_checked_too(monkeypatch: pytest.MonkeyPatch) -> None:
    import torch

    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device=None: (2**20, 2**30))  # 1 MiB free
    with pytest.raises(resources.ResourceError, match=r"^--points 100000 would need about .* cuda:0 has 1.0 MiB free$"):
        resources.check(100_000, 1, 1, torch.device("cuda:0"))
    resources.check(1000, 1, 1, torch.device("cuda:0"))  # 1000 float32 points fit in 1 MiB


def test_estimate_grows_with_curves_and_order() -> None:
    one = resources.host_bytes(1000, 1, 0)
    assert resources.host_bytes(2000, 1, 0) == 2 * one
    assert resources.host_bytes(1000, 2, 0) > one and resources.host_bytes(1000, 1, 2) > one
    assert resources.format_size(1536) == "1.5 KiB" and resources.format_size(3 * 2**40) == "3.0 TiB"


def test_out_of_memory_from_the_allocator_is_one_line() -> None:
    error = resources.as_resource_error(RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried"))
    assert error is not None and error.message == "out of memory"
    assert resources.as_resource_error(RuntimeError("shape mismatch")) is None


# ---------------------------------------------------------------- ranges


def test_range_whose_width_overflows_still_makes_a_table(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "--range", "-1e308", "1e308", "--points", "5", "--dtype", "float64"])
    assert result.exit_code == 0, result.stderr
    assert [r[0] for r in _rows(result.stdout)] == [-1e308, -5e307, 0.0, 5e307, 1e308]
    assert [r[1] for r in _rows(result.stdout)] == [0.0, 0.0, 0.0, 5e307, 1e308]


def test_tiny_range_in_float64(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "--range", "1e-308", "2e-308", "--points", "3", "--dtype", "float64"])
    assert result.exit_code == 0, result.stderr
    xs = [r[0] for r in _rows(result.stdout)]
    assert xs[0] == 1e-308 and xs[2] == 2e-308 and abs(xs[1] - 1.5e-308) < 1e-322
    assert [r[2] for r in _rows(result.stdout)] == [1.0, 1.0, 1.0]
    assert invoke(["relu", "--range", "1e-308", "2e-308", "--dtype", "float64", "-n", "50"]).exit_code == 0


def test_range_at_the_edge_of_float32(invoke: Invoke) -> None:
    edge = f"{FLOAT32_MAX:.17g}"
    assert invoke(["table", "relu", "--range", "-1", edge, "-n", "2"]).exit_code == 0
    beyond = invoke(["table", "relu", "--range", "-1", "3.5e38", "-n", "2"])
    assert beyond.exit_code == 2 and "beyond float32's largest value, 3.403e+38" in beyond.stderr


# ---------------------------------------------------------------- overflow


def test_overflowing_function_is_drawn_without_its_infinite_points() -> None:
    # float32 exp overflows above log(FLOAT32_MAX) = 88.72: of x = 0, 10, ..., 1000 only 0..80 stay finite
    with pytest.warns(NonFiniteWarning, match="92 of 101 values are inf, NaN"):
        (panel,) = api.panels("exp(x)", xrange=(0.0, 1000.0), points=101)
    (series,) = panel.series
    finite = np.isfinite(series.y)
    assert series.x[finite].tolist() == [10.0 * k for k in range(9)]
    assert series.y[finite] == pytest.approx([math.exp(10 * k) for k in range(9)], rel=1e-6)


def test_overflow_through_the_cli_is_a_warning_and_a_figure(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["exp(x)", "--range", "0", "1000", "-n", "101"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "actplot: warning: exp(x): 92 of 101 values are inf, NaN or beyond +-1e300 in float32 (overflow, or"
        " outside the domain); they are not drawn",
        "wrote exp-x.png",
    ]
    assert (tmp_path / "exp-x.png").read_bytes().startswith(b"\x89PNG")


def test_nothing_finite_is_an_error_not_an_empty_figure() -> None:
    with pytest.raises(UsageError, match=r"nothing to draw: log\(x\) has no finite value on --range -2 -1"):
        api.panels("log(x)", xrange=(-2.0, -1.0), points=11)


def test_parameter_too_large_for_the_dtype(invoke: Invoke) -> None:
    result = invoke(["table", "hardshrink(lambd=1e300)", "--x", "1"])
    assert result.exit_code == 2 and "lambd is too large for float32" in result.stderr
    ok = invoke(["table", "hardshrink(lambd=1e300)", "--x", "1", "--dtype", "float64"])
    assert _rows(ok.stdout) == [[1.0, 0.0, 0.0]]  # |x| <= lambd: hardshrink is 0

"""Numbers in every table format read back to the computed values, in the shortest text, per dtype."""

from __future__ import annotations

import json
import re
import subprocess

import pytest
import torch

from tests.conftest import Invoke
from tests.test_pipes import ACTPLOT, _env

DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16, "bfloat16": torch.bfloat16}
XS = [0.1, 1 / 3, -2.5e-3, 1e-5, 3.14159, -7.75, 100.3, 6e4]
XS_TEXT = ",".join(map(repr, XS))


def _parse(fmt: str, text: str) -> dict[str, list[str]]:
    """Column name -> the number texts, read from a table as its format defines it."""
    if fmt == "json":
        data = json.loads(text, parse_float=str)["data"]
        return {c: [str(v) for v in values] for c, values in data.items()}
    if fmt == "jsonl":
        rows = [json.loads(line, parse_float=str) for line in text.splitlines()]
        return {c: [str(row[c]) for row in rows] for c in rows[0]}
    if fmt == "markdown":
        lines = [[cell.strip() for cell in line.strip("|").split("|")] for line in text.splitlines()]
        del lines[1]  # the | ---: | line
    else:
        lines = [line.split("," if fmt == "csv" else "\t") for line in text.splitlines()]
    return {c: [row[i] for row in lines[1:]] for i, c in enumerate(lines[0])}


def _shortest(text: str, value: float, dtype: torch.dtype) -> bool:
    """No text with one significant digit fewer reads back to `value` in dtype."""
    digits = len(re.sub(r"^0+", "", re.sub(r"e.*|[-.]", "", text)).rstrip("0"))
    if digits <= 1:
        return True
    shorter = f"{value:.{digits - 2}e}"
    return torch.tensor(float(shorter), dtype=torch.float64).to(dtype).item() != value


def _check(columns: dict[str, list[str]], dtype_name: str) -> None:
    dtype = DTYPES[dtype_name]
    x = torch.tensor(XS, dtype=dtype)
    expected = {"x": x, "tanh": torch.tanh(x)}
    assert list(columns) == ["x", "tanh", "tanh_d1"]
    for name in ("x", "tanh"):
        read = torch.tensor([float(t) for t in columns[name]], dtype=torch.float64).to(dtype)
        assert torch.equal(read, expected[name]), name
        for text, value in zip(columns[name], expected[name].tolist()):
            assert _shortest(text, value, dtype), (text, value)
    # tanh' is autograd's 1 - tanh(x)**2 in dtype: within a few eps of sech(x)**2
    got = torch.tensor([float(t) for t in columns["tanh_d1"]], dtype=torch.float64).to(dtype).double()
    sech2 = 1 / torch.cosh(x.double()) ** 2
    eps = torch.finfo(dtype).eps
    assert torch.allclose(got, sech2, rtol=4 * eps, atol=4 * eps)
    assert all(_shortest(text, value, dtype) for text, value in zip(columns["tanh_d1"], got.tolist()))


@pytest.mark.parametrize("dtype", list(DTYPES))
@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown"])
def test_every_format_reads_back_in_every_dtype(invoke: Invoke, fmt: str, dtype: str) -> None:
    result = invoke(["table", "tanh", "--x", XS_TEXT, "--dtype", dtype, "--format", fmt])
    assert result.exit_code == 0, result.stderr
    _check(_parse(fmt, result.stdout), dtype)


def test_reads_back_through_a_real_pipe() -> None:
    args = ["table", "tanh", "--x", "-", "--dtype", "bfloat16", "--format", "tsv"]
    done = subprocess.run(ACTPLOT + args, input="\n".join(map(repr, XS)).encode(), capture_output=True,
                          env=_env(), timeout=120)
    assert done.returncode == 0 and done.stderr == b""
    _check(_parse("tsv", done.stdout.decode()), "bfloat16")


@pytest.mark.parametrize("dtype", list(DTYPES))
def test_one_tenth_prints_as_0_1_in_every_dtype(invoke: Invoke, dtype: str) -> None:
    result = invoke(["table", "relu", "--x", "0.1", "--dtype", dtype, "--format", "csv", "--no-header"])
    assert result.stdout == "0.1,0.1,1.0\n"


def test_precision_gives_n_significant_digits(invoke: Invoke) -> None:
    result = invoke(["table", "tanh", "--x", XS_TEXT, "--dtype", "float64", "-f", "jsonl", "--precision", "3"])
    columns = _parse("jsonl", result.stdout)
    for text, value in zip(columns["tanh"], torch.tanh(torch.tensor(XS, dtype=torch.float64)).tolist()):
        assert float(text) == float(f"{value:.2e}")
    assert invoke(["table", "relu", "--precision", "0"]).exit_code == 2

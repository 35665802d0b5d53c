"""The Python API as a notebook user meets it: documented examples, tensors in and out, inline figures."""

from __future__ import annotations

import base64
import doctest
import json
import math
import re
import runpy
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import torch

import actplot
import actplot.api
from tests.conftest import Invoke, has_cuda

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.mark.parametrize("module", [actplot, actplot.api], ids=lambda m: m.__name__)
def test_documented_examples(module: ModuleType) -> None:
    found = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert found.attempted >= 5 and found.failed == 0


def _phi(x: float) -> float:
    return math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _cdf(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def test_evaluate_gives_tensors_in_the_dtype_of_x() -> None:
    x = torch.linspace(-3, 3, 13, dtype=torch.float64)
    f, df, d2f = actplot.evaluate("gelu", x, order=2)
    assert all(t.dtype == torch.float64 and t.device == x.device and t.shape == x.shape for t in (f, df, d2f))
    for xi, fi, dfi, d2fi in zip(x.tolist(), f.tolist(), df.tolist(), d2f.tolist()):
        assert fi == pytest.approx(xi * _cdf(xi), abs=1e-12)  # x Phi(x)
        assert dfi == pytest.approx(_cdf(xi) + xi * _phi(xi), abs=1e-12)  # Phi + x phi
        assert d2fi == pytest.approx((2 - xi * xi) * _phi(xi), abs=1e-12)  # 2 phi + x phi'


@pytest.mark.parametrize("dtype", [torch.float32, torch.float16, torch.bfloat16])
def test_evaluate_keeps_low_precision(dtype: torch.dtype) -> None:
    x = torch.tensor([-2.0, 0.0, 0.5], dtype=dtype)
    f, df = actplot.evaluate("sigmoid", x)
    assert f.dtype == df.dtype == dtype
    s = [1 / (1 + math.exp(-v)) for v in x.tolist()]
    assert df.tolist() == pytest.approx([v * (1 - v) for v in s], rel=1e-2)  # s (1 - s)


@pytest.mark.gpu
@pytest.mark.skipif(not has_cuda(), reason="needs a CUDA device")
def test_evaluate_stays_on_the_gpu() -> None:
    x = torch.linspace(-2, 2, 5, device="cuda")
    f, df = actplot.evaluate("tanh", x)
    assert f.device.type == df.device.type == "cuda"
    assert df.cpu().tolist() == pytest.approx([1 - math.tanh(v) ** 2 for v in x.cpu().tolist()], abs=1e-6)


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_figure_with_grad_has_both_panels_and_shows_as_png() -> None:
    fig = actplot.figure("relu", with_grad=True)
    assert [ax.get_ylabel() for ax in fig.axes] == ["relu(x)", "grad of relu(x)"]
    assert _png_size(fig._repr_png_()) == (750, 675)  # 5 x 2.5 inches at 150 dpi, 2 more for the second panel
    more = actplot.figure("tanh", with_grad=True, orders=(0, 2))
    labels = [" ".join(ax.get_ylabel().split()) for ax in more.axes]  # long labels wrap to fit a short panel
    assert labels == ["tanh(x)", "grad of tanh(x)", "grad² of tanh(x)"]


def test_ipython_displays_the_figure_as_png() -> None:
    interactive = pytest.importorskip("IPython.core.interactiveshell", reason="IPython is not installed")
    fig = actplot.figure("relu", with_grad=True)
    data, _ = interactive.InteractiveShell.instance().display_formatter.format(fig)
    png = data["image/png"]
    assert _png_size(base64.b64decode(png) if isinstance(png, str) else png)[0] > 0


def test_catalogue_and_info_are_what_the_cli_prints(invoke: Invoke) -> None:
    listed = json.loads(invoke(["list", "--format", "json"]).stdout)
    assert actplot.catalogue() == [entry["name"] for entry in listed]
    assert actplot.info("GELU") == json.loads(invoke(["info", "gelu", "--format", "json"]).stdout)
    assert actplot.info("sigmoid")["properties"]["df0"] == 0.25  # s(0) (1 - s(0)) = 1/4


def test_import_actplot_stays_light() -> None:
    code = (
        "import sys, actplot\nnames = actplot.catalogue(); facts = actplot.info('relu')\n"
        "print(len(names), facts['name'], [m for m in ('torch', 'matplotlib', 'numpy') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip().split(maxsplit=2) == [str(len(actplot.catalogue())), "relu", "[]"]


def test_the_package_says_it_is_typed() -> None:
    assert (Path(actplot.__file__).parent / "py.typed").is_file()
    assert '"py.typed"' in (README.parent / "pyproject.toml").read_text(encoding="utf-8")


def _readme_blocks() -> list[str]:
    section = README.read_text(encoding="utf-8").split("## Python API", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_readme_notebook_example_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "notebook.py"
    script.write_text(_readme_blocks()[0], encoding="utf-8")
    ns = runpy.run_path(str(script))
    xs = ns["x"].tolist()
    assert ns["f"].tolist() == pytest.approx([v * _cdf(v) for v in xs], abs=1e-12)
    assert ns["df"].tolist() == pytest.approx([_cdf(v) + v * _phi(v) for v in xs], abs=1e-12)
    assert ns["names"][:2] == ["relu", "relu6"]
    assert capsys.readouterr().out.strip().endswith("| f'(0) = 0.5")
    assert _png_size(ns["fig"]._repr_png_()) == (750, 675)  # with_grad: two panels


def test_the_readme_terminal_example_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    script = tmp_path / "term.py"
    script.write_text(_readme_blocks()[1], encoding="utf-8")
    ns = runpy.run_path(str(script))
    lines = ns["text"].split("\n")
    assert ns["text"].isascii() and max(len(line) for line in lines) == 80
    assert lines[0] == "relu(x)" and "grad of relu(x)" in lines
    assert "relu(x)" in capsys.readouterr().out

"""Every command through the CLI runner: exit code, stdout and stderr, as a user sees them."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def _gelu(x: float) -> float:
    return 0.5 * x * (1 + math.erf(x / math.sqrt(2)))


def _gelu_d1(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2))) + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def test_version(invoke: Invoke) -> None:
    from actplot import __version__

    result = invoke(["--version"])
    assert result.exit_code == 0 and result.stdout.strip() == f"actplot {__version__}"


def test_bare_function_is_plot_and_writes_its_png(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["relu", "--range", "-8", "8"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "relu.png").is_file()
    assert result.stdout == "" and "relu.png" in result.stderr
    with Image.open(tmp_path / "relu.png") as img:
        assert img.size == (750, 375)  # the textbook's 5 x 2.5 inches at 150 dpi


def test_grad_writes_the_named_file(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["grad", "sigmoid", "--out", "fig.png"])
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "fig.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_default_file_names(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke(["grad", "sigmoid"]).exit_code == 0
    assert invoke(["grad", "tanh", "--order", "2"]).exit_code == 0
    assert invoke(["relu", "sigmoid"]).exit_code == 0
    assert invoke(["leaky_relu(negative_slope=0.2)", "--format", "svg"]).exit_code == 0
    names = {p.name for p in tmp_path.iterdir()}
    assert names == {"grad-sigmoid.png", "grad2-tanh.png", "relu-sigmoid.png", "leaky_relu-negative_slope-0.2.svg"}


@pytest.mark.parametrize("fmt,magic", [("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_format_from_suffix_and_override(invoke: Invoke, tmp_path: Path, fmt: str, magic: bytes) -> None:
    assert invoke(["elu", "--out", f"a.{fmt}"]).exit_code == 0
    assert (tmp_path / f"a.{fmt}").read_bytes().startswith(magic)
    assert invoke(["elu", "--out", "b.img", "--format", fmt]).exit_code == 0
    assert (tmp_path / "b.img").read_bytes().startswith(magic)


def test_out_dash_writes_bytes_to_stdout(invoke: Invoke) -> None:
    result = invoke(["relu", "--out", "-", "--format", "svg"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("<?xml") and result.stderr == ""


def test_table_csv_has_torch_values(invoke: Invoke) -> None:
    result = invoke(["table", "gelu", "--x", "0,1,2", "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["x", "gelu", "gelu_d1"]
    xs = [float(r[0]) for r in rows[1:]]
    assert xs == [0.0, 1.0, 2.0]
    for row, x in zip(rows[1:], xs):
        assert float(row[1]) == pytest.approx(_gelu(x), rel=1e-6, abs=1e-7)
        assert float(row[2]) == pytest.approx(_gelu_d1(x), rel=1e-6)


def test_table_default_grid_is_17_points_and_csv_off_a_terminal(invoke: Invoke) -> None:
    result = invoke(["table", "relu"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [float(r[0]) for r in rows[1:]] == [float(v) for v in range(-8, 9)]
    assert [float(r[2]) for r in rows[1:]] == [0.0] * 9 + [1.0] * 8  # relu'(0) = 0


def test_table_orders_and_several_functions(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "tanh", "--x", "0.5", "--order", "2", "--format", "csv"])
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["x", "relu", "relu_d1", "relu_d2", "tanh", "tanh_d1", "tanh_d2"]
    t = math.tanh(0.5)
    assert float(rows[1][6]) == pytest.approx(-2 * t * (1 - t * t), rel=1e-6)


def test_table_numerical_column_is_labelled_and_warned(invoke: Invoke) -> None:
    result = invoke(["table", "hardsigmoid", "--x", "1", "--order", "2", "--format", "csv"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "x,hardsigmoid,hardsigmoid_d1,hardsigmoid_d2"  # names stay selectable
    assert "warning" in result.stderr and "central differences" in result.stderr
    meta = json.loads(invoke(["table", "hardsigmoid", "--x", "1", "--order", "2", "--format", "json"]).stdout)["meta"]
    assert meta["numerical"] == ["hardsigmoid_d2"]


def test_table_json_and_jsonl(invoke: Invoke) -> None:
    result = invoke(["table", "elu(alpha=0.5)", "--x", "-1,0,1", "--format", "json", "--dtype", "float64"])
    doc = json.loads(result.stdout)
    assert doc["columns"] == ["x", "elu_alpha_0_5", "elu_alpha_0_5_d1"]  # identifiers: jq .data.elu_alpha_0_5
    assert doc["data"]["elu_alpha_0_5"] == pytest.approx([0.5 * (math.exp(-1) - 1), 0.0, 1.0], rel=1e-15)
    assert doc["meta"]["dtype"] == "float64" and doc["meta"]["device"] == "cpu"
    assert doc["meta"]["functions"][0]["params"] == {"alpha": 0.5}
    lines = invoke(["table", "relu", "--x", "-1,2", "--format", "jsonl"]).stdout.splitlines()
    assert [json.loads(line) for line in lines] == [
        {"x": -1.0, "relu": 0.0, "relu_d1": 0.0},
        {"x": 2.0, "relu": 2.0, "relu_d1": 1.0},
    ]


@pytest.mark.parametrize("fmt", ["tsv", "markdown", "rich"])
def test_table_other_formats(invoke: Invoke, fmt: str) -> None:
    result = invoke(["table", "relu", "--x", "1.5", "--format", fmt])
    assert result.exit_code == 0, result.stderr
    assert "relu_d1" in result.stdout and "1.5" in result.stdout


def test_list_formats(invoke: Invoke) -> None:
    entries = json.loads(invoke(["list", "--format", "json"]).stdout)
    names = [e["name"] for e in entries]
    assert "relu" in names and "gelu" in names and len(names) == len(set(names))
    markdown = invoke(["list", "--format", "markdown"]).stdout
    assert markdown.startswith("| name |") and "| gelu |" in markdown
    assert "relu" in invoke(["list", "--format", "rich"]).stdout


@pytest.mark.parametrize(
    "args,code,fragment",
    [
        (["gleu"], 2, "did you mean 'gelu'"),
        (["softmax"], 2, "not an elementwise"),
        (["relu(alpha=2)"], 2, "no parameter 'alpha'"),
        (["elu(alpha=fast)"], 2, "must be a number"),
        (["gelu(approximate=fast)"], 2, "none, tanh"),
        (["relu", "--range", "5", "1"], 2, "MIN < MAX"),
        (["relu", "--range", "nan", "1"], 2, "finite"),
        (["relu", "--points", "1"], 2, "at least 2"),
        (["relu", "--dtype", "float8"], 2, "unknown dtype"),
        (["relu", "--out", "x.bmp"], 2, "figure format"),
        (["relu", "--rnage", "1", "2"], 2, "--rnage"),
        (["table", "relu", "--format", "xml"], 2, "--format must be one of"),
        (["relu", "--out", "missing/x.png"], 1, "does not exist"),
        (["table", "relu", "--x", "1,b"], 1, "--x:1:3: 'b' is not a number"),
        (["relu", "--ylim", "1", "0"], 2, "--ylim"),
    ],
)
def test_errors_are_one_line_with_exit_code(invoke: Invoke, args: list[str], code: int, fragment: str) -> None:
    result = invoke(args)
    assert result.exit_code == code
    assert fragment in result.stderr
    assert result.stderr.startswith("actplot: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_cuda_is_exit_1_naming_what_is_available(invoke: Invoke) -> None:
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    result = invoke(["relu", "--device", "cuda"])
    assert result.exit_code == 1 and "available: cpu" in result.stderr


def test_output_onto_a_directory_is_refused(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "d.png").mkdir()
    result = invoke(["relu", "--out", "d.png"])
    assert result.exit_code == 1 and "is a directory" in result.stderr


def test_debug_shows_the_traceback(invoke: Invoke) -> None:
    from actplot.errors import UnknownFunctionError

    with pytest.raises(UnknownFunctionError):
        invoke(["--debug", "plot", "gleu"])


def test_show_without_a_display_is_a_clear_error(invoke: Invoke) -> None:
    result = invoke(["relu", "--show"])
    assert result.exit_code == 1 and "--show needs a display" in result.stderr


def test_help_for_every_command(invoke: Invoke) -> None:
    for command in ("plot", "grad", "table", "list", "info"):
        result = invoke([command, "--help"])
        assert result.exit_code == 0 and "Example: actplot" in result.stdout


def test_out_template_writes_one_figure_per_function(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["grad", "relu", "Sigmoid", "x*tanh(x)", "--out", "figs-{name}.svg"])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figs-relu.svg", "figs-sigmoid.svg", "figs-x-tanh-x.svg"]
    assert result.stderr.count("wrote ") == 3
    assert len({p.read_bytes() for p in tmp_path.iterdir()}) == 3  # three different figures
    repeated = invoke(["relu", "ReLU", "--out", "{name}.png"])
    assert repeated.exit_code == 2 and "same file name" in repeated.stderr


def test_out_template_checks_every_destination_first(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["relu", "tanh", "--out", "{name}.bmp"])
    assert result.exit_code == 2 and "figure format" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_bare_actplot_shows_the_help_on_stderr(invoke: Invoke) -> None:
    result = invoke([])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("Usage: actplot") and "\n  plot " in result.stderr

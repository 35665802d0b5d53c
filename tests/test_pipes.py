"""actplot in shell pipelines: stdin, streaming, closed pipes, Ctrl-C and figures on stdout.

Each behaviour is checked in-process (CliRunner) and through a real subprocess, where the operating
system's pipes and signals take part.
"""

from __future__ import annotations

import io
import math
import os
import shutil
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parent.parent
ACTPLOT = [sys.executable, "-m", "actplot"]


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    env.pop("ACTPLOT_DEBUG", None)
    return env



Launched = dict[str, subprocess.Popen[bytes]]


@pytest.fixture(scope="module")
def launched() -> Iterator[Launched]:
    """The non-interactive real-process runs, started together: each spends seconds importing torch."""
    actplot = " ".join(ACTPLOT)
    shell = "bash -o pipefail -c" if shutil.which("bash") else "sh -c"
    commands = {
        "seq": f"seq -5 0.5 5 | {actplot} table gelu --x - --format csv",
        "bad": f"printf '{BAD_SHELL}' | {actplot} table relu --x - -f jsonl --order 0",
        "head": f"{actplot} table relu --points 1000000 | head -1",
        "png": f"{actplot} relu --out - | cat",  # png is the default
        "svg": f"{actplot} relu --out - --format svg | cat",
        "pdf": f"{actplot} relu --out - --format pdf | cat",
    }
    procs = {
        name: subprocess.Popen([*shell.split(), cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        for name, cmd in commands.items()
    }
    yield procs
    for proc in procs.values():
        proc.kill()
        proc.communicate()


def _finish(launched: Launched, name: str) -> tuple[int, bytes, bytes]:
    out, err = launched[name].communicate(timeout=180)
    return launched[name].returncode, out, err


def _gelu(x: float) -> tuple[float, float]:
    """GELU and its derivative, written out: x·Φ(x) and Φ(x) + x·φ(x)."""
    cdf = 0.5 * (1 + math.erf(x / math.sqrt(2)))
    return x * cdf, cdf + x * math.exp(-x * x / 2) / math.sqrt(2 * math.pi)


def _check_gelu_csv(text: str) -> None:
    """Rows of float32 gelu: within float32's rounding of the closed forms (1 + erf cancels for x < 0)."""
    lines = text.splitlines()
    assert lines[0] == "x,gelu,gelu_d1"
    xs = [float(line.split(",")[0]) for line in lines[1:]]
    assert xs == [-5 + 0.5 * i for i in range(21)]
    for line in lines[1:]:
        x, f, d = map(float, line.split(","))
        want_f, want_d = _gelu(x)
        slack = 8 * 2.0**-24 * max(1.0, abs(x))
        assert f == pytest.approx(want_f, rel=1e-6, abs=slack) and d == pytest.approx(want_d, rel=1e-6, abs=slack)


SEQ_TEXT = "".join(f"{-5 + 0.5 * i:g}\n" for i in range(21))  # what `seq -5 0.5 5` prints


def test_seq_style_stdin(invoke: Invoke) -> None:
    result = invoke(["table", "gelu", "--x", "-", "--format", "csv"], input=SEQ_TEXT)
    assert result.exit_code == 0 and result.stderr == ""
    _check_gelu_csv(result.stdout)


@pytest.mark.skipif(shutil.which("seq") is None, reason="needs seq")
def test_seq_piped_in_a_real_shell(launched: Launched) -> None:
    code, out, err = _finish(launched, "seq")
    assert code == 0 and err == b""
    _check_gelu_csv(out.decode())


MIXED = "# sampled by hand\n-1, 0\t0.5\n\n1e0 ,2.5E+0 # two and a half\nnan inf -INF\n"


def test_mixed_separators_comments_and_specials(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "--x", "-", "-f", "csv", "--order", "0"], input=MIXED)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "x,relu", "-1.0,0.0", "0.0,0.0", "0.5,0.5", "1.0,1.0", "2.5,2.5", "nan,nan", "inf,inf", "-inf,0.0",
    ]


BAD = "1\n2\n3 4 abc 5\n6\n"
BAD_SHELL = BAD.replace("\n", "\\n")


def test_bad_token_on_line_3_column_5(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "--x", "-", "-f", "csv", "--order", "0"], input=BAD)
    assert result.exit_code == 1
    assert result.stderr == "actplot: error: stdin:3:5: 'abc' is not a number\n"
    assert result.stdout.splitlines() == ["x,relu", "1.0,1.0", "2.0,2.0", "3.0,3.0", "4.0,4.0"]


def test_bad_token_in_a_real_pipe_leaves_only_complete_rows(launched: Launched) -> None:
    code, out, err = _finish(launched, "bad")
    assert code == 1
    assert err.decode() == "actplot: error: stdin:3:5: 'abc' is not a number\n"
    assert out.decode() == "".join(f'{{"x": {v}, "relu": {v}}}\n' for v in (1.0, 2.0, 3.0, 4.0))


@pytest.mark.parametrize("fmt", ["json", "rich"])
def test_whole_document_formats_print_nothing_on_bad_input(invoke: Invoke, fmt: str) -> None:
    result = invoke(["table", "relu", "--x", "-", "-f", fmt], input=BAD)
    assert result.exit_code == 1 and result.stdout == ""


@pytest.mark.parametrize(
    "fmt,expected",
    [
        ("csv", "x,relu,relu_d1\n"),
        ("tsv", "x\trelu\trelu_d1\n"),
        ("markdown", "| x | relu | relu_d1 |\n| ---: | ---: | ---: |\n"),
        ("jsonl", ""),
    ],
)
def test_empty_input_gives_the_header_alone(invoke: Invoke, fmt: str, expected: str) -> None:
    for text in ("", "\n# nothing here\n\n"):
        result = invoke(["table", "relu", "--x", "-", "-f", fmt], input=text)
        assert result.exit_code == 0 and result.stdout == expected


def test_empty_input_in_json_is_an_empty_table(invoke: Invoke) -> None:
    import json

    doc = json.loads(invoke(["table", "relu", "--x", "-", "-f", "json"], input="").stdout)
    assert doc["columns"] == ["x", "relu", "relu_d1"] and doc["data"] == {"x": [], "relu": [], "relu_d1": []}


def test_x_from_a_file(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "xs.txt").write_text("-2\n# skip\n3\n")
    result = invoke(["table", "relu", "--x", f"@{tmp_path / 'xs.txt'}", "-f", "csv"])
    assert result.stdout == "x,relu,relu_d1\n-2.0,0.0,0.0\n3.0,3.0,1.0\n"
    missing = invoke(["table", "relu", "--x", "@nope.txt"])
    assert missing.exit_code == 1 and missing.stderr.startswith("actplot: error: cannot read 'nope.txt'")


def test_generated_grid_streams_in_pieces_with_zero_and_kinks(invoke: Invoke) -> None:
    result = invoke(["table", "relu6", "--points", "200001", "--range", "-7", "7.00003", "-f", "csv", "--order", "0"])
    xs = [float(line.split(",")[0]) for line in result.stdout.splitlines()[1:]]
    assert xs == sorted(set(xs)) and xs[0] == -7.0 and xs[-1] == pytest.approx(7.00003, abs=1e-6)
    assert 0.0 in xs and 6.0 in xs and len(xs) == 200001 + 2


@pytest.mark.skipif(shutil.which("head") is None, reason="needs head")
def test_head_1_in_a_real_shell_is_silent(launched: Launched) -> None:
    code, out, err = _finish(launched, "head")
    assert out == b"x,relu,relu_d1\n" and err == b""
    assert code == 0  # with bash's pipefail this is actplot's own status: a closed pipe is no failure


@pytest.mark.skipif(os.name != "posix", reason="needs POSIX signals")
def test_ctrl_c_while_reading_a_slow_stdin_exits_130_without_traceback() -> None:
    with subprocess.Popen(
        ACTPLOT + ["table", "relu", "--x", "-", "-f", "csv"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=_env(),
    ) as proc:
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        proc.stdin.write(b"2\n")
        proc.stdin.flush()
        assert proc.stdout.readline() == b"x,relu,relu_d1\n"
        assert proc.stdout.readline() == b"2.0,2.0,1.0\n"  # the row came before the input ended
        proc.send_signal(signal.SIGINT)  # now blocked reading stdin, which stays open
        assert proc.wait(timeout=60) == 130
        err = proc.stderr.read().decode()
        proc.stdin.close()
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and err.strip() == ""


def _check_figure(fmt: str, data: bytes) -> None:
    if fmt == "png":
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            assert image.format == "PNG" and image.size == (750, 375)
    elif fmt == "svg":
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"
    else:
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        assert b"/Type /Page" in data


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_out_dash_bytes_in_process(invoke: Invoke, fmt: str) -> None:
    result = invoke(["relu", "--out", "-", "--format", fmt])
    assert result.exit_code == 0 and result.stderr == ""
    _check_figure(fmt, result.stdout_bytes)


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_out_dash_bytes_through_real_pipes(launched: Launched, fmt: str) -> None:
    code, out, err = _finish(launched, fmt)
    assert code == 0 and err == b""
    _check_figure(fmt, out)


@pytest.mark.skipif(os.name != "posix", reason="needs a pseudo-terminal")
def test_binary_figure_to_a_terminal_is_refused() -> None:
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(ACTPLOT + ["relu", "--out", "-"], stdout=follower, stderr=subprocess.PIPE,
                              env=_env(), timeout=120)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "actplot: error: refusing to write a binary figure to the terminal; redirect stdout or use --out FILE\n"
    )


def test_terminal_check_comes_before_any_computation() -> None:
    from actplot.errors import UsageError
    from actplot.streams import files as outfile

    with pytest.raises(UsageError, match="refusing to write a binary figure to the terminal"):
        outfile.resolve("-", "svg", "relu", stdout_is_tty=True)
    assert outfile.resolve("-", None, "relu", stdout_is_tty=False) == outfile.Target(None, "png")

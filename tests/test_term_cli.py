"""`--term` and `--ascii` on the figure commands: the chart read back dot by dot against closed forms."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import numpy as np
import pytest
from rich.cells import cell_len

from tests.conftest import Invoke
from tests.test_term import dots, read_plot


@pytest.fixture(autouse=True)
def _columns(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.delenv("LINES", raising=False)  # a pipe's chart: its height follows the width
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.chdir(tmp_path)  # so that a file written by mistake would be seen


def _chart(invoke: Invoke, args: list[str]) -> str:
    result = invoke(args)
    assert result.exit_code == 0, result.stderr
    return str(result.stdout)


def _fits(text: str, width: int) -> None:
    lines = text.rstrip("\n").split("\n")
    assert max(cell_len(line.rstrip()) for line in lines) <= width
    axis = next(line for line in lines if re.fullmatch(r" *[└+][─┬+-]+", line))
    assert cell_len(axis) == width  # the plot uses the whole width


def test_plot_relu_in_the_terminal(invoke: Invoke, tmp_path: Path) -> None:
    text = _chart(invoke, ["relu", "--term"])
    _fits(text, 80)
    lines = text.split("\n")
    assert lines[0] == "relu(x)" and lines[1].split() == ["⣿", "relu"]
    plot = read_plot(text)
    assert plot.labels[0] == "8" and plot.labels[-1] == "0"  # y from relu(-8) = 0 to relu(8) = 8
    assert "-8" in lines[-3].split() and "8" in lines[-3].split() and lines[-2].strip() == "x"
    grid = dots(plot)
    height, width = grid.shape
    for col in range(width):  # max(0, x), dot by dot
        x = -8.0 + 16.0 * col / (width - 1)
        rows = np.flatnonzero(grid[:, col])
        assert rows.size and np.min(np.abs(rows - (8.0 - max(x, 0.0)) / 8.0 * (height - 1))) <= 1.0, col
    assert list(tmp_path.iterdir()) == []  # --term alone writes no file


def _assert_step(grid: np.ndarray) -> None:
    """0 from the left edge to x = 0, 1 from there on, and nothing between the two levels."""
    height, width = grid.shape
    bottom, top = np.flatnonzero(grid[height - 1]), np.flatnonzero(grid[0])
    assert bottom.min() == 0 and abs(bottom.max() - width // 2) <= 2
    assert top.max() == width - 1 and abs(top.min() - width // 2) <= 2
    assert not grid[1 : height - 1].any()  # no riser: a jump, not a steep line


def test_grad_relu_is_a_step(invoke: Invoke) -> None:
    text = _chart(invoke, ["grad", "relu", "--term"])
    _fits(text, 80)
    assert text.split("\n")[0] == "grad of relu(x)"
    plot = read_plot(text)
    assert plot.labels[0] == "1" and plot.labels[-1] == "0"
    _assert_step(dots(plot))


def test_ascii(invoke: Invoke) -> None:
    text = _chart(invoke, ["grad", "relu", "--ascii"])
    assert text.isascii()
    _fits(text, 80)
    cells = read_plot(text).cells
    _assert_step(np.array([[c == "*" for c in row] for row in cells]))


@pytest.mark.parametrize("width", [60, 120])
def test_the_width_follows_the_terminal(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, width: int) -> None:
    monkeypatch.setenv("COLUMNS", str(width))
    _fits(_chart(invoke, ["relu", "sigmoid", "--with-grad", "--term", "--points", "400"]), width)


def test_two_functions_and_two_panels(invoke: Invoke) -> None:
    text = _chart(invoke, ["relu", "sigmoid", "--with-grad", "--ascii", "--points", "400"])
    lines = text.split("\n")
    assert [lines.index("f(x)"), lines.index("grad of f(x)")] == [0, 23]  # two panels of 20 rows each
    assert lines[1].split() == ["*", "relu", "x", "sigmoid"]  # without colour, markers tell them apart


@pytest.mark.parametrize(("columns", "lines"), [("200", "30"), ("40", "12"), ("80", "24"), ("200", "50")])
def test_the_height_follows_lines(invoke: Invoke, monkeypatch: pytest.MonkeyPatch, columns: str, lines: str) -> None:
    """The terminal's rows hold the whole chart, one left for the prompt; the width alone once made 55 lines."""
    monkeypatch.setenv("COLUMNS", columns)
    monkeypatch.setenv("LINES", lines)
    text = _chart(invoke, ["grad", "relu", "--term"])
    assert len(text.rstrip("\n").split("\n")) <= int(lines) - 1
    _fits(text, int(columns))
    _assert_step(dots(read_plot(text)))


def test_a_pipe_without_lines_keeps_panels_at_24_rows(invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = _chart(invoke, ["relu", "--with-grad", "--ascii", "--points", "400"])
    assert len(read_plot(text).cells) == 24 and len(text.rstrip("\n").split("\n")) <= 2 * (24 + 4) + 2


def test_term_with_out_writes_the_file_too(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["grad", "relu", "--term", "--out", "g.png"])
    assert result.exit_code == 0 and result.stderr.strip() == "wrote g.png"
    assert (tmp_path / "g.png").read_bytes().startswith(b"\x89PNG")
    _assert_step(dots(read_plot(result.stdout)))


def test_diff_in_the_terminal(invoke: Invoke) -> None:
    result = invoke(["diff", "relu", "relu6", "--term", "--range", "-8", "8"])
    assert result.exit_code == 0, result.stderr
    assert "max |relu − relu6| = 2 at x = " in result.stderr  # relu - relu6 = x - 6 for x > 6
    plot = read_plot(result.stdout)
    assert plot.cells[0].rstrip().endswith("◆") and "◆ max |Δ| = 2 at x = 8" in result.stdout  # the peak, marked
    grid = dots(plot)
    height, width = grid.shape
    for col in range(width - 2):  # the last cell holds the mark
        x = -8.0 + 16.0 * col / (width - 1)
        rows = np.flatnonzero(grid[:, col])
        expected = (2.0 - max(x - 6.0, 0.0)) / 2.0 * (height - 1)  # 0 up to 6, then x - 6 up to 2
        assert rows.size and np.min(np.abs(rows - expected)) <= 1.0, col


def test_term_and_out_dash_cannot_share_stdout(invoke: Invoke) -> None:
    result = invoke(["relu", "--term", "--out", "-"])
    assert result.exit_code == 2 and "--term and --out - would both write to stdout" in result.stderr


def test_in_a_real_80_column_terminal(tmp_path: Path) -> None:
    """The command as typed: a pseudo-terminal 80 columns wide, colours on, the step still there."""
    coloured = _in_a_terminal(["grad", "relu", "--term"], 50, 80)
    assert "\x1b[" in coloured  # rich saw a colour terminal
    text = re.sub(r"\x1b\[[0-9;]*m", "", coloured).replace("\r\n", "\n")
    _fits(text, 80)
    _assert_step(dots(read_plot(text)))
    assert list(tmp_path.iterdir()) == []


def test_in_a_short_terminal_the_chart_fits_its_rows() -> None:
    """Two panels in a 100 x 16 pseudo-terminal: 15 lines at most, so the prompt after it leaves the title in view."""
    coloured = _in_a_terminal(["relu", "--with-grad", "--term", "--title", "relu"], 16, 100)
    text = re.sub(r"\x1b\[[0-9;]*m", "", coloured).replace("\r\n", "\n")
    lines = text.rstrip("\n").split("\n")
    assert len(lines) <= 15 and lines[0].strip() == "relu"
    assert any(line.startswith("grad of relu(x):  ⣿ relu") for line in lines)  # y label and legend on one line
    _fits(text, 100)


def _in_a_terminal(args: list[str], rows: int, columns: int) -> str:
    """What `actplot ARGS` writes to a pseudo-terminal of that size (escapes and all)."""
    primary, secondary = pty.openpty()
    fcntl.ioctl(secondary, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "actplot", *args], stdout=secondary, stderr=secondary, env=env)
    os.close(secondary)
    seen = b""
    while chunk := _read(primary):
        seen += chunk
    os.close(primary)
    assert proc.wait(timeout=120) == 0
    return seen.decode()


def _read(fd: int) -> bytes:
    try:
        return os.read(fd, 4096)
    except OSError:  # the other end closed (Linux says EIO)
        return b""

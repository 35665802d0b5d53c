"""Terminal charts read back as a user sees them: braille dots decoded, rows, columns and labels."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import numpy as np
import pytest
from rich.cells import cell_len

from actplot.draw.term import print_chart, render_lines, render_text, terminal_width, wants_ascii

# Unicode braille: dots 1-2-3 down the left column are bits 0-2, dots 4-5-6 down the right are
# bits 3-5, and the bottom row's dots 7 and 8 are bits 6 and 7.
BIT = {(0, 0): 0, (1, 0): 1, (2, 0): 2, (0, 1): 3, (1, 1): 4, (2, 1): 5, (3, 0): 6, (3, 1): 7}
X = np.linspace(-8.0, 8.0, 2001)


@dataclass
class S:
    label: str
    x: np.ndarray
    y: np.ndarray


@dataclass
class P:
    series: list[S]
    ylabel: str


@dataclass
class Plot:
    labels: list[str]  # y label on each text row ('' where none)
    cells: list[str]  # the plot area, one string per text row, padded to its width


def read_plot(text: str) -> Plot:
    """The first panel's plot area and y labels, found from its x axis line."""
    lines = text.split("\n")
    axis = next(i for i, line in enumerate(lines) if re.fullmatch(r" *[└+][─┬+-]+", line))
    gutter = lines[axis].index(lines[axis].strip()[0])
    cols = len(lines[axis]) - gutter - 1
    top = axis
    while top > 0 and len(lines[top - 1]) > gutter and lines[top - 1][gutter] in "┤│|+":
        top -= 1
    rows = lines[top:axis]
    return Plot([r[:gutter].strip() for r in rows], [r[gutter + 1 :].ljust(cols) for r in rows])


def dots(plot: Plot) -> np.ndarray:
    """Braille cells decoded into a boolean grid of dots, row 0 at the top."""
    grid = np.zeros((4 * len(plot.cells), 2 * len(plot.cells[0])), dtype=bool)
    for r, row in enumerate(plot.cells):
        for c, char in enumerate(row):
            code = ord(char) - 0x2800 if "\u2800" <= char <= "\u28ff" else 0
            for (dr, dc), bit in BIT.items():
                grid[4 * r + dr, 2 * c + dc] = bool(code >> bit & 1)
    return grid


def grad_relu(nan_at_jump: bool) -> P:
    """relu' as PyTorch gives it (0 up to and at x=0, 1 after), a NaN between the sides if asked."""
    y = np.where(X > 0, 1.0, 0.0)
    if not nan_at_jump:
        return P([S("relu", X, y)], "grad of relu(x)")
    after = int(np.searchsorted(X, 0.0, side="right"))
    return P([S("relu", np.insert(X, after, 0.0), np.insert(y, after, np.nan))], "grad of relu(x)")


def test_relu_is_flat_on_the_left_and_the_diagonal_on_the_right() -> None:
    grid = dots(read_plot(render_text([P([S("relu", X, np.maximum(X, 0.0))], "relu(x)")], 80)))
    height, width = grid.shape
    for col in range(width):
        x = -8.0 + 16.0 * col / (width - 1)
        expected_row = (8.0 - max(x, 0.0)) / 8.0 * (height - 1)
        rows = np.flatnonzero(grid[:, col])
        assert rows.size and np.min(np.abs(rows - expected_row)) <= 1.0, (col, rows, expected_row)
    assert grid[height - 1, : width // 2 - 1].all()  # the zero line runs the whole left half


def test_grad_relu_is_a_step_without_a_riser() -> None:
    text = render_text([grad_relu(nan_at_jump=True)], 80)
    grid = dots(read_plot(text))
    height, width = grid.shape
    middle = width // 2
    bottom, top = np.flatnonzero(grid[height - 1]), np.flatnonzero(grid[0])
    assert bottom.min() == 0 and abs(bottom.max() - middle) <= 2  # 0 from the left edge up to x=0
    assert top.max() == width - 1 and abs(top.min() - middle) <= 2  # 1 from just after x=0 on
    assert not grid[1 : height - 1].any()  # nothing between the two levels: no riser


def test_without_a_break_the_sides_are_joined_like_a_steep_curve() -> None:
    grid = dots(read_plot(render_text([grad_relu(nan_at_jump=False)], 80)))
    assert grid.all(axis=0).any()  # one column of dots from the top row to the bottom


@pytest.mark.parametrize("width", [80, 120])
def test_lines_fill_but_never_pass_the_width(width: int) -> None:
    panels = [P([S("relu", X, np.maximum(X, 0.0))], "relu(x)"), grad_relu(nan_at_jump=True)]
    for ascii in (False, True):
        lines = render_text(panels, width, ascii=ascii, title="relu and its gradient").split("\n")
        assert max(cell_len(line) for line in lines) == width
        plot = read_plot("\n".join(lines))
        assert len(plot.cells) == min(24, width // 4)  # no height given: a quarter of the width, 24 rows at most


def test_ascii_fallback_is_ascii_and_still_a_step() -> None:
    text = render_text([grad_relu(nan_at_jump=True)], 80, ascii=True, title="relu′")
    assert text.isascii()
    cells = read_plot(text).cells
    half = len(cells[0]) // 2
    assert set(cells[-1][: half - 1]) == {"*"} and not cells[-1][half + 2 :].strip()
    assert set(cells[0][half + 2 :]) == {"*"} and not cells[0][: half - 1].strip()
    assert not "".join(cells[1:-1]).strip()


def test_two_series_get_their_own_markers_and_a_legend() -> None:
    panel = P([S("relu", X, np.maximum(X, 0.0)), S("tanh", X, np.tanh(X))], "f(x)")
    text = render_text([panel], 80, height=16)
    assert "* relu  x tanh" in text
    cells = read_plot(text).cells
    assert cells[0].rstrip().endswith("*")  # relu reaches the top (8) at the right edge
    # tanh sits near -1 (the bottom) on the left and near +1 (a row above zero) on the right
    assert cells[-1].startswith("xxx") and cells[-1].count("*") == 0
    assert cells[0].count("x") == 0 and any(row.endswith("x") for row in cells[1:])


def test_in_colour_the_series_keep_braille_and_a_colour_each() -> None:
    panel = P([S("relu", X, np.maximum(X, 0.0)), S("tanh", X, np.tanh(X))], "f(x)")
    lines = render_lines([panel], 80, colour=True)
    styles = {style for line in lines for text, style in line if text.strip() and "\u2800" < text[0] <= "\u28ff"}
    assert len(styles) == 2
    out = io.StringIO()
    print_chart([panel], out, width=80, colour=True, ascii=False)
    assert "\x1b[" in out.getvalue() and "relu" in out.getvalue()


def test_print_chart_without_colour_writes_the_plain_chart() -> None:
    out = io.StringIO()
    print_chart([grad_relu(nan_at_jump=True)], out, width=80, colour=False, ascii=True)
    assert [line.rstrip() for line in out.getvalue().splitlines()] == render_text(
        [grad_relu(nan_at_jump=True)], 80, ascii=True
    ).split("\n")


def test_y_labels_show_the_range_of_the_finite_values() -> None:
    x = np.linspace(-2.0, 3.0, 501)
    y = x**2
    y[10], y[20], y[30] = np.nan, np.inf, -np.inf
    plot = read_plot(render_text([P([S("square", x, y)], "x**2")], 80))
    assert plot.labels[0] == "9" and plot.labels[-1] == "0"
    assert all(re.fullmatch(r"-?\d+(\.\d+)?|", label) for label in plot.labels)


def test_a_constant_series_is_drawn_in_the_middle() -> None:
    plot = read_plot(render_text([P([S("zero", X, np.zeros_like(X))], "0")], 80, height=11))
    grid = dots(plot)
    rows = np.flatnonzero(grid.any(axis=1))
    assert rows.tolist() == [round((grid.shape[0] - 1) / 2)] and grid[rows[0]].all()
    assert float(plot.labels[0]) > 0 > float(plot.labels[-1])


def test_x_range_and_label_are_below_the_plot() -> None:
    lines = render_text([grad_relu(nan_at_jump=True)], 80, xlabel="input").split("\n")
    assert lines[-2].split()[0] == "-8" and lines[-2].split()[-1] == "8" and "0" in lines[-2].split()
    assert lines[-1].strip() == "input"


@pytest.mark.parametrize(
    ("encoding", "env", "expected"),
    [
        ("utf-8", {"LANG": "en_US.UTF-8"}, False),
        ("utf-8", {"LC_ALL": "C", "LANG": "en_US.UTF-8"}, True),
        ("utf-8", {"LANG": "POSIX"}, True),
        ("utf-8", {"LANG": "de_DE.ISO-8859-1"}, True),
        ("latin-1", {"LANG": "en_US.UTF-8"}, True),
        ("ascii", {}, True),
    ],
)
def test_wants_ascii_unless_encoding_and_locale_are_utf8(encoding: str, env: dict[str, str], expected: bool) -> None:
    assert wants_ascii(io.TextIOWrapper(io.BytesIO(), encoding=encoding), env) is expected


def test_width_outside_a_terminal_is_80_or_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)
    assert terminal_width(io.StringIO()) == 80
    monkeypatch.setenv("COLUMNS", "132")
    assert terminal_width(io.StringIO()) == 132
    monkeypatch.setenv("COLUMNS", "20")
    assert terminal_width(io.StringIO()) == 40

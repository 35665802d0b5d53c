"""Terminal charts that hold up: as tall as the terminal, legends wrapped whole, characters that cannot be
confused, jumps marked, and the figures' own colours. Panels are built directly (no torch)."""

from __future__ import annotations

import io
import re

import numpy as np
import pytest
from rich.cells import cell_len

from actplot.draw.term import MARKERS, print_chart, render_lines, render_text, terminal_height
from actplot.draw.term_legend import MARKS
from actplot.draw.term_plot import BOX
from actplot.scene import themes
from actplot.scene.data import Look, Marker, Panel, Series
from tests.test_term import P, S, read_plot

X = np.linspace(-8.0, 8.0, 801)
LIGHT = themes.palette("light")


def _relu_and_grad() -> list[Panel]:
    step = np.where(X > 0, 1.0, 0.0)
    after = int(np.searchsorted(X, 0.0, side="right"))
    grad = Series("relu", np.insert(X, after, 0.0), np.insert(step, after, np.nan), look=0)
    jumps = [Marker(0.0, 0.0, 0, filled=True), Marker(0.0, 1.0, 0, filled=False)]
    return [
        Panel([Series("relu", X, np.maximum(X, 0.0), look=0), Series("tanh", X, np.tanh(X), look=1)], "f(x)"),
        Panel([grad, Series("tanh", X, 1 - np.tanh(X) ** 2, look=1)], "grad of f(x)", markers=jumps),
    ]


def _printed(monkeypatch: pytest.MonkeyPatch, panels: list[Panel], columns: int, lines: int | None) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    if lines is None:
        monkeypatch.delenv("LINES", raising=False)
    else:
        monkeypatch.setenv("LINES", str(lines))
    out = io.StringIO()
    print_chart(panels, out, colour=False, title="relu and tanh")
    return out.getvalue().rstrip("\n").split("\n")


@pytest.mark.parametrize(("columns", "lines"), [(40, 12), (80, 24), (200, 50), (60, 20), (1000, 40)])
@pytest.mark.parametrize("count", [1, 2])
def test_the_chart_fits_the_terminals_rows(
    monkeypatch: pytest.MonkeyPatch, columns: int, lines: int, count: int
) -> None:
    printed = _printed(monkeypatch, _relu_and_grad()[:count], columns, lines)
    assert len(printed) <= lines - 1  # the prompt that follows keeps the first line in view
    assert max(cell_len(line) for line in printed) <= columns
    assert len(read_plot("\n".join(printed)).cells) >= 2


def test_rows_are_shared_by_the_panels_and_used() -> None:
    one, two = (render_text(_relu_and_grad()[:n], 200, height=49).split("\n") for n in (1, 2))
    assert len(one) == 49 and len(two) == 49  # 200 columns would allow 50 rows a panel: the height decides
    assert len(read_plot("\n".join(one)).cells) > 2 * len(read_plot("\n".join(two)).cells) - 2


def test_a_tall_terminal_keeps_the_figures_shape() -> None:
    text = render_text(_relu_and_grad()[:1], 80, height=200)
    assert len(read_plot(text).cells) == 20  # a quarter of the width, not 200 lines of one curve


def test_without_lines_a_pipe_gets_at_most_24_rows_a_panel(monkeypatch: pytest.MonkeyPatch) -> None:
    printed = _printed(monkeypatch, _relu_and_grad(), 200, None)
    assert len(read_plot("\n".join(printed)).cells) == 24
    assert len(printed) == 1 + 2 * (24 + 4) - 1 + 2  # title; per panel y label, legend, key, axis; ticks, x


def test_a_terminal_too_short_still_gets_a_chart() -> None:
    text = render_text(_relu_and_grad(), 80, height=4)
    assert len(read_plot(text).cells) == 2 and text.split("\n")[-1].split()[0] == "-8"  # the x label gave way


def test_a_short_terminal_runs_labels_and_legends_together() -> None:
    lines = render_text(_relu_and_grad(), 40, height=11, ascii=True, title="relu and tanh").split("\n")
    assert len(lines) == 11 and lines[0].strip() == "relu and tanh"
    assert lines[1] == "f(x):  * relu  x tanh" and "grad of f(x):  * relu  x tanh" in lines
    assert len(read_plot("\n".join(lines)).cells) == 2


@pytest.mark.parametrize(
    ("env", "tty", "expected"),
    [({}, False, None), ({"LINES": "30"}, False, 29), ({"LINES": "3"}, False, 10), ({"LINES": "x"}, False, None),
     ({"LINES": "0"}, False, None), ({"LINES": "99999"}, False, 1000), ({"LINES": "30"}, True, 29)],
)  # fmt: skip
def test_terminal_height(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], tty: bool, expected: int | None) -> None:
    monkeypatch.delenv("LINES", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)

    class Stream(io.StringIO):
        def isatty(self) -> bool:
            return tty

    assert terminal_height(Stream()) == expected


LABELS = ["relu", "leaky_relu(negative_slope=0.01)", "gelu(approximate=tanh)", "hardshrink", "softplus(beta=2)"]


def _legend(text: str, panel_lines: int = 0) -> list[str]:
    """The legend's lines: those between the y label (line 0) and the plot."""
    lines = text.split("\n")
    plot_top = next(i for i, line in enumerate(lines) if re.match(r" *\S*[┤+]", line))
    return lines[1 + panel_lines : plot_top]


@pytest.mark.parametrize("ascii", [False, True])
def test_the_legend_wraps_between_entries(ascii: bool) -> None:
    panel = P([S(label, X, np.tanh(X) * k) for k, label in enumerate(LABELS)], "f(x)")
    legend = _legend(render_text([panel], 40, ascii=ascii))
    assert len(legend) > 1 and max(cell_len(line) for line in legend) <= 40
    for k, label in enumerate(LABELS):  # each entry whole on one line, its marker before it
        assert sum(f"{MARKERS[k]} {label}" in line for line in legend) == 1, (label, legend)


def test_an_entry_wider_than_the_line_breaks_between_words() -> None:
    words = "the difference of two very long expressions evaluated in bfloat16 on the device".split()
    series = Series(" ".join(words), X, X, note="f′: numerical")
    legend = _legend(render_text([Panel([series, Series("tanh", X, np.tanh(X))], "f(x)")], 40))
    assert len(legend) >= 4 and max(cell_len(line) for line in legend) <= 40
    assert legend[0].startswith("* the") and all(line.startswith("  ") for line in legend[1:-1])
    assert " ".join(" ".join(legend[:-1]).replace("*", "").split()) == " ".join(words) + " (f′: numerical)"
    assert legend[-1] == "x tanh"  # the next entry starts a line of its own


def test_legend_title_and_notes() -> None:
    series = [Series("0.01", X, X * 0.01, note="0 for x ≥ 8.32"), Series("0.1", X, X * 0.1)]
    panel = Panel(series, "leaky_relu(x)", legend_title="negative_slope")
    assert _legend(render_text([panel], 80)) == ["negative_slope:  * 0.01 (0 for x ≥ 8.32)  x 0.1"]
    assert _legend(render_text([panel], 80, ascii=True)) == ["negative_slope:  * 0.01 (0 for x >= 8.32)  x 0.1"]


def test_ascii_characters_never_collide() -> None:
    axes = set("".join(BOX[True]) + "".join(BOX[False])) | set("0123456789.e-?` ")
    series, jumps = set(MARKERS), set(MARKS[True]) | set(MARKS[False])
    assert len(series) == len(MARKERS) and not series & axes and not jumps & axes and not jumps & series
    panel = P([S(f"s{k}", X, np.sin(X + k)) for k in range(len(MARKERS))], "f(x)")
    cells = read_plot(render_text([panel], 80, ascii=True)).cells
    assert set("".join(cells)) == set(MARKERS) | {" "}


@pytest.mark.parametrize("ascii", [False, True])
def test_jump_marks_sit_on_their_cells(ascii: bool) -> None:
    panel = _relu_and_grad()[1]
    text = render_text([panel], 80, ascii=ascii)
    cells = read_plot(text).cells
    col = round(8.0 / 16.0 * (2 * len(cells[0]) - 1)) // 2  # x = 0, placed as the dots are
    filled, open_, _ = MARKS[ascii]
    assert cells[-1][col] == filled and cells[0][col] == open_  # torch's 0 at x = 0; the limit 1 from the right
    assert "".join(cells).count(filled) == 1 and "".join(cells).count(open_) == 1
    assert f"{filled} PyTorch's value  {open_} other limit" in _legend(text)


def test_a_labelled_mark_is_named_in_the_key() -> None:
    peak = Marker(8.0, 8.0, 1, shape="D", label="max |Δ| = 8 at x = 8")
    panel = Panel([Series("relu", X, np.maximum(X, 0.0))], "f(x)", markers=[peak])
    text = render_text([panel], 60, ascii=True)
    assert read_plot(text).cells[0].rstrip().endswith("$") and "$ max |d| = 8 at x = 8" in text
    assert "PyTorch's value" not in text  # no jump, no key to one


def test_duck_typed_panels_have_no_marks_or_key() -> None:
    text = render_text([P([S("relu", X, np.maximum(X, 0.0))], "relu(x)")], 60)
    assert "PyTorch's value" not in text and not set(text) & (set(MARKS[False]) | set(MARKS[True]) - set("o"))


def _styles(panels: list[Panel] | list[P], chars: str) -> list[str | None]:
    """The styles of the plot's cells holding `chars`, in order of appearance."""
    rows = [line for line in render_lines(panels, 80, colour=True) if line[0][0].endswith(("┤", "│"))]
    return [style for line in rows for text, style in line[1:] for c in text if c in chars]


def test_series_take_the_figures_colours() -> None:
    looks = (Look(0), Look(4), Look(ramp=0.5))
    series = [Series("a", X, X), Series("b", X, -X, look=2), Series("c", X, X * 0, look=1)]
    panel = Panel(series, "f(x)", looks=looks)
    expected = [LIGHT[0], themes.ramp(0.5), LIGHT[4]]
    legend = render_lines([panel], 80, colour=True)[1]
    assert [style for text, style in legend if text == "⣿"] == expected
    braille = set(_styles([panel], "".join(map(chr, range(0x2801, 0x2900)))))
    assert braille == set(expected)


def test_duck_typed_panels_take_the_palette_in_order() -> None:
    panel = P([S(f"s{k}", X, X * k) for k in range(3)], "f(x)")
    legend = render_lines([panel], 80, colour=True)[1]
    assert [style for text, style in legend if text == "⣿"] == LIGHT[:3]


def test_marks_take_their_curves_colour() -> None:
    panel = _relu_and_grad()[1]
    assert set(_styles([panel], "●○")) == {themes.colour_of(panel.look(0), LIGHT)}


WIDE_TITLE = "修正线性单元函数及其导数修正线性单元函数及其导数"  # 24 characters, 48 columns


@pytest.mark.parametrize("width", [40, 41, 80])
def test_wide_characters_take_two_columns_and_never_pass_the_width(width: int) -> None:
    long = "激活函数的导数" * 8
    panels = [Panel([Series(f"{long} relu", X, np.maximum(X, 0.0)), Series("双曲正切", X, np.tanh(X))], long)]
    lines = render_text(panels, width, height=30, title=WIDE_TITLE, xlabel="输入" * 30).split("\n")
    assert max(cell_len(line) for line in lines) <= width
    # whole where it fits, else cut with an ellipsis (one column) where the next character would pass the width
    assert lines[0].strip() == (WIDE_TITLE if width >= 48 else WIDE_TITLE[: (width - 1) // 2] + "…")
    legend = "".join(line.strip() for line in lines[2:8])
    assert "激活函数的导数" * 8 in legend.replace(" ", "") and "双曲正切" in legend  # wrapped, nothing lost


@pytest.mark.parametrize("title", ["函数", "ReLU 函数", "函数 f′"])
def test_a_wide_title_is_centred_by_columns(title: str) -> None:
    first = render_text(_relu_and_grad(), 80, title=title).split("\n")[0]
    left = len(first) - len(first.lstrip())
    right = 80 - cell_len(first)
    assert first.strip() == title and abs(left - right) <= 1

"""Long labels on real Figures: wrapped, shrunk, then shortened, never cut by the canvas' edge; and the
rule for '$' (mathtext only in a whole $...$ label or under --math).

Figures are drawn in-process from synthetic curves over a fixed grid of sizes, so every run checks the
same cases; what is checked is what a reader sees: every text on the canvas, no line broken inside a
call's brackets, the title centred, and one warning exactly when something was cut short with '…'.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from actplot.commands import figure_options
from actplot.draw import render
from actplot.errors import LayoutWarning, UsageError
from actplot.scene import text as wording
from actplot.scene.data import Panel, Series, Style
from tests.conftest import Invoke

X = np.linspace(-8.0, 8.0, 201)
SPACED = "the output of the activation function applied elementwise to every pre-activation value of the layer"
UNSPACED = "theoutputoftheactivationfunctionappliedelementwisetoeverypreactivationvalue" * 2
NESTED = "where(x > 1, clamp(x, min(a, b), max(c, d)), softplus(x, beta=2.0)) * sigmoid(tanh(x) + gelu(x))"
LONG = {"spaced": SPACED, "unspaced": UNSPACED, "nested": NESTED}
SIZES = [(3.0, 2.0), (4.0, 3.0), (6.0, 4.0), (12.0, 8.0)]


def _panels(ylabel: str, curves: int = 1, name: str = "tanh(x)", panels: int = 1) -> list[Panel]:
    series = [Series(name if i == 0 else f"curve {i}", X, np.tanh(X) * (1 + i / 4), i) for i in range(curves)]
    return [Panel(series, ylabel) for _ in range(panels)]


def _draw(panels: list[Panel], style: Style) -> tuple[Figure, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = render.draw(panels, style)
        fig.draw_without_rendering()  # every text where it is drawn (a legend places its texts only then)
    assert all(issubclass(w.category, LayoutWarning) for w in caught), [str(w.message) for w in caught]
    return fig, [str(w.message) for w in caught]


def _texts(fig: Figure) -> list[Text]:
    found: list[Text] = list(fig.texts)
    for ax in fig.axes:
        found += [ax.xaxis.label, ax.yaxis.label, ax._left_title, *ax.texts]  # type: ignore[attr-defined]
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:
            found += [legend.get_title(), *legend.get_texts()]
    return [t for t in found if t.get_visible() and t.get_text()]


def _check(fig: Figure, caught: list[str]) -> None:
    """Every text on the canvas, no break inside brackets, the title centred, y labels within their
    axes, and a warning exactly when a text ends in '…'."""
    renderer = fig._get_renderer()  # type: ignore[attr-defined]
    canvas = fig.bbox
    for text in _texts(fig):
        box = text.get_window_extent(renderer)
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= canvas.x1 + 1 and box.y1 <= canvas.y1 + 1, text.get_text()
        for line in text.get_text().split("\n")[:-1]:
            assert line.count("(") == line.count(")"), f"a break inside brackets: {text.get_text()!r}"
    for ax in fig.axes:
        assert ax.yaxis.label.get_window_extent(renderer).height <= ax.get_window_extent(renderer).height + 1
    title = getattr(fig, "_suptitle", None)
    if title is not None:
        box = title.get_window_extent(renderer)
        assert abs((box.x0 + box.x1) / 2 - canvas.width / 2) <= 2
    cut = any(wording.ELLIPSIS in t.get_text() for t in _texts(fig))
    said = [m for m in caught if "shortened with '…'" in m]
    assert cut == bool(said) and len(said) <= 1, (cut, caught)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]:g}x{s[1]:g}")
@pytest.mark.parametrize("kind", LONG)
@pytest.mark.parametrize("where", ["title", "xlabel", "ylabel", "legend_title", "entry", "note", "direct"])
def test_a_long_text_stays_on_the_canvas(where: str, kind: str, size: tuple[float, float]) -> None:
    long = LONG[kind]
    curves = 2 if where in ("legend_title", "entry", "direct") else 1
    name = long if where in ("entry", "note", "direct") else "tanh(x)"  # a lone curve's name goes above it
    panels = _panels(long if where == "ylabel" else "f(x)", curves, name)
    style = Style(figsize=size, legend="direct" if where == "direct" else "best",
                  **({where: long} if where in ("title", "xlabel", "legend_title") else {}))  # fmt: skip
    fig, caught = _draw(panels, style)
    _check(fig, caught)


@pytest.mark.parametrize("size", [None, (3.0, 2.0), (5.0, 4.0)], ids=["unsized", "3x2", "5x4"])
def test_everything_long_at_once_on_stacked_panels(size: tuple[float, float] | None) -> None:
    style = Style(figsize=size, title=SPACED, xlabel=NESTED, legend_title=SPACED)
    fig, caught = _draw(_panels(NESTED, 3, NESTED, panels=2), style)
    _check(fig, caught)


def test_a_long_title_wraps_into_balanced_lines_centred_on_the_figure() -> None:
    fig, caught = _draw(_panels("f(x)"), Style(figsize=(5.0, 3.0), title=SPACED))
    lines = fig._suptitle.get_text().split("\n")  # type: ignore[attr-defined]
    assert len(lines) == 2 and " ".join(lines) == SPACED and abs(len(lines[0]) - len(lines[1])) < 15
    assert not caught
    _check(fig, caught)


def test_a_nested_call_breaks_only_between_its_arguments_at_the_top() -> None:
    fig, caught = _draw(_panels("f(x)"), Style(figsize=(4.0, 3.0), xlabel=NESTED))
    lines = fig.axes[0].xaxis.label.get_text().split("\n")
    assert lines == ["where(x > 1, clamp(x, min(a, b), max(c, d)), softplus(x, beta=2.0))",
                     "* sigmoid(tanh(x) + gelu(x))"]  # fmt: skip
    _check(fig, caught)


def test_short_labels_are_left_alone() -> None:
    fig, caught = _draw(_panels("relu(x)", 2), Style(figsize=(5.0, 2.5), title="ReLU", xlabel="x"))
    assert not caught and all("\n" not in t.get_text() for t in _texts(fig))


def test_pieces_wrap_and_shorten() -> None:
    assert wording.pieces("where(x > 1, x, 0) of f(a, b)") == ["where(x > 1, x, 0)", "of", "f(a, b)"]
    assert wording.pieces("a $x y$ b") == ["a", "$x y$", "b"]
    assert wording.pieces("f(x of y") == ["f(x", "of", "y"]  # unbalanced: any space will do
    assert wording.wrap("aa bb cc dd", 2) == "aa bb\ncc dd"
    assert wording.shorten("where(x > 1, clamp(x, 0, 1), 0)", 20) == "where(x > 1, clamp(x…))"
    assert wording.shorten("$\\sigma(x)$", 3) == "$\\sigma(x)$"  # mathtext is never cut inside


@pytest.mark.parametrize(
    ("text", "math", "read_as_math"),
    [("cost is $5 and $10", False, False), ("$\\sigma(x)$", False, True), ("a $x$ b", False, False),
     ("a $x$ b", True, True), ("$$$", False, False), ("costs 5\\$", False, False)],
)  # fmt: skip
def test_dollars_are_math_only_where_asked(text: str, math: bool, read_as_math: bool) -> None:
    fig, _ = _draw(_panels(text, 2, text), Style(title=text, xlabel=text, legend_title=text, math=math))
    legend = fig.axes[0].get_legend() or fig.legends[0]
    drawn = [fig._suptitle, fig.axes[0].xaxis.label, fig.axes[0].yaxis.label, legend.get_title(), legend.get_texts()[0]]  # type: ignore[attr-defined]  # fmt: skip
    for label in drawn:
        shown, parsed = label._preprocess_math(label.get_text())  # type: ignore[attr-defined]
        assert bool(parsed) == read_as_math, label.get_text()
        if not read_as_math:
            assert shown == text.replace("\\$", "$")


def test_math_reaches_the_mathtext_check() -> None:
    figure_options.check(figsize=None, dpi=100, labels={"--title": "a $x^$ b"})  # plain: drawn as written
    with pytest.raises(UsageError, match="not valid mathtext"):
        figure_options.check(figsize=None, dpi=100, labels={"--title": "a $x^$ b"}, math=True)


def test_cli_dollar_rule(invoke: Invoke, tmp_path: Path) -> None:
    bad = invoke(["relu", "--ylabel", "$x^$", "--out", str(tmp_path / "a.png")])
    assert bad.exit_code == 2 and bad.stderr.count("\n") == 1 and "not valid mathtext" in bad.stderr
    for args in (["--title", "cost is $5 and $10 $"], ["--math", "--title", "a $\\sigma(x)$ b"]):
        ok = invoke(["relu", *args, "--out", str(tmp_path / "b.png")])
        assert ok.exit_code == 0, ok.stderr

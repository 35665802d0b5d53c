"""Sizes for the venue, files journals accept, one minus sign, gallery figures that say what they show."""

from __future__ import annotations

import re
import shutil
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PathCollection

from actplot.draw import render
from actplot.scene.data import Marker, Panel, Series, Style
from tests.conftest import Invoke

MINUS = "\u2212"


def _panel() -> Panel:
    x = np.linspace(-4.0, 4.0, 201)
    return Panel([Series("tanh", x, np.tanh(x), 0)], "tanh(x)")


def _sizes(style: Style) -> tuple[float, float, float]:
    """(tick label size, y label size, curve width) of a one-panel figure drawn in `style`."""
    fig = render.draw([_panel()], style)
    ax = fig.axes[0]
    tick = float(ax.yaxis.get_major_ticks()[0].label1.get_fontsize())
    return tick, float(ax.yaxis.label.get_fontsize()), float(ax.lines[0].get_linewidth())


@pytest.mark.parametrize(("context", "factor"), [("paper", 0.8), ("notebook", 1.0), ("talk", 1.5), ("poster", 2.0)])
def test_context_scales_text_and_lines_by_seaborns_factors(context: str, factor: float) -> None:
    tick, label, width = _sizes(Style(figsize=(8.0, 5.0), context=context))
    assert tick == pytest.approx(9.0 * factor)
    assert label == pytest.approx(9.0 * factor)
    assert width == pytest.approx(1.5 * factor)


def test_sizes_follow_the_figure_without_a_context() -> None:
    textbook = _sizes(Style())
    assert textbook == pytest.approx((9.0, 9.0, 1.5))
    big = _sizes(Style(figsize=(12.0, 8.0)))
    grow = min(12 / 5, 8 / 2.5) ** 0.75  # the width limits: 2.4 times, text grows a little less
    assert big == pytest.approx((9.0 * grow, 9.0 * grow, 1.5 * grow))
    small_tick, small_label, _ = _sizes(Style(figsize=(3.0, 2.0)))
    assert small_tick == small_label < 9.0  # a small figure shrinks all its text together, ticks too


def test_font_size_sets_the_base_over_the_venue() -> None:
    tick, label, width = _sizes(Style(figsize=(8.0, 5.0), context="talk", font_size=11.0))
    assert (tick, label) == (11.0, 11.0)
    assert width == pytest.approx(2.25)  # lines still follow the venue


def test_jump_marks_grow_with_the_venue() -> None:
    x = np.linspace(-1.0, 1.0, 101)
    y = np.where(x < 0, 0.0, 1.0)

    panel = Panel([Series("step", x, y, 0)], "f(x)", markers=[Marker(0.0, 1.0, 0, True), Marker(0.0, 0.0, 0, False)])
    areas = []
    for context in ("notebook", "poster"):
        fig = render.draw([panel], Style(figsize=(8.0, 5.0), context=context))
        marks = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
        areas.append(max(float(c.get_sizes().max()) for c in marks))
    assert areas[1] == pytest.approx(4 * areas[0])  # twice the diameter


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--context", "slides"], "--context must be one of paper, notebook, talk, poster"),
        (["--font-size", "0.5"], "--font-size must be from 4 to 72 points"),
        (["--font-size", "nan"], "--font-size must be from 4 to 72 points"),
        (["--svg-text", "--out", "x.png"], "--svg-text is for SVG files"),
    ],
)
def test_bad_venue_options_are_one_line_usage_errors(invoke: Invoke, args: list[str], message: str) -> None:
    result = invoke(["relu", *args])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def _pdf_fonts(data: bytes) -> list[bytes]:
    """Every font dictionary's /Subtype in a PDF, its compressed object streams included."""
    texts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            texts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [m for t in texts for m in re.findall(rb"/Type\s*/Font\b.*?/Subtype\s*/(\w+)", t, re.S)]


def test_pdf_embeds_truetype_never_type3(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    args = ["relu", "--with-grad", "--title", "$\\sigma(x)$ and relu", "--out", str(out)]
    assert invoke(args).exit_code == 0
    subtypes = _pdf_fonts(out.read_bytes())
    assert subtypes and b"Type3" not in subtypes
    assert b"/FontFile2" in out.read_bytes() or any(s in (b"Type0", b"CIDFontType2") for s in subtypes)
    pdffonts = shutil.which("pdffonts")
    if pdffonts:
        listing = subprocess.run([pdffonts, str(out)], capture_output=True, text=True, timeout=60, check=True).stdout
        rows = listing.splitlines()[2:]
        assert rows and not any("Type 3" in row for row in rows)
    again = tmp_path / "g.pdf"
    assert invoke(args[:-1] + [str(again)]).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_svg_text_keeps_text_as_text(invoke: Invoke, tmp_path: Path) -> None:
    paths, text, again = tmp_path / "p.svg", tmp_path / "t.svg", tmp_path / "t2.svg"
    assert invoke(["relu", "--title", "ReLU and kin", "--out", str(paths)]).exit_code == 0
    assert invoke(["relu", "--title", "ReLU and kin", "--svg-text", "--out", str(text)]).exit_code == 0
    assert invoke(["relu", "--title", "ReLU and kin", "--svg-text", "--out", str(again)]).exit_code == 0
    assert not re.search(r"<text[\s>]", paths.read_text())  # paths (the title is only a comment there)
    svg = text.read_text()
    assert re.search(r"<text[^>]*>ReLU and kin</text>", svg)
    assert "font-family" in svg or "font:" in svg  # fonts are named, not embedded
    assert again.read_bytes() == text.read_bytes()


def test_notes_and_readouts_use_the_minus_sign(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["diff", "relu", "leaky_relu", "--out", str(tmp_path / "d.png")])
    assert result.exit_code == 0
    # relu - leaky_relu is 0.01 * -x for x < 0: largest at the left end, x = -8
    assert f"at x = {MINUS}8 " in result.stderr and "= -8" not in result.stderr


def test_swept_negative_values_and_notes_carry_the_minus_sign() -> None:
    from actplot import api
    from actplot.activations import spec
    from actplot.scene import panels as scene_panels

    sweep = scene_panels.parse_sweep("negative_slope=-0.5,0.1")
    (panel,) = api.panels([spec.parse("leaky_relu")], orders=(0,), sweep=sweep, style=Style())
    assert [s.label for s in panel.series] == [f"{MINUS}0.5", "0.1"]
    (f16,) = api.panels([spec.parse("sigmoid")], orders=(1,), xrange=(-20.0, 2.0), dtype="float16", style=Style())
    notes = " ".join(s.note for s in f16.series)
    assert re.search(f"x ≤ {MINUS}\\d", notes), notes
    assert "-" not in notes


def test_gallery_figures_are_titled_with_every_parameter(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "g"
    args = ["gallery", "threshold", "hardtanh", "relu", "--out", str(out), "--format", "svg", "--svg-text"]
    assert invoke([*args, "--jobs", "1", "--no-page"]).exit_code == 0
    titles = {name: (out / f"{name}.svg").read_text() for name in ("threshold", "hardtanh", "relu")}
    assert ">threshold(threshold=1, value=0)</text>" in titles["threshold"]
    assert f">hardtanh(min_val={MINUS}1, max_val=1)</text>" in titles["hardtanh"]
    assert ">relu</text>" in titles["relu"]


def test_negative_parameters_in_legends_and_readouts_carry_the_minus_sign(invoke: Invoke, tmp_path: Path) -> None:
    from actplot import api
    from actplot.activations import spec

    (panel,) = api.panels([spec.parse("leaky_relu(negative_slope=-0.5)"), spec.parse("relu")], style=Style())
    assert panel.series[0].label == f"leaky_relu(negative_slope={MINUS}0.5)"
    result = invoke(["diff", "leaky_relu(negative_slope=-0.5)", "relu", "--out", str(tmp_path / "d.png")])
    assert result.exit_code == 0
    assert f"max |leaky_relu(negative_slope={MINUS}0.5) − relu|" in result.stderr


def test_mathtext_that_its_fonts_cannot_draw_is_one_warning_line(invoke: Invoke, tmp_path: Path) -> None:
    # different characters each time: a process says each missing character once
    for args, said in ((["--title", "$中文 x$"], "中 (U+4E2D), 文 (U+6587)"),
                       (["--math", "--title", "$\\alpha$ 汉字 $x^2$"], "汉 (U+6C49), 字 (U+5B57)")):  # fmt: skip
        result = invoke(["relu", *args, "--out", str(tmp_path / "m.png")])
        assert result.exit_code == 0
        lines = result.stderr.strip().splitlines()
        assert [line for line in lines if not line.startswith("wrote")] == [
            f"actplot: warning: mathtext draws only its own fonts: {said} in a $...$ label is drawn"
            " as boxes; write such text outside $...$ (and without --math)"
        ], lines


def test_tabs_in_labels_become_spaces() -> None:
    from actplot.scene.text import for_matplotlib

    assert for_matplotlib("a\tb $5") == "a   b \\$5"  # a tab is a box in every font


@pytest.mark.parametrize(
    ("sweep", "message"),
    [
        ("alpha=1,1", "--sweep gives 1 twice; give each value once"),
        ("alpha=0:1e-300:3", "--sweep gives 0 twice; its values round together"),
        ("alpha=0.5,0:2:3", "--sweep takes a list or a range, not both"),
    ],
)
def test_sweeps_that_repeat_a_value_are_refused(invoke: Invoke, sweep: str, message: str) -> None:
    result = invoke(["elu", "--sweep", sweep])
    assert result.exit_code == 2 and message in result.stderr

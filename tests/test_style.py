"""Looks: colour-blind-safe palette with line styles, themes, transparency, styles, legends, no clipping,
and byte-identical files from separate processes."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from PIL import Image

from actplot import api
from actplot.draw import render


def test_overlay_curves_differ_in_colour_and_line_style() -> None:
    fig = api.figure(["relu", "gelu", "silu"])
    lines = fig.axes[0].get_lines()
    assert [to_hex(line.get_color()) for line in lines] == ["#0072b2", "#d55e00", "#009e73"]  # Okabe-Ito
    # Line2D keeps the dash sequence only privately; distinct sequences read apart in grayscale
    assert len({tuple(line._dash_pattern[1] or ()) for line in lines}) == 3


def _png(fig: render.Figure) -> Image.Image:
    buf = io.BytesIO()
    render.save(fig, buf, "png")
    return Image.open(io.BytesIO(buf.getvalue())).convert("RGBA")


def test_dark_theme_and_transparent_background() -> None:
    dark = _png(api.figure("relu", style=render.Style(theme="dark")))
    r, g, b, a = dark.getpixel((1, 1))
    assert a == 255 and max(r, g, b) < 60
    clear = _png(api.figure("relu", style=render.Style(transparent=True)))
    assert clear.getpixel((1, 1))[3] == 0


def test_matplotlib_style_applies() -> None:
    fig = api.figure(["relu", "gelu"], style=render.Style(mplstyle="ggplot"))
    assert to_hex(fig.axes[0].get_facecolor()) == "#e5e5e5"  # ggplot's grey axes


@pytest.mark.parametrize("where", ["outside", "none", "lower right"])
def test_legend_position(where: str) -> None:
    fig = api.figure(["relu", "gelu"], style=render.Style(legend=where))
    legend = fig.axes[0].get_legend() or (fig.legends[0] if fig.legends else None)
    if where == "none":
        assert legend is None
    else:
        assert legend is not None
        FigureCanvasAgg(fig).draw()
        box, axes_box = legend.get_window_extent(), fig.axes[0].get_window_extent()
        assert (box.x0 > axes_box.x1) == (where == "outside")


@pytest.mark.filterwarnings("ignore::actplot.errors.LayoutWarning")  # small sizes move or leave out the legend
@pytest.mark.parametrize("figsize", [(3.0, 2.0), (4.0, 3.0), (7.0, 4.0), (12.0, 8.0)])
def test_no_label_is_clipped_at_any_size(figsize: tuple[float, float]) -> None:
    style = render.Style(figsize=figsize, dpi=100.0, title="softplus with a small threshold", legend="outside")
    fig = api.figure("softplus(beta=10, threshold=0.4)", orders=(0, 1), sweep="beta=5,10", style=style)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    width, height = canvas.get_width_height()
    assert (width, height) == (round(figsize[0] * 100), round(figsize[1] * 100))
    renderer = canvas.get_renderer()
    for ax in fig.axes:
        box = ax.get_tightbbox(renderer)
        assert box is not None
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height, (figsize, box)


def test_two_processes_write_identical_bytes(tmp_path: Path) -> None:
    script = (
        "import sys\nfrom actplot.cli.app import app\nimport typer\n"
        "for fmt in ('png', 'svg', 'pdf'):\n"
        "    typer.main.get_command(app).main(['grad', 'relu', 'sigmoid', '--dtype', 'bfloat16,float32',"
        " '--out', f'{sys.argv[1]}/fig.{fmt}'], standalone_mode=False)\n"
    )
    procs = []
    for run in ("a", "b"):  # side by side: two processes, two hash seeds, same command
        (tmp_path / run).mkdir()
        procs.append(subprocess.Popen([sys.executable, "-c", script, str(tmp_path / run)], stderr=subprocess.PIPE))
    errors = [p.communicate()[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    for fmt in ("png", "svg", "pdf"):
        first, second = (tmp_path / run / f"fig.{fmt}" for run in ("a", "b"))
        assert first.read_bytes() == second.read_bytes(), fmt
        assert len(first.read_bytes()) > 1000

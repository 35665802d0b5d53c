"""Figures: pixel size, parseable files, drawn data equal to the computed values, labels inside the canvas."""

from __future__ import annotations

import io
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import PathCollection
from PIL import Image

from actplot import api
from actplot.draw import render


def _png_size(fig: render.Figure) -> tuple[int, int]:
    buf = io.BytesIO()
    render.save(fig, buf, "png")
    with Image.open(io.BytesIO(buf.getvalue())) as img:
        return img.size


@pytest.mark.parametrize("figsize,dpi", [((5.0, 2.5), 150.0), ((3.0, 2.0), 100.0), ((12.0, 8.0), 72.0)])
def test_png_pixel_size_is_figsize_times_dpi(figsize: tuple[float, float], dpi: float) -> None:
    fig = api.figure("relu", orders=(0, 1), style=render.Style(figsize=figsize, dpi=dpi))
    assert _png_size(fig) == (round(figsize[0] * dpi), round(figsize[1] * dpi))


def test_svg_parses() -> None:
    buf = io.BytesIO()
    render.save(api.figure("gelu"), buf, "svg")
    root = ET.fromstring(buf.getvalue())
    assert root.tag.endswith("svg")


def test_pdf_header() -> None:
    buf = io.BytesIO()
    render.save(api.figure("gelu"), buf, "pdf")
    assert buf.getvalue().startswith(b"%PDF-")


def test_drawn_lines_are_the_computed_values() -> None:
    fig = api.figure(["sigmoid", "tanh"], orders=(0, 1), xrange=(-4.0, 4.0), points=81)
    top, bottom = fig.axes
    (sig, tanh), (dsig, dtanh) = top.get_lines(), bottom.get_lines()
    x = np.asarray(sig.get_xdata(), dtype=np.float64)
    s = 1 / (1 + np.exp(-x))
    assert np.allclose(sig.get_ydata(), s, rtol=1e-6)
    assert np.allclose(tanh.get_ydata(), np.tanh(x), rtol=1e-6, atol=1e-7)
    assert np.allclose(dsig.get_ydata(), s * (1 - s), rtol=1e-5, atol=1e-7)
    assert np.allclose(dtanh.get_ydata(), 1 - np.tanh(x) ** 2, rtol=1e-5, atol=1e-7)
    assert [line.get_label() for line in top.get_lines()] == ["sigmoid", "tanh"]


def test_relu_gradient_at_zero_is_pytorchs_zero() -> None:
    fig = api.figure("relu", orders=(1,), points=160)  # 160 points alone would miss 0
    dots = [c for c in fig.axes[0].collections if isinstance(c, PathCollection)]
    filled = [c.get_offsets()[0].tolist() for c in dots if np.array_equal(c.get_facecolors(), c.get_edgecolors())]
    assert filled == [[0.0, 0.0]]  # the filled dot: PyTorch's relu'(0)


def test_textbook_labels() -> None:
    fig = api.figure("relu", orders=(0, 1))
    assert [ax.get_ylabel() for ax in fig.axes] == ["relu(x)", "grad of relu(x)"]
    assert fig.axes[1].get_xlabel() == "x"
    fig = api.figure("elu(alpha=0.5)", orders=(2,))
    assert fig.axes[0].get_ylabel() == "grad² of elu(x, alpha=0.5)"


@pytest.mark.filterwarnings("ignore::actplot.errors.LayoutWarning")  # 3 x 2: the legend is left out, and says so
@pytest.mark.parametrize("figsize", [(3.0, 2.0), (5.0, 2.5), (12.0, 8.0)])
def test_no_label_is_clipped(figsize: tuple[float, float]) -> None:
    style = render.Style(figsize=figsize, dpi=100.0, title="A title")
    fig = api.figure(["relu", "leaky_relu(negative_slope=0.2)"], orders=(0, 1), style=style)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    width, height = canvas.get_width_height()
    labels = [t for ax in fig.axes for t in (ax.xaxis.label, ax.yaxis.label) if t.get_text()] + fig.texts
    assert len(labels) == 4  # two y labels, the x label, the title
    for ax in fig.axes:  # the tight box covers every drawn tick label, axis label, title and legend
        box = ax.get_tightbbox(renderer)
        assert box is not None
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height


def test_ylim_and_grid_options() -> None:
    fig = api.figure("relu", style=render.Style(ylim=(-1.0, 3.0), grid=False))
    ax = fig.axes[0]
    assert ax.get_ylim() == (-1.0, 3.0)
    assert not any(line.get_visible() for line in ax.get_xgridlines())


def test_numerical_series_is_labelled() -> None:
    with pytest.warns(UserWarning, match="central differences"):
        fig = api.figure("hardsigmoid", orders=(2,))
    assert fig.axes[0].get_lines()[0].get_label() == "hardsigmoid (numerical)"
    assert fig.axes[0].get_title(loc="left") == "hardsigmoid: numerical"  # a lone curve: said above it


def test_same_figure_same_bytes() -> None:
    for fmt in render.FIGURE_FORMATS:
        outputs = []
        for _ in range(2):
            buf = io.BytesIO()
            render.save(api.figure("gelu", orders=(0, 1)), buf, fmt)
            outputs.append(buf.getvalue())
        assert outputs[0] == outputs[1], fmt
        assert math.isfinite(len(outputs[0]))


@pytest.mark.filterwarnings("ignore::actplot.errors.LayoutWarning")  # 3 x 2: the legend is left out, and says so
@pytest.mark.parametrize(
    "funcs,figsize,theme,fmt",
    [
        (["gelu"], (5.0, 2.5), "light", "png"),
        (["relu", "leaky_relu(negative_slope=0.2)", "x*sigmoid(1.702*x)"], (3.0, 2.0), "dark", "png"),
        (["hardswish"], (12.0, 8.0), "light", "svg"),
        (["elu(alpha=0.5)", "selu"], (4.0, 3.0), "dark", "pdf"),
    ],
)
def test_one_pass_write_gives_the_bytes_of_draw_then_save(
    funcs: list[str], figsize: tuple[float, float], theme: str, fmt: str
) -> None:
    style = render.Style(figsize=figsize, dpi=100.0, theme=theme, title="t")
    data = api.panels(funcs, orders=(0, 1), style=style)
    one, two = io.BytesIO(), io.BytesIO()
    render.write(data, style, one, fmt)
    render.save(render.draw(data, style), two, fmt)
    # svg clip-path ids are hashes that depend on the drawing history; everything else must be equal
    assert _clip_ids(one.getvalue()) == _clip_ids(two.getvalue())


def _clip_ids(data: bytes) -> bytes:
    return re.sub(rb"\bp[0-9a-f]{10}\b", b"p-clip", data)

"""The notebook explorer: controls for each parameter, redrawn by torch on every change, as Jupyter runs it."""

from __future__ import annotations

import base64
import contextlib
import doctest
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch

import actplot
from actplot import explorer
from actplot.errors import MissingDependencyError, UnknownFunctionError, UsageError

pytest.importorskip("ipywidgets")

ROOT = Path(__file__).resolve().parents[1]
TORCH_DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16,
                "bfloat16": torch.bfloat16}  # fmt: skip


def _curves(ax: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """The drawn curves of one axes (lines of many points), as (x, y) where y is finite."""
    out = []
    for line in ax.lines:
        x, y = np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float)
        if len(x) > 50:
            keep = np.isfinite(y)
            out.append((x[keep], y[keep]))
    return out


def _torch(fn: Any, x: np.ndarray, dtype: str, order: int) -> np.ndarray:
    """fn(x) (order 0) or its autograd derivative (order 1), computed here by torch in `dtype`."""
    t = torch.tensor(x, dtype=torch.float64).to(TORCH_DTYPES[dtype]).requires_grad_(order == 1)
    y = fn(t)
    if order == 1:
        (y,) = torch.autograd.grad(y.sum(), t)
    return y.detach().double().numpy()


def test_documented_examples() -> None:
    found = doctest.testmod(explorer)
    assert found.attempted >= 2 and found.failed == 0


@pytest.mark.parametrize(("alpha", "dtype"), [(0.25, "float32"), (1.7, "float64"), (0.5, "float16")])
def test_moving_a_slider_redraws_what_torch_computes(alpha: float, dtype: str) -> None:
    box = actplot.explore("elu", dtype=dtype)
    state = explorer.state(box)
    assert type(box).__name__ == "VBox" and state.image in box.children
    first, png = state.updates, state.image.value
    state.controls["elu.alpha"].value = alpha
    assert state.updates == first + 1 and state.message == ""
    assert state.image.value != png and state.image.value[:4] == b"\x89PNG"
    f_ax, df_ax = state.figure.axes
    assert f_ax.get_ylabel() == f"elu(x, alpha={alpha:g})"
    (x, y), *_ = _curves(f_ax)
    assert len(x) >= 300
    np.testing.assert_array_equal(y, _torch(lambda t: torch.nn.functional.elu(t, alpha), x, dtype, 0))
    for x, y in _curves(df_ax):  # f' jumps at 0 (alpha != 1): compare away from the break
        away = x != 0
        want = _torch(lambda t: torch.nn.functional.elu(t, alpha), x[away], dtype, 1)
        np.testing.assert_array_equal(y[away], want)


def test_dtype_order_and_x_range_controls_redraw() -> None:
    state = explorer.state(actplot.explore("gelu"))
    state.controls["dtype"].value = "bfloat16"
    state.controls["order"].value = "f''"
    state.controls["xrange"].value = (-2.0, 3.0)
    assert state.updates == 4
    (ax,) = state.figure.axes
    assert ax.get_xlim()[0] <= -2.0 and ax.get_xlim()[1] >= 3.0
    (x, y), *_ = _curves(ax)
    assert x.min() == -2.0 and x.max() == 3.0
    t = torch.tensor(x, dtype=torch.bfloat16, requires_grad=True)
    (d1,) = torch.autograd.grad(torch.nn.functional.gelu(t).sum(), t, create_graph=True)
    (d2,) = torch.autograd.grad(d1.sum(), t)
    np.testing.assert_array_equal(y, d2.double().numpy())


def test_a_function_with_two_parameters_gets_two_sliders() -> None:
    state = explorer.state(actplot.explore("hardtanh"))
    lo, hi = state.controls["hardtanh.min_val"], state.controls["hardtanh.max_val"]
    assert (type(lo).__name__, lo.value, type(hi).__name__, hi.value) == ("FloatSlider", -1.0, "FloatSlider", 1.0)
    assert lo.min < -1.0 < lo.max and hi.min < 1.0 < hi.max and 0 < lo.step <= 0.05
    assert not lo.continuous_update  # a drag redraws once, when it ends
    hi.value = 0.5
    lo.value = -0.25
    (x, y), *_ = _curves(state.figure.axes[0])
    np.testing.assert_array_equal(y, _torch(lambda t: torch.nn.functional.hardtanh(t, -0.25, 0.5), x, "float32", 0))
    assert " ".join(state.figure.axes[0].get_ylabel().split()) == "hardtanh(x, min_val=\u22120.25, max_val=0.5)"


def test_a_value_the_function_refuses_is_said_and_the_last_figure_stays() -> None:
    state = explorer.state(actplot.explore("hardtanh"))
    state.controls["hardtanh.max_val"].value = 0.0
    png, updates = state.image.value, state.updates
    state.controls["hardtanh.min_val"].value = 0.0  # not below max_val
    assert state.updates == updates and state.image.value == png
    assert state.message == "hardtanh: min_val (0) must be less than max_val (0)"
    assert "#b00020" in state.status.value
    state.controls["hardtanh.max_val"].value = 1.5
    assert state.updates == updates + 1 and state.message == "" and state.image.value != png


def test_sliders_start_where_the_function_does_and_stay_in_its_bounds() -> None:
    state = explorer.state(actplot.explore(["elu(alpha=0.5)", "leaky_relu"], "elu", "softplus", "gelu"))
    assert state.controls["elu.alpha"].value == 0.5 and state.controls["elu[2].alpha"].value == 1.0
    assert state.controls["elu.alpha"].min == 0.0  # alpha's own minimum
    assert state.controls["leaky_relu.negative_slope"].value == 0.01
    assert state.controls["softplus.beta"].min > 0  # softplus refuses beta = 0
    approximate = state.controls["gelu.approximate"]
    assert type(approximate).__name__ == "Dropdown" and list(approximate.options) == ["none", "tanh"]
    approximate.value = "tanh"
    curves = _curves(state.figure.axes[0])
    x, y = curves[-1]
    np.testing.assert_array_equal(y, _torch(lambda t: torch.nn.functional.gelu(t, approximate="tanh"), x, "float32", 0))
    assert len(curves) == 5 and list(state.controls["dtype"].options) == ["float32", "float64", "float16", "bfloat16"]


def test_an_expression_has_only_the_common_controls() -> None:
    state = explorer.state(actplot.explore("x * sigmoid(1.702 * x)", order="f"))
    assert sorted(state.controls) == ["dtype", "order", "xrange"]
    (x, y), *_ = _curves(state.figure.axes[0])
    t = torch.tensor(x, dtype=torch.float32)
    np.testing.assert_allclose(y, (t * torch.sigmoid(1.702 * t)).double().numpy(), rtol=1e-6, atol=1e-7)


def test_warnings_are_said_under_the_controls() -> None:
    state = explorer.state(actplot.explore("exp(x)", dtype="float16", order="f"))
    assert state.updates == 1 and state.message == ""
    state.controls["xrange"].value = (-8.0, 15.0)  # exp(x) passes float16's largest value near x = 11.1
    assert state.updates == 2 and "inf" in state.message and "#666666" in state.status.value


@pytest.mark.parametrize(
    ("args", "kwargs", "error"),
    [(("gleu",), {}, UnknownFunctionError), ((), {}, UsageError), (([],), {}, UsageError),
     (("elu",), {"order": "f'''"}, UsageError), (("elu",), {"dtype": "int8"}, UsageError)],
)  # fmt: skip
def test_bad_input_is_refused_before_anything_is_drawn(args: tuple[Any, ...], kwargs: dict[str, Any],
                                                       error: type[Exception]) -> None:  # fmt: skip
    with pytest.raises(error):
        actplot.explore(*args, **kwargs)


def test_without_ipywidgets_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ipywidgets", None)  # `import ipywidgets` now fails
    with pytest.raises(ImportError, match=r'pip install "actplot\[notebook\]"') as caught:
        actplot.explore("elu")
    assert isinstance(caught.value, MissingDependencyError)


def test_importing_actplot_and_naming_explore_stays_light() -> None:
    code = (
        "import sys, actplot; f = actplot.explore; from actplot import explore\n"
        "print(callable(f), f is explore, sorted(m for m in ('torch', 'matplotlib', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120, cwd=ROOT
    )
    assert out.stdout.split() == ["True", "True", "[]"]


_KERNEL_CELLS = [
    "import json\nimport actplot\nfrom actplot import explorer\nbox = actplot.explore('elu', points=201)\nbox",
    "state = explorer.state(box)\n"
    "print(json.dumps({'slider': state.controls['elu.alpha'].model_id, 'image': state.image.model_id}))",
    "state.controls['elu.alpha'].value = 0.3",  # a later cell moves the slider
    "print(json.dumps({'updates': state.updates, 'label': state.figure.axes[0].get_ylabel()}))",
]


def _printed(cell: Any) -> dict[str, Any]:
    text = "".join(out.get("text", "") for out in cell.outputs if out.output_type == "stream")
    return dict(json.loads(text.strip().splitlines()[-1]))


def test_in_a_real_kernel_moving_the_slider_redraws_the_figure() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in _KERNEL_CELLS])
    client = nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    )
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(client.setup_kernel())
        except Exception as exc:  # no kernel can start here (none installed, no sockets): nothing to test
            pytest.skip(f"no python3 kernel starts here: {type(exc).__name__}: {exc}")
        shown = client.execute_cell(nb.cells[0], 0).outputs
        assert any("application/vnd.jupyter.widget-view+json" in out.get("data", {}) for out in shown)
        ids = _printed(client.execute_cell(nb.cells[1], 1))
        first = client.widget_buffers[ids["image"]][("value",)]["data"]  # the PNG as the front end has it
        client.execute_cell(nb.cells[2], 2)
        moved = client.widget_buffers[ids["image"]][("value",)]["data"]
        assert moved != first and base64.b64decode(moved)[:4] == b"\x89PNG"
        # then the front end moves it, as a browser does: a comm message setting the slider's value
        update = {"method": "update", "state": {"value": 0.6}, "buffer_paths": []}
        client.kc.shell_channel.send(client.kc.session.msg("comm_msg", {"comm_id": ids["slider"], "data": update}))
        done = _printed(client.execute_cell(nb.cells[3], 3))
    assert done == {"updates": 3, "label": "elu(x, alpha=0.6)"}

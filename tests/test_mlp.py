"""actplot mlp: random and fitted MLPs, checked against networks rebuilt here from the same seeds.

Network k of ``--seed S`` is PyTorch's nn.Linear layers initialised from ``torch.Generator().manual_seed(S + k)``,
layer by layer, weight before bias; the tests build them again with torch alone and compare.
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections.abc import Iterator

import numpy as np
import pytest
import torch
from torch import nn

from tests.conftest import Invoke


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _json(invoke: Invoke, *args: str) -> dict:
    result = invoke(["mlp", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return dict(json.loads(result.stdout))


def _default_layers(width: int, depth: int, seed: int, dtype: torch.dtype) -> list[nn.Linear]:
    """PyTorch's default nn.Linear initialisation, drawn from a generator seeded with `seed`."""
    g = torch.Generator().manual_seed(seed)
    sizes = [1] + [width] * depth + [1]
    layers = []
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        layer = nn.utils.skip_init(nn.Linear, fan_in, fan_out, dtype=dtype)
        with torch.no_grad():
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=g)
            nn.init.uniform_(layer.bias, -1 / math.sqrt(fan_in), 1 / math.sqrt(fan_in), generator=g)
        layers.append(layer)
    return layers


def _line_residual(x: np.ndarray, y: np.ndarray) -> float:
    a = np.column_stack([x, np.ones_like(x)])
    coef, *_ = np.linalg.lstsq(a, y, rcond=None)
    return float(np.abs(y - a @ coef).max())


def _forward(layers: list[dict], x: torch.Tensor, act: str = "relu") -> torch.Tensor:
    h = x.unsqueeze(-1)
    for i, layer in enumerate(layers):
        h = h @ torch.tensor(layer["weight"], dtype=x.dtype).T + torch.tensor(layer["bias"], dtype=x.dtype)
        if i < len(layers) - 1:
            h = torch.relu(h) if act == "relu" else h
    return h.squeeze(-1)


@pytest.mark.parametrize("seed", [0, 11, 4242])
def test_without_a_nonlinearity_every_network_is_affine(invoke: Invoke, seed: int) -> None:
    found = _json(invoke, "identity", "--width", "8", "--depth", "1,3", "--samples", "3", "--seed", str(seed),
                  "--dtype", "float64")  # fmt: skip
    x = np.array(found["data"]["x"])
    for net in found["meta"]["networks"]:
        y = np.array(found["data"][net["column"]])
        assert _line_residual(x, y) < 1e-12 * max(1.0, float(np.abs(y).max()))
        assert net["breakpoints"] == [] and net["pieces"] == 1


@pytest.mark.parametrize("seed", [0, 3, 99])
def test_one_hidden_layer_breakpoints_are_minus_b_over_w(invoke: Invoke, seed: int) -> None:
    found = _json(invoke, "relu", "--width", "8", "--samples", "3", "--seed", str(seed), "--range", "-4", "4")
    x = np.array(found["data"]["x"])
    for k, net in enumerate(found["meta"]["networks"]):
        first, second = _default_layers(8, 1, seed + k, torch.float32)
        assert net["layers"][0]["weight"] == first.weight.double().tolist()
        assert net["layers"][1]["bias"] == second.bias.double().tolist()
        w, b = first.weight.detach().double().squeeze(1).numpy(), first.bias.detach().double().numpy()
        kinks = sorted(float(-bi / wi) for wi, bi in zip(w, b) if wi != 0 and -4 < -bi / wi < 4)
        assert net["breakpoints"] == pytest.approx(kinks, rel=1e-12, abs=1e-12)
        assert net["pieces"] == len(kinks) + 1 <= 8 + 1
        y = np.array(found["data"][net["column"]])
        with torch.no_grad():
            mine = second(torch.relu(first(torch.tensor(x, dtype=torch.float32).unsqueeze(1)))).squeeze(1)
        assert np.allclose(y, mine.double().numpy(), rtol=1e-6, atol=1e-6)
        flags = np.array(found["data"][f"{net['column']}_breakpoint"])
        assert int(flags.sum()) == len(kinks)  # each breakpoint is a point of the grid
        edges = [-4.0, *kinks, 4.0]
        for lo, hi in zip(edges, edges[1:]):  # between breakpoints: a straight line (float32 rounding)
            inside = (x >= lo) & (x <= hi)
            if inside.sum() > 2:
                assert _line_residual(x[inside], y[inside]) < 1e-5


@pytest.mark.parametrize(("func", "width", "seed"), [("relu", 1, 0), ("relu", 5, 7), ("leaky_relu", 16, 2),
                                                     ("relu", 32, 5)])  # fmt: skip
def test_pieces_never_exceed_width_plus_one(invoke: Invoke, func: str, width: int, seed: int) -> None:
    found = _json(invoke, func, "--width", str(width), "--samples", "4", "--seed", str(seed), "--range", "-50", "50",
                  "--points", "201")  # fmt: skip
    for net in found["meta"]["networks"]:
        assert 1 <= net["pieces"] <= width + 1


def test_deep_breakpoints_are_where_the_slope_changes(invoke: Invoke) -> None:
    found = _json(invoke, "relu", "--width", "6", "--depth", "3", "--samples", "3", "--seed", "1", "--dtype",
                  "float64")  # fmt: skip
    for k, net in enumerate(found["meta"]["networks"]):
        mine = _default_layers(6, 3, 1 + k, torch.float64)
        assert [layer["weight"] for layer in net["layers"]] == [m.weight.detach().tolist() for m in mine]
        edges = [-3.0, *net["breakpoints"], 3.0]
        slopes = []
        for lo, hi in zip(edges, edges[1:]):
            t = torch.linspace(lo, hi, 7, dtype=torch.float64)[1:-1]
            y = _forward(net["layers"], t).numpy()
            assert _line_residual(t.numpy(), y) < 1e-12
            slopes.append((y[-1] - y[0]) / float(t[-1] - t[0]))
        for left, right in zip(slopes, slopes[1:]):
            assert not math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-12)


def test_a_width_32_relu_net_fits_sin_3x(invoke: Invoke) -> None:
    """The documented bound: with the default steps and init (he), seed 0 reaches RMS < 0.1 (measured 0.054) where
    width 2 cannot get below 0.5."""
    found = _json(invoke, "relu", "--fit", "sin(3*x)", "--width", "2,32", "--range", str(-math.pi), str(math.pi))
    x = np.array(found["data"]["x"])
    rms = {}
    for net in found["meta"]["networks"]:
        gap = np.array(found["data"][net["column"]]) - np.sin(3 * x)
        rms[net["width"]] = float(np.sqrt(np.mean(gap**2)))
        assert net["params"] == 3 * net["width"] + 1
    assert rms[32] < 0.1 < 0.5 < rms[2]


def test_training_is_torch_adam_on_the_mean_squared_error(invoke: Invoke) -> None:
    """--fit takes the steps torch.optim.Adam (lr 0.005, full batch) takes from the same initial weights."""
    found = _json(invoke, "tanh", "--fit", "sin(3*x)", "--width", "8", "--steps", "40", "--points", "101", "--init",
                  "default")
    layers = _default_layers(8, 1, 0, torch.float32)
    x = torch.linspace(-3, 3, 101, dtype=torch.float64).float()
    optimiser = torch.optim.Adam([p for layer in layers for p in layer.parameters()], lr=0.005)
    for _ in range(40):
        optimiser.zero_grad()
        y = layers[1](torch.tanh(layers[0](x.unsqueeze(1)))).squeeze(1)
        ((y - torch.sin(3 * x)) ** 2).mean().backward()
        optimiser.step()
    (net,) = found["meta"]["networks"]
    for mine, theirs in zip(layers, net["layers"]):
        assert np.allclose(mine.weight.detach().double().numpy(), theirs["weight"], rtol=1e-5, atol=1e-6)
        assert np.allclose(mine.bias.detach().double().numpy(), theirs["bias"], rtol=1e-5, atol=1e-6)


def test_the_same_seed_gives_the_same_bytes(invoke: Invoke, tmp_path: object) -> None:
    from pathlib import Path

    folder = Path(str(tmp_path))
    args = ["mlp", "relu", "tanh", "--width", "4", "--points", "201"]
    for name, seed in (("a.png", "0"), ("b.png", "0"), ("c.png", "1")):
        assert invoke([*args, "--seed", seed, "--out", str(folder / name)]).exit_code == 0
    a, b, c = ((folder / n).read_bytes() for n in ("a.png", "b.png", "c.png"))
    assert a == b and a != c


@pytest.mark.parametrize(
    "args",
    [
        ["relu", "--width", "0"],
        ["relu", "--width", "8,x"],
        ["relu", "--depth", "99"],
        ["relu", "--init", "lecun"],
        ["relu", "--steps", "10"],
        ["nosuchfunction"],
        ["relu", "--fit", "sin(3*x)", "--dtype", "float16"],
        ["relu", "--samples", "0"],
        ["relu", "--format", "xml"],
        ["relu", "--out", "x.png", "--format", "json"],
        ["relu", "--overlay", "--fit", "x"],
        ["relu", "--range", "3", "-3"],
        ["relu", "--fit", "log(x)", "--steps", "1"],
    ],
)
def test_usage_errors_are_one_line_with_exit_2(invoke: Invoke, args: list[str]) -> None:
    result = invoke(["mlp", *args])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_help_does_not_import_torch() -> None:
    code = (
        "import sys\nfrom typer.testing import CliRunner\nfrom actplot.cli.app import app\n"
        "r = CliRunner().invoke(app, ['mlp', '--help'])\n"
        "print(r.exit_code, 'torch' in sys.modules, 'matplotlib' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.split() == ["0", "False", "False"]


def test_a_table_destination_is_checked_before_anything_is_computed(tmp_path: object) -> None:
    import subprocess
    import sys

    code = (
        "import sys\nfrom actplot.cli.app import main\n"
        "sys.argv = ['actplot', 'mlp', 'relu', '--format', 'csv', '--out', sys.argv[1]]\n"
        "try:\n    main()\nfinally:\n    print('torch' in sys.modules, file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.splitlines() == [f"actplot: error: '{tmp_path}' is a directory; give a file name such as"
                                        " relu.png", "False"]  # fmt: skip

"""Grids, autograd derivatives and devices, checked against closed forms written here."""

from __future__ import annotations

import math
import warnings

import pytest
import torch

from actplot import api
from actplot.activations import spec
from actplot.errors import DeviceError, UsageError
from actplot.numeric import compute, functions


def _grid(func: str, lo: float = -8.0, hi: float = 8.0, points: int = 2001, dtype: str = "float32") -> torch.Tensor:
    return api.grid([spec.parse(func)], (lo, hi), points, "cpu", dtype)


def test_grid_holds_zero_and_every_kink_in_range() -> None:
    # 2000 points over [-7.3, 7.9] would step by 0.0076: neither 0, -1 nor 1 is a grid value without inserting them.
    x = _grid("hardtanh", -7.3, 7.9, 2000, "float64")
    values = set(x.tolist())
    assert {0.0, -1.0, 1.0} <= values
    assert x[0].item() == -7.3 and x[-1].item() == 7.9
    assert torch.all(x[1:] > x[:-1])  # sorted, no duplicates
    assert len(x) == 2003


def test_grid_kinks_follow_parameters() -> None:
    x = _grid("hardshrink(lambd=0.37)", -1.0, 1.0, 10, "float64")
    assert {-0.37, 0.37, 0.0} <= set(x.tolist())
    x = _grid("relu6", -1.0, 5.0, 7, "float64")  # 6 is out of range, so not added
    assert max(x.tolist()) == 5.0


def test_grid_in_low_precision_is_sorted_and_unique() -> None:
    x = _grid("relu", -8.0, 8.0, 2001, "bfloat16")
    assert x.dtype == torch.bfloat16
    assert torch.all(x[1:] > x[:-1])
    assert 0.0 in x.tolist()


@pytest.mark.parametrize("bounds", [(5.0, 1.0), (1.0, 1.0), (math.nan, 1.0), (-math.inf, 1.0)])
def test_bad_range_is_a_usage_error(bounds: tuple[float, float]) -> None:
    with pytest.raises(UsageError):
        compute.check_range(*bounds, 10)


def test_derivatives_are_fresh_for_each_function() -> None:
    # The textbook's pitfall: forgetting to zero x.grad makes relu' + sigmoid' appear as sigmoid' (1.105 at 2).
    x = torch.tensor([2.0], dtype=torch.float64)
    res = api.results(["relu", "sigmoid"], x=x, order=1, dtype="float64")
    s = 1 / (1 + math.exp(-2.0))
    assert res[0].values[1].item() == 1.0
    assert res[1].values[1].item() == pytest.approx(s * (1 - s), rel=1e-12)


def test_higher_orders_match_closed_forms() -> None:
    x = torch.linspace(-4, 4, 41, dtype=torch.float64)
    t = torch.tanh(x).numpy()
    values = api.evaluate("tanh", x, order=3)
    assert values[1].numpy() == pytest.approx(1 - t**2, rel=1e-10)
    assert values[2].numpy() == pytest.approx(-2 * t * (1 - t**2), rel=1e-10, abs=1e-14)
    assert values[3].numpy() == pytest.approx(-2 * (1 - t**2) * (1 - 3 * t**2), rel=1e-9, abs=1e-14)


def test_piecewise_linear_second_derivative_is_zero() -> None:
    x = torch.linspace(-3, 3, 13, dtype=torch.float64)
    values = api.evaluate("relu", x, order=2)
    assert torch.all(values[2] == 0)


def test_missing_autograd_order_falls_back_to_central_differences() -> None:
    x = torch.tensor([-5.0, -1.0, 0.5, 2.0, 5.0], dtype=torch.float64)
    with pytest.warns(compute.NumericalDerivativeWarning, match="order 2"):
        d = compute.derivatives(functions.function_of(spec.parse("hardsigmoid")), x, 2)
    assert d.numerical_from == 2 and d.is_numerical(2) and not d.is_numerical(1)
    assert d.values[1].tolist() == pytest.approx([0, 1 / 6, 1 / 6, 1 / 6, 0], rel=1e-6)
    assert d.values[2].tolist() == pytest.approx([0, 0, 0, 0, 0], abs=1e-6)


def test_no_fallback_warning_when_autograd_suffices() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.evaluate("gelu", torch.linspace(-1, 1, 5), order=3)


def test_dtype_is_respected() -> None:
    for name, dt in compute.DTYPES.items():
        res = api.results(["sigmoid"], x=[0.1, 0.5], dtype=name)[0]
        assert res.x.dtype == dt and res.values[0].dtype == dt and res.values[1].dtype == dt


def test_order_limits() -> None:
    with pytest.raises(UsageError):
        api.evaluate("relu", torch.zeros(2), order=compute.MAX_ORDER + 1)


def test_unknown_device_and_dtype() -> None:
    with pytest.raises(UsageError):
        compute.resolve_device("tpu")
    with pytest.raises(UsageError):
        compute.resolve_dtype("float8")


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message on a machine without CUDA")
def test_cuda_missing_is_a_clear_error() -> None:
    with pytest.raises(DeviceError, match="no CUDA device") as info:
        compute.resolve_device("cuda:0")
    assert info.value.hint is not None and "cpu" in info.value.hint


def test_mps_float64_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(compute, "_mps_available", lambda: True)
    with pytest.raises(DeviceError, match="MPS has no float64"):
        compute.resolve_device("mps", torch.float64)
    assert compute.resolve_device("auto", torch.float64).type in ("cpu", "cuda")


def test_auto_device_is_usable() -> None:
    device = compute.resolve_device("auto")
    res = api.results(["relu"], x=[1.0], device=str(device))[0]
    assert res.values[0].device.type == "cpu"  # results always come back to the CPU


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_cuda_values_match_cpu() -> None:
    x = torch.linspace(-8, 8, 1001)
    for name in ("relu", "gelu", "sigmoid", "hardswish", "softplus"):
        cpu = api.results([name], x=x, order=2)[0]
        gpu = api.results([name], x=x, order=2, device="cuda")[0]
        for a, b in zip(cpu.values, gpu.values):
            assert torch.allclose(a, b, rtol=1e-5, atol=1e-6)


@pytest.mark.gpu
@pytest.mark.skipif(
    not (getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()), reason="needs an MPS device"
)
def test_mps_values_match_cpu() -> None:
    x = torch.linspace(-8, 8, 1001)
    cpu = api.results(["gelu"], x=x)[0]
    mps = api.results(["gelu"], x=x, device="mps")[0]
    assert torch.allclose(cpu.values[1], mps.values[1], rtol=1e-5, atol=1e-6)

"""actplot stats: Gaussian moments, gains and mean-field numbers against closed forms written here."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest

from actplot import api
from tests.conftest import Invoke

SQRT2PI = math.sqrt(2 * math.pi)
# torch's SELU constants, as torch.nn.SELU documents them (Klambauer et al. 2017, eq. 14)
SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946


def _phi_cdf(x: float) -> float:
    return 0.5 * math.erfc(-x / math.sqrt(2))


def _within(found: dict[str, float], exact: float, ulps: float = 4) -> None:
    """The bound must cover the gap to the closed form (which itself carries float64 rounding)."""
    slack = ulps * math.ulp(max(abs(exact), 1e-300))
    assert abs(found["value"] - exact) <= found["error"] + slack, (found, exact)
    assert found["error"] < 1e-12  # and the bound is tight


@pytest.fixture(scope="module")
def found() -> dict[str, dict[str, object]]:
    names = ["relu", "leaky_relu(negative_slope=0.2)", "gelu", "sigmoid", "tanh", "selu"]
    return {f["function"]: f for f in api.stats(names)}


def test_relu_moments(found: dict) -> None:
    m = found["relu"]["moments"]
    _within(m["E[f]"], 1 / SQRT2PI)  # E[max(z, 0)] = φ(0) = 1/√(2π)
    _within(m["E[f^2]"], 0.5)  # half of E[z²]
    _within(m["E[f']"], 0.5)  # P(z > 0)
    _within(found["relu"]["gains"]["forward"], math.sqrt(2))  # He et al. 2015
    assert found["relu"]["gains"]["torch"] == pytest.approx(math.sqrt(2), rel=1e-15)


def test_leaky_relu_second_moment(found: dict) -> None:
    a = 0.2
    _within(found["leaky_relu(negative_slope=0.2)"]["moments"]["E[f^2]"], (1 + a * a) / 2)


def test_gelu_mean_by_steins_lemma(found: dict) -> None:
    # E[z Φ(z)] = E[φ(z)] (Stein's lemma) = ∫ φ² = 1/(2√π)
    _within(found["gelu"]["moments"]["E[f]"], 1 / (2 * math.sqrt(math.pi)))


def test_odd_and_symmetric_means(found: dict) -> None:
    _within(found["sigmoid"]["moments"]["E[f]"], 0.5)  # sigmoid(z) + sigmoid(-z) = 1
    _within(found["tanh"]["moments"]["E[f]"], 0.0)  # odd


def test_selu_keeps_mean_zero_and_variance_one(found: dict) -> None:
    lam, alpha = SELU_SCALE, SELU_ALPHA
    # E[e^z; z < 0] = e^{1/2} Φ(-1), E[e^{2z}; z < 0] = e² Φ(-2) (complete the square)
    neg = math.exp(0.5) * _phi_cdf(-1) - 0.5
    neg2 = math.exp(2) * _phi_cdf(-2) - 2 * math.exp(0.5) * _phi_cdf(-1) + 0.5
    mean = lam * (1 / SQRT2PI + alpha * neg)
    second = lam * lam * (0.5 + alpha * alpha * neg2)
    m = found["selu"]["moments"]
    _within(m["E[f]"], mean, ulps=16)
    _within(m["E[f^2]"], second, ulps=16)
    assert abs(mean) < 1e-9 and abs(second - 1) < 1e-9  # the fixed point (0, 1) of Klambauer et al.


@pytest.mark.parametrize(("sw", "phase"), [(1.0, "ordered"), (math.sqrt(2), "critical"), (math.sqrt(2.5), None)])
def test_relu_fixed_point_and_chi1(sw: float, phase: str | None) -> None:
    mf = api.stats(["relu"], sigma_w=sw, sigma_b=0.0)[0]["meanfield"]
    if phase is None:  # σ_w² > 2: V(q) = σ_w² q / 2 grows without bound
        assert mf["q*"] is None and mf["phase"] == "grows without bound"
        return
    assert mf["phase"] == phase
    assert abs(mf["chi1"]["value"] - sw * sw / 2) <= mf["chi1"]["error"] + 1e-15  # χ₁ = σ_w² P(z > 0)


def test_relu_fixed_point_with_bias() -> None:
    # q* = σ_w² q*/2 + σ_b²  =>  q* = σ_b² / (1 - σ_w²/2) = 0.1 / 0.25 at σ_w² = 1.5
    mf = api.stats(["relu"], sigma_w=math.sqrt(1.5), sigma_b=math.sqrt(0.1))[0]["meanfield"]
    assert abs(mf["q*"]["value"] - 0.4) <= mf["q*"]["error"] + 1e-12


def test_tanh_fixed_point_against_mpmath() -> None:
    mpmath = pytest.importorskip("mpmath")  # sympy's arbitrary-precision library, an independent integrator
    mpmath.mp.dps = 30

    def second(q: float) -> float:
        f = lambda z: mpmath.tanh(mpmath.sqrt(q) * z) ** 2 * mpmath.npdf(z)  # noqa: E731
        return float(mpmath.quad(f, [-mpmath.inf, 0, mpmath.inf]))

    sw2, sb2, q = 1.5, 0.05, 1.0
    for _ in range(200):  # the iteration contracts (χ₁ ≈ 0.94 here)
        nxt = sw2 * second(q) + sb2
        if abs(nxt - q) < 1e-15:
            break
        q = nxt
    mf = api.stats(["tanh"], sigma_w=math.sqrt(sw2), sigma_b=math.sqrt(sb2))[0]["meanfield"]
    assert mf["q*"]["value"] == pytest.approx(q, rel=1e-10)
    assert mf["phase"] == "ordered"


def test_tanh_critical_line_passes_near_schoenholz() -> None:
    # Schoenholz et al. 2017, fig. 1: at σ_b² = 0.05 the critical line is at σ_w² ≈ 1.76
    below = api.stats(["tanh"], sigma_w=math.sqrt(1.70), sigma_b=math.sqrt(0.05))[0]["meanfield"]
    above = api.stats(["tanh"], sigma_w=math.sqrt(1.82), sigma_b=math.sqrt(0.05))[0]["meanfield"]
    assert below["phase"] == "ordered" and above["phase"] == "chaotic"


def test_fast_growth_is_reported_not_hung() -> None:
    f = api.stats(["exp(x*x)"])[0]
    assert f["moments"]["E[f^2]"]["value"] == math.inf and f["notes"]


def test_markdown_table_has_every_row_and_a_legend(invoke: Invoke) -> None:
    result = invoke(["stats", "relu", "tanh", "sigmoid", "selu", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "| quantity | relu | tanh | sigmoid | selu |"
    assert any(line.startswith("| E[f(z)] | 0.398942280401") and "±" in line for line in lines)
    assert any("5/3" in line for line in lines) and any("± is a bound" in line for line in lines)


def test_json_parses_and_csv_has_a_header(invoke: Invoke) -> None:
    out = invoke(["stats", "sigmoid", "--format", "json", "--depth", "3"])
    doc = json.loads(out.stdout)
    assert doc["functions"][0]["depth"][0] == pytest.approx(0.2933790358580930, rel=1e-12)
    rows = list(csv.reader(io.StringIO(invoke(["stats", "relu", "--format", "csv"]).stdout)))
    assert rows[0] == ["function", "quantity", "value", "error"] and rows[1][:2] == ["relu", "E[f(z)]"]


@pytest.mark.parametrize(
    "args", [["stats", "gleu"], ["stats", "relu", "--q", "-1"], ["stats", "relu", "--format", "xml"],
             ["stats", "relu", "--out", "x.png"], ["stats", "relu", "--depth", "-2"]],
)  # fmt: skip
def test_usage_errors_are_one_line_with_exit_2(invoke: Invoke, args: list[str]) -> None:
    result = invoke(args)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr


def test_plot_writes_the_figure(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "mf.png"
    result = invoke(["stats", "tanh", "--plot", "--out", str(out), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_low_dtype_bound_covers_the_exact_value() -> None:
    # f in float32, sums in float64: the bound includes float32's rounding, so it covers 1/√(2π) and 1/2
    m = api.stats(["relu"], dtype="float32")[0]["moments"]
    assert abs(m["E[f]"]["value"] - 1 / SQRT2PI) <= m["E[f]"]["error"]
    assert abs(m["E[f^2]"]["value"] - 0.5) <= m["E[f^2]"]["error"] < 1e-6


def test_every_catalogue_entry_has_finite_moments_and_bounds() -> None:
    from actplot.activations import spec

    for f in api.stats(spec.names()):
        for name, item in f["moments"].items():
            assert math.isfinite(item["value"]) and 0 <= item["error"] < 1e-9, (f["function"], name, item)
        assert f["meanfield"]["phase"] in ("ordered", "critical", "chaotic", "grows without bound"), f["function"]


def test_same_command_same_numbers(invoke: Invoke) -> None:
    args = ["stats", "gelu", "x*sigmoid(x)", "--format", "json", "--depth", "2"]
    assert invoke(args).stdout == invoke(args).stdout

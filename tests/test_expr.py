"""Expressions in x: values and derivatives as the same composition in torch, labels, kinks, errors."""

from __future__ import annotations

import builtins
import math
from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as F

from actplot import api
from actplot.activations import spec, tree
from actplot.errors import ActplotError, ExpressionError, ParameterError, UsageError
from tests.conftest import Invoke

F64 = torch.float64
Fn = Callable[[torch.Tensor], torch.Tensor]

# each expression next to the same composition written by hand in torch
CASES: list[tuple[str, Fn]] = [
    ("x * sigmoid(1.702 * x)", lambda x: x * torch.sigmoid(1.702 * x)),
    ("relu(x)**2", lambda x: F.relu(x) ** 2),
    ("log1p(exp(x))", lambda x: torch.log1p(torch.exp(x))),
    ("where(x > 0, x, 0.1 * x)", lambda x: torch.where(x > 0, x, 0.1 * x)),
    ("elu(x, alpha=0.5) - selu(x)", lambda x: F.elu(x, 0.5) - F.selu(x)),
    ("gelu(x, approximate=tanh)", lambda x: F.gelu(x, approximate="tanh")),
    ("gelu(x, approximate='tanh') / 2", lambda x: F.gelu(x, approximate="tanh") / 2),
    ("-x**2 + 3*x - pi", lambda x: -(x**2) + 3 * x - math.pi),
    ("e**x / (1 + e**x)", lambda x: math.e**x / (1 + math.e**x)),
    ("sqrt(abs(x) + 1) * sin(x) + cos(2*x) - tan(x / 8)", lambda x: torch.sqrt(x.abs() + 1) * torch.sin(x)
     + torch.cos(2 * x) - torch.tan(x / 8)),
    ("tanh(x) + erf(x) - erfc(x) + expm1(x / 4)", lambda x: torch.tanh(x) + torch.erf(x) - torch.erfc(x)
     + torch.expm1(x / 4)),
    ("log(1 + x**2) + atan(x) * asinh(x) + sinh(x / 3) / cosh(x / 3)", lambda x: torch.log(1 + x**2)
     + torch.atan(x) * torch.asinh(x) + torch.sinh(x / 3) / torch.cosh(x / 3)),
    ("minimum(x, 1) + maximum(x, -1) + max(x, 0) - min(x, 0)", lambda x: torch.minimum(x, torch.tensor(1.0))
     + torch.maximum(x, torch.tensor(-1.0)) + F.relu(x) - torch.clamp(x, max=0.0)),
    ("clamp(x**3, -2, 3) + clamp(x, min=0.5) + clamp(x, max=-0.5)", lambda x: torch.clamp(x**3, -2, 3)
     + torch.clamp(x, min=0.5) + torch.clamp(x, max=-0.5)),
    ("where(-1 < x <= 2, x**2, 0)", lambda x: torch.where((x > -1) & (x <= 2), x**2, 0.0)),
    ("LeakyReLU(2 * x - 1, negative_slope=0.2)", lambda x: F.leaky_relu(2 * x - 1, 0.2)),
    ("swish(x, beta=2) + softplus(x, beta=2, threshold=5)", lambda x: x * torch.sigmoid(2 * x)
     + F.softplus(x, 2.0, 5.0)),
    ("+x - -x", lambda x: x + x),
    ("2", lambda x: torch.full_like(x, 2.0)),
]  # fmt: skip


def _derivs(fn: Fn, x: torch.Tensor, order: int = 2) -> list[torch.Tensor]:
    x = x.detach().clone().requires_grad_(True)
    y = fn(x)
    out = [y.detach()]
    for k in range(order):
        if not y.requires_grad:
            y = torch.zeros_like(x)
        else:
            (y,) = torch.autograd.grad(y.sum(), x, create_graph=k < order - 1)
        out.append(y.detach())
    return out


@pytest.mark.parametrize(("text", "direct"), CASES, ids=[c[0] for c in CASES])
def test_expression_equals_the_same_composition_in_torch(text: str, direct: Fn) -> None:
    x = torch.linspace(-3.0, 3.0, 301, dtype=F64)
    got = api.evaluate(text, x, order=2)
    want = _derivs(direct, x)
    for k in range(3):
        torch.testing.assert_close(got[k], want[k], rtol=1e-12, atol=1e-12, equal_nan=True, msg=f"{text} d{k}")


def test_label_is_the_text_as_written() -> None:
    fs = spec.parse("  x*sigmoid(1.702*x) ")
    assert (fs.label, fs.call_label, fs.name) == ("x*sigmoid(1.702*x)",) * 3
    assert fs.params == {}
    with pytest.raises(UsageError, match="expression"):
        fs.with_params(alpha=1.0)


@pytest.mark.parametrize(
    ("text", "kind"),
    [("relu", spec.FuncSpec), ("elu(alpha=0.5)", spec.FuncSpec), ("leaky-relu", spec.FuncSpec),
     ("tanh", spec.FuncSpec), ("x", spec.ExprSpec), ("x-1", spec.ExprSpec), ("tanh(x)", spec.ExprSpec),
     ("elu(x, alpha=0.5)", spec.ExprSpec), ("tanh(0.5)", spec.ExprSpec), ("pi", spec.ExprSpec)],
)  # fmt: skip
def test_names_and_calls_stay_catalogue_entries(text: str, kind: type) -> None:
    assert isinstance(spec.parse(text), kind)


@pytest.mark.parametrize(
    ("text", "kinks", "complete"),
    [("x * sigmoid(x)", (), True), ("relu(x)**2", (0.0,), True), ("where(x > 0.5, x, 0)", (0.5,), True),
     ("where(-1 < x < 2, x, 0)", (-1.0, 2.0), True), ("abs(x) + hardtanh(x, min_val=-2)", (-2.0, 0.0, 1.0), True),
     ("clamp(x, max=3) + minimum(x, -1)", (-1.0, 3.0), True), ("relu(2 * x - 1)", (), False),
     ("where(x**2 > 1, x, 0)", (), False), ("abs(x - 1)", (), False), ("elu(x) + sqrt(x)", (0.0,), True)],
)  # fmt: skip
def test_kinks_known_from_the_text(text: str, kinks: tuple[float, ...], complete: bool) -> None:
    fs = spec.parse(text)
    assert isinstance(fs, spec.ExprSpec)
    assert fs.kinks() == kinks and fs.kinks_complete is complete


def test_kinks_are_on_the_grid() -> None:
    x = api.grid([spec.parse("where(x > 0.3, x, 0)")], (-1.0, 1.0), 4, dtype="float64")
    assert 0.3 in x.tolist()


@pytest.mark.parametrize(
    ("text", "column", "fragment"),
    [
        ("x * foo(x)", 5, "unknown function 'foo'"),
        ("x.real", 1, "attribute access"),
        ("x[0]", 1, "subscripts"),
        ("lambda: 1", 1, "lambda"),
        ("[x for x in (1, 2)]", 1, "a comprehension"),
        ("exp(t for t in (x,))", 4, "a comprehension"),
        ("sum(x)", 1, "unknown function 'sum'"),
        ("x ^ 2", 1, "write '**' for powers"),
        ("x % 2", 1, "'%'"),
        ("y + 1", 1, "unknown name 'y'"),
        ("2 * __import__", 5, "unknown name '__import__'"),
        ("exp + 1", 1, "write 'exp(x)'"),
        ("x > 0", 1, "comparisons are allowed only"),
        ("where(x, 1, 0)", 7, "must be a comparison"),
        ("where(x > 0 and x < 1, 1, 0)", 7, "'and'/'or'"),
        ("exp(x, 2)", 1, "takes 1 argument(s), 2 given"),
        ("exp(x, base=2)", 8, "takes no keyword 'base'"),
        ("elu(x, 2)", 1, "one input and keyword parameters"),
        ("x if x > 0 else 0", 1, "where(condition, a, b)"),
        ("'text'", 1, "only numbers"),
        ("x * True", 5, "only numbers"),
        ("1j * x", 1, "only numbers"),
        ("(x := 2)", 2, "':='"),
        ("x +", None, "invalid syntax"),
        ("x.__class__.__bases__[0].__subclasses__()", 1, "attribute access"),
        ("(lambda: x)()", 2, "only named functions may be called"),
        ("().__class__", 1, "attribute access"),
        ("__builtins__", 1, "unknown name '__builtins__'"),
        ("exp(*[x])", 5, "'Starred' is not allowed"),
        ("elu(x, alpha=x)", 14, "parameter 'alpha' must be a number"),
    ],
)
def test_errors_name_the_column(text: str, column: int | None, fragment: str) -> None:
    with pytest.raises(ExpressionError) as info:
        spec.parse_expression(text)
    assert f"column {column if column else ''}" in info.value.message and fragment in info.value.message


def test_catalogue_parameters_are_checked_in_expressions() -> None:
    with pytest.raises(ParameterError, match="elu has no parameter 'beta'"):
        spec.parse("elu(x, beta=1)")
    with pytest.raises(ParameterError, match="approximate"):
        spec.parse("gelu(x, approximate=erf)")


def test_limits_on_length_and_depth() -> None:
    with pytest.raises(ExpressionError, match="limit is 10000"):
        spec.parse("x+" * 50_000 + "x")  # 100 kB
    with pytest.raises(ExpressionError, match="nested too deeply"):
        spec.parse_expression("exp(" * 150 + "x" + ")" * 150)  # fine for Python's parser, too deep for ours
    with pytest.raises(ExpressionError):
        spec.parse_expression("(" * 5000 + "x" + ")" * 5000)  # Python's own parser gives up
    with pytest.raises(ExpressionError, match="nested too deeply"):
        spec.parse_expression("-" * 3000 + "x")
    assert isinstance(spec.parse_expression("+".join(["x"] * 100)), tree.Binary)  # a sum of 100 terms is fine


def test_parsing_never_evaluates(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("eval/exec called")

    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    values = api.evaluate("x * sigmoid(1.702 * x) + relu(x)**2", torch.tensor([1.0], dtype=F64), order=0)
    assert values[0].item() == pytest.approx(1 / (1 + math.exp(-1.702)) + 1.0)


def test_huge_powers_are_inf_at_once() -> None:
    for text in ("10**10**10", "9**9**9**9", "x**10**10", "1e999 * x", "10**400"):
        y = api.evaluate(text, torch.tensor([2.0, 3.0]), order=1)
        assert torch.isinf(y[0]).all(), text


def test_errors_are_usage_errors_on_the_command_line(invoke: Invoke) -> None:
    result = invoke(["table", "x * foo(x)", "--x", "1"])
    assert result.exit_code == 2
    assert result.stderr.startswith("actplot: error: cannot read expression at column 5")
    assert result.stdout == ""


def test_cli_table_of_an_expression(invoke: Invoke) -> None:
    result = invoke(["table", "x * sigmoid(1.702 * x)", "--x", "0,1", "--format", "csv", "--dtype", "float64"])
    assert result.exit_code == 0, result.stderr
    rows = [line.split(",") for line in result.stdout.splitlines()]
    assert rows[0] == ["x", "x_sigmoid_1_702_x", "x_sigmoid_1_702_x_d1"]  # column names are identifiers
    s = 1 / (1 + math.exp(-1.702))
    assert float(rows[2][1]) == pytest.approx(s, rel=1e-15)
    assert float(rows[2][2]) == pytest.approx(s + 1.702 * s * (1 - s), rel=1e-14)


def test_plot_an_expression_with_a_catalogue_entry(invoke: Invoke, tmp_path: object) -> None:
    import pathlib

    out = pathlib.Path(str(tmp_path)) / "both.png"
    result = invoke(["x*sigmoid(1.702*x)", "gelu", "--with-grad", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes().startswith(b"\x89PNG")


def test_only_actplot_errors_escape() -> None:
    for text in ("", " ", "\x00", "x\x00", "((", "1e", "x**", ")", "x = 1", "import os", "x; x", "*x", "x,"):
        with pytest.raises(ActplotError):
            spec.parse(text)

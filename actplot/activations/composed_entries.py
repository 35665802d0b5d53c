"""The catalogue's entries torch does not ship, each defined once by an expression (no torch)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from actplot.activations.entry import Activation, Param, Params, at_zero, fixed, none, num


def _composed(
    name: str,
    aliases: tuple[str, ...],
    expression: str,
    derivative: str,
    tex: tuple[str, str],
    summary: str,
    reference: str,
    params: tuple[Param, ...] = (),
    kinks: Callable[[Params], tuple[float, ...]] = none,
    notes: str = "",
    check: Callable[[Params], str | None] = lambda _: None,
) -> Activation:
    """An entry torch does not ship, defined once by `expression` (which is also its formula).

    `derivative` is written in the same grammar, so tests can compute it and compare it with autograd.
    """
    return Activation(
        name=name,
        aliases=aliases,
        params=params,
        formula=expression,
        formula_tex=tex[0],
        derivative=derivative,
        derivative_tex=tex[1],
        kinks=kinks,
        summary=summary,
        reference=reference,
        torch_api=f"torch operations composed from the expression {expression}",
        notes=notes,
        check=check,
        expression=expression,
    )


def _squareplus_kinks(params: Params) -> tuple[float, ...]:
    return (0.0,) if num(params, "b") == 0.0 else ()  # b = 0 is relu


def _isrlu_kinks(params: Params) -> tuple[float, ...]:
    return (0.0,) if num(params, "alpha") != 0.0 else ()  # alpha = 0 is the identity


def _check_snake(params: Params) -> str | None:
    a = num(params, "a")
    return None if a > 0.0 else f"a must be greater than 0, not {a:g}"


_ISR = "1 / sqrt(1 + alpha * x**2)"
_SP = "softplus(x)"

COMPOSED: Final[tuple[Activation, ...]] = (
    _composed(
        "swish", ("Swish", "swish-beta"), "x * sigmoid(beta * x)",
        "sigmoid(beta * x) * (1 + beta * x * (1 - sigmoid(beta * x)))",
        (r"x\,\sigma(\beta x)", r"\sigma(\beta x)\,(1 + \beta x\,(1 - \sigma(\beta x)))"),
        "Swish: x times sigmoid(beta * x); beta = 1 is silu, large beta approaches relu.",
        "Ramachandran, Zoph & Le, Searching for Activation Functions, 2017",
        params=(Param("beta", 1.0, "sharpness: 1 is silu, 0 is x / 2, large values approach relu"),),
    ),
    _composed(
        "squareplus", ("Squareplus",), "(x + sqrt(x**2 + b)) / 2", "(1 + x / sqrt(x**2 + b)) / 2",
        (r"\frac{x + \sqrt{x^{2} + b}}{2}", r"\frac{1}{2}\left(1 + \frac{x}{\sqrt{x^{2} + b}}\right)"),
        "Squareplus: an algebraic softplus, with square roots instead of exp and log.",
        "So, Squareplus: A Softplus-Like Algebraic Rectifier, 2021",
        params=(Param("b", 4.0, "curvature at 0 (>= 0); b = 0 is relu", minimum=0.0),),
        kinks=_squareplus_kinks,
        notes="With b = 0 it is relu, and autograd gives nan at x = 0 (0 / 0 in x / sqrt(x**2)).",
    ),
    _composed(
        "squared_relu", ("SquaredReLU", "squared-relu", "relu-squared", "relu2"), "relu(x)**2", "2 * relu(x)",
        (r"\max(0,\ x)^{2}", r"2\,\max(0,\ x)"),
        "Squared ReLU: relu(x) squared, found by architecture search for Transformer feed-forward layers.",
        "So, Manke, Liu, Dai, Shazeer & Le, Primer: Searching for Efficient Transformers for Language "
        "Modeling, 2021",
        kinks=at_zero,
        notes="f and f' are continuous at 0; f'' jumps from 0 to 2 there (PyTorch returns 0 at x = 0).",
    ),
    _composed(
        "bent_identity", ("BentIdentity", "bent-identity"), "(sqrt(x**2 + 1) - 1) / 2 + x",
        "x / (2 * sqrt(x**2 + 1)) + 1",
        (r"\frac{\sqrt{x^{2} + 1} - 1}{2} + x", r"\frac{x}{2\sqrt{x^{2} + 1}} + 1"),
        "Bent identity: the identity bent smoothly, slope 1/2 far left and 3/2 far right.",
        "No paper known; listed in Wikipedia's table of activation functions (c. 2016)",
    ),
    _composed(
        "gaussian", ("Gaussian", "gauss"), "exp(-x**2)", "-2 * x * exp(-x**2)",
        (r"e^{-x^{2}}", r"-2x\,e^{-x^{2}}"),
        "Gaussian bump exp(-x^2), as in radial basis function networks.",
        "Broomhead & Lowe, Multivariable Functional Interpolation and Adaptive Networks, 1988",
    ),
    _composed(
        "isru", ("ISRU", "inverse-square-root-unit"), f"x * {_ISR}", f"({_ISR})**3",
        (r"\frac{x}{\sqrt{1 + \alpha x^{2}}}", r"\left(\frac{1}{\sqrt{1 + \alpha x^{2}}}\right)^{3}"),
        "Inverse square root unit: a sigmoid-shaped curve onto (-1/sqrt(alpha), 1/sqrt(alpha)).",
        "Carlile, Delamarter, Kinney, Marti & Whitney, Improving Deep Learning by Inverse Square Root "
        "Linear Units (ISRLUs), 2017",
        params=(Param("alpha", 1.0, "the range is (-1/sqrt(alpha), 1/sqrt(alpha)); 0 is the identity",
                      minimum=0.0),),
    ),
    _composed(
        "isrlu", ("ISRLU", "inverse-square-root-linear-unit"), f"where(x >= 0, x, x * {_ISR})",
        f"where(x >= 0, 1, ({_ISR})**3)",
        (r"x\ \mathrm{if}\ x \geq 0\ \mathrm{else}\ \frac{x}{\sqrt{1 + \alpha x^{2}}}",
         r"1\ \mathrm{if}\ x \geq 0\ \mathrm{else}\ \left(\frac{1}{\sqrt{1 + \alpha x^{2}}}\right)^{3}"),
        "Inverse square root linear unit: identity for x >= 0, ISRU below (saturating at -1/sqrt(alpha)).",
        "Carlile, Delamarter, Kinney, Marti & Whitney, Improving Deep Learning by Inverse Square Root "
        "Linear Units (ISRLUs), 2017",
        params=(Param("alpha", 1.0, "saturation value -1/sqrt(alpha) for x -> -inf", minimum=0.0),),
        kinks=_isrlu_kinks,
        notes="f, f' and f'' are continuous at 0; the third derivative jumps there (from -3 alpha to 0).",
    ),
    _composed(
        "sqnl", ("SQNL", "square-nonlinearity"),
        "where(x > 2, 1, where(x >= 0, x - x**2 / 4, where(x >= -2, x + x**2 / 4, -1)))",
        "where(x > 2, 0, where(x >= 0, 1 - x / 2, where(x >= -2, 1 + x / 2, 0)))",
        (r"x - \frac{x\,|x|}{4}\ \mathrm{if}\ |x| \leq 2\ \mathrm{else}\ \mathrm{sign}(x)",
         r"1 - \frac{|x|}{2}\ \mathrm{if}\ |x| \leq 2\ \mathrm{else}\ 0"),
        "Square nonlinearity: a piecewise-quadratic tanh look-alike onto [-1, 1].",
        "Wuraola & Patel, SQNL: A New Computationally Efficient Activation Function, 2018",
        kinks=fixed(-2.0, 0.0, 2.0),
        notes="f and f' are continuous; f'' jumps at -2, 0 and 2.",
    ),
    _composed(
        "lisht", ("LiSHT",), "x * tanh(x)", "tanh(x) + x * (1 - tanh(x)**2)",
        (r"x\,\tanh(x)", r"\tanh(x) + x\,(1 - \tanh^{2}(x))"),
        "Linearly scaled hyperbolic tangent: x * tanh(x), even and non-negative.",
        "Roy, Manna, Dubey & Chaudhuri, LiSHT: Non-Parametric Linearly Scaled Hyperbolic Tangent "
        "Activation Function for Neural Networks, 2019",
    ),
    _composed(
        "serf", ("SERF",), f"x * erf({_SP})", f"erf({_SP}) + x * 2 / sqrt(pi) * exp(-{_SP}**2) * sigmoid(x)",
        (r"x\,\mathrm{erf}(\log(1 + e^{x}))",
         r"\mathrm{erf}(s) + x\,\frac{2}{\sqrt{\pi}}\,e^{-s^{2}}\,\sigma(x),\ s = \log(1 + e^{x})"),
        "Log-softplus error unit: x * erf(softplus(x)), a smooth non-monotonic relu look-alike.",
        "Nag, Bhattacharyya, Mukherjee & Kundu, SERF: Towards better training of deep neural networks "
        "using log-Softplus ERror activation Function, 2023",
        notes="softplus switches to x above 20, where erf is already 1: no visible break.",
    ),
    _composed(
        "logish", ("Logish",), "x * log(1 + sigmoid(x))",
        "log(1 + sigmoid(x)) + x * sigmoid(x) * (1 - sigmoid(x)) / (1 + sigmoid(x))",
        (r"x\,\log(1 + \sigma(x))",
         r"\log(1 + \sigma(x)) + \frac{x\,\sigma(x)\,(1 - \sigma(x))}{1 + \sigma(x)}"),
        "Logish: x * log(1 + sigmoid(x)), smooth and non-monotonic.",
        "Zhu, Zeng, Liu, Li, Ma & Zhou, Logish: A new nonlinear nonmonotonic activation function for "
        "convolutional neural network, 2021",
    ),
    _composed(
        "snake", ("Snake",), "x + sin(a * x)**2 / a", "1 + sin(2 * a * x)",
        (r"x + \frac{\sin^{2}(a x)}{a}", r"1 + \sin(2 a x)"),
        "Snake: x plus a periodic term, for learning periodic functions; monotonic non-decreasing.",
        "Ziyin, Hartwig & Ueda, Neural Networks Fail to Learn Periodic Functions and How to Fix It, 2020",
        params=(Param("a", 1.0, "frequency (> 0)"),),
        check=_check_snake,
    ),
)  # fmt: skip

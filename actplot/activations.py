"""The activations as data: names, aliases, parameters, formulas, kinks, references.

This module never imports torch: listing, help and completion read it alone. How each entry is
computed lives in :mod:`actplot.kernels`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Final

from actplot.errors import ParameterError, UnknownFunctionError

ParamValue = float | str
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Param:
    """One keyword parameter of an activation."""

    name: str
    default: ParamValue
    help: str
    choices: tuple[str, ...] = ()  # non-empty for a string parameter
    minimum: float | None = None  # smallest allowed value (inclusive), if any


@dataclass(frozen=True)
class Activation:
    """One elementwise activation function."""

    name: str  # canonical: the torch.nn.functional name
    aliases: tuple[str, ...]  # the torch.nn class name, kebab-case, common names
    params: tuple[Param, ...]
    formula: str  # plain text
    formula_tex: str  # matplotlib mathtext, without the surrounding $
    derivative: str  # plain text
    derivative_tex: str  # matplotlib mathtext, without the surrounding $
    kinks: Callable[[Params], tuple[float, ...]]  # non-smooth points for these parameters
    summary: str  # one line
    reference: str  # paper (or source) and year
    torch_api: str  # what computes it, e.g. "torch.nn.functional.relu"
    notes: str = ""  # PyTorch conventions worth knowing (kinks, modes)
    check: Callable[[Params], str | None] = lambda _: None  # cross-parameter rule: the complaint
    expression: str = ""  # the definition in actplot's expression grammar, for entries torch lacks

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def _none(_: Params) -> tuple[float, ...]:
    return ()


def _at_zero(_: Params) -> tuple[float, ...]:
    return (0.0,)


def _fixed(*points: float) -> Callable[[Params], tuple[float, ...]]:
    return lambda _: points


def _f(params: Params, name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def _symmetric(name: str) -> Callable[[Params], tuple[float, ...]]:
    """Kinks at -p and p (one point when p is 0)."""

    def kinks(params: Params) -> tuple[float, ...]:
        p = _f(params, name)
        return tuple(sorted({-p + 0.0, p + 0.0}))

    return kinks


def _hardtanh_kinks(params: Params) -> tuple[float, ...]:
    return tuple(sorted({_f(params, "min_val") + 0.0, _f(params, "max_val") + 0.0}))


def _threshold_kinks(params: Params) -> tuple[float, ...]:
    return (_f(params, "threshold") + 0.0,)


def _softplus_kinks(params: Params) -> tuple[float, ...]:
    # torch switches to the linear branch where beta * x > threshold
    return (_f(params, "threshold") / _f(params, "beta") + 0.0,)


def _check_hardtanh(params: Params) -> str | None:
    lo, hi = _f(params, "min_val"), _f(params, "max_val")
    if not lo < hi:
        return f"min_val ({lo:g}) must be less than max_val ({hi:g})"
    return None


def _check_rrelu(params: Params) -> str | None:
    lo, hi = _f(params, "lower"), _f(params, "upper")
    if not lo <= hi:
        return f"lower ({lo:g}) must not exceed upper ({hi:g})"
    return None


def _check_celu(params: Params) -> str | None:
    if _f(params, "alpha") == 0.0:
        return "alpha must not be 0 (CELU divides by it)"
    return None


def _check_softplus(params: Params) -> str | None:
    beta = _f(params, "beta")
    if not beta > 0.0:
        return f"beta must be greater than 0, not {beta:g}"
    return None


_SELU_ALPHA: Final = 1.6732632423543772
_SELU_SCALE: Final = 1.0507009873554805

_TORCH: Final[tuple[Activation, ...]] = (
    Activation(
        name="relu",
        aliases=("ReLU", "rectifier"),
        params=(),
        formula="max(0, x)",
        formula_tex=r"\max(0,\ x)",
        derivative="1 if x > 0 else 0 (0 at x = 0)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ 0",
        kinks=_at_zero,
        summary="Rectified linear unit: identity for positive inputs, zero otherwise.",
        reference="Nair & Hinton, Rectified Linear Units Improve Restricted Boltzmann Machines, 2010",
        torch_api="torch.nn.functional.relu",
        notes="PyTorch returns relu'(0) = 0 (the left derivative); relu'' is 0 everywhere in autograd.",
    ),
    Activation(
        name="relu6",
        aliases=("ReLU6",),
        params=(),
        formula="min(max(0, x), 6)",
        formula_tex=r"\min(\max(0,\ x),\ 6)",
        derivative="1 if 0 < x < 6 else 0",
        derivative_tex=r"1\ \mathrm{if}\ 0 < x < 6\ \mathrm{else}\ 0",
        kinks=_fixed(0.0, 6.0),
        summary="ReLU capped at 6 (hardtanh with min_val=0, max_val=6).",
        reference="Krizhevsky, Convolutional Deep Belief Networks on CIFAR-10, 2010",
        torch_api="torch.nn.functional.relu6",
        notes="PyTorch returns relu6'(0) = relu6'(6) = 0 (computed as hardtanh(x, 0, 6)).",
    ),
    Activation(
        name="leaky_relu",
        aliases=("LeakyReLU", "leaky-relu", "lrelu"),
        params=(Param("negative_slope", 0.01, "slope for x < 0"),),
        formula="max(0, x) + negative_slope * min(0, x)",
        formula_tex=r"\max(0,\ x) + \mathrm{negative\_slope} \cdot \min(0,\ x)",
        derivative="1 if x > 0 else negative_slope",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \mathrm{negative\_slope}",
        kinks=_at_zero,
        summary="Leaky ReLU: a small fixed slope for negative inputs instead of zero.",
        reference="Maas, Hannun & Ng, Rectifier Nonlinearities Improve Neural Network Acoustic Models, 2013",
        torch_api="torch.nn.functional.leaky_relu",
        notes="PyTorch returns leaky_relu'(0) = negative_slope (the left derivative).",
    ),
    Activation(
        name="prelu",
        aliases=("PReLU", "parametric-relu"),
        params=(Param("weight", 0.25, "learnable slope for x < 0 (nn.PReLU initialises it to 0.25)"),),
        formula="max(0, x) + weight * min(0, x)",
        formula_tex=r"\max(0,\ x) + w \cdot \min(0,\ x)",
        derivative="1 if x > 0 else weight",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ w",
        kinks=_at_zero,
        summary="Parametric ReLU: leaky ReLU whose negative slope is learned (one shared weight here).",
        reference="He, Zhang, Ren & Sun, Delving Deep into Rectifiers (PReLU), 2015",
        torch_api="torch.nn.functional.prelu",
        notes="weight is nn.PReLU's initial value 0.25; PyTorch returns prelu'(0) = weight (left slope).",
    ),
    Activation(
        name="rrelu",
        aliases=("RReLU", "randomized-relu"),
        params=(
            Param("lower", 1.0 / 8.0, "lower bound of the random negative slope"),
            Param("upper", 1.0 / 3.0, "upper bound of the random negative slope"),
        ),
        formula="max(0, x) + (lower + upper) / 2 * min(0, x)   (eval mode)",
        formula_tex=r"\max(0,\ x) + \frac{l + u}{2} \cdot \min(0,\ x)",
        derivative="1 if x > 0 else (lower + upper) / 2   (eval mode)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \frac{l + u}{2}",
        kinks=_at_zero,
        summary="Randomized leaky ReLU, drawn in eval mode: fixed negative slope (lower + upper) / 2.",
        reference="Xu, Wang, Chen & Li, Empirical Evaluation of Rectified Activations in Convolutional "
        "Network, 2015",
        torch_api="torch.nn.functional.rrelu (training=False)",
        notes="Eval-mode behaviour: slope (lower + upper) / 2 (0.229 by default). In training mode (the "
        "nn.RReLU default) each element gets a random slope in [lower, upper], so there is no fixed curve. "
        "rrelu'(0) is the negative slope (left derivative).",
        check=_check_rrelu,
    ),
    Activation(
        name="elu",
        aliases=("ELU",),
        params=(Param("alpha", 1.0, "saturation value -alpha for x -> -inf", minimum=0.0),),
        formula="x if x > 0 else alpha * (exp(x) - 1)",
        formula_tex=r"x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha\,(e^{x} - 1)",
        derivative="1 if x > 0 else alpha * exp(x)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha\,e^{x}",
        kinks=_at_zero,
        summary="Exponential linear unit: identity for x > 0, smooth saturation to -alpha below.",
        reference="Clevert, Unterthiner & Hochreiter, Fast and Accurate Deep Network Learning by "
        "Exponential Linear Units (ELUs), 2015",
        torch_api="torch.nn.functional.elu",
        notes="PyTorch returns elu'(0) = alpha (the left branch; 1 for alpha = 1) and elu''(0) from the "
        "right branch (0).",
    ),
    Activation(
        name="celu",
        aliases=("CELU",),
        params=(Param("alpha", 1.0, "saturation value -alpha for x -> -inf (not 0)", minimum=0.0),),
        formula="max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
        formula_tex=r"\max(0,\ x) + \min(0,\ \alpha\,(e^{x/\alpha} - 1))",
        derivative="1 if x > 0 else exp(x / alpha)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ e^{x/\alpha}",
        kinks=_at_zero,
        summary="Continuously differentiable ELU: the derivative is 1 at 0 for every alpha.",
        reference="Barron, Continuously Differentiable Exponential Linear Units, 2017",
        torch_api="torch.nn.functional.celu",
        notes="PyTorch returns celu'(0) = 1; f'' jumps at 0 (1/alpha on the left, 0 on the right). "
        "alpha = 0 is an error in PyTorch.",
        check=_check_celu,
    ),
    Activation(
        name="selu",
        aliases=("SELU", "scaled-elu"),
        params=(),
        formula="scale * (x if x > 0 else alpha * (exp(x) - 1)), alpha = 1.6733, scale = 1.0507",
        formula_tex=r"\lambda\,(x\ \mathrm{if}\ x > 0\ \mathrm{else}\ \alpha\,(e^{x} - 1))",
        derivative="scale if x > 0 else scale * alpha * exp(x)",
        derivative_tex=r"\lambda\ \mathrm{if}\ x > 0\ \mathrm{else}\ \lambda\,\alpha\,e^{x}",
        kinks=_at_zero,
        summary="Scaled ELU with fixed alpha = 1.6733 and scale = 1.0507 (self-normalising).",
        reference="Klambauer, Unterthiner, Mayr & Hochreiter, Self-Normalizing Neural Networks, 2017",
        torch_api="torch.nn.functional.selu",
        notes="f' jumps at 0: PyTorch returns the left value scale * alpha = "
        f"{_SELU_ALPHA * _SELU_SCALE:.4f}; the right limit is scale = {_SELU_SCALE:.4f}. "
        "selu''(0) uses the right branch (0).",
    ),
    Activation(
        name="gelu",
        aliases=("GELU",),
        params=(Param("approximate", "none", "'none': exact erf form; 'tanh': tanh approximation",
                      choices=("none", "tanh")),),
        formula="x * Phi(x) = x / 2 * (1 + erf(x / sqrt(2)));  tanh: x / 2 * (1 + tanh(sqrt(2/pi) * "
        "(x + 0.044715 x^3)))",
        formula_tex=r"x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        derivative="Phi(x) + x * phi(x), phi the standard normal density (tanh: derivative of the tanh form)",
        derivative_tex=r"\Phi(x) + x\,\frac{e^{-x^{2}/2}}{\sqrt{2\pi}}",
        kinks=_none,
        summary="Gaussian error linear unit: x weighted by the standard normal CDF.",
        reference="Hendrycks & Gimpel, Gaussian Error Linear Units (GELUs), 2016",
        torch_api="torch.nn.functional.gelu",
        notes="approximate='tanh' differs from the exact form by at most 4.7e-4 (f, at abs(x) = 2.70) "
        "and 8.7e-4 (f', at x = 2.02).",
    ),
    Activation(
        name="sigmoid",
        aliases=("Sigmoid", "logistic"),
        params=(),
        formula="1 / (1 + exp(-x))",
        formula_tex=r"\frac{1}{1 + e^{-x}}",
        derivative="sigmoid(x) * (1 - sigmoid(x))",
        derivative_tex=r"\sigma(x)\,(1 - \sigma(x))",
        kinks=_none,
        summary="Logistic sigmoid: squashes any input into (0, 1).",
        reference="Rumelhart, Hinton & Williams, Learning representations by back-propagating errors, 1986",
        torch_api="torch.sigmoid",
        notes="The backward uses the output, so sigmoid' is exactly 0 for x >= 16.6 in float32 (36.7 in "
        "float64) while it stays tiny but non-zero for negative x.",
    ),
    Activation(
        name="tanh",
        aliases=("Tanh", "hyperbolic-tangent"),
        params=(),
        formula="tanh(x) = (exp(x) - exp(-x)) / (exp(x) + exp(-x))",
        formula_tex=r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        derivative="1 - tanh(x)^2",
        derivative_tex=r"1 - \tanh^{2}(x)",
        kinks=_none,
        summary="Hyperbolic tangent: squashes any input into (-1, 1), zero-centred.",
        reference="LeCun, Bottou, Orr & Mueller, Efficient BackProp, 1998",
        torch_api="torch.tanh",
        notes="The backward uses the output, so tanh' is exactly 0 for abs(x) >= 9.0 in float32.",
    ),
    Activation(
        name="logsigmoid",
        aliases=("LogSigmoid", "log-sigmoid"),
        params=(),
        formula="log(1 / (1 + exp(-x))) = -softplus(-x)",
        formula_tex=r"\log\,\frac{1}{1 + e^{-x}}",
        derivative="1 - sigmoid(x) = sigmoid(-x)",
        derivative_tex=r"1 - \sigma(x) = \frac{1}{1 + e^{x}}",
        kinks=_none,
        summary="Logarithm of the sigmoid: ~x for very negative inputs, tends to 0 for positive ones.",
        reference="Standard log-likelihood form of the logistic function (e.g. Bishop, Pattern Recognition "
        "and Machine Learning, 2006)",
        torch_api="torch.nn.functional.logsigmoid",
        notes="Computed stably by PyTorch as min(x, 0) - log1p(exp(-abs(x))).",
    ),
    Activation(
        name="softsign",
        aliases=("Softsign", "soft-sign"),
        params=(),
        formula="x / (1 + abs(x))",
        formula_tex=r"\frac{x}{1 + |x|}",
        derivative="1 / (1 + abs(x))^2",
        derivative_tex=r"\frac{1}{(1 + |x|)^{2}}",
        kinks=_at_zero,
        summary="Softsign: like tanh but approaches +-1 polynomially, not exponentially.",
        reference="Bergstra, Desjardins, Lamblin & Bengio, Quadratic polynomials learn better image "
        "features, 2009",
        torch_api="torch.nn.functional.softsign",
        notes="f and f' are continuous, but f'' jumps at 0 (from 2 to -2) because of abs(x): hence the kink.",
    ),
    Activation(
        name="softplus",
        aliases=("Softplus", "soft-plus", "smooth-relu"),
        params=(
            Param("beta", 1.0, "sharpness (> 0): larger beta is closer to relu"),
            Param("threshold", 20.0, "above beta * x > threshold torch returns x itself"),
        ),
        formula="log(1 + exp(beta * x)) / beta, or x where beta * x > threshold",
        formula_tex=r"\frac{1}{\beta}\,\log(1 + e^{\beta x})",
        derivative="sigmoid(beta * x), or 1 where beta * x > threshold",
        derivative_tex=r"\sigma(\beta x) = \frac{1}{1 + e^{-\beta x}}",
        kinks=_softplus_kinks,
        summary="Smooth approximation of relu; PyTorch switches to the identity for large beta * x.",
        reference="Dugas, Bengio, Belisle, Nadeau & Garcia, Incorporating Second-Order Functional "
        "Knowledge for Better Option Pricing, 2001",
        torch_api="torch.nn.functional.softplus",
        notes="PyTorch returns x where beta * x > threshold: a (tiny, for the defaults) jump of f and f' at "
        "x = threshold / beta; with beta=10, threshold=0.4 f jumps at 0.04 from 0.0907 to 0.041.",
        check=_check_softplus,
    ),
    Activation(
        name="silu",
        aliases=("SiLU", "swish-1"),
        params=(),
        formula="x * sigmoid(x)",
        formula_tex=r"x\,\sigma(x) = \frac{x}{1 + e^{-x}}",
        derivative="sigmoid(x) * (1 + x * (1 - sigmoid(x)))",
        derivative_tex=r"\sigma(x)\,(1 + x\,(1 - \sigma(x)))",
        kinks=_none,
        summary="Sigmoid-weighted linear unit (swish with beta = 1).",
        reference="Elfwing, Uchibe & Doya, Sigmoid-Weighted Linear Units, 2017; Ramachandran, Zoph & Le, "
        "Searching for Activation Functions (swish), 2017",
        torch_api="torch.nn.functional.silu",
        notes="Smooth everywhere; minimum -0.2785 at x = -1.2785.",
    ),
    Activation(
        name="mish",
        aliases=("Mish",),
        params=(),
        formula="x * tanh(softplus(x)) = x * tanh(log(1 + exp(x)))",
        formula_tex=r"x\,\tanh(\log(1 + e^{x}))",
        derivative="tanh(softplus(x)) + x * sigmoid(x) * (1 - tanh(softplus(x))^2)",
        derivative_tex=r"\tanh(s) + x\,\sigma(x)\,(1 - \tanh^{2}(s)),\ s = \log(1 + e^{x})",
        kinks=_none,
        summary="Mish: self-regularised smooth non-monotonic activation, x * tanh(softplus(x)).",
        reference="Misra, Mish: A Self Regularized Non-Monotonic Activation Function, 2019",
        torch_api="torch.nn.functional.mish",
        notes="Smooth everywhere; PyTorch's softplus inside uses threshold 20 (no visible effect).",
    ),
    Activation(
        name="hardtanh",
        aliases=("Hardtanh", "hard-tanh"),
        params=(
            Param("min_val", -1.0, "lower end of the linear region"),
            Param("max_val", 1.0, "upper end of the linear region"),
        ),
        formula="min(max(x, min_val), max_val)",
        formula_tex=r"\min(\max(x,\ a),\ b)",
        derivative="1 if min_val < x < max_val else 0",
        derivative_tex=r"1\ \mathrm{if}\ a < x < b\ \mathrm{else}\ 0",
        kinks=_hardtanh_kinks,
        summary="Hard tanh: identity clipped to [min_val, max_val].",
        reference="Collobert, Large Scale Machine Learning (PhD thesis), 2004",
        torch_api="torch.nn.functional.hardtanh",
        notes="a = min_val, b = max_val. PyTorch returns hardtanh'(min_val) = hardtanh'(max_val) = 0; "
        "hardtanh'' is 0 everywhere.",
        check=_check_hardtanh,
    ),
    Activation(
        name="hardsigmoid",
        aliases=("Hardsigmoid", "hard-sigmoid"),
        params=(),
        formula="0 if x <= -3, 1 if x >= 3, else x / 6 + 1 / 2",
        formula_tex=r"\min(\max(0,\ \frac{x}{6} + \frac{1}{2}),\ 1)",
        derivative="1/6 if -3 < x < 3 else 0",
        derivative_tex=r"\frac{1}{6}\ \mathrm{if}\ -3 < x < 3\ \mathrm{else}\ 0",
        kinks=_fixed(-3.0, 3.0),
        summary="Piecewise-linear approximation of the sigmoid, relu6(x + 3) / 6.",
        reference="Courbariaux, Bengio & David, BinaryConnect, 2015; Howard et al., Searching for "
        "MobileNetV3, 2019",
        torch_api="torch.nn.functional.hardsigmoid",
        notes="PyTorch returns hardsigmoid'(-3) = hardsigmoid'(3) = 0; its backward uses float32(1/6) = "
        "0.1666666716337204 even in float64, and autograd has no second derivative for it.",
    ),
    Activation(
        name="hardswish",
        aliases=("Hardswish", "hard-swish", "h-swish"),
        params=(),
        formula="0 if x <= -3, x if x >= 3, else x * (x + 3) / 6",
        formula_tex=r"x\,\frac{\min(\max(0,\ x + 3),\ 6)}{6}",
        derivative="0 if x < -3, 1 if x > 3, else (2x + 3) / 6",
        derivative_tex=r"\frac{2x + 3}{6}\ \mathrm{if}\ -3 < x < 3\ \mathrm{else}\ (0\ \mathrm{or}\ 1)",
        kinks=_fixed(-3.0, 3.0),
        summary="Piecewise-quadratic approximation of swish, x * relu6(x + 3) / 6.",
        reference="Howard et al., Searching for MobileNetV3, 2019",
        torch_api="torch.nn.functional.hardswish",
        notes="f' jumps at both kinks: PyTorch returns hardswish'(-3) = 0 (right limit -0.5) and "
        "hardswish'(3) = 1 (left limit 1.5).",
    ),
    Activation(
        name="hardshrink",
        aliases=("Hardshrink", "hard-shrink"),
        params=(Param("lambd", 0.5, "half-width of the zeroed band", minimum=0.0),),
        formula="x if abs(x) > lambd else 0",
        formula_tex=r"x\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
        derivative="1 if abs(x) > lambd else 0",
        derivative_tex=r"1\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
        kinks=_symmetric("lambd"),
        summary="Hard shrinkage: zero inside [-lambd, lambd], identity outside (f jumps at +-lambd).",
        reference="Donoho & Johnstone, Ideal spatial adaptation by wavelet shrinkage (hard thresholding), "
        "1994",
        torch_api="torch.nn.functional.hardshrink",
        notes="f jumps at +-lambd; PyTorch returns f(+-lambd) = 0 and hardshrink'(+-lambd) = 0.",
    ),
    Activation(
        name="softshrink",
        aliases=("Softshrink", "soft-shrink", "soft-thresholding"),
        params=(Param("lambd", 0.5, "half-width of the zeroed band", minimum=0.0),),
        formula="x - lambd if x > lambd, x + lambd if x < -lambd, else 0",
        formula_tex=r"\mathrm{sign}(x)\,\max(|x| - \lambda,\ 0)",
        derivative="1 if abs(x) > lambd else 0",
        derivative_tex=r"1\ \mathrm{if}\ |x| > \lambda\ \mathrm{else}\ 0",
        kinks=_symmetric("lambd"),
        summary="Soft shrinkage: zero inside [-lambd, lambd], shifted identity outside.",
        reference="Donoho, De-noising by soft-thresholding, 1995",
        torch_api="torch.nn.functional.softshrink",
        notes="PyTorch returns softshrink'(+-lambd) = 0; lambd must be >= 0.",
    ),
    Activation(
        name="tanhshrink",
        aliases=("Tanhshrink", "tanh-shrink"),
        params=(),
        formula="x - tanh(x)",
        formula_tex=r"x - \tanh(x)",
        derivative="tanh(x)^2",
        derivative_tex=r"\tanh^{2}(x)",
        kinks=_none,
        summary="x minus tanh(x): flat near 0, slope 1 far out.",
        reference="PyTorch / Torch7 nn.Tanhshrink (Collobert, Kavukcuoglu & Farabet, Torch7, 2011)",
        torch_api="torch.nn.functional.tanhshrink",
        notes="Smooth everywhere; its derivative is computed by autograd through x - tanh(x).",
    ),
    Activation(
        name="threshold",
        aliases=("Threshold",),
        params=(
            Param("threshold", 1.0, "inputs at or below it are replaced (actplot's default)"),
            Param("value", 0.0, "what replaces them (actplot's default)"),
        ),
        formula="x if x > threshold else value",
        formula_tex=r"x\ \mathrm{if}\ x > \theta\ \mathrm{else}\ v",
        derivative="1 if x > threshold else 0",
        derivative_tex=r"1\ \mathrm{if}\ x > \theta\ \mathrm{else}\ 0",
        kinks=_threshold_kinks,
        summary="Threshold: keeps x above the threshold and replaces the rest by a constant.",
        reference="PyTorch / Torch7 nn.Threshold (Collobert, Kavukcuoglu & Farabet, Torch7, 2011)",
        torch_api="torch.nn.functional.threshold",
        notes="torch has no defaults for threshold and value: 1.0 and 0.0 are actplot's choice. f jumps at "
        "x = threshold (unless value = threshold); PyTorch returns f(threshold) = value and f' = 0 there.",
    ),
)


def _composed(
    name: str,
    aliases: tuple[str, ...],
    expression: str,
    derivative: str,
    tex: tuple[str, str],
    summary: str,
    reference: str,
    params: tuple[Param, ...] = (),
    kinks: Callable[[Params], tuple[float, ...]] = _none,
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
    return (0.0,) if _f(params, "b") == 0.0 else ()  # b = 0 is relu


def _isrlu_kinks(params: Params) -> tuple[float, ...]:
    return (0.0,) if _f(params, "alpha") != 0.0 else ()  # alpha = 0 is the identity


def _check_snake(params: Params) -> str | None:
    a = _f(params, "a")
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
        kinks=_at_zero,
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
        kinks=_fixed(-2.0, 0.0, 2.0),
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

ACTIVATIONS: Final[tuple[Activation, ...]] = _TORCH + COMPOSED


# Not curves y = f(x): what to say instead of plotting them.
NOT_ELEMENTWISE: Final[Mapping[str, str]] = {
    "softmax": "softmax normalises along a dimension; softmax over [x, 0] is sigmoid(x): plot 'sigmoid'",
    "softmin": "softmin normalises along a dimension; softmin over [x, 0] is sigmoid(-x)",
    "log_softmax": "log_softmax normalises along a dimension; over [x, 0] it is logsigmoid(x): "
    "plot 'logsigmoid'",
    "softmax2d": "softmax2d normalises over channels; over [x, 0] it is sigmoid(x): plot 'sigmoid'",
    "glu": "glu multiplies one half of its input by the sigmoid of the other, a(x)*sigmoid(b); "
    "with a = b = x it is silu: plot 'silu'",
    "gumbel_softmax": "gumbel_softmax samples noise and normalises along a dimension: it has no fixed curve",
}


def normalise(name: str) -> str:
    """The form names are compared in: case-folded, with '-' and ' ' read as '_'."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def _index() -> dict[str, Activation]:
    index: dict[str, Activation] = {}
    for act in ACTIVATIONS:
        for key in (act.name, *act.aliases):
            index[normalise(key)] = act
            index[normalise(key).replace("_", "")] = act
    return index


_INDEX: Final[dict[str, Activation]] = _index()


def names() -> list[str]:
    """Every canonical name, in catalogue order."""
    return [act.name for act in ACTIVATIONS]


def all_names() -> list[str]:
    """Every canonical name and alias, for completion and suggestions."""
    return [key for act in ACTIVATIONS for key in (act.name, *act.aliases)]


def lookup(name: str) -> Activation:
    """The activation called `name` (canonical or alias, any case).

    >>> lookup("LeakyReLU").name
    'leaky_relu'
    """
    key = normalise(name)
    found = _INDEX.get(key) or _INDEX.get(key.replace("_", ""))
    if found is not None:
        return found
    if key in NOT_ELEMENTWISE or key.replace("_", "") in {k.replace("_", "") for k in NOT_ELEMENTWISE}:
        hint = next(v for k, v in NOT_ELEMENTWISE.items() if k.replace("_", "") == key.replace("_", ""))
        raise UnknownFunctionError(f"'{name}' is not an elementwise activation", hint=hint)
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(_INDEX[c].name for c in close))
    did_you_mean = f"did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else None
    raise UnknownFunctionError(f"unknown function '{name}'", hint=did_you_mean or "see 'actplot list'")


def resolve_params(act: Activation, given: Mapping[str, object]) -> dict[str, ParamValue]:
    """The full parameter set: defaults overridden by `given`, each checked and typed."""
    resolved = dict(act.defaults)
    accepted = ", ".join(p.name for p in act.params) or "none"
    for key, raw in given.items():
        try:
            param = act.param(key)
        except KeyError:
            raise ParameterError(
                f"{act.name} has no parameter '{key}'", hint=f"accepted parameters: {accepted}"
            ) from None
        resolved[key] = _check(act, param, raw)
    complaint = act.check(resolved)
    if complaint:
        raise ParameterError(f"{act.name}: {complaint}")
    return resolved


def _check(act: Activation, param: Param, raw: object) -> ParamValue:
    where = f"{act.name}({param.name}=...)"
    if param.choices:
        text = str(raw)
        if text not in param.choices:
            raise ParameterError(
                f"{where} must be one of {', '.join(param.choices)}, not '{raw}'"
            )
        return text
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ParameterError(f"{where} must be a number, not '{raw}'")
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ParameterError(f"{where} must be a finite number, not '{raw}'")
    if param.minimum is not None and value < param.minimum:
        raise ParameterError(f"{where} must be at least {param.minimum:g}, not {value:g}")
    return value

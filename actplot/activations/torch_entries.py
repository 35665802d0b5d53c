"""The catalogue's entries for torch.nn's elementwise activations, as data (no torch)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from actplot.activations.entry import Activation, Param, Params, at_zero, fixed, none, num, symmetric

# CELU's backward converts alpha to a float32 scalar even in float64 (torch 2.13): larger alphas fail there
FLOAT32_MAX: Final = 3.4028234663852886e38


def _hardtanh_kinks(params: Params) -> tuple[float, ...]:
    return tuple(sorted({num(params, "min_val") + 0.0, num(params, "max_val") + 0.0}))


def _threshold_kinks(params: Params) -> tuple[float, ...]:
    return (num(params, "threshold") + 0.0,)


def _softplus_kinks(params: Params) -> tuple[float, ...]:
    # torch switches to the linear branch where beta * x > threshold
    return (num(params, "threshold") / num(params, "beta") + 0.0,)


def _check_hardtanh(params: Params) -> str | None:
    lo, hi = num(params, "min_val"), num(params, "max_val")
    if not lo < hi:
        return f"min_val ({lo:g}) must be less than max_val ({hi:g})"
    return None


def _check_rrelu(params: Params) -> str | None:
    lo, hi = num(params, "lower"), num(params, "upper")
    if not lo <= hi:
        return f"lower ({lo:g}) must not exceed upper ({hi:g})"
    return None


def _check_celu(params: Params) -> str | None:
    if num(params, "alpha") == 0.0:
        return "alpha must not be 0 (CELU divides by it)"
    return None


def _check_softplus(params: Params) -> str | None:
    beta = num(params, "beta")
    if not beta > 0.0:
        return f"beta must be greater than 0, not {beta:g}"
    return None


_SELU_ALPHA: Final = 1.6732632423543772
_SELU_SCALE: Final = 1.0507009873554805

TORCH: Final[tuple[Activation, ...]] = (
    Activation(
        name="relu",
        aliases=("ReLU", "rectifier"),
        params=(),
        formula="max(0, x)",
        formula_tex=r"\max(0,\ x)",
        derivative="1 if x > 0 else 0 (0 at x = 0)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ 0",
        kinks=at_zero,
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
        kinks=fixed(0.0, 6.0),
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
        kinks=at_zero,
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
        kinks=at_zero,
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
        kinks=at_zero,
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
        kinks=at_zero,
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
        params=(Param("alpha", 1.0, "saturation value -alpha for x -> -inf (not 0)", minimum=0.0,
                      maximum=FLOAT32_MAX),),
        formula="max(0, x) + min(0, alpha * (exp(x / alpha) - 1))",
        formula_tex=r"\max(0,\ x) + \min(0,\ \alpha\,(e^{x/\alpha} - 1))",
        derivative="1 if x > 0 else exp(x / alpha)",
        derivative_tex=r"1\ \mathrm{if}\ x > 0\ \mathrm{else}\ e^{x/\alpha}",
        kinks=at_zero,
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
        kinks=at_zero,
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
        kinks=none,
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
        kinks=none,
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
        kinks=none,
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
        kinks=none,
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
        kinks=at_zero,
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
        kinks=none,
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
        kinks=none,
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
        kinks=fixed(-3.0, 3.0),
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
        kinks=fixed(-3.0, 3.0),
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
        kinks=symmetric("lambd"),
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
        kinks=symmetric("lambd"),
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
        kinks=none,
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

"""Small MLPs 1 → N → … → 1 in torch: built from seeded generators, evaluated, and trained together.

Network ``sample`` k of a command is built from ``torch.Generator().manual_seed(seed + k)``, layer by
layer from the input, the weight of each layer drawn before its bias, so a test or a reader can build
the same weights again. The global random state is never used or changed. ``default`` is PyTorch's own
``nn.Linear`` initialisation (weights kaiming_uniform_ with a = √5, biases uniform in ±1/√fan_in);
``he`` (kaiming_normal_) and ``xavier`` (xavier_normal_) set the weights with the activation's gain for
layers an activation follows and gain 1 for the output layer, and keep PyTorch's default biases, so a
ReLU net's kinks are not all at 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import torch
from torch import nn

from actplot.activations.entry import ParamValue

INITS: Final = ("default", "he", "xavier")
LEARNING_RATE: Final = 0.005  # Adam's, constant
Fn = Callable[[torch.Tensor], torch.Tensor]
Report = Callable[[int, int, str], None]

# torch.nn.init.calculate_gain knows a few nonlinearities; the others take the nearest one it knows.
_GAIN_OF: Final = {
    "identity": "linear", "relu": "relu", "relu6": "relu", "elu": "relu", "celu": "relu", "gelu": "relu",
    "silu": "relu", "mish": "relu", "hardswish": "relu", "softplus": "relu", "tanh": "tanh",
    "hardtanh": "tanh", "softsign": "tanh", "sigmoid": "sigmoid", "hardsigmoid": "sigmoid", "selu": "selu",
}  # fmt: skip
_LEAKY: Final = {"leaky_relu": "negative_slope", "prelu": "weight"}


@dataclass(frozen=True)
class Gain:
    """The nonlinearity torch's init functions are told about, and leaky_relu's slope."""

    nonlinearity: str
    slope: float = 0.0

    @property
    def value(self) -> float:
        return float(nn.init.calculate_gain(self.nonlinearity, self.slope))  # type: ignore[arg-type]


def gain_for(name: str, params: dict[str, ParamValue]) -> Gain | None:
    """The gain for the catalogue entry `name`, or None when torch has none that fits (then gain 1)."""
    if name in _LEAKY:
        slope = params[_LEAKY[name]]
        return Gain("leaky_relu", float(slope) if isinstance(slope, float) else 0.01)
    if name == "rrelu":  # in evaluation, rrelu is leaky_relu with the mean of its bounds
        lower, upper = params["lower"], params["upper"]
        assert isinstance(lower, float) and isinstance(upper, float)
        return Gain("leaky_relu", (lower + upper) / 2)
    return Gain(_GAIN_OF[name]) if name in _GAIN_OF else None


def parameter_count(width: int, depth: int) -> int:
    """Weights and biases of 1 → width (× depth) → 1."""
    return 2 * width + (depth - 1) * (width * width + width) + width + 1


def build(width: int, depth: int, init: str, gain: Gain, seed: int, dtype: torch.dtype) -> list[nn.Linear]:
    """The layers of one network 1 → width → … → 1 (`depth` hidden layers), seeded by `seed` alone."""
    sizes = [1] + [width] * depth + [1]
    generator = torch.Generator().manual_seed(seed)
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layer = nn.utils.skip_init(nn.Linear, fan_in, fan_out, dtype=dtype)  # type: ignore[no-untyped-call]
        # (skip_init: nothing is drawn from the global random state)
        _initialise(layer, init, gain if i < depth else Gain("linear"), generator)
        layers.append(layer)
    return layers


def _initialise(layer: nn.Linear, init: str, gain: Gain, generator: torch.Generator) -> None:
    with torch.no_grad():
        if init == "default":
            nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
        elif init == "he":
            nn.init.kaiming_normal_(layer.weight, a=gain.slope, nonlinearity=gain.nonlinearity,  # type: ignore[arg-type]
                                    generator=generator)  # fmt: skip
        else:
            nn.init.xavier_normal_(layer.weight, gain=gain.value, generator=generator)
        bound = 1 / math.sqrt(layer.in_features)
        nn.init.uniform_(layer.bias, -bound, bound, generator=generator)


def forward(layers: Sequence[nn.Linear], act: Fn, x: torch.Tensor) -> torch.Tensor:
    """y(x) for a 1-d x: the activation after every layer but the last."""
    h = x.unsqueeze(-1)
    for layer in layers[:-1]:
        h = act(layer(h))
    out: torch.Tensor = layers[-1](h).squeeze(-1)
    return out


def weights(layers: Sequence[nn.Linear]) -> list[tuple[list[list[float]], list[float]]]:
    """Each layer's weight and bias as float64 lists (exact for every dtype)."""
    return [(layer.weight.detach().double().tolist(), layer.bias.detach().double().tolist()) for layer in layers]


def train(nets: Sequence[Sequence[nn.Linear]], act: Fn, x: torch.Tensor, target: torch.Tensor, steps: int,
          report: Report | None = None) -> None:  # fmt: skip
    """Fit every network to `target` on the grid `x` (full batch, Adam, MSE), all in one optimiser.

    Networks of one depth are trained as one block-diagonal network: a block's loss depends on its
    own weights alone and the masked entries get zero gradients, so each trains exactly as it would
    alone, but one step costs one set of matrix products instead of one per network.
    """
    by_depth: dict[int, list[Sequence[nn.Linear]]] = {}
    for layers in nets:
        by_depth.setdefault(len(layers), []).append(layers)
    for group in by_depth.values():
        _train_stack(group, act, x, target, steps, report)


def _train_stack(nets: Sequence[Sequence[nn.Linear]], act: Fn, x: torch.Tensor, target: torch.Tensor,
                 steps: int, report: Report | None) -> None:  # fmt: skip
    stack = [_blocks([net[i] for net in nets], first=i == 0) for i in range(len(nets[0]))]
    params = [p for w, b, _ in stack for p in (w, b)]
    moments = [(torch.zeros_like(p), torch.zeros_like(p)) for p in params]
    every = max(1, steps // 100)
    for step in range(1, steps + 1):
        for p in params:
            p.grad = None
        y = _stacked(stack, act, x)
        loss = (y - target.unsqueeze(-1)).square().mean(dim=0).sum()
        loss.backward()  # type: ignore[no-untyped-call]
        _adam_step(params, moments, step)
        if report is not None and step % every == 0:
            report(step, steps, f"step {step}")
    _unstack(stack, nets)


BETAS: Final = (0.9, 0.999)
EPS: Final = 1e-8


def _adam_step(params: Sequence[torch.Tensor], moments: Sequence[tuple[torch.Tensor, torch.Tensor]],
               step: int) -> None:  # fmt: skip
    """One step of Adam, operation for operation as torch.optim.Adam(foreach=False) takes it (its
    defaults: no weight decay, no amsgrad). Written out because creating a torch.optim optimiser first
    imports torch._dynamo, which costs as much time as importing torch itself."""
    beta1, beta2 = BETAS
    with torch.no_grad():
        for p, (exp_avg, exp_avg_sq) in zip(params, moments):
            grad = p.grad
            assert grad is not None
            exp_avg.lerp_(grad, 1 - beta1)
            exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
            step_size = LEARNING_RATE / (1 - beta1**step)
            denom = (exp_avg_sq.sqrt() / (1 - beta2**step) ** 0.5).add_(EPS)
            p.addcdiv_(exp_avg, denom, value=-step_size)


Block = tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]  # weight, bias, mask (None: dense)


def _blocks(layers: Sequence[nn.Linear], first: bool) -> Block:
    """One layer of every network as one block-diagonal layer (the first layer: stacked, all see x)."""
    w = layers[0].weight
    if first:
        weight = torch.cat([layer.weight.detach() for layer in layers])
        mask = None
    else:
        weight = torch.block_diag(*[layer.weight.detach() for layer in layers])  # type: ignore[no-untyped-call]
        mask = torch.block_diag(*[torch.ones_like(layer.weight) for layer in layers])  # type: ignore[no-untyped-call]
    bias = torch.cat([layer.bias.detach() for layer in layers])
    return weight.to(w.device).requires_grad_(True), bias.to(w.device).requires_grad_(True), mask


def _stacked(stack: Sequence[Block], act: Fn, x: torch.Tensor) -> torch.Tensor:
    h = x.unsqueeze(-1)
    for i, (w, b, mask) in enumerate(stack):
        h = torch.nn.functional.linear(h, w if mask is None else w * mask, b)
        if i < len(stack) - 1:
            h = act(h)
    return h


def _unstack(stack: Sequence[Block], nets: Sequence[Sequence[nn.Linear]]) -> None:
    """Copy the trained blocks back into each network's layers."""
    with torch.no_grad():
        for i, (w, b, _) in enumerate(stack):
            rows = cols = 0
            for net in nets:
                layer = net[i]
                out, inp = layer.weight.shape
                first, last = (0, 1) if i == 0 else (cols, cols + inp)
                layer.weight.copy_(w[rows : rows + out, first:last])
                layer.bias.copy_(b[rows : rows + out])
                rows, cols = rows + out, cols + inp

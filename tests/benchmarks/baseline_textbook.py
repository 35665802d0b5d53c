"""What a user would write instead of `actplot gallery relu sigmoid tanh`: the textbook's six figures.

Mirrors "Dive into Deep Learning" 4.1: x = arange(-8, 8, 0.1), backward with ones, zero the gradient
between functions, one 5 x 2.5 figure for each f and each f'.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

out = Path(sys.argv[1])
x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
for name, fn in (("relu", torch.relu), ("sigmoid", torch.sigmoid), ("tanh", torch.tanh)):
    y = fn(x)
    fig = plt.figure(figsize=(5, 2.5))
    plt.plot(x.detach(), y.detach())
    plt.xlabel("x")
    plt.ylabel(f"{name}(x)")
    plt.grid(True)
    fig.savefig(out / f"{name}.png", dpi=150)
    plt.close(fig)
    if x.grad is not None:
        x.grad.data.zero_()
    y.backward(torch.ones_like(x), retain_graph=True)
    fig = plt.figure(figsize=(5, 2.5))
    plt.plot(x.detach(), x.grad)
    plt.xlabel("x")
    plt.ylabel(f"grad of {name}(x)")
    plt.grid(True)
    fig.savefig(out / f"grad-{name}.png", dpi=150)
    plt.close(fig)

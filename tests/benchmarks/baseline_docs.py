"""A stand-in for PyTorch's docs image script: 23 forward-only PNGs over arange(-7, 7, 0.01).

One default-size (640 x 480) figure per elementwise activation, drawn with pyplot, as the docs do.
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

MODULES = [
    torch.nn.ReLU(), torch.nn.ReLU6(), torch.nn.LeakyReLU(), torch.nn.PReLU(), torch.nn.RReLU(),
    torch.nn.ELU(), torch.nn.CELU(), torch.nn.SELU(), torch.nn.GELU(), torch.nn.Sigmoid(), torch.nn.Tanh(),
    torch.nn.LogSigmoid(), torch.nn.Softsign(), torch.nn.Softplus(), torch.nn.SiLU(), torch.nn.Mish(),
    torch.nn.Hardtanh(), torch.nn.Hardsigmoid(), torch.nn.Hardswish(), torch.nn.Hardshrink(),
    torch.nn.Softshrink(), torch.nn.Tanhshrink(), torch.nn.Threshold(1.0, 0.0),
]

out = Path(sys.argv[1])
x = torch.arange(-7, 7, 0.01)
for module in MODULES:
    name = type(module).__name__
    with torch.no_grad():
        y = module(x)
    plt.figure()
    plt.plot(x.numpy(), y.numpy())
    plt.title(name)
    plt.grid(True)
    plt.xlim(-7, 7)
    plt.ylim(-7, 7)
    plt.savefig(out / f"{name}.png")
    plt.close()

"""The floor for `actplot relu --range -8 8 --out relu.png`: import torch and matplotlib, compute relu and
its autograd gradient on the same 2001-point grid, save one 5 x 2.5 inch PNG at 150 dpi."""

import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import torch  # noqa: E402

x = torch.linspace(-8, 8, 2001, requires_grad=True)
y = torch.relu(x)
(g,) = torch.autograd.grad(y, x, torch.ones_like(y))
fig = plt.figure(figsize=(5, 2.5))
plt.plot(x.detach(), y.detach())
plt.xlabel("x")
plt.ylabel("relu(x)")
plt.grid(True)
fig.savefig(sys.argv[1], dpi=150)

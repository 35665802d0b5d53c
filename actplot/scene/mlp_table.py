"""The mlp command's numbers as a table: x, then y, y′ and a breakpoint flag for each network, on the
figure's grid (which holds every network's breakpoints), with what each network is in the metadata.

Columns are named ``<func>_<width>x<depth>_s<seed>`` (y), ``…_dy`` (y′ by autograd) and ``…_breakpoint``
(1 on the grid points that are that network's breakpoints, else 0; only for piecewise-linear
activations); with a target, ``target`` follows x. In json the metadata lists, per network, its column,
seed, parameter count, breakpoints (exact, float64), linear pieces, weights and, for fits, the errors.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from actplot.scene import mlp as scene

if TYPE_CHECKING:
    import numpy as np

    from actplot.numeric.mlp_run import Net, Outcome


def column(net: Net) -> str:
    """``relu_8x1_s0``: an identifier naming the network."""
    base = re.sub(r"\W+", "_", net.func, flags=re.ASCII).strip("_") or "f"
    base = f"f_{base}" if base[0].isdigit() else base
    return f"{base}_{net.width}x{net.depth}_s{net.seed}"


def table(req: scene.Request, out: Outcome) -> tuple[list[str], np.ndarray]:
    """Column names and an (n, columns) float64 array."""
    import numpy as np

    names, arrays = ["x"], [out.x]
    if out.target is not None:
        names.append("target")
        arrays.append(out.target)
    for net in out.nets:
        base = column(net)
        names += [base, f"{base}_dy"]
        arrays += [net.y, net.dy]
        if net.breakpoints is not None:
            flag = np.zeros(out.x.size)
            flag[net.marks] = 1.0
            names.append(f"{base}_breakpoint")
            arrays.append(flag)
    return names, np.column_stack(arrays)


def meta(req: scene.Request, out: Outcome, version: str, torch_version: str) -> dict[str, Any]:
    """What the networks are and how they were made, for json."""
    fit = None
    if req.target is not None:
        fit = {"target": req.target.label, "optimiser": "Adam", "learning_rate": 0.005, "steps": req.steps,
               "points": req.points, "loss": "mean squared error, full batch"}  # fmt: skip
    return {
        "seed": req.seed, "init": req.init, "widths": list(req.widths), "depths": list(req.depths),
        "samples": req.samples, "range": list(req.xrange), "dtype": req.dtype, "device": req.device,
        "fit": fit, "torch": torch_version, "actplot": version,
        "networks": [_network(net, out) for net in out.nets],
    }  # fmt: skip


def _network(net: Net, out: Outcome) -> dict[str, Any]:
    found: dict[str, Any] = {
        "column": column(net), "func": net.func, "width": net.width, "depth": net.depth, "seed": net.seed,
        "params": net.params,
        "breakpoints": None if net.breakpoints is None else list(net.breakpoints),
        "pieces": None if net.breakpoints is None else len(net.breakpoints) + 1,
        "line_deviation": scene.line_deviation(out.x, net.y),
        "layers": [{"weight": w, "bias": b} for w, b in net.weights],
    }  # fmt: skip
    if out.target is not None:
        found["rms"], found["max"] = scene.errors(net, out.target)
    return found

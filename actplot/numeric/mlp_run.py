"""The mlp command's computation: build (and, with a target, train) the networks, find their exact
breakpoints, and evaluate y and y′ (autograd) on one grid that holds every breakpoint; numpy out.

Everything runs on one torch thread: the tensors are small, and one thread gives the same bytes on
every machine. The global random state is not touched (see :mod:`actplot.numeric.mlp`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from actplot.errors import ActplotWarning, UsageError
from actplot.numeric import compute, functions, mlp, pieces


@dataclass(frozen=True)
class Func:
    """An activation as the networks use it: its label, how torch computes it, its kinks."""

    label: str
    spec: functions.Computable
    kinks: tuple[float, ...]
    kinks_complete: bool = True


@dataclass(frozen=True)
class Config:
    """What to build: every FUNC × depth × width × sample, on a grid of `points` over `xrange`."""

    funcs: Sequence[Func]
    widths: Sequence[int]
    depths: Sequence[int]
    samples: int
    seed: int
    init: str
    xrange: tuple[float, float]
    points: int
    dtype: str = "float32"
    device: str = "cpu"
    target: functions.Computable | None = None  # fit the networks to it
    steps: int = 0


@dataclass(frozen=True)
class Net:
    """One network's curve on the common grid, its breakpoints and what it is."""

    func: str
    width: int
    depth: int
    seed: int
    params: int
    y: np.ndarray
    dy: np.ndarray
    breakpoints: tuple[float, ...] | None  # None: the activation is not piecewise linear
    marks: np.ndarray  # the breakpoints' indices in the grid (each rounded to the dtype)
    kinks_per_unit: int | None
    weights: list[tuple[list[list[float]], list[float]]]


@dataclass(frozen=True)
class Outcome:
    x: np.ndarray
    nets: list[Net]
    target: np.ndarray | None  # the target's values on the grid, when fitting


def run(config: Config, report: mlp.Report | None = None) -> Outcome:
    """Build, train (with a target), analyse and evaluate every network."""
    dtype = compute.resolve_dtype(config.dtype)
    device = compute.resolve_device(config.device, dtype)
    with compute.one_thread():
        built = {f.label: _build(config, f, dtype, device) for f in config.funcs}
        if config.target is not None:
            xs = compute.make_grid(*config.xrange, config.points, [], dtype, device)
            goal = _target(config.target, xs)
            _check_finite(goal, xs)
            for f in config.funcs:
                mlp.train([layers for *_, layers in built[f.label]], _act(f), xs, goal, config.steps, report)
        found = {f.label: _breakpoints(config, f, built[f.label]) for f in config.funcs}
        extra = sorted({b for bps in found.values() for each in bps for b in each or ()})
        grid = compute.make_grid(*config.xrange, config.points, extra, dtype, device)
        x = compute.to_numpy(grid)
        nets = [net for f in config.funcs for net in _evaluate(f, built[f.label], found[f.label], grid, x)]
        target = compute.to_numpy(_target(config.target, grid)) if config.target is not None else None
    return Outcome(x, nets, target)


Built = list[tuple[int, int, int, list[nn.Linear]]]  # width, depth, seed, layers


def _build(config: Config, f: Func, dtype: torch.dtype, device: torch.device) -> Built:
    gain = mlp.gain_for(f.spec.name, dict(f.spec.params)) if f.label != "identity" else mlp.Gain("linear")
    if gain is None:
        if config.init != "default":
            warnings.warn(f"torch has no init gain for {f.label}; --init {config.init} uses gain 1 for it",
                          ActplotWarning, stacklevel=3)  # fmt: skip
        gain = mlp.Gain("linear")
    out = []
    for depth in config.depths:
        for width in config.widths:
            for k in range(config.samples):
                layers = mlp.build(width, depth, config.init, gain, config.seed + k, dtype)
                out.append((width, depth, config.seed + k, [layer.to(device) for layer in layers]))
    return out


def _act(f: Func) -> mlp.Fn:
    return functions.function_of(f.spec)


def _target(target: functions.Computable, xs: torch.Tensor) -> torch.Tensor:
    with torch.no_grad():
        return functions.function_of(target)(xs).detach()


def _check_finite(goal: torch.Tensor, xs: torch.Tensor) -> None:
    bad = ~torch.isfinite(goal)
    if bool(bad.any()):
        where = float(xs[bad][0])
        raise UsageError(f"--fit: the target is {float(goal[bad][0]):g} at x = {where:g}, so nothing can be fitted",
                         hint="choose a --range where it is finite")  # fmt: skip


def _breakpoints(config: Config, f: Func, built: Built) -> list[tuple[float, ...] | None]:
    """Each network's breakpoints in the range, or None for all when the activation is not piecewise linear."""
    act = pieces.linear_pieces(_act(f), f.kinks) if f.kinks_complete else None
    if act is None:
        return [None] * len(built)
    lo, hi = config.xrange
    return [tuple(pieces.breakpoints(_float64(layers), act, lo, hi)) for *_, layers in built]


def kinks_per_unit(f: Func) -> int | None:
    act = pieces.linear_pieces(_act(f), f.kinks) if f.kinks_complete else None
    return None if act is None else act.most_per_unit


def _float64(layers: Sequence[nn.Linear]) -> list[pieces.LayerWeights]:
    return [(layer.weight.detach().double().cpu().numpy(), layer.bias.detach().double().cpu().numpy())
            for layer in layers]  # fmt: skip


def _evaluate(f: Func, built: Built, found: list[tuple[float, ...] | None], grid: torch.Tensor,
              x: np.ndarray) -> list[Net]:  # fmt: skip
    act, per_unit = _act(f), kinks_per_unit(f)
    nets = []
    for (width, depth, seed, layers), bps in zip(built, found):
        d = compute.derivatives(lambda t, layers=layers: mlp.forward(layers, act, t), grid, 1)  # type: ignore[misc]
        marks = np.empty(0, dtype=np.int64)
        if bps:
            rounded = compute.to_numpy(torch.tensor(bps, dtype=torch.float64).to(grid.dtype))
            marks = np.searchsorted(x, rounded)
        nets.append(Net(f.label, width, depth, seed, mlp.parameter_count(width, depth),
                        compute.to_numpy(d.values[0]), compute.to_numpy(d.values[1]), bps, marks, per_unit,
                        mlp.weights(layers)))  # fmt: skip
    return nets

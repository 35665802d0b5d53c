"""The stats figure: the variance map q ← V(q) with its fixed point, q through the layers, and the
order/chaos phase diagram over (σ_w², σ_b²) with the critical line χ₁ = 1, one row per function."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from actplot.draw import backend  # noqa: F401  # first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import numpy as np
from matplotlib import colormaps
from matplotlib.axes import Axes
from matplotlib.colors import TwoSlopeNorm
from matplotlib.figure import Figure

from actplot.draw import render


@dataclass(frozen=True)
class MeanFieldPanel:
    """What one function's row shows, as plain data."""

    label: str
    q: np.ndarray  # the variance map V over q
    v: np.ndarray
    q_star: float | None
    depth: np.ndarray  # q after layers 0, 1, ..., L (layer 0: the start)
    sw2: np.ndarray
    sb2: np.ndarray
    chi1: np.ndarray  # (len(sb2), len(sw2)); nan: no fixed point
    critical: Sequence[tuple[float, float]]
    setting: tuple[float, float]  # this run's (σ_w², σ_b²)


def draw(panels: Sequence[MeanFieldPanel], dpi: float = 150.0) -> Figure:
    fig = render.NotebookFigure(figsize=(11.0, 3.2 * len(panels)), dpi=dpi, layout="constrained")
    axes = fig.subplots(len(panels), 3, squeeze=False)
    for row, panel in zip(axes, panels):
        _variance_map(row[0], panel)
        _depth(row[1], panel)
        _phase(fig, row[2], panel)
    return fig


def _variance_map(ax: Axes, p: MeanFieldPanel) -> None:
    ax.plot(p.q, p.v, label="V(q)")
    ax.plot(p.q, p.q, linestyle="--", color="0.5", label="q")
    if p.q_star is not None:
        ax.plot([p.q_star], [p.q_star], "o", color="C3", label=f"q* = {p.q_star:.4g}")
    ax.set(title=f"{p.label}: variance map", xlabel="q (layer l)", ylabel="V(q) (layer l+1)")
    ax.legend(fontsize="small")


def _depth(ax: Axes, p: MeanFieldPanel) -> None:
    layers = np.arange(p.depth.size)
    ax.plot(layers, p.depth, marker=".")
    if p.q_star is not None:
        ax.axhline(p.q_star, linestyle=":", color="C3")
    ax.set(title="q through the layers", xlabel="layer", ylabel="q")


def _phase(fig: Figure, ax: Axes, p: MeanFieldPanel) -> None:
    extent = (p.sw2[0], p.sw2[-1], p.sb2[0], p.sb2[-1])
    image = ax.imshow(
        np.log(np.clip(p.chi1, 1e-3, 1e3)), origin="lower", extent=extent, aspect="auto",
        cmap=colormaps["coolwarm"].with_extremes(bad="0.8"),
        norm=TwoSlopeNorm(0.0, -2.0, 2.0),
    )
    if p.critical:
        w, b = zip(*sorted(p.critical, key=lambda c: c[1]))
        ax.plot(w, b, color="k", label="χ₁ = 1")
    unbounded = np.isnan(p.chi1)
    if unbounded.any() and not unbounded.all():  # where a fixed point stops existing (relu: σ_w² = 2)
        ax.contour(p.sw2, p.sb2, unbounded.astype(float), levels=[0.5], colors="k", linestyles="--",
                   linewidths=1.0)  # fmt: skip
    ax.plot(*p.setting, "*", color="gold", markeredgecolor="k", markersize=10, clip_on=False, zorder=5)
    ax.set(title="phase: ordered (blue), chaotic (red)", xlabel="σ_w²", ylabel="σ_b²",
           xlim=extent[:2], ylim=extent[2:])
    fig.colorbar(image, ax=ax, label="log χ₁ (grey: no fixed point)")


def save(panels: Sequence[MeanFieldPanel], target: IO[bytes], fmt: str, dpi: float = 150.0) -> None:
    """Draw and write the figure; the same numbers give the same bytes."""
    render.save(draw(panels, dpi), target, fmt)

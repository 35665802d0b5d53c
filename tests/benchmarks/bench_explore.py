"""Time per update of the notebook explorer: a slider moved, the figure recomputed by torch and drawn to PNG.

Run: python tests/benchmarks/bench_explore.py [FUNC] [moves]
Prints the median wall and CPU time per update (CPU time is what a busy machine cannot inflate), for a
few grid sizes and resolutions, and the split between computing the panels, laying out and writing PNG.
"""

from __future__ import annotations

import io
import os
import statistics
import sys
import time

os.environ.setdefault("MPLBACKEND", "Agg")

from actplot import api, explorer  # noqa: E402
from actplot.draw import render  # noqa: E402
from actplot.scene.data import Style  # noqa: E402


def per_update(func: str, moves: int, points: int, dpi: float) -> tuple[float, float]:
    state = explorer.state(explorer.explore(func, points=points, style=Style(dpi=dpi)))
    slider = next(c for k, c in state.controls.items() if k.startswith(f"{func}."))
    walls, cpus = [], []
    for i in range(moves):
        wall, cpu = time.perf_counter(), time.process_time()
        slider.value = slider.min + (slider.max - slider.min) * (i + 1) / (moves + 1.5)  # never the start value
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    assert state.updates == moves + 1, state.message
    return statistics.median(walls), statistics.median(cpus)


def split(func: str, points: int, dpi: float) -> tuple[float, float, float]:
    style = Style(dpi=dpi)
    start = time.process_time()
    panels = api.panels(func, orders=(0, 1), points=points, style=style)
    computed = time.process_time()
    fig = render.draw(panels, style)
    drawn = time.process_time()
    render.save(fig, io.BytesIO(), "png")
    return computed - start, drawn - computed, time.process_time() - drawn


def main() -> None:
    func = sys.argv[1] if len(sys.argv) > 1 else "elu"
    moves = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    per_update(func, 1, 201, 100.0)  # warm up: torch and matplotlib load, fonts are found
    for points, dpi in ((201, 100.0), (401, 100.0), (2001, 100.0), (401, 150.0)):
        wall, cpu = per_update(func, moves, points, dpi)
        panels, layout, png = split(func, points, dpi)
        print(
            f"{func} f and f', {points} points, {dpi:g} dpi: {wall * 1000:.0f} ms wall, {cpu * 1000:.0f} ms CPU"
            f" per update (panels {panels * 1000:.0f}, layout {layout * 1000:.0f}, PNG {png * 1000:.0f} ms CPU)"
        )


if __name__ == "__main__":
    main()

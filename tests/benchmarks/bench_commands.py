"""Benchmarks of the newer commands: animated sweeps, the gallery page's sliders, stats and mlp.

Run from the repository root:  python tests/benchmarks/bench_commands.py [--rounds 3] [--only NAME]

Each case runs its commands alternately, `rounds` times, in fresh processes, and reports the median
wall time, peak memory (max RSS) and the size of what was written. What to read is in the pairs: an
animation of 41 frames against 11 (memory must not grow with the frames; time grows with them), the
gallery page with sliders against the page without, and the computing commands against
``python -c "import torch"``, the start-up every one of them pays.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench_speed import run_once  # one fresh process, timed: the same measure as the other benchmarks

PY = sys.executable
ACTPLOT = [PY, "-m", "actplot"]


@dataclass
class Case:
    name: str
    command: Callable[[Path], list[str]]
    output: str | None = None  # the file (under the work folder) whose size is reported


def _sweep(frames: int, out: str) -> Callable[[Path], list[str]]:
    return lambda d: [*ACTPLOT, "elu", "--sweep", f"alpha=0:2:{frames}", "--animate", "--with-grad",
                      "--out", str(d / out)]  # fmt: skip


GROUPS: dict[str, list[Case]] = {
    "animation": [
        Case("elu --sweep alpha=0:2:11 --animate --with-grad (GIF)", _sweep(11, "a11.gif"), "a11.gif"),
        Case("elu --sweep alpha=0:2:41 --animate --with-grad (GIF)", _sweep(41, "a41.gif"), "a41.gif"),
        Case("elu --sweep alpha=0:2:41 --animate --with-grad (WebP)", _sweep(41, "a41.webp"), "a41.webp"),
    ],
    "gallery page": [
        Case("gallery (whole catalogue), sliders", lambda d: [*ACTPLOT, "gallery", "--out", str(d / "s")],
             "s/index.html"),
        Case("gallery (whole catalogue), --no-sliders",
             lambda d: [*ACTPLOT, "gallery", "--no-sliders", "--out", str(d / "n")], "n/index.html"),
    ],
    "stats and mlp": [
        Case('python -c "import torch"', lambda d: [PY, "-c", "import torch"]),
        Case("stats relu tanh sigmoid selu", lambda d: [*ACTPLOT, "stats", "relu", "tanh", "sigmoid", "selu",
                                                         "--format", "csv"]),  # fmt: skip
        Case("stats relu tanh --plot", lambda d: [*ACTPLOT, "stats", "relu", "tanh", "--plot", "--format", "csv",
                                                  "--out", str(d / "stats.png")], "stats.png"),  # fmt: skip
        Case("mlp identity relu tanh --width 8 --samples 5",
             lambda d: [*ACTPLOT, "mlp", "identity", "relu", "tanh", "--width", "8", "--samples", "5",
                        "--out", str(d / "mlp.png")], "mlp.png"),  # fmt: skip
        Case('mlp relu --fit "sin(3*x)" --width 2,8,32 (defaults)',
             lambda d: [*ACTPLOT, "mlp", "relu", "--fit", "sin(3*x)", "--width", "2,8,32",
                        "--out", str(d / "fit.png")], "fit.png"),  # fmt: skip
    ],
}


def _size(path: Path) -> str:
    return f"{path.stat().st_size / 1024:,.0f} KiB" if path.is_file() else "-"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="run only the groups whose name contains this")
    args = parser.parse_args()
    print("| case | median wall | peak memory | output |\n|---|---:|---:|---:|")
    for group, cases in GROUPS.items():
        if args.only and args.only not in group:
            continue
        work = Path(tempfile.mkdtemp(prefix="actplot-bench-"))
        try:
            walls: dict[str, list[float]] = {c.name: [] for c in cases}
            peaks: dict[str, list[float]] = {c.name: [] for c in cases}
            for _ in range(args.rounds):
                for case in cases:  # alternately, so that a slow spell of the machine hits every case alike
                    wall, peak = run_once(case.command(work), work)
                    walls[case.name].append(wall)
                    peaks[case.name].append(peak)
            for case in cases:
                size = _size(work / case.output) if case.output else "-"
                print(f"| {case.name} | {statistics.median(walls[case.name]):.2f} s "
                      f"| {max(peaks[case.name]):.0f} MiB | {size} |")  # fmt: skip
        finally:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

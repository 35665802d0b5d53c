"""Speed benchmarks, side by side in one run: actplot against what a user would do instead.

Run from the repository root:  python tests/benchmarks/bench_speed.py [--rounds 5] [--only NAME]

Each comparison runs both commands alternately, `rounds` times, in fresh processes, and reports the
median wall time, the ratio actplot / baseline and the peak memory (max RSS) of each. Ratios, not
absolute times, are what to compare across machines: this kind of machine is noisy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
ACTPLOT = [PY, "-m", "actplot"]
TORCH_NN = ["relu", "relu6", "leaky_relu", "prelu", "rrelu", "elu", "celu", "selu", "gelu", "sigmoid", "tanh",
            "logsigmoid", "softsign", "softplus", "silu", "mish", "hardtanh", "hardsigmoid", "hardswish",
            "hardshrink", "softshrink", "tanhshrink", "threshold"]


@dataclass
class Comparison:
    name: str
    goal: float  # actplot / baseline must be at most this
    actplot: Callable[[Path], list[str]]
    baseline: Callable[[Path], list[str]]


def run_once(cmd: list[str], workdir: Path) -> tuple[float, float]:
    """Wall seconds and max RSS (MiB) of one fresh process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=workdir, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode() if proc.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss / 1024


LIGHT = 1.5  # a light command (no torch, no matplotlib) against `python -c "import typer"`
MAIN_JOB = ["relu", "--range", "-8", "8", "--out"]

COMPARISONS = [
    Comparison("help", LIGHT, lambda d: [*ACTPLOT, "--help"], lambda d: [PY, "-c", "import typer"]),
    Comparison("version", LIGHT, lambda d: [*ACTPLOT, "--version"], lambda d: [PY, "-c", "import typer"]),
    Comparison("list", LIGHT, lambda d: [*ACTPLOT, "list", "--format", "json"], lambda d: [PY, "-c", "import typer"]),
    Comparison("info relu", LIGHT, lambda d: [*ACTPLOT, "info", "relu", "--format", "json"],
               lambda d: [PY, "-c", "import typer"]),
    Comparison("completion", LIGHT,
               lambda d: [PY, "-c", "import os,sys; os.environ.update(_ACTPLOT_COMPLETE='complete_bash', "
                          "COMP_WORDS='actplot plot gel', COMP_CWORD='2'); sys.argv=['actplot'];"
                          "from actplot.cli.app import main; main()"],
               lambda d: [PY, "-c", "import typer"]),
    Comparison("main job: relu.png vs minimal script", 0.85, lambda d: [*ACTPLOT, *MAIN_JOB, str(d / "relu.png")],
               lambda d: [PY, str(HERE / "baseline_minimal.py"), str(d / "minimal.png")]),
    Comparison("main job: relu.png vs import torch", 1.20, lambda d: [*ACTPLOT, *MAIN_JOB, str(d / "relu.png")],
               lambda d: [PY, "-c", "import torch"]),
    Comparison("gallery: textbook (relu, sigmoid, tanh)", 0.70,
               lambda d: [*ACTPLOT, "gallery", "relu", "sigmoid", "tanh", "--out", str(d / "g")],
               lambda d: [PY, str(HERE / "baseline_textbook.py"), str(d)]),
    Comparison("gallery: the 23 torch.nn activations, f and f'", 0.70,
               lambda d: [*ACTPLOT, "gallery", *TORCH_NN, "--out", str(d / "g")],
               lambda d: [PY, str(HERE / "baseline_docs.py"), str(d)]),
    Comparison("gallery: whole catalogue (35), f and f'", 1.00,
               lambda d: [*ACTPLOT, "gallery", "--out", str(d / "g")],
               lambda d: [PY, str(HERE / "baseline_docs.py"), str(d)]),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--only", help="run the comparisons whose name contains this text")
    args = parser.parse_args()
    rows = []
    for comp in COMPARISONS:
        if args.only and args.only not in comp.name:
            continue
        ours, theirs = [], []
        for _ in range(args.rounds):
            for side, cmd in ((ours, comp.actplot), (theirs, comp.baseline)):
                workdir = Path(tempfile.mkdtemp())
                try:
                    side.append(run_once(cmd(workdir), workdir))
                finally:
                    shutil.rmtree(workdir)
        t_ours = statistics.median(w for w, _ in ours)
        t_theirs = statistics.median(w for w, _ in theirs)
        ratio = t_ours / t_theirs
        rows.append((comp.name, t_ours, t_theirs, ratio, comp.goal, max(m for _, m in ours), max(m for _, m in theirs)))
        print(f"{comp.name}: {t_ours:.3f} s vs {t_theirs:.3f} s, ratio {ratio:.2f} (goal <= {comp.goal})",
              file=sys.stderr)
    print(f"\n{args.rounds} rounds, medians; machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| comparison | actplot (s) | baseline (s) | ratio | goal | met | actplot peak MiB | baseline peak MiB |")
    print("|---|---:|---:|---:|---:|:-:|---:|---:|")
    for name, a, b, r, goal, ma, mb in rows:
        print(f"| {name} | {a:.3f} | {b:.3f} | {r:.2f} | <= {goal} | {'yes' if r <= goal else 'no'} "
              f"| {ma:.0f} | {mb:.0f} |")


if __name__ == "__main__":
    main()

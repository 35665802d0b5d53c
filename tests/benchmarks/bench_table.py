"""Benchmark: `actplot table gelu --x - --format csv` against the numpy script a user would write.

Run it directly (it is not part of the test suite):

    python tests/benchmarks/bench_table.py              # 10^5 and 10^7 values, 3 rounds
    python tests/benchmarks/bench_table.py --sizes 100000 1000000 --rounds 5

Both programs read the same file of x values on stdin and write x, gelu(x) and gelu'(x) as CSV to
/dev/null, each as a fresh process (so the time includes starting Python and importing torch).  The
script reads with numpy.loadtxt, computes gelu and its autograd gradient in float32 torch, and writes
with numpy.savetxt using '%.9g' (enough digits to read float32 back).  Reported: median wall time,
throughput (values per second) and the peak resident memory of the process (os.wait4's ru_maxrss).
Goals: actplot's throughput at least 2.5x the script's at 10^7 values; actplot's peak memory at the
largest size within 1.2x of that at the smallest.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
import numpy as np
import torch
x = torch.from_numpy(np.loadtxt(sys.stdin, dtype=np.float64)).to(torch.float32).requires_grad_(True)
y = torch.nn.functional.gelu(x)
(g,) = torch.autograd.grad(y, x, torch.ones_like(y))
rows = np.column_stack([x.detach().numpy(), y.detach().numpy(), g.numpy()])
np.savetxt(sys.stdout, rows, fmt="%.9g", delimiter=",", header="x,gelu,gelu_d1", comments="")
"""
COMMANDS = {
    "actplot": [sys.executable, "-m", "actplot", "table", "gelu", "--x", "-", "--format", "csv"],
    "numpy script": [sys.executable, "-c", SCRIPT],
}


def make_input(n: int, folder: Path) -> Path:
    """n float32 values from N(0, 4^2), one per line, as a sampler would print them."""
    path = folder / f"x{n}.txt"
    values = (np.random.default_rng(0).standard_normal(n) * 4).astype(np.float32)
    with path.open("w") as fh:
        for start in range(0, n, 1_000_000):
            fh.write("\n".join(map(str, values[start : start + 1_000_000].tolist())) + "\n")
    return path


def measure(command: list[str], source: Path) -> tuple[float, float]:
    """(seconds, peak RSS in MiB) of one fresh run with `source` on stdin and stdout to /dev/null."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with source.open("rb") as stdin, open(os.devnull, "wb") as stdout:
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdin=stdin, stdout=stdout, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"{command} failed with exit status {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10**5, 10**7])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    results: dict[tuple[str, int], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            source = make_input(n, Path(tmp))
            for _ in range(args.rounds):  # alternate the two programs so drifts in load hit both
                for name, command in COMMANDS.items():
                    results.setdefault((name, n), []).append(measure(command, source))
            mib = source.stat().st_size / 2**20
            print(f"input: {n:,} values, {mib:.1f} MiB", file=sys.stderr)
    report(results, args.sizes)


def report(results: dict[tuple[str, int], list[tuple[float, float]]], sizes: list[int]) -> None:
    print(f"{'program':<14}{'values':>12}{'median s':>10}{'values/s':>12}{'peak MiB':>10}  rounds (s)")
    medians = {}
    for (name, n), runs in sorted(results.items(), key=lambda item: (item[0][1], item[0][0])):
        seconds = statistics.median(s for s, _ in runs)
        peak = max(m for _, m in runs)
        medians[(name, n)] = (seconds, peak)
        rounds = " ".join(f"{s:.2f}" for s, _ in runs)
        print(f"{name:<14}{n:>12,}{seconds:>10.2f}{n / seconds:>12,.0f}{peak:>10.0f}  {rounds}")
    for n in sizes:
        ratio = medians[("numpy script", n)][0] / medians[("actplot", n)][0]
        print(f"throughput actplot / script at {n:,}: {ratio:.2f} (goal >= 2.5)")
    memory = medians[("actplot", sizes[-1])][1] / medians[("actplot", sizes[0])][1]
    print(f"actplot peak memory {sizes[-1]:,} / {sizes[0]:,}: {memory:.2f} (goal <= 1.2)")


if __name__ == "__main__":
    main()

"""How long `actplot info` and hostile expressions take, end to end in fresh processes.

Run explicitly: python tests/benchmarks/bench_info.py  (prints medians; no assertions).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time

CASES = [
    ["info", "gelu"],  # shipped data: no torch
    ["list", "--format", "markdown"],
    ["info", "gelu", "--dtype", "float64"],  # measured live
    ["info", "x*sigmoid(1.702*x)"],
    ["table", "__import__('os').system('touch PWNED')", "--x", "1"],  # refused before torch loads
    ["table", "9**9**9**9", "--x", "1"],  # computed: inf
    ["table", "x+" * 50_000 + "x", "--x", "1"],  # 100 kB: refused
]


def median_seconds(args: list[str], repeat: int = 3) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "actplot", *args], cwd=tmp, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    baseline = median_seconds(["--version"])
    print(f"{'actplot --version':60s} {baseline:6.2f} s")
    for case in CASES:
        print(f"{' '.join(case)[:60]:60s} {median_seconds(case):6.2f} s")

"""Time and file size of `--points 1000000` against `--points 1000` (targets: at most 1.5x each).

Run: python tests/benchmarks/bench_points.py [FUNC] [repeats]
Each run is a separate `python -m actplot grad FUNC` process, so the times include start-up, as a user sees.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(func: str, points: int, fmt: str, folder: Path, repeats: int) -> tuple[float, int]:
    out = folder / f"{points}.{fmt}"
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "actplot", "grad", func, "--points", str(points), "--out", str(out)],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times), out.stat().st_size


def main() -> None:
    func = sys.argv[1] if len(sys.argv) > 1 else "gelu"
    repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("png", "svg", "pdf"):
            (t_small, s_small), (t_big, s_big) = (run(func, n, fmt, Path(tmp), repeats) for n in (1000, 1_000_000))
            print(
                f"{func} {fmt}: 1e3 points {t_small:.2f} s {s_small} B; 1e6 points {t_big:.2f} s {s_big} B;"
                f" time x{t_big / t_small:.2f}, size x{s_big / s_small:.2f}"
            )


if __name__ == "__main__":
    main()

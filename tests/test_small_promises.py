"""Promises at the edges: --debug anywhere, --show checked first, closed stderr and pipes, the progress
bar, matplotlib's folders, and costs refused before they are paid (memory limits, expressions, tables
held in memory, terminal width)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from actplot.errors import UsageError
from actplot.numeric import resources
from tests.conftest import Invoke, run_on_pty

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}


def _actplot(args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `actplot ARGS` through bash (for redirections and pipelines), failing the pipeline on any part."""
    return subprocess.run(["bash", "-c", f"set -o pipefail; {sys.executable} -m actplot {args}"], cwd=cwd,
                          env=env or ENV, capture_output=True, text=True, timeout=120)  # fmt: skip


@pytest.mark.parametrize("args", [["relu", "--points", "1", "--debug"], ["relu", "--debug", "--points", "1"]])
def test_debug_anywhere_on_the_line(invoke: Invoke, args: list[str]) -> None:
    with pytest.raises(UsageError, match="--points must be at least 2"):  # --debug: raised, with its traceback
        invoke(args)


def test_show_without_a_display_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["relu", "-n", "20", "--show", "--out", str(tmp_path / "x.png")])
    assert result.exit_code == 1 and "--show needs a display" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_closed_stderr_is_harmless(tmp_path: Path) -> None:
    done = _actplot("gallery relu -n 30 --out g 2>&-", tmp_path)
    assert done.returncode == 0 and (tmp_path / "g" / "relu.png").is_file()


@pytest.mark.parametrize("args", ["relu --term", "relu --term --ascii", "list --format rich",
                                  "table relu --format rich --points 300"])  # fmt: skip
def test_a_rich_output_into_a_closed_pipe_exits_0(tmp_path: Path, args: str) -> None:
    for _ in range(2):  # it used to fail on most runs, not all
        done = _actplot(f"{args} | head -1 > /dev/null", tmp_path, {**ENV, "COLUMNS": "100"})
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""


def test_the_summary_follows_the_finished_progress_bar(tmp_path: Path) -> None:
    code, seen, _ = run_on_pty([sys.executable, "-m", "actplot", "gallery", "relu", "tanh", "-n", "50", "--out", "g"],
                               cwd=tmp_path, env={**ENV, "COLUMNS": "100", "TERM": "xterm"})  # fmt: skip
    assert code == 0
    assert b"drawing" in seen
    after = seen[seen.rindex(b"drawing"):]
    summary = after[after.index(b"wrote 2 figures"):]
    assert b"\x1b[" not in summary  # the bar was done and gone before the summary was printed


def test_workers_leave_no_matplotlib_folder(tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("matplotlib cannot make its folders under a file")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**ENV, "XDG_CONFIG_HOME": str(blocked), "XDG_CACHE_HOME": str(blocked), "TMPDIR": str(temp)}
    env.pop("MPLCONFIGDIR", None)
    done = _actplot("gallery relu tanh -n 30 --out g --jobs 2", tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert list(temp.iterdir()) == []


def test_tables_kept_until_the_end_are_estimated_first(invoke: Invoke) -> None:
    for fmt in ("json", "rich"):
        result = invoke(["table", "relu", "--points", "1000000000", "--format", fmt])
        assert result.exit_code == 1 and result.stdout == ""
        assert "keeps its rows until the end" in result.stderr and "--format csv" in result.stderr
    assert invoke(["table", "relu", "--points", "1000000000", "--format", "csv", "--x", "1"]).exit_code == 0


def test_an_expression_costs_as_many_curves_as_it_has_operations(invoke: Invoke,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    long = "+".join(["sin(x)"] * 40)  # 79 torch operations, each kept by autograd at every point
    monkeypatch.setattr(resources, "physical_memory", lambda: 2 * resources.host_bytes(100_000, 1, 1))
    resources.check(100_000, 1, 1, __import__("torch").device("cpu"))  # relu itself fits
    refused = invoke(["table", long, "-n", "100000", "--format", "csv"])
    assert refused.exit_code == 1 and "would need about" in refused.stderr and refused.stdout == ""


def test_ulimit_v_is_a_limit(tmp_path: Path) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))

    done = subprocess.run([sys.executable, "-m", "actplot", "relu", "-n", "40000000", "--out", "big.png"],
                          cwd=tmp_path, env=ENV, capture_output=True, text=True, timeout=120,
                          preexec_fn=limit)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "ulimit -v leaves" in done.stderr and "use --points" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_cgroup_v1_and_v2_limits_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    limit, usage = tmp_path / "limit", tmp_path / "usage"
    limit.write_text("1073741824\n")
    usage.write_text("268435456\n")
    monkeypatch.setattr(resources, "_CGROUP_FILES", ((tmp_path / "missing", tmp_path / "missing2"), (limit, usage)))
    assert resources.memory_limits()["the cgroup's memory limit"] == 768 * 2**20
    limit.write_text("9223372036854771712\n")  # what cgroup v1 says for "no limit"
    assert "the cgroup's memory limit" not in resources.memory_limits()


def test_a_huge_terminal_width_is_capped(tmp_path: Path) -> None:
    done = _actplot("relu --term --ascii -n 200", tmp_path, {**ENV, "COLUMNS": "8000"})
    assert done.returncode == 0, done.stderr
    assert max(len(line) for line in done.stdout.splitlines()) <= 1000

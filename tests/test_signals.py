"""Signals through real processes at several moments: the exit status a shell expects, no traceback from any
process, no temporary file left, no worker alive a second later, rows already printed complete."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
GALLERY: list[str] = []  # the whole catalogue: long enough to be stopped at every moment below

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals and /proc as on Linux")


def _alive_with(marker: str) -> list[int]:
    """Processes whose command line holds `marker` (a path unique to one test)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def _no_worker_left(marker: str) -> bool:
    deadline = time.monotonic() + 1.0  # workers are gone a second after their parent
    while _alive_with(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not _alive_with(marker)


def _leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*") if p.suffix == ".tmp"]


def _stop(proc: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    """Send `sig`; the process ends with the status a shell expects and no traceback."""
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode in (128 + sig, -sig), err  # -sig: killed before Python ran any code; a shell shows 128+N
    assert b"Traceback" not in err


def _start(args: list[str], cwd: Path, **extra: object) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "actplot", *args], cwd=cwd, env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, **extra)  # type: ignore[call-overload]  # fmt: skip


def _started(proc: subprocess.Popen[bytes]) -> None:
    """Wait until actplot has taken over its signals (SIGTERM is caught: Python alone leaves it be).

    Moments are counted from there: a signal while the interpreter itself starts up is Python's to
    report (any Python program prints a KeyboardInterrupt traceback then), and on a loaded machine that
    start-up alone can take longer than a fixed delay.
    """
    term = 1 << (signal.SIGTERM - 1)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            break
        caught = next((int(line.split()[1], 16) for line in status.splitlines() if line.startswith("SigCgt:")), 0)
        if caught & term:
            return
        time.sleep(0.005)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["TERM", "HUP"])
@pytest.mark.parametrize("after", [0.05, 0.6, 2.5])
def test_gallery_stopped_at_any_moment(tmp_path: Path, sig: signal.Signals, after: float) -> None:
    out = tmp_path / "gallery-out"
    proc = _start(["gallery", *GALLERY, "--out", str(out), "--jobs", "2", "-n", "400"], tmp_path)
    _started(proc)
    time.sleep(after)
    if proc.poll() is not None:
        pytest.fail(f"finished within {after} s: the test cannot stop it")
    _stop(proc, sig)
    assert _leftovers(tmp_path) == []
    assert not out.exists()  # stopped before its files were put in place: nothing of it remains
    assert _no_worker_left(str(out))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT], ids=["TERM", "HUP", "INT"])
@pytest.mark.parametrize("after", [0.0, 0.15, 0.6, 1.5])
def test_plot_stopped_at_any_moment(tmp_path: Path, sig: signal.Signals, after: float) -> None:
    (tmp_path / "relu.png").write_bytes(b"yesterday")
    proc = _start(["relu", "-n", "1000000", "--with-grad", "--out", "relu.png"], tmp_path)
    _started(proc)
    time.sleep(after)
    if proc.poll() is not None:
        pytest.fail(f"finished within {after} s: the test cannot stop it")
    _stop(proc, sig)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["relu.png"]
    assert (tmp_path / "relu.png").read_bytes() == b"yesterday"


def _work(kind: str, out: Path) -> tuple[list[str], int]:
    """A command that runs for seconds with helper processes, and how many processes it is at its busiest:
    the gallery with two workers, or a figure drawn by a second process."""
    if kind == "gallery":
        return ["gallery", *GALLERY, "--out", str(out), "--jobs", "2", "-n", "400"], 3
    return ["relu", "-n", "1000000", "--with-grad", "--out", f"{out}.png"], 2


@pytest.mark.parametrize("kind", ["gallery", "plot"])
def test_ctrl_c_to_the_whole_group_prints_no_worker_traceback(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "group-out"
    args, _ = _work(kind, out)
    proc = _start(args, tmp_path, start_new_session=True)
    time.sleep(2.0)
    assert proc.poll() is None
    os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: every process of the group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and b"Traceback" not in err and b"KeyboardInterrupt" not in err, err
    assert _leftovers(tmp_path) == [] and _no_worker_left(str(out))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", ["gallery", "plot"])
def test_workers_die_with_a_killed_parent(tmp_path: Path, kind: str) -> None:
    out = tmp_path / "orphan-out"
    args, busiest = _work(kind, out)
    proc = _start(args, tmp_path)
    deadline = time.monotonic() + 30
    while len(_alive_with(str(out))) < busiest and time.monotonic() < deadline:  # the parent and its helpers
        time.sleep(0.05)
    assert len(_alive_with(str(out))) >= busiest
    proc.kill()
    proc.communicate(timeout=30)
    deadline = time.monotonic() + 5
    while _alive_with(str(out)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _alive_with(str(out)) == []
    time.sleep(0.5)  # the workers' own cleanup has run
    assert _leftovers(tmp_path) == []


def test_rows_printed_before_a_signal_are_whole(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "actplot", "table", "relu", "--x", "-"], cwd=tmp_path, env=ENV,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(b"1\n2\n3\n")
    proc.stdin.flush()
    time.sleep(4.0)  # torch imported, the three rows computed and printed; now waiting for more input
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and b"Traceback" not in err, err
    assert out.decode().splitlines() == ["x,relu,relu_d1", "1.0,1.0,1.0", "2.0,2.0,1.0", "3.0,3.0,1.0"]

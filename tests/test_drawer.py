"""The second drawing process of the figure commands: a fresh `actplot` process draws its files there
(its own process never imports matplotlib), with the bytes and warnings of drawing in one process."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.test_signals import _no_worker_left

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
TWO_CORES = hasattr(os, "sched_getaffinity") and len(os.sched_getaffinity(0)) > 1

pytestmark = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and TWO_CORES), reason="the drawing process runs where fork and two cores are"
)

# The command line run in a fresh interpreter, then what it imported, on stderr's last line (said by an
# exit handler: actplot's exit skips the interpreter's teardown, but runs those).
_WATCHED = textwrap.dedent("""
    import atexit, sys
    from actplot.__main__ import main
    sys.argv = ["actplot", *sys.argv[1:]]
    atexit.register(lambda: print("imported:", " ".join(m for m in ("torch", "matplotlib") if m in sys.modules),
                                  file=sys.stderr))
    main()
""")

CASES = {
    "f and f', png": ["relu", "--range", "-8", "8", "--with-grad", "--out", "{dir}/a.png"],
    "jumps, svg": ["grad", "hardshrink", "--out", "{dir}/a.svg"],
    "a sweep with its legend, pdf": ["leaky_relu", "--sweep", "negative_slope=0.01,0.1,0.3", "--out", "{dir}/a.pdf"],
    "a set of figures": ["relu", "tanh", "gelu", "--with-grad", "--out", "{dir}/{name}.png"],
    "a difference": ["diff", "gelu", "gelu(approximate='tanh')", "--out", "{dir}/a.png"],
    "a title in Chinese, dark": ["sigmoid", "--title", "激活函数 sigmoid", "--theme", "dark", "--out", "{dir}/a.png"],
}


def _fresh(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run actplot in a fresh interpreter (stdout, which may be a figure's bytes, is dropped)."""
    done = subprocess.run([sys.executable, "-c", _WATCHED, *args], cwd=cwd, env=ENV, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, timeout=300)  # fmt: skip
    return subprocess.CompletedProcess(done.args, done.returncode, None, done.stderr.decode())


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("args", CASES.values(), ids=CASES.keys())
def test_the_same_bytes_and_messages_as_drawing_here(tmp_path: Path, invoke: Invoke, args: list[str]) -> None:
    there, here = tmp_path / "there", tmp_path / "here"
    there.mkdir(), here.mkdir()
    fresh = _fresh([a.replace("{dir}", str(there)) for a in args], tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    *said, imported = fresh.stderr.splitlines()
    assert imported == "imported: torch"  # the figure was drawn in the other process
    result = invoke([a.replace("{dir}", str(here)) for a in args])  # torch is imported here: drawn in this process
    assert result.exit_code == 0, result.stderr
    assert _files(there) == _files(here) and _files(there)
    assert "\n".join(said).replace(str(there), "DIR") == result.stderr.strip().replace(str(here), "DIR")


def test_warnings_from_the_drawing_process_are_said_once_by_actplot(tmp_path: Path) -> None:
    title = "a title far too long for a figure this small " * 4
    fresh = _fresh(["relu", "--figsize", "2", "1.2", "--title", title, "--out", "a.png"], tmp_path)
    assert fresh.returncode == 0, fresh.stderr
    warned = [line for line in fresh.stderr.splitlines() if "warning" in line]
    assert len(warned) == 1 and warned[0].startswith("actplot: warning: "), fresh.stderr
    assert "Traceback" not in fresh.stderr and (tmp_path / "a.png").stat().st_size > 0


@pytest.mark.parametrize(
    ("args", "code"), [(["relu", "--device", "cuda:7"], 1), (["hardtanh(max_val=70000)", "--dtype", "float16"], 2)]
)
def test_a_failed_computation_leaves_no_drawing_process_or_file(tmp_path: Path, args: list[str], code: int) -> None:
    out = tmp_path / "failed-run"  # in the command line of both processes
    fresh = _fresh([*args, "--out", f"{out}.png"], tmp_path)
    assert fresh.returncode == code and fresh.stderr.startswith("actplot: error: "), fresh.stderr
    assert "Traceback" not in fresh.stderr
    assert list(tmp_path.iterdir()) == [] and _no_worker_left(str(out))


def test_commands_that_draw_here_start_no_second_process(tmp_path: Path) -> None:
    fresh = _fresh(["relu", "--out", "-"], tmp_path)  # the bytes go to stdout, from this process
    assert fresh.returncode == 0 and fresh.stderr.splitlines()[-1] == "imported: torch matplotlib"


def test_the_quick_exit_flushes_output_and_runs_exit_handlers(tmp_path: Path) -> None:
    script = textwrap.dedent("""
        import atexit, sys
        import torch  # loaded: actplot leaves without the interpreter's teardown
        from actplot.__main__ import main
        atexit.register(lambda: print("exit handler ran", file=sys.stderr))
        sys.argv = ["actplot", *sys.argv[1:]]
        main()
    """)
    run = [sys.executable, "-c", script]
    done = subprocess.run([*run, "table", "relu", "-n", "5000"], cwd=tmp_path, env=ENV, capture_output=True,
                          text=True, timeout=300)  # fmt: skip
    rows = done.stdout.splitlines()  # a pipe: block-buffered, so the last rows are written only by the flush
    assert done.returncode == 0 and len(rows) > 5000 and rows[-1] == "8.0,8.0,1.0"
    assert done.stderr == "exit handler ran\n"
    failed = subprocess.run([*run, "relu", "--device", "cuda:7"], cwd=tmp_path, env=ENV, capture_output=True,
                            text=True, timeout=300)  # fmt: skip
    assert failed.returncode == 1 and failed.stderr.endswith("exit handler ran\n")

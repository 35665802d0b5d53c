"""A write that fails or is interrupted half-way leaves the previous file as it was, and no other file."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import pytest

from actplot.draw import render
from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def previous(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """A good relu.png already in the working directory; its bytes."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relu.png").write_bytes(b"\x89PNG the figure from yesterday")
    return (tmp_path / "relu.png").read_bytes()


def _half_then(exc: BaseException) -> object:
    def save(fig: object, fh: IO[bytes], fmt: str) -> None:
        fh.write(b"\x89PNG half a figure")
        fh.flush()
        raise exc

    return save


@pytest.mark.parametrize(
    "exc,code,message",
    [
        (KeyboardInterrupt(), 130, "\n"),
        (OSError(errno.ENOSPC, "No space left on device"), 1,
         "actplot: error: cannot write 'relu.png': No space left on device\n"),
    ],
    ids=["ctrl-c", "disk-full"],
)  # fmt: skip
def test_failed_write_keeps_the_previous_file(
    invoke: Invoke, previous: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exc: BaseException,
    code: int, message: str,
) -> None:  # fmt: skip
    monkeypatch.setattr(render, "save", _half_then(exc))
    result = invoke(["relu", "-n", "20"])
    assert result.exit_code == code
    assert result.stderr.strip() == message.strip()
    assert (tmp_path / "relu.png").read_bytes() == previous
    assert [p.name for p in tmp_path.iterdir()] == ["relu.png"]  # the temporary file is gone too


def test_gallery_failure_keeps_previous_figures_and_removes_new_ones(invoke: Invoke, previous: bytes,
                                                                      tmp_path: Path) -> None:  # fmt: skip
    result = invoke(["gallery", "relu", "tanh", "log(x)", "--range", "-3", "-1", "-n", "20", "--jobs", "1",
                     "--out", "{name}.png"])  # fmt: skip
    assert result.exit_code == 2 and "nothing to draw: log(x)" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["relu.png"]  # tanh.png was drawn, never put in place
    assert (tmp_path / "relu.png").read_bytes() == previous  # a failed run changes no file


SLOW_SAVE = """
import pathlib, sys, time
from actplot.draw import render
from actplot.cli.app import main

FLAG = pathlib.Path(sys.argv[1])

def save(fig, fh, fmt):
    fh.write(b"\\x89PNG half a figure")
    fh.flush()
    FLAG.touch()  # tell the test the write has begun
    time.sleep(60)

render.save = save
sys.argv = ["actplot", "relu", "-n", "20", "--out", "out/relu.png"]
main()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="sends SIGINT")
def test_real_sigint_during_the_write_keeps_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "relu.png").write_bytes(b"\x89PNG the figure from yesterday")
    flag = tmp_path / "writing"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, str(flag)], cwd=tmp_path, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    deadline = time.monotonic() + 60
    while not flag.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert flag.exists(), proc.stderr.read() if proc.stderr else ""
    assert len(list(out.iterdir())) == 2  # the figure and the temporary file being written
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and b"Traceback" not in err
    assert [p.name for p in out.iterdir()] == ["relu.png"]
    assert (out / "relu.png").read_bytes() == b"\x89PNG the figure from yesterday"

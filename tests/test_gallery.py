"""The gallery command: files, formats, sizes, identical output for any --jobs, interrupts, progress."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from actplot.activations import spec as activations
from tests.conftest import Invoke, run_on_pty
from tests.pages import read_page


def _png_size(path: Path) -> tuple[int, int]:
    with Image.open(path) as img:
        return img.size


def test_gallery_writes_one_figure_per_function(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "sigmoid", "LeakyReLU", "--out", str(tmp_path / "g"), "--dpi", "100"])
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "g").iterdir())
    assert files == ["index.html", "leaky_relu.png", "relu.png", "sigmoid.png"]
    assert all(_png_size(tmp_path / "g" / f) == (500, 450) for f in files[1:])  # 5 x 4.5 inches at 100 dpi
    assert result.stdout == "" and "wrote 3 figures" in result.stderr


def test_gallery_without_functions_draws_the_catalogue(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "--out", str(tmp_path), "--format", "svg", "--points", "200"])
    assert result.exit_code == 0, result.stderr
    names = sorted(p.stem for p in tmp_path.glob("*.svg"))
    assert names == sorted(activations.names())
    assert all(p.read_bytes().startswith(b"<?xml") for p in tmp_path.glob("*.svg"))
    page = read_page(tmp_path / "index.html")  # the page shows every one of them
    assert {s.id: s.images for s in page.sections} == {name: [f"{name}.svg"] for name in activations.names()}


def test_template_out(invoke: Invoke, tmp_path: Path) -> None:
    template = str(tmp_path / "figs" / "act-{name}.pdf")
    result = invoke(["gallery", "tanh", "elu(alpha=0.5)", "--out", template])
    assert result.exit_code == 0, result.stderr
    files = sorted(p.name for p in (tmp_path / "figs").iterdir())
    assert files == ["act-elu-alpha-0.5.pdf", "act-tanh.pdf", "index.html"]
    assert (tmp_path / "figs" / "act-tanh.pdf").read_bytes().startswith(b"%PDF")


def test_jobs_do_not_change_the_bytes(invoke: Invoke, tmp_path: Path) -> None:
    funcs = ["relu", "gelu", "hardswish", "softplus"]
    for jobs in ("1", "2"):
        result = invoke(["gallery", *funcs, "--out", str(tmp_path / jobs), "--jobs", jobs, "--points", "300"])
        assert result.exit_code == 0, result.stderr
    for name in funcs:
        assert (tmp_path / "1" / f"{name}.png").read_bytes() == (tmp_path / "2" / f"{name}.png").read_bytes()


@pytest.mark.parametrize(
    "args,code,fragment",
    [
        (["gallery", "relu", "--out", "x/{name}.bmp"], 2, "figure format"),
        (["gallery", "nosuch"], 2, "unknown function"),
        (["gallery", "relu", "relu", "--out", "{name}.png"], 2, "same file name"),
    ],
)
def test_gallery_errors(
    invoke: Invoke, args: list[str], code: int, fragment: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke(args)
    assert result.exit_code == code and fragment in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    cmd = [sys.executable, "-m", "actplot", "gallery", "relu", "tanh", "--points", "100"]
    plain = subprocess.run([*cmd, "--out", str(tmp_path / "a")], capture_output=True, text=True, timeout=120)
    assert plain.returncode == 0
    assert plain.stderr.strip().splitlines() == [
        f"wrote 2 figures ({_kib(tmp_path / 'a')} KiB) to {tmp_path / 'a'}",
        f"wrote {tmp_path / 'a' / 'index.html'}",
    ]
    terminal = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    code, seen, stdout = run_on_pty([*cmd, "--out", str(tmp_path / "b")], env=terminal)
    assert code == 0
    assert stdout == b""  # nothing but data on stdout: here none
    assert b"drawing" in seen and b"\x1b[" in seen  # the bar, drawn with terminal control codes


def _kib(folder: Path) -> str:
    return f"{sum(p.stat().st_size for p in folder.glob('*.png')) / 1024:.0f}"


def test_ctrl_c_leaves_no_partial_figure(tmp_path: Path) -> None:
    out = tmp_path / "g"
    proc = subprocess.Popen(
        [sys.executable, "-m", "actplot", "gallery", "--out", str(out), "--jobs", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.is_dir() and any(p.suffix == ".tmp" for p in out.iterdir())):
        time.sleep(0.01)  # figures are being drawn: each is staged as a temporary file first
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err
    assert not out.exists()  # interrupted before the figures were put in place: the folder it made is gone too


def test_a_gallery_that_fails_between_its_rounds_leaves_nothing_for_the_next(
    invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from actplot.draw import align

    def broken(*_: object) -> None:
        raise RuntimeError("stopped between the rounds")

    monkeypatch.setattr(align, "common", broken)
    first = invoke(["gallery", "relu", "--jobs", "1", "-n", "30", "--out", str(tmp_path / "a"), "--no-page"])
    assert first.exit_code == 1 and "stopped between the rounds" in first.stderr
    monkeypatch.undo()
    second = invoke(["gallery", "relu", "tanh", "-n", "30", "--out", str(tmp_path / "b"), "--no-page"])
    assert second.exit_code == 0, second.stderr
    assert not (tmp_path / "a").exists()  # the first run's figure was never written, then or later
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["relu.png", "tanh.png"]

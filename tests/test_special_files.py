"""What --out does to what is already there: symlinks, devices, pipes, permissions, hard links, long names,
read-only places, and runs that fail (they change nothing).

Special files are made inside tmp_path or inside a private mount namespace (`unshare -m`), never on the
machine's real /dev.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import Invoke

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n"
SMALL = ["-n", "30"]
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
HAS_UNSHARE = IS_ROOT and shutil.which("unshare") is not None and sys.platform.startswith("linux")


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_symlink_is_written_through(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "real.png").write_bytes(b"old")
    (tmp_path / "link.png").symlink_to("real.png")
    assert invoke(["relu", *SMALL, "--out", str(tmp_path / "link.png")]).exit_code == 0
    assert (tmp_path / "link.png").is_symlink() and os.readlink(tmp_path / "link.png") == "real.png"
    assert (tmp_path / "real.png").read_bytes().startswith(PNG)
    assert _names(tmp_path) == ["link.png", "real.png"]


def test_a_dangling_symlink_gets_its_file(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "link.svg").symlink_to("made.svg")
    assert invoke(["relu", *SMALL, "--out", str(tmp_path / "link.svg")]).exit_code == 0
    assert (tmp_path / "link.svg").is_symlink() and (tmp_path / "made.svg").read_bytes().startswith(b"<?xml")


def test_permission_bits_are_kept(invoke: Invoke, tmp_path: Path) -> None:
    private = tmp_path / "private.png"
    private.write_bytes(b"old")
    private.chmod(0o600)
    assert invoke(["relu", *SMALL, "--out", str(private)]).exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_bytes().startswith(PNG)


def test_a_new_file_gets_the_umask(invoke: Invoke, tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        assert invoke(["relu", *SMALL, "--out", str(tmp_path / "new.png")]).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.png").stat().st_mode) == 0o600


def test_hard_links_stay_linked(invoke: Invoke, tmp_path: Path) -> None:
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    first.write_bytes(b"old")
    os.link(first, second)
    assert invoke(["relu", *SMALL, "--out", str(first)]).exit_code == 0
    assert first.stat().st_ino == second.stat().st_ino and first.stat().st_nlink == 2
    assert second.read_bytes().startswith(PNG)
    assert _names(tmp_path) == ["a.png", "b.png"]


def test_a_fifo_with_a_reader_gets_the_figure(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = invoke(["relu", *SMALL, "--out", str(fifo), "--format", "png"])
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert got and got[0].startswith(PNG) and stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_fifo_without_a_reader_is_an_error_not_a_hang(invoke: Invoke, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    result = invoke(["relu", *SMALL, "--out", str(fifo), "--format", "png"])
    assert result.exit_code == 1 and "no process is reading" in result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode) and _names(tmp_path) == ["pipe"]


@pytest.mark.skipif(not IS_ROOT, reason="making a device node needs root")
def test_a_character_device_is_written_through(invoke: Invoke, tmp_path: Path) -> None:
    null = tmp_path / "null"
    os.mknod(null, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # what /dev/null is, but in the test's folder
    assert invoke(["relu", *SMALL, "--out", str(null), "--format", "png"]).exit_code == 0
    assert stat.S_ISCHR(null.stat().st_mode) and _names(tmp_path) == ["null"]


def test_a_long_file_name_fits_its_temporary_name(invoke: Invoke, tmp_path: Path) -> None:
    name = "r" * 246 + ".png"  # 250 bytes: the temporary name must be shortened to fit 255
    assert invoke(["relu", *SMALL, "--out", str(tmp_path / name)]).exit_code == 0
    assert _names(tmp_path) == [name]


def _in_private_namespace(script: str, tmp_path: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    return subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, timeout=120)  # fmt: skip


@pytest.mark.skipif(not HAS_UNSHARE, reason="needs root and unshare for a private /dev")
def test_dev_null_and_dev_stdout_are_written_through(tmp_path: Path) -> None:
    py = sys.executable
    script = (
        "set -e; mount -t tmpfs none /dev; mknod -m 666 /dev/null c 1 3; mknod -m 444 /dev/urandom c 1 9; "
        "ln -s /proc/self/fd/1 /dev/stdout; "
        f"{py} -m actplot relu -n 30 --out /dev/null --format png; "
        "test -c /dev/null; "
        f"{py} -m actplot relu -n 30 --out /dev/stdout --format png > out.png; "
        "test -L /dev/stdout; ls -A /dev"
    )
    done = _in_private_namespace(script, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [b"null", b"stdout", b"urandom"]  # nothing added to /dev, nothing replaced
    assert (tmp_path / "out.png").read_bytes().startswith(PNG)


@pytest.mark.skipif(not HAS_UNSHARE, reason="needs root and unshare for a read-only mount")
def test_a_read_only_folder_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "ro").mkdir()
    script = (f"mount --bind -o ro ro ro && {sys.executable} -m actplot relu -n 30 --out ro/relu.png; "
              "echo exit=$?")  # fmt: skip
    done = _in_private_namespace(script, tmp_path)
    err = done.stderr.decode()
    assert done.stdout.strip() == b"exit=1", err
    assert err.count("\n") == 1 and "relu.png" in err and "Traceback" not in err
    assert _names(tmp_path / "ro") == []


def test_a_failed_template_run_writes_no_figure(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["relu", "log(x)", "--range", "-2", "-1", *SMALL, "--out", str(tmp_path / "f-{name}.png")])
    assert result.exit_code == 2 and "nothing to draw" in result.stderr
    assert _names(tmp_path) == []


def test_template_folders_are_made_and_removed_on_failure(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke(["relu", "tanh", *SMALL, "--out", str(tmp_path / "{name}" / "fig.png")]).exit_code == 0
    assert _names(tmp_path) == ["relu", "tanh"] and _names(tmp_path / "relu") == ["fig.png"]
    bad = invoke(["gelu", "log(x)", "--range", "-2", "-1", *SMALL, "--out", str(tmp_path / "new" / "{name}.png")])
    assert bad.exit_code == 2 and _names(tmp_path) == ["relu", "tanh"]  # the folder it made is gone


def test_a_gallery_whose_page_cannot_be_written_writes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "index.html").mkdir()  # a folder where the page would go
    result = invoke(["gallery", "relu", "tanh", *SMALL, "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert _names(tmp_path) == ["index.html"]


def test_a_gallery_template_makes_every_folder(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "tanh", *SMALL, "--out", str(tmp_path / "{name}" / "fig.png"), "--no-page"])
    assert result.exit_code == 0, result.stderr
    assert _names(tmp_path / "relu") == ["fig.png"] and _names(tmp_path / "tanh") == ["fig.png"]


def test_concurrent_galleries_keep_each_others_figures(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg"}
    base = [sys.executable, "-m", "actplot", "gallery", "--out", str(tmp_path), "-n", "30", "--no-page"]
    good = subprocess.Popen([*base, "relu", "sigmoid", "tanh", "--jobs", "2"], env=env, stderr=subprocess.PIPE)
    bad = subprocess.Popen([*base, "gelu", "elu", "log(x)", "--range", "-3", "-1", "--jobs", "2"], env=env,
                           stderr=subprocess.PIPE)  # fmt: skip
    good_err, bad_err = good.communicate(timeout=120)[1], bad.communicate(timeout=120)[1]
    assert good.returncode == 0, good_err
    assert bad.returncode == 2 and b"nothing to draw" in bad_err
    assert _names(tmp_path) == ["relu.png", "sigmoid.png", "tanh.png"]  # nothing of the failed run, nothing lost

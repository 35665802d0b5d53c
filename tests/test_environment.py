"""Real processes in unfriendly surroundings: stdout closed or full, ASCII and C locales, NO_COLOR."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
COLOUR = re.compile(rb"\x1b\[[0-9;]*(?:3[0-7]|9[0-7]|38;[0-9;]*)m")  # a foreground colour escape
# Runs each command line given as an argument (split on '|'), reporting each exit status on stderr.
DRIVER = (
    "import sys\nfrom actplot.cli.app import main\n"
    "for line in sys.argv[1:]:\n"
    "    sys.argv = ['actplot', *line.split('|')]\n"
    "    try:\n        main()\n    except SystemExit as exc:\n"
    "        print(f'EXIT {exc.code}', file=sys.stderr)\n"
    "    print('TORCH', 'torch' in sys.modules, file=sys.stderr)\n"
)


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "MPLBACKEND": "Agg", **extra}
    env.pop("ACTPLOT_DEBUG", None)
    return env


def _shell(redirect: str, lines: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The driver under `sh`, so that a redirection such as '>&-' (a closed stdout) is the shell's own."""
    quoted = " ".join("'" + line.replace("'", "'\\''") + "'" for line in lines)
    command = f"'{sys.executable}' -c \"$DRIVER\" {quoted} {redirect}"
    return subprocess.run(["sh", "-c", command], cwd=cwd, env=_env(DRIVER=DRIVER, **env), capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def _answers(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if not line.startswith("TORCH")]


def test_closed_stdout_is_an_error_for_data_and_harmless_for_files(tmp_path: Path) -> None:
    done = _shell(">&-", ["table|relu|--x|1", "relu|-n|20|--out|f.png", "list", "relu|-n|20|--out|-"], tmp_path)
    message = (
        "actplot: error: cannot write to stdout: it is closed; redirect it to a file or a pipe instead of closing it"
    )
    assert _answers(done.stderr) == [message, "EXIT 1", "wrote f.png", "EXIT 0", message, "EXIT 1", message, "EXIT 1"]
    with Image.open(tmp_path / "f.png") as img:  # the figure is whole: nothing meant for stdout went into it
        img.verify()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.png"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("line", ["table|relu|--x|1,2", "list|--format|json", "relu|-n|20|--out|-"])
def test_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path: Path, line: str) -> None:
    done = _shell(">/dev/full", [line], tmp_path)
    assert _answers(done.stderr) == ["actplot: error: cannot write output: No space left on device", "EXIT 1"]


def test_missing_input_file_is_reported_before_torch_loads(tmp_path: Path) -> None:
    done = _shell("", ["table|relu|--x|@missing.txt"], tmp_path)
    assert done.stderr.splitlines() == [
        "actplot: error: cannot read 'missing.txt': No such file or directory", "EXIT 1", "TORCH False"
    ]


def test_ascii_stdout_and_stderr_never_crash(tmp_path: Path) -> None:
    lines = ["diff|gelu|gelu(approximate=tanh)|-n|50", "x²", "grad|relu|--order|2|-n|20", "list|--format|markdown"]
    done = _shell("", lines, tmp_path, PYTHONIOENCODING="ascii")
    answers = _answers(done.stderr)
    assert "Traceback" not in done.stderr
    assert [a for a in answers if a.startswith("EXIT")] == ["EXIT 0", "EXIT 2", "EXIT 0", "EXIT 0"]
    assert any(a.startswith("max |gelu ") for a in answers)  # the note with a minus sign got out
    assert any(a.startswith("actplot: error: cannot read expression at column 2") for a in answers)


def test_c_locale_with_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    env = _env(LC_ALL="C", LANG="C", PYTHONUTF8="0", PYTHONCOERCECLOCALE="0")
    code = "import sys\nfrom actplot.cli.app import main\nmain()\n"
    for arg, fragment in [(b"\xff", b"not UTF-8"), (b"x\xc2\xb2", b"not UTF-8")]:
        done = subprocess.run([sys.executable, "-c", code, arg], cwd=tmp_path, env=env, capture_output=True, timeout=60)
        assert done.returncode == 2
        assert done.stderr.startswith(b"actplot: error: ") and done.stderr.count(b"\n") == 1
        assert fragment in done.stderr
    out = subprocess.run([sys.executable, "-c", code, "relu", "-n", "20", "--out", b"\xff.png"], cwd=tmp_path,
                         env=env, capture_output=True, timeout=60)  # fmt: skip
    assert out.returncode == 0 and (tmp_path / os.fsdecode(b"\xff.png")).is_file()
    assert out.stderr == b"wrote \\xff.png\n"  # the undecodable byte shown as the byte it was


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_progress_bar_honours_no_color(tmp_path: Path, no_color: bool) -> None:
    import pty

    env = _env(**({"NO_COLOR": "1"} if no_color else {}))
    env.pop("NO_COLOR", None) if not no_color else None
    master, slave = pty.openpty()
    args = [sys.executable, "-m", "actplot", "gallery", "relu", "--out", "g", "-n", "50", "--jobs", "1"]
    proc = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    shown = b""
    while True:
        try:
            data = os.read(master, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not data:
            break
        shown += data
    os.close(master)
    assert proc.wait(timeout=60) == 0
    assert b"100%" in shown  # the bar was drawn
    assert bool(COLOUR.search(shown)) is not no_color

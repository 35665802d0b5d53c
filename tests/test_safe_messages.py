"""What input can put into a message: control characters, terminal escapes and bytes that are not UTF-8
are shown as visible escapes, and an error or warning stays one line.  And what reaches the x values:
empty fields and over-long numbers are errors with a place, never silently dropped or split."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest

from actplot.cli import report
from actplot.streams import inputs
from tests.conftest import Invoke

RAW_CONTROL = re.compile(rb"[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def _one_safe_line(stderr: bytes) -> str:
    """The single line of `stderr`, after checking no raw control character reached it."""
    assert stderr.count(b"\n") == 1 and stderr.endswith(b"\n"), stderr
    assert not RAW_CONTROL.search(stderr), stderr
    return stderr.decode()


def test_escapes_and_nul_bytes_from_a_data_file_are_shown_not_sent(invoke: Invoke, tmp_path: Path) -> None:
    data = tmp_path / "xs.txt"
    data.write_bytes(b"1\n2 \x1b[2J\x1b]52;c;aGk=\x07\x00\x9b\xe2\x80\xae\n3\n")  # clear screen, OSC 52, NUL, C1, RLO
    result = invoke(["table", "relu", "--x", f"@{data}", "--format", "csv"])
    assert result.exit_code == 1
    line = _one_safe_line(result.stderr_bytes)
    assert line == f"actplot: error: {data}:2:3: '\\x1b[2J\\x1b]52;c;aGk=\\x07\\x00\\x9b\\u202e' is not a number\n"
    assert result.stdout.splitlines() == ["x,relu,relu_d1", "1.0,1.0,1.0", "2.0,2.0,1.0"]


def test_a_file_name_with_a_newline_stays_one_line(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["table", "relu", "--x", f"@{tmp_path}/a\nb\x1b[31m"])
    assert result.exit_code == 1
    assert "a\\nb\\x1b[31m" in _one_safe_line(result.stderr_bytes)


def test_bytes_that_are_not_utf8_show_as_the_bytes_they_were(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["table", "relu", "--x", "1,\udcff"])  # what argv makes of b"1,\xff"
    assert result.exit_code == 1 and result.stdout == ""
    assert _one_safe_line(result.stderr_bytes) == "actplot: error: --x:1:3: '\\xff' is not a number\n"
    result = invoke(["relu", "--title", "\udcff", "--out", str(tmp_path / "t.png")])
    assert result.exit_code == 2 and not (tmp_path / "t.png").exists()
    assert "--title '\\xff' holds bytes that are not UTF-8" in _one_safe_line(result.stderr_bytes)


def test_warnings_are_escaped_and_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    report._show_warning(UserWarning("two\nlines \x1b[2J\u2028"), UserWarning, "f.py", 1)
    assert capsys.readouterr().err == "actplot: warning: two\\nlines \\x1b[2J\\u2028\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report.note("wrote a.png\nwrote b\x07.png")  # notes keep their own lines, escaped within them
    assert capsys.readouterr().err == "wrote a.png\nwrote b\\x07.png\n"


@pytest.mark.parametrize("source,stdin", [("1,,2", None), ("-", "1,,2\n")])
def test_an_empty_field_stops_the_run_with_its_place(invoke: Invoke, source: str, stdin: str | None) -> None:
    result = invoke(["table", "relu", "--x", source, "--format", "csv"], input=stdin)
    assert result.exit_code == 1
    where = "--x" if stdin is None else "stdin"
    assert _one_safe_line(result.stderr_bytes).startswith(f"actplot: error: {where}:1:3: empty field between commas")
    rows = [] if stdin is None else ["1.0,1.0,1.0"]  # inline values are all checked first; stdin streams
    assert result.stdout.splitlines()[1:] == rows


@pytest.mark.parametrize("token", ["0", "1", "0.", "-0"])
def test_a_number_longer_than_the_limit_is_refused_never_split(invoke: Invoke, tmp_path: Path, token: str) -> None:
    path = tmp_path / "long.txt"
    path.write_bytes(b"5 " + token.encode() + b"0" * (2 * inputs.MAX_TOKEN))  # no newline: 2 MiB of one token
    result = invoke(["table", "relu", "--x", f"@{path}", "--format", "csv"])
    assert result.exit_code == 1
    assert f"{path}:1:3: '{token}000" in _one_safe_line(result.stderr_bytes)
    assert "too long for a number" in result.stderr
    assert result.stdout.splitlines() == ["x,relu,relu_d1", "5.0,5.0,1.0"]  # the value before it, no pieces


def test_a_long_run_of_zeros_from_stdin_is_refused(invoke: Invoke) -> None:
    result = invoke(["table", "relu", "--x", "-", "--format", "jsonl"], input=b"0" * (inputs.MAX_TOKEN + 5))
    assert result.exit_code == 1 and result.stdout == ""
    assert "stdin:1:1: '0000" in _one_safe_line(result.stderr_bytes)

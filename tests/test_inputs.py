"""Reading x values: separators, comments, specials, positions of bad tokens, blocks and trickling pipes."""

from __future__ import annotations

import io
import math
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from actplot.errors import InputError
from actplot.streams import inputs


def _read(text: str | bytes, source: str = "-") -> list[float]:
    data = text.encode() if isinstance(text, str) else text
    return [v for block in inputs.read_values(source, io.BytesIO(data)) for v in block.tolist()]


def _error(text: str, source: str = "-") -> tuple[list[float], str]:
    got: list[float] = []
    with pytest.raises(InputError) as info:
        for block in inputs.read_values(source, io.BytesIO(text.encode())):
            got += block.tolist()
    return got, info.value.message


def test_mixed_separators_blank_lines_and_comments() -> None:
    text = "# x values\n1,2 3\t4\n\n5, 6,\r\n  7 # seven\n#8\n9"
    assert _read(text) == [1, 2, 3, 4, 5, 6, 7, 9]


def test_scientific_notation_and_specials_in_any_case() -> None:
    got = _read("1e3 -2.5E-2 +4. .5 nan NaN inf -inf INF -Infinity")
    assert got[:4] == [1000.0, -0.025, 4.0, 0.5]
    assert all(math.isnan(v) for v in got[4:6])
    assert got[6:] == [math.inf, -math.inf, math.inf, -math.inf]


def test_bad_token_names_line_and_column_after_the_values_before_it() -> None:
    got, message = _error("1 2\n\n3 4 abc 5\n6\n")
    assert message == "stdin:3:5: 'abc' is not a number"
    assert got == [1, 2, 3, 4]


@pytest.mark.parametrize("token", ["1_000", "0x10", "1.2.3", "--1", "1e", "∞"])
def test_not_numbers(token: str) -> None:
    got, message = _error(f"1\n {token}")
    assert got == [1.0] and message.startswith("stdin:2:2: '")


def test_columns_count_characters() -> None:
    assert _error("é, x")[1] == "stdin:1:1: 'é' is not a number"
    assert _error("1, é x")[1] == "stdin:1:4: 'é' is not a number"


def test_long_tokens_are_shortened_in_the_message() -> None:
    message = _error("a" * 100)[1]
    assert len(message) < 80 and "..." in message


def test_empty_inputs() -> None:
    assert _read("") == [] and _read("\n\n# nothing\n") == []


def test_inline_and_file(tmp_path: Path) -> None:
    assert _read(b"", "0,0.5, 1") == [0.0, 0.5, 1.0]
    (tmp_path / "xs.txt").write_text("1\n# c\n2 3\n")
    assert _read(b"", f"@{tmp_path / 'xs.txt'}") == [1.0, 2.0, 3.0]
    _, message = _error("", f"@{tmp_path / 'xs.txt'}x")
    assert message.startswith("cannot read '") and "No such file" in message
    path = tmp_path / "bad.txt"
    path.write_text("1\n2 x\n")
    assert _error("", f"@{path}")[1] == f"{path}:2:3: 'x' is not a number"


def test_parse_all_checks_everything_first() -> None:
    assert inputs.parse_all("1, 2").tolist() == [1.0, 2.0]
    with pytest.raises(InputError, match=r"--x:1:4: 'b'"):
        inputs.parse_all("1, b")


@pytest.fixture
def tiny_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blocks of 8 bytes, so that lines are cut into several blocks."""
    monkeypatch.setattr(inputs, "CHUNK_BYTES", 8)


@pytest.mark.usefixtures("tiny_blocks")
def test_long_lines_are_cut_between_numbers_never_inside() -> None:
    values = [round(0.001 * i - 3, 3) for i in range(500)]
    text = ", ".join(map(str, values)) + "\n" + " ".join(map(str, values))
    assert _read(text) == values + values


@pytest.mark.usefixtures("tiny_blocks")
def test_comments_cut_across_blocks_are_still_comments() -> None:
    assert _read("1 2 # 3 4 5 6 7 8 9 10 11\n12 13 #14\n15") == [1, 2, 12, 13, 15]


@pytest.mark.usefixtures("tiny_blocks")
def test_positions_survive_cuts() -> None:
    line = " ".join(str(i) for i in range(40))
    got, message = _error(f"7\n{line} oops 1\n")
    assert message == f"stdin:2:{len(line) + 2}: 'oops' is not a number"
    assert got == [7.0] + [float(i) for i in range(40)]


def _next_within(blocks: Iterator[np.ndarray], seconds: float = 10.0) -> list[float]:
    out: list[list[float]] = []
    worker = threading.Thread(target=lambda: out.append(next(blocks).tolist()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert out, "the reader waited for more input instead of returning the complete lines it had"
    return out[0]


def test_a_trickling_pipe_yields_lines_as_they_arrive() -> None:
    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb") as stream, os.fdopen(write_end, "wb", buffering=0) as writer:
        blocks = inputs.read_values("-", stream)
        writer.write(b"1\n2")  # "2" may be the start of "25": held back until its line ends
        assert _next_within(blocks) == [1.0]
        writer.write(b"5\n3\n")
        assert _next_within(blocks) == [25.0, 3.0]
        writer.write(b"4")
        writer.close()
        assert _next_within(blocks) == [4.0]
        assert list(blocks) == []


def test_bulk_pipe_input_arrives_whole_and_in_order() -> None:
    data = b"".join(b"%d\n" % i for i in range(300_000))
    read_end, write_end = os.pipe()
    feeder = threading.Thread(target=lambda: (os.write(write_end, data), os.close(write_end)), daemon=True)
    feeder.start()
    with os.fdopen(read_end, "rb") as stream:
        got = np.concatenate(list(inputs.read_values("-", stream)))
    feeder.join()
    assert np.array_equal(got, np.arange(300_000))


@pytest.mark.parametrize(
    "text,message,before",
    [
        ("1,,2", "stdin:1:3: empty field between commas", [1.0]),
        ("1, ,2", "stdin:1:4: empty field between commas", [1.0]),
        ("1 2\n3,\t,4\n5", "stdin:2:4: empty field between commas", [1.0, 2.0, 3.0]),
        ("1,,x", "stdin:1:3: empty field between commas", [1.0]),  # the first problem in reading order
    ],
)
def test_an_empty_field_between_commas_is_an_error(text: str, message: str, before: list[float]) -> None:
    assert _error(text) == (before, message)


def test_a_comma_at_either_end_of_a_line_is_a_separator() -> None:
    # lists wrapped by hand end (or start) lines with commas; only a doubled comma leaves a value out
    assert _read("0, 0.5,\n1, 1.5,\n") == [0.0, 0.5, 1.0, 1.5]
    assert _read("1\n, 2") == [1.0, 2.0]
    assert _read(b"", "1,2,") == [1.0, 2.0]


def test_an_empty_field_across_a_block_boundary_is_found() -> None:
    head = "1," * (inputs.CHUNK_BYTES // 2)  # one read ends exactly after a comma
    got, message = _error(head + ",2")
    assert message == f"stdin:1:{inputs.CHUNK_BYTES + 1}: empty field between commas"
    assert len(got) == inputs.CHUNK_BYTES // 2


def test_a_number_that_spans_blocks_is_read_whole() -> None:
    head = "1 " * 200_000
    token = "0" * 900_000 + "5"  # crosses the end of the first 1 MiB read; split, it would be 0 and 5
    assert _read(head + token + " 7") == [1.0] * 200_000 + [5.0, 7.0]


@pytest.mark.parametrize("end", ["", "\n"])
def test_a_token_longer_than_the_limit_is_refused_never_split(end: str) -> None:
    got, message = _error("1 " + "0" * (2 * inputs.MAX_TOKEN) + end)
    assert got == [1.0]
    assert message.startswith("stdin:1:3: '0000") and "too long for a number" in message


def test_bad_bytes_in_a_message_stay_bytes() -> None:
    with pytest.raises(InputError) as info:
        list(inputs.read_values("-", io.BytesIO(b"1 \xff\x1b[2J")))
    assert info.value.message == "stdin:1:3: '\udcff\x1b[2J' is not a number"  # the CLI shows \xff and \x1b
    assert _error("", "1,\udcff")[1] == "--x:1:3: '\udcff' is not a number"

"""x values read from the command line, a file or stdin, a block at a time (numpy, no torch).

Numbers are separated by any mix of whitespace, commas and newlines; ``#`` starts a comment that runs
to the end of its line; anything ``float()`` reads is a number (``1e-3``, ``nan``, ``inf``, ``-Inf``),
except that underscores are refused.  Two commas with nothing but blanks between them on one line
(``1,,2``) leave a field empty: a value is missing, so that is an error too.  A comma at the start or end
of a line is a separator like any other, so a list wrapped by hand (``0, 0.5,`` then ``1, 1.5``) reads
as written.  A bad token or empty field is an :class:`InputError` naming ``source:line:column`` (columns
count characters from 1).  Every value before it has already been yielded, so a caller that writes rows
as blocks arrive has written exactly the rows before it, and nothing after.

Reading is made for pipes: a block is whatever has arrived (at most ``CHUNK_BYTES``), cut after its last
complete line, so bulk input moves in large blocks and a ``tail -f``-style source in small ones as lines
come.  A line longer than a block is cut at a separator, never inside a number.  A token may be up to
``MAX_TOKEN`` bytes long (no number needs more); a longer one is refused as too long rather than kept
whole, which holds memory bounded whatever the input (``--x @/dev/zero``).
"""

from __future__ import annotations

import os
import re
import select
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, Final

import numpy as np
import numpy.typing as npt

from actplot.errors import InputError, UsageError
from actplot.streams import decimals

CHUNK_BYTES: Final = 1 << 20
MAX_TOKEN: Final = 1 << 20  # bytes in one token; a longer one is refused, never split into several values
_COMMENT: Final = re.compile(rb"#[^\n]*")
_BLANKS: Final = b" \t\r\v\f"
_FIELD: Final = re.compile(rb"[^\s,]+|,[ \t\r\v\f]*(?=,)")  # a token, or a comma whose field is empty
_EMPTY_FIELD: Final = re.compile(rb",[ \t\r\v\f]*,")
_LEADING_COMMA: Final = re.compile(rb"[ \t\r\v\f]*,")
_SEPARATORS: Final = (b" ", b",", b"\t", b"\r", b"\v", b"\f")
_SHOWN: Final = 40  # characters of a bad token quoted in the message

F64 = npt.NDArray[np.float64]


def read_values(source: str, stdin: BinaryIO | None = None) -> Iterator[F64]:
    """Blocks of x values from ``-`` (stdin), ``@FILE`` or inline text such as ``0,0.5,1``.

    >>> [b.tolist() for b in read_values("0, 0.5 1e1")]
    [[0.0, 0.5, 10.0]]
    """
    if source == "-":
        if stdin is None:
            raise InputError("--x -: there is no stdin to read")
        yield from _values(_stream_reads(stdin), "stdin")
    elif source.startswith("@"):
        path = source[1:]
        try:
            fh = open(path, "rb")
        except OSError as exc:
            raise InputError(f"cannot read '{path}': {exc.strerror or exc}") from None
        with fh:
            yield from _values(_stream_reads(fh), path)
    else:
        yield from _values(iter([_inline_bytes(source)]), "--x")


def _inline_bytes(source: str) -> bytes:
    """The bytes of an inline ``--x``: argv bytes that are not UTF-8 arrive as lone surrogates, and go back
    to being those bytes, which the parser refuses like any other bad token."""
    try:
        return source.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # surrogates no argv makes (from the Python API): still bytes, never a crash
        return source.encode("utf-8", "surrogatepass")


def check_source(source: str) -> None:
    """Complain now, before anything heavy is loaded, about an ``@FILE`` that cannot be read."""
    if not source.startswith("@"):
        return
    path = source[1:]
    if not path:
        raise UsageError("--x @ names no file", hint="write --x @values.txt, or --x - for stdin")
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"cannot read '{path}': it is a directory")
        if stat.S_ISREG(mode):  # a FIFO or device is left alone: opening it here would consume or block
            open(path, "rb").close()
    except OSError as exc:
        raise InputError(f"cannot read '{path}': {exc.strerror or exc}") from None


def parse_all(source: str, stdin: BinaryIO | None = None) -> F64:
    """Every value of `source` as one array (for small inputs such as the inline ``--x``)."""
    blocks = list(read_values(source, stdin))
    return np.concatenate(blocks) if blocks else np.empty(0)


@dataclass
class _Position:
    """Where the next block starts: its line, and its column when a long line was cut."""

    name: str
    line: int = 1
    column: int = 0  # characters of the current line already consumed
    open_comma: bool = False  # the line so far ends in a comma and blanks: a comma next leaves a field empty

    def advance(self, block: bytes) -> None:
        newline = block.rfind(b"\n")
        tail = block[newline + 1 :]
        if newline >= 0:
            self.line += block.count(b"\n")
            self.column, self.open_comma = 0, False
        self.column += _width(tail)
        ending = tail.rstrip(_BLANKS)
        if ending:  # blanks alone leave the state as it was
            self.open_comma = ending.endswith(b",")


def _values(reads: Iterator[bytes], name: str) -> Iterator[F64]:
    where = _Position(name)
    for block in _blocks(reads):
        values, error = _parse(block, where)
        if values.size:
            yield values
        if error is not None:
            raise error
        where.advance(block)


def _parse(block: bytes, where: _Position) -> tuple[F64, InputError | None]:
    """The values of `block`, and the error at its first bad token, if any (with the values before it)."""
    text = _COMMENT.sub(b"", block) if b"#" in block else block
    # float() reads '1_0' as 10, and split() passes over empty fields: such text goes the slow way
    empty_field = b"," in text and (_EMPTY_FIELD.search(text) or (where.open_comma and _LEADING_COMMA.match(text)))
    if b"_" not in text and not empty_field:
        plain = decimals.read(text, MAX_TOKEN)  # plain decimals, read in bulk; None leaves them to float()
        if plain is not None:
            return plain, None
        tokens = text.replace(b",", b" ").split()
        if len(text) <= MAX_TOKEN or max(map(len, tokens), default=0) <= MAX_TOKEN:
            try:
                return np.array(list(map(float, tokens)), np.float64), None
            except ValueError:
                pass
    return _parse_slowly(block, where)


def _parse_slowly(block: bytes, where: _Position) -> tuple[F64, InputError | None]:
    """Line by line, to name the line and column of the first bad token or empty field."""
    values: list[float] = []
    for i, raw in enumerate(block.split(b"\n")):
        line = raw.split(b"#", 1)[0]
        start = where.column if i == 0 else 0
        place = f"{where.name}:{where.line + i}"
        if i == 0 and where.open_comma and (lead := _LEADING_COMMA.match(line)):
            return np.array(values, np.float64), _empty_field(f"{place}:{start + _width(lead.group())}")
        for match in _FIELD.finditer(line):
            token = match.group()
            if token.startswith(b","):  # the column of the comma that closes the empty field
                return np.array(values, np.float64), _empty_field(f"{place}:{start + _width(line[: match.end()]) + 1}")
            complaint = _complaint(token)
            if complaint:
                column = start + _width(line[: match.start()]) + 1
                return np.array(values, np.float64), InputError(f"{place}:{column}: {complaint}")
            values.append(float(token))
    return np.array(values, np.float64), None


def _complaint(token: bytes) -> str | None:
    """Why `token` is no number, or None if it is one."""
    if len(token) > MAX_TOKEN:
        return f"'{_shown(token)}' is longer than {MAX_TOKEN:,} bytes: too long for a number"
    try:
        if b"_" not in token:
            float(token)
            return None
    except ValueError:
        pass
    return f"'{_shown(token)}' is not a number"


def _empty_field(place: str) -> InputError:
    return InputError(f"{place}: empty field between commas", hint="a value is missing there, or a comma is doubled")


def _shown(token: bytes) -> str:
    """The start of `token` for a message; bytes that are not UTF-8 become lone surrogates, which the
    CLI shows as escapes."""
    text = token[: 4 * _SHOWN].decode("utf-8", "surrogateescape")
    return text if len(text) <= _SHOWN and len(token) <= 4 * _SHOWN else text[:_SHOWN] + "..."


def _width(data: bytes) -> int:
    """Characters in `data`, as columns count them."""
    return len(data.decode("utf-8", "replace"))


def _blocks(reads: Iterator[bytes]) -> Iterator[bytes]:
    """Regroup raw reads into blocks that end at a line end, or at a separator of an over-long line."""
    pending = b""
    skipping = False  # inside a comment whose start was cut off into an earlier block
    for data in reads:
        if skipping:
            newline = data.find(b"\n")
            if newline < 0:
                continue
            data, skipping = data[newline:], False
        buf = pending + data
        cut = buf.rfind(b"\n") + 1
        if cut == 0 and len(buf) >= CHUNK_BYTES:
            cut, skipping = _cut_long_line(buf)
            if not skipping and len(buf) - cut > MAX_TOKEN:
                # a token with no end in sight: pass on just enough of it for the parser to refuse it
                # (with its place, after the values before it), and read no further
                if cut:
                    yield buf[:cut]
                yield buf[cut : cut + MAX_TOKEN + 1]
                return
        if cut:
            yield buf[:cut]
            pending = b"" if skipping else buf[cut:]
        else:
            pending = buf
    if pending:
        yield pending


def _cut_long_line(buf: bytes) -> tuple[int, bool]:
    """Where to cut a line with no end in sight: at its comment (dropping the rest), else after its last
    separator; 0 when it is all one token so far (kept whole: a number is never split)."""
    comment = buf.find(b"#")
    if comment >= 0:
        return comment, True
    return max(buf.rfind(sep) for sep in _SEPARATORS) + 1, False


def _stream_reads(stream: BinaryIO) -> Iterator[bytes]:
    """Raw reads of up to CHUNK_BYTES: what has arrived so far, without waiting for a full chunk."""
    try:
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError):  # an in-memory stream (tests): read it plainly
        read = getattr(stream, "read1", stream.read)
        while data := read(CHUNK_BYTES):
            yield data
        return
    yield from _fd_reads(fd)


def _fd_reads(fd: int) -> Iterator[bytes]:
    """os.read returns what a pipe holds (up to 64 KiB); keep reading while more is ready, up to a chunk."""
    while data := os.read(fd, CHUNK_BYTES):
        parts, size = [data], len(data)
        while size < CHUNK_BYTES and _ready(fd):
            more = os.read(fd, CHUNK_BYTES - size)
            if not more:
                yield b"".join(parts)
                return
            parts.append(more)
            size += len(more)
        yield b"".join(parts)


def _ready(fd: int) -> bool:
    try:
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError):  # select() on this kind of file is unsupported (Windows pipes)
        return False

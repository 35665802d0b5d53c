"""Writing files so that a failed or interrupted run changes nothing: stage every file, then commit all.

A file is *staged* first: written complete into a temporary file beside its target (the same file
system, so the final rename cannot fail half-way), with the permission bits the target will have.
Committing puts every staged file in place; if one fails, those already put in place are restored
from hard-linked backups (or removed, where there was no file before), so a run changes all its files
or none. Temporary names carry the process id, so a run only ever removes its own leftovers.

Targets that are not regular files are written through, never replaced: a symlink's target is
written (the link stays), a character device or FIFO (``/dev/null``, a named pipe) and a path naming
an open descriptor (``/dev/stdout``, ``/proc/self/fd/1``) are opened and written. A file with several
hard links is rewritten in place, so the links keep sharing it. Block devices and sockets are refused.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Final

from actplot.errors import OutputError

_DESCRIPTOR: Final = re.compile(r"^/(dev/(stdout|stderr|fd/\d+)|proc/(self|thread-self|\d+)/fd/\d+)$")
_MAX_LINKS: Final = 40  # symlinks followed before giving up, as the kernel does
_RANDOM: Final = 8  # characters tempfile adds to a name


@dataclass(frozen=True)
class Staged:
    """A file ready to be put in place: `temp` holds it beside `target`, or `data` holds it (write-through)."""

    target: Path  # the path written, symlinks followed
    temp: Path | None
    data: bytes = b""


def stage(path: Path, write: Callable[[IO[bytes]], None]) -> Staged:
    """Write the file now, but beside `path` (or into memory for a write-through target); see :func:`commit`."""
    target, through = resolve(path)
    if through:
        buf = io.BytesIO()
        write(buf)
        return Staged(target, None, buf.getvalue())
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=temp_prefix(target), suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            _take_over_mode(fh.fileno(), target)
            write(fh)
        return Staged(target, Path(tmp))
    except BaseException as exc:
        if tmp:
            Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from exc
        raise


def commit(staged: Sequence[Staged]) -> None:
    """Put every staged file in place, or (on any failure, Ctrl-C included) none of them."""
    undo: list[Callable[[], None]] = []
    try:
        for s in staged:
            undo.append(_put(s))
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        discard(staged)
        raise
    for s in staged:  # the backups are no longer needed
        _backup_path(s).unlink(missing_ok=True)


def discard(staged: Sequence[Staged]) -> None:
    """Remove the temporary files of files that will not be committed."""
    for s in staged:
        if s.temp is not None:
            s.temp.unlink(missing_ok=True)


def write_atomically(path: Path, write: Callable[[IO[bytes]], None]) -> None:
    """Write one file: complete and in place, or not at all (the previous file kept)."""
    commit([stage(path, write)])


def resolve(path: Path) -> tuple[Path, bool]:
    """The path actually written (symlinks followed) and whether it is written through in place."""
    current = path  # as given, while no link is followed: messages name what the user typed
    for _ in range(_MAX_LINKS):
        if _DESCRIPTOR.match(os.path.abspath(current)):
            return current, True
        if not current.is_symlink():
            break
        current = Path(os.path.normpath(current.absolute().parent / os.readlink(current)))
    else:
        raise OutputError(f"cannot write '{path}': too many levels of symbolic links")
    try:
        mode = current.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # a new file (or a folder that is not: said by the caller)
        return current, False
    except OSError as exc:
        raise OutputError(f"cannot write '{path}': {exc.strerror or exc}") from None
    if stat.S_ISBLK(mode) or stat.S_ISSOCK(mode):
        raise OutputError(f"refusing to write a figure to '{path}': it is a block device or a socket")
    return current, stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def temp_prefix(target: Path, pid: int | None = None) -> str:
    """``.NAME.PID.``, NAME shortened so the whole temporary name fits the file system's name limit."""
    try:
        limit = os.pathconf(target.parent, "PC_NAME_MAX")
    except (OSError, ValueError):
        limit = 255
    tail = f".{os.getpid() if pid is None else pid}."
    room = max(1, limit - len(tail) - _RANDOM - len(".tmp") - 1)
    name = target.name.encode("utf-8", "surrogateescape")[:room].decode("utf-8", "ignore") or "x"
    return f".{name}{tail}"


def leftovers(folders: Sequence[Path], pids: Sequence[int]) -> Iterator[Path]:
    """Temporary files that processes `pids` left in `folders` (a worker stopped inside mkstemp)."""
    ends = tuple(f".{pid}." for pid in pids)
    for folder in dict.fromkeys(folders):
        with contextlib.suppress(OSError):
            for p in folder.iterdir():
                if p.name.startswith(".") and p.suffix == ".tmp" and any(e in p.name for e in ends):
                    yield p


def _take_over_mode(fd: int, target: Path) -> None:
    """Give the new file the permission bits (and, for root, the owner) of the file it replaces."""
    try:
        old = target.stat()
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        os.fchmod(fd, 0o666 & ~mask)
        return
    os.fchmod(fd, stat.S_IMODE(old.st_mode))
    if os.geteuid() == 0:
        with contextlib.suppress(OSError):
            os.fchown(fd, old.st_uid, old.st_gid)


def _backup_path(s: Staged) -> Path:
    return s.target.with_name(f"{temp_prefix(s.target)}backup.tmp")


def _put(s: Staged) -> Callable[[], None]:
    """Put one staged file in place; returns how to undo it."""
    if s.temp is None:
        _write_through(s.target, s.data)
        return lambda: None  # a device or a pipe cannot take its bytes back
    backup = _backup_path(s)
    try:
        existing = s.target.stat()
    except FileNotFoundError:
        os.replace(s.temp, s.target)
        return lambda: s.target.unlink(missing_ok=True)
    if existing.st_nlink > 1:  # hard links share the file: rewrite it in place so they keep sharing it
        shutil.copyfile(s.target, backup)
        _copy_into(s.temp, s.target)
        s.temp.unlink(missing_ok=True)
        return lambda: _copy_into(backup, s.target)
    os.link(s.target, backup)
    os.replace(s.temp, s.target)
    return lambda: os.replace(backup, s.target)


def _copy_into(source: Path, target: Path) -> None:
    with open(source, "rb") as src, open(target, "r+b") as dst:
        shutil.copyfileobj(src, dst)
        dst.truncate()


def _write_through(target: Path, data: bytes) -> None:
    try:
        fd = os.open(target, os.O_WRONLY | os.O_NONBLOCK)  # a FIFO nobody reads would block for ever
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise OutputError(f"cannot write '{target}': no process is reading this pipe") from None
        raise OutputError(f"cannot write '{target}': {exc.strerror or exc}") from None
    os.set_blocking(fd, True)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
    except OSError as exc:
        raise OutputError(f"cannot write '{target}': {exc.strerror or exc}") from None

"""Where figures go: checked before any computation; the folders they need (written by :mod:`staging`)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from actplot.errors import OutputError, UsageError, check_choice
from actplot.streams import staging

FIGURE_FORMATS: Final = ("png", "svg", "pdf")
ANIMATION_FORMATS: Final = ("gif", "webp", "apng", "png", "mp4")  # png: an animated PNG (APNG)


@dataclass(frozen=True)
class Target:
    """A checked destination: a path, or stdout when `path` is None."""

    path: Path | None
    fmt: str


def resolve(out: str | None, fmt: str | None, default_stem: str, stdout_is_tty: bool,
            make_folders: bool = False, formats: tuple[str, ...] = FIGURE_FORMATS) -> Target:  # fmt: skip
    """The destination for `--out`/`--format`, with every problem found before anything is computed.

    With `make_folders` (a ``{name}`` template), a missing folder is fine if it can be created.
    `formats` are those the command can write, the first the default.
    """
    if fmt is not None:
        fmt = check_choice(fmt.lower(), formats, "--format")
    if out == "-":
        if stdout_is_tty:
            raise UsageError(
                "refusing to write a binary figure to the terminal", hint="redirect stdout or use --out FILE"
            )
        return Target(None, fmt or formats[0])
    path = Path(out) if out else Path(f"{default_stem}.{fmt or formats[0]}")
    if path.is_dir():  # said first: '.' has no suffix either, but that is not its problem
        raise OutputError(f"'{path}' is a directory", hint="give a file name such as relu.png")
    fmt = format_of(path, fmt, formats)
    if make_folders and not path.parent.exists():
        check_folder(path.parent, path)
    else:
        _check_writable(path, stdout_is_tty)
    return Target(path, fmt)


def format_of(path: Path, fmt: str | None, formats: tuple[str, ...] = FIGURE_FORMATS) -> str:
    """`fmt` when given (checked), else the format named by the suffix of `path`."""
    if fmt is not None:
        return check_choice(fmt.lower(), formats, "--format")
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in formats:
        animation = formats == ANIMATION_FORMATS
        if animation and suffix in FIGURE_FORMATS:
            raise UsageError(f"an animation cannot be .{suffix}: '{path}'", hint=f"use {_suffixes(formats)}")
        moving = not animation and suffix in ANIMATION_FORMATS
        hint = f"use {_suffixes(formats)}, or --format" + ("; --animate draws animations" if moving else "")
        raise UsageError(f"cannot tell the {'animation' if animation else 'figure'} format of '{path}'", hint=hint)
    return suffix


def _suffixes(formats: tuple[str, ...]) -> str:
    """``a .png, .svg or .pdf suffix``."""
    names = [f".{f}" for f in formats]
    return f"a {', '.join(names[:-1])} or {names[-1]} suffix"


def _check_writable(path: Path, stdout_is_tty: bool) -> None:
    target, through = staging.resolve(path)
    if through:
        if stdout_is_tty and os.path.abspath(target) in ("/dev/stdout", "/proc/self/fd/1", "/dev/fd/1"):
            raise UsageError("refusing to write a binary figure to the terminal", hint="redirect stdout")
        if not os.access(target, os.W_OK):
            raise OutputError(f"cannot write '{path}': permission denied")
        return
    if target.is_dir():
        raise OutputError(f"'{path}' is a directory", hint="give a file name such as relu.png")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write '{path}': directory '{target.parent}' does not exist")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"cannot write '{path}': directory '{target.parent}' is not writable")
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write '{path}': the file is read-only")


def check_folder(folder: Path, path: Path | None = None) -> None:
    """`folder` exists (or can be made) and is writable: checked without creating anything."""
    what = f"cannot write '{path}': " if path is not None else "cannot write: "
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise OutputError(f"{what}'{existing}' is not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputError(f"{what}directory '{existing}' is not writable")


def make_folders(paths: Sequence[Path]) -> list[Path]:
    """Create the missing folders that hold `paths`; the ones created, deepest first (to remove on failure)."""
    created: list[Path] = []
    for folder in dict.fromkeys(p.parent for p in paths):
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            remove_folders(created)
            raise OutputError(f"cannot create directory '{folder}': {exc.strerror or exc}") from None
        created += missing
    return sorted(created, key=lambda p: len(p.parts), reverse=True)


def remove_folders(created: Sequence[Path]) -> None:
    """Remove folders a failed run created, deepest first, as long as they are empty."""
    for folder in created:
        with contextlib.suppress(OSError):
            folder.rmdir()

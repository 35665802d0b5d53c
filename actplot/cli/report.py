"""The one place where failures become messages: one line on stderr and the exit code of the error's
class; warnings become 'actplot: warning: ...' lines. `actplot FUNC` is read as `actplot plot FUNC`.

Imports here stay light (no torch, no matplotlib, no rich at module level).
"""

from __future__ import annotations

import copy
import functools
import os
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final, NoReturn

import typer
from typer.core import TyperGroup

from actplot.cli.click_compat import ClickException, Context, UsageError, echo
from actplot.cli.lazy import LazyCommands
from actplot.errors import ActplotError, ActplotWarning, OutputError, as_resource_error
from actplot.streams import signals, stdio

_GROUP_FLAGS = {"--help", "-h", "--version", "--install-completion", "--show-completion"}


def _debug_wanted(ctx: Context | None = None) -> bool:
    if os.environ.get("ACTPLOT_DEBUG", "") not in ("", "0"):
        return True
    return bool(ctx and ctx.find_root().params.get("debug"))


# Characters a message must not hand to the terminal: C0 controls and DEL, C1 controls (ESC starts the
# sequences that clear a screen or write the clipboard, C1's CSI and OSC do the same alone), line and
# paragraph separators, bidi overrides and isolates (they reorder what is shown), and lone surrogates
# (bytes of a non-UTF-8 argv or file, which no encoder accepts). Compiled on first use, not at start-up:
# the surrogates' range makes it a few milliseconds' work, and a command that succeeds quietly needs none.
@functools.cache
def _unsafe() -> re.Pattern[str]:
    return re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


_NAMED: Final = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # Python's stand-in for an undecodable byte: show the byte itself
        return f"\\x{code - 0xDC00:02x}"
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def _printable(text: str, lines: bool = True) -> str:
    """`text` with every unsafe character shown as a backslash escape; newlines kept only if `lines`.

    Input reaches messages (tokens of a data file, file names, FUNC text, labels), so nothing in a
    message may act on the terminal, and an error or warning stays the one line it promises.
    """
    if not lines:
        return _unsafe().sub(_escape, text)
    return "\n".join(_unsafe().sub(_escape, line) for line in text.split("\n"))


def _say(kind: str, message: str) -> None:
    echo(_printable(f"actplot: {kind}: {message}", lines=False), err=True)


def _show_warning(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> None:
    _say("warning", str(message))


def note(message: str | None) -> None:
    if message:
        echo(_printable(message), err=True)


def _debug_first(args: list[str]) -> list[str]:
    """``--debug`` wherever it stands (before a ``--`` that ends the options) moved to the front, once."""
    end = args.index("--") if "--" in args else len(args)
    if "--debug" not in args[:end]:
        return args
    return ["--debug", *(a for a in args[:end] if a != "--debug"), *args[end:]]


class Group(TyperGroup):
    """`actplot FUNC` means `actplot plot FUNC`; every failure becomes one line on stderr and an exit code."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        args = _debug_first(args)
        i = 1 if args[:1] == ["--debug"] else 0
        if i < len(args) and args[i] not in self.commands and args[i] not in _GROUP_FLAGS:
            args = [*args[:i], "plot", *args[i:]]
        return super().parse_args(ctx, args)

    def format_commands(self, ctx: Context, formatter: Any) -> None:
        """The list of commands in --help, from their help texts: the commands' options stay unbuilt."""
        if not isinstance(self.commands, LazyCommands):
            return super().format_commands(ctx, formatter)
        listing = copy.copy(self)
        listing.commands = self.commands.outlines()
        return super(Group, listing).format_commands(ctx, formatter)

    def invoke(self, ctx: Context) -> Any:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("always", ActplotWarning)
                warnings.showwarning = _show_warning
                rv = super().invoke(ctx)
            stdio.flush_stdout()  # a full disk is an error now, not a lost write at exit
            return rv
        except ActplotError as exc:
            self._fail(ctx, exc)
        except BrokenPipeError:
            # The reader went away (`| head -1`): stop quietly, and keep Python's exit flush quiet too.
            stdio.silence_stdout()
            raise typer.Exit(0) from None
        except OSError as exc:  # files are checked where they are opened: what is left is stdout (a full disk)
            self._fail(ctx, stdio.write_error(exc))
        except (MemoryError, RuntimeError) as exc:
            translated = as_resource_error(exc)
            if translated is None:
                raise
            self._fail(ctx, translated)

    @staticmethod
    def _fail(ctx: Context, exc: ActplotError) -> NoReturn:
        if _debug_wanted(ctx):
            raise exc
        if isinstance(exc, OutputError):
            stdio.silence_stdout()  # output that could not be written must not be retried at exit
        _say("error", exc.message + (f"; {exc.hint}" if exc.hint else ""))
        raise typer.Exit(exc.exit_code) from None

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        try:
            rv = super().main(
                args=args,
                prog_name=prog_name or "actplot",
                complete_var=complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = rv if isinstance(rv, int) else 0
        except ClickException as exc:
            if type(exc).__name__ == "NoArgsIsHelpError":  # bare `actplot`: the help itself, as click prints it
                echo(exc.format_message(), err=True)
            else:
                where = f"; see '{exc.ctx.command_path} --help'" if isinstance(exc, UsageError) and exc.ctx else ""
                _say("error", exc.format_message().replace("\n", " ").rstrip(".") + where)
            code = exc.exit_code
        except ActplotError as exc:  # raised while parsing (--version onto a closed stdout), or under --debug
            if _debug_wanted() or "--debug" in (args if args is not None else sys.argv[1:]):
                raise
            _say("error", exc.message + (f"; {exc.hint}" if exc.hint else ""))
            code = exc.exit_code
        except (typer.Abort, KeyboardInterrupt):
            echo("", err=True)
            code = 130
        except signals.Terminated as exc:  # SIGTERM or SIGHUP: everything was cleaned up on the way here
            code = exc.exit_code
        except Exception as exc:  # a bug, not a user's mistake: still one line unless --debug
            if _debug_wanted() or "--debug" in (args if args is not None else sys.argv[1:]):
                raise
            _say("error", f"internal error: {type(exc).__name__}: {exc}; run with --debug for details")
            code = 1
        if standalone_mode:
            sys.exit(code)
        return code


@contextmanager
def progress(what: str) -> Iterator[Callable[[int, int, str], None] | None]:
    """A rich progress bar on stderr when it is a terminal; nothing otherwise."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(what, total=None)

        def update(done: int, total: int, name: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{what} {name}")

        yield update



"""The command group with its commands built when first looked up, not all of them at start-up.

Building a command from its typer declaration reads the function's signature and type hints and makes
a click parameter of each option: several milliseconds for a figure command's forty options, about as
long for the nine commands together as ``import typer`` itself. A run uses one command; ``--version``
uses none, and the command list in ``--help`` needs each command's help text alone.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Iterator, MutableMapping

import typer
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo

from actplot.cli.click_compat import Command


class LazyCommands(MutableMapping[str, Command]):
    """A group's commands by name, in the order they were declared, each built when first looked up."""

    def __init__(self, app: typer.Typer) -> None:
        self._app = app
        self._entries: dict[str, Command | CommandInfo] = {_name(info): info for info in app.registered_commands}

    def __getitem__(self, name: str) -> Command:
        entry = self._entries[name]
        if isinstance(entry, CommandInfo):
            entry = self._entries[name] = typer.main.get_command_from_info(
                entry, pretty_exceptions_short=self._app.pretty_exceptions_short,
                rich_markup_mode=self._app.rich_markup_mode,
            )  # fmt: skip
        return entry

    def __setitem__(self, name: str, command: Command) -> None:
        self._entries[name] = command

    def __delitem__(self, name: str) -> None:
        del self._entries[name]

    def __contains__(self, name: object) -> bool:  # without building it
        return name in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def outlines(self) -> dict[str, Command]:
        """Each command as the group's help lists it: its help text, hidden or deprecated, no options."""
        return {name: _outline(name, entry) if isinstance(entry, CommandInfo) else entry
                for name, entry in self._entries.items()}  # fmt: skip


def group(app: typer.Typer) -> TyperGroup:
    """`app` as a click group whose commands are built when first looked up (typer builds them all)."""
    shell = copy.copy(app)  # the callback and the settings, without the commands
    shell.registered_commands = []
    built = typer.main.get_command(shell)
    assert isinstance(built, TyperGroup)
    built.commands = LazyCommands(app)
    return built


def _name(info: CommandInfo) -> str:
    assert info.callback is not None
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _outline(name: str, info: CommandInfo) -> Command:
    """The command without its options, its help text as typer gives it."""
    assert info.callback is not None
    text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
    return (info.cls or TyperCommand)(
        name=name, help=text, short_help=info.short_help, hidden=info.hidden, deprecated=info.deprecated
    )

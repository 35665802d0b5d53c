"""The console's command group builds a command only when it runs it, and answers exactly as the group
typer builds with every command (the one the CLI runner of the other tests uses)."""

from __future__ import annotations

from typing import Any

import pytest
import typer

from actplot.cli import lazy
from actplot.cli.app import app

COMMANDS = ["plot", "grad", "diff", "table", "stats", "gallery", "mlp", "list", "info"]


def _run(command: Any, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[object, str, str]:
    try:
        code = command.main(args, prog_name="actplot", standalone_mode=False)
    except SystemExit as exc:  # completion answers, then exits
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    "args",
    [[], ["--help"], ["-h"], ["--version"], ["--bogus"], ["list", "--format", "json"], ["list"],
     ["list", "--format", "xml"], ["info", "relu", "--format", "json"], ["info", "LeakyReLU"], ["info"],
     ["info", "gleu"], ["--debug", "list", "--format", "json"], ["relu", "--help"], ["plot", "--bogus", "relu"],
     ["table"], *([name, "--help"] for name in COMMANDS)],
)  # fmt: skip
def test_the_lazy_group_answers_as_typer_group(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    eager = _run(typer.main.get_command(app), args, capsys)
    assert _run(lazy.group(app), args, capsys) == eager
    assert eager[1] or eager[2]


@pytest.mark.parametrize(
    "words",
    ["actplot plot gel", "actplot gr", "actplot ", "actplot info LeakyR", "actplot diff relu ta",
     "actplot list --f", "actplot plot relu --the", "actplot mlp identity ", "actplot gallery s"],
)  # fmt: skip
def test_completion_as_typer_group(
    words: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("_ACTPLOT_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(words.split(" ")) - 1))
    eager = _run(typer.main.get_command(app), [], capsys)
    assert _run(lazy.group(app), [], capsys) == eager
    assert eager[1]


def test_a_run_builds_only_the_command_it_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    built: list[str] = []
    build = typer.main.get_command_from_info

    def recorded(info: Any, **settings: Any) -> Any:
        built.append(info.callback.__name__)
        return build(info, **settings)

    monkeypatch.setattr(typer.main, "get_command_from_info", recorded)
    group = lazy.group(app)
    for args in (["--help"], ["--version"], ["list", "--format", "json"], ["list", "--format", "json"]):
        assert _run(group, args, capsys)[0] == 0
    assert built == ["list_"]  # help lists the commands from their help texts; a command is built once
    assert list(group.commands) == COMMANDS and "info" in group.commands and built == ["list_"]

"""Light commands must not pay for torch or matplotlib: checked in a fresh interpreter."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

_PROBE = """
import json, sys
from typer.testing import CliRunner
from actplot.cli.app import app
result = CliRunner().invoke(app, {args!r})
heavy = sorted(m for m in ("torch", "matplotlib", "numpy") if m in sys.modules)
print(json.dumps({{"code": result.exit_code, "heavy": heavy, "out": len(result.stdout)}}))
"""


def _probe(args: list[str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE.format(args=args)], capture_output=True, text=True, check=True, timeout=120
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_is_light() -> None:
    code = "import sys, actplot, actplot.cli; print([m for m in ('torch', 'matplotlib', 'rich') if m in sys.modules])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--version"],
        ["list", "--format", "json"],
        ["list", "--format", "markdown"],
        ["plot", "--help"],
        ["table", "--help"],
        ["stats", "--help"],
        ["info", "gelu"],
        ["info", "swish", "--format", "json"],
    ],
)
def test_light_commands_import_neither_torch_nor_matplotlib(args: list[str]) -> None:
    found = _probe(args)
    assert found["code"] == 0 and found["out"] != 0
    assert found["heavy"] == []


# What the console (`actplot ...`, `python -m actplot ...`) has loaded when the command is done.
_CONSOLE = """
import json, runpy, sys
sys.argv = ["actplot", *{args!r}]
try:
    runpy.run_module("actplot", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
print(json.dumps({{"code": code, "modules": sorted(sys.modules)}}))
"""
HEAVY = ("torch", "matplotlib", "numpy", "rich")
# the catalogue's code, its expression parser and the API: list, info NAME and completion read shipped data
CATALOGUE_CODE = (
    "actplot.activations.spec", "actplot.activations.expr", "actplot.activations.tree",
    "actplot.activations.torch_entries", "actplot.activations.composed_entries", "actplot.api",
)  # fmt: skip


def _console(args: list[str], env: dict[str, str] | None = None) -> tuple[int, list[str]]:
    out = subprocess.run([sys.executable, "-c", _CONSOLE.format(args=args)], capture_output=True, text=True,
                         check=True, timeout=120, env={**os.environ, **(env or {})})  # fmt: skip
    found = json.loads(out.stdout.strip().splitlines()[-1])
    return found["code"], found["modules"]


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if m in names or m.split(".")[0] in names]


@pytest.mark.parametrize("args", [["--help"], ["--version"]])
def test_help_and_version_load_no_command_and_no_catalogue(args: list[str]) -> None:
    code, modules = _console(args)
    assert code == 0
    assert [m for m in modules if m.startswith(("actplot.commands", "actplot.activations"))] == []
    assert _loaded(modules, HEAVY) == []


@pytest.mark.parametrize(
    "args",
    [["list", "--format", "json"], ["list"], ["info", "relu", "--format", "json"],
     ["info", "leaky-relu", "--format", "json"]],
)  # fmt: skip
def test_list_and_info_of_a_name_read_shipped_data(args: list[str]) -> None:
    code, modules = _console(args)
    assert code == 0
    assert _loaded(modules, HEAVY + CATALOGUE_CODE) == []


def test_completion_reads_shipped_names() -> None:
    env = {"_ACTPLOT_COMPLETE": "complete_bash", "COMP_WORDS": "actplot plot gel", "COMP_CWORD": "2"}
    code, modules = _console([], env)
    assert code == 0
    assert _loaded(modules, HEAVY + CATALOGUE_CODE) == []
    assert [m for m in modules if m.startswith("actplot.commands")] == []


def test_usage_errors_are_found_before_torch_loads() -> None:
    found = _probe(["plot", "gleu"])
    assert found["code"] == 2 and found["heavy"] == []


def test_completion_offers_function_names_without_torch() -> None:
    code = (
        "import sys\n"
        "from actplot.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('HEAVY', [m for m in ('torch', 'matplotlib') if m in sys.modules])\n"
    )
    env = {**os.environ, "_ACTPLOT_COMPLETE": "complete_bash", "COMP_WORDS": "actplot grad leaky", "COMP_CWORD": "2"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    lines = out.stdout.splitlines()
    assert "leaky_relu" in lines
    assert "HEAVY []" in lines


def test_info_off_the_shipped_data_path_computes() -> None:
    found = _probe(["info", "gelu", "--dtype", "float64", "--format", "json"])
    assert found["code"] == 0 and "torch" in found["heavy"] and "matplotlib" not in found["heavy"]

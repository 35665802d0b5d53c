"""Shared test setup: a headless matplotlib and a CLI runner with stdout and stderr kept apart."""

from __future__ import annotations

import os

os.environ.setdefault("MPLBACKEND", "Agg")

from collections.abc import Callable, Mapping, Sequence  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from hypothesis import settings  # noqa: E402
from typer.testing import CliRunner, Result  # noqa: E402

from actplot.cli.app import app  # noqa: E402

# Generated tests replay the same search on every machine, in CI or not (derandomised, no example
# database): a test that can fail outside CI is a failing test. To explore new examples, add seeds where
# a test lists them (tests/test_generated_cli.py) and keep the ones that pass.
settings.register_profile("deterministic", derandomize=True, database=None, print_blob=True)
settings.load_profile("deterministic")

Invoke = Callable[..., Result]


@pytest.fixture
def invoke() -> Invoke:
    """Run actplot in-process: invoke(["table", "relu"], input=None) -> Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def run(args: Sequence[str], input: str | bytes | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


def has_cuda() -> bool:
    import torch

    return torch.cuda.is_available()


def has_mps() -> bool:
    import torch

    return bool(getattr(torch.backends, "mps", None) and torch.backends.mps.is_available())


def apply_entry(name: str, x: Any, params: Mapping[str, Any]) -> Any:
    """f(x) for catalogue entry `name` at resolved `params`, computed as actplot computes it (torch's own
    kernel, or the entry's expression tree for those torch lacks)."""
    from actplot.activations import spec
    from actplot.numeric import functions

    return functions.function_of(spec.FuncSpec(spec.lookup(name), dict(params)))(x)


def run_on_pty(cmd: Sequence[str], **popen: Any) -> tuple[int, bytes, bytes]:
    """Run `cmd` with stderr on a pseudo-terminal: (exit code, what the terminal showed, stdout)."""
    import pty
    import subprocess

    primary, secondary = pty.openpty()
    proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=secondary, **popen)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the other end closed: the process has exited
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    stdout, _ = proc.communicate(timeout=120)
    return proc.returncode, seen, stdout

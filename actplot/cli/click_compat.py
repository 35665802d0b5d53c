"""The click that typer runs on: recent typer releases vendor it as ``typer._click``, older ones use click."""

try:
    from typer._click.core import Command, Context
    from typer._click.exceptions import ClickException, UsageError
    from typer._click.utils import echo
except ImportError:  # pragma: no cover - typer before it vendored click
    from click import ClickException, Command, Context, UsageError, echo  # type: ignore[no-redef,import-not-found,assignment,unused-ignore]

__all__ = ["ClickException", "Command", "Context", "UsageError", "echo"]

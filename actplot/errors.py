"""The exceptions actplot raises; the exit code lives on the class.

Nothing below the CLI prints or exits: it raises one of these, and the CLI turns it into a one-line
message on stderr and the class's exit code.
"""

from __future__ import annotations

from typing import ClassVar


class ActplotError(Exception):
    """A failure the user can act on (exit 1)."""

    exit_code: ClassVar[int] = 1

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ActplotError):
    """The command line asks for something that cannot be (exit 2)."""

    exit_code: ClassVar[int] = 2


class UnknownFunctionError(UsageError):
    """A FUNC that names no activation."""


class ParameterError(UsageError):
    """An unknown, missing or ill-typed function parameter."""


class ExpressionError(UsageError):
    """A FUNC that does not parse, with the column where it went wrong."""


class DeviceError(ActplotError):
    """The requested device or dtype is not available here (exit 1)."""


class OutputError(ActplotError):
    """A file or stream could not be written (exit 1)."""


class InputError(ActplotError):
    """Input data (x values) could not be read (exit 1)."""


class ResourceError(ActplotError):
    """The computation asked for would not fit in this machine's (or device's) memory (exit 1)."""


class MissingDependencyError(ActplotError, ImportError):
    """An optional package a feature needs is not installed (exit 1); still an ImportError, as Python's own."""


class ActplotWarning(UserWarning):
    """Something the user should know about a result (shown on stderr as 'actplot: warning: ...')."""


class NumericalDerivativeWarning(ActplotWarning):
    """Autograd has no derivative of this order; central differences stand in."""


class LayoutWarning(ActplotWarning):
    """A figure too small for what it shows, even with its text at the smallest size."""


class NonFiniteWarning(ActplotWarning):
    """Some values of a curve are inf or NaN (an overflow, or x outside the domain); they are not drawn."""


def check_text(value: str, option: str) -> str:
    """`value` if it is text that can be drawn, else a usage error naming the option.

    Bytes of the command line that are not UTF-8 arrive as lone surrogates, which no font or file
    format can hold; they are refused here rather than replaced, so a label is never silently wrong.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise UsageError(f"{option} '{value}' holds bytes that are not UTF-8 text", hint="write it in UTF-8") from None
    return value


def check_choice(value: str, choices: tuple[str, ...], option: str) -> str:
    """`value` if it is one of `choices`, else a usage error naming the option."""
    if value not in choices:
        raise UsageError(f"{option} must be one of {', '.join(choices)}, not '{value}'")
    return value


def as_resource_error(exc: BaseException) -> ResourceError | None:
    """The allocator's own out-of-memory failure (which slipped past the estimate) as a one-line error."""
    text = str(exc).lower()
    oom = isinstance(exc, MemoryError) or type(exc).__name__ == "OutOfMemoryError"
    if oom or (isinstance(exc, RuntimeError) and ("can't allocate memory" in text or "out of memory" in text)):
        return ResourceError("out of memory", hint="use fewer --points, fewer functions or a lower --order")
    return None

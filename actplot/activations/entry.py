"""What a catalogue entry is: an activation's parameters, formulas, kinks and reference (no torch).

The entries themselves are data in :mod:`actplot.torch_entries` (torch.nn's activations) and
:mod:`actplot.composed_entries` (those defined by an expression); :mod:`actplot.activations` looks
them up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

ParamValue = float | str
Params = Mapping[str, ParamValue]


@dataclass(frozen=True)
class Param:
    """One keyword parameter of an activation."""

    name: str
    default: ParamValue
    help: str
    choices: tuple[str, ...] = ()  # non-empty for a string parameter
    minimum: float | None = None  # smallest allowed value (inclusive), if any
    maximum: float | None = None  # largest allowed value (inclusive), if any


@dataclass(frozen=True)
class Activation:
    """One elementwise activation function."""

    name: str  # canonical: the torch.nn.functional name
    aliases: tuple[str, ...]  # the torch.nn class name, kebab-case, common names
    params: tuple[Param, ...]
    formula: str  # plain text
    formula_tex: str  # matplotlib mathtext, without the surrounding $
    derivative: str  # plain text
    derivative_tex: str  # matplotlib mathtext, without the surrounding $
    kinks: Callable[[Params], tuple[float, ...]]  # non-smooth points for these parameters
    summary: str  # one line
    reference: str  # paper (or source) and year
    torch_api: str  # what computes it, e.g. "torch.nn.functional.relu"
    notes: str = ""  # PyTorch conventions worth knowing (kinks, modes)
    check: Callable[[Params], str | None] = lambda _: None  # cross-parameter rule: the complaint
    expression: str = ""  # the definition in actplot's expression grammar, for entries torch lacks

    @property
    def defaults(self) -> dict[str, ParamValue]:
        return {p.name: p.default for p in self.params}

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise KeyError(name)


def none(_: Params) -> tuple[float, ...]:
    return ()


def at_zero(_: Params) -> tuple[float, ...]:
    return (0.0,)


def fixed(*points: float) -> Callable[[Params], tuple[float, ...]]:
    return lambda _: points


def num(params: Params, name: str) -> float:
    value = params[name]
    assert isinstance(value, float)
    return value


def symmetric(name: str) -> Callable[[Params], tuple[float, ...]]:
    """Kinks at -p and p (one point when p is 0)."""

    def kinks(params: Params) -> tuple[float, ...]:
        p = num(params, name)
        return tuple(sorted({-p + 0.0, p + 0.0}))

    return kinks

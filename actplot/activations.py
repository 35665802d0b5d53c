"""The activations as data: names, aliases, parameters, formulas, kinks, references.

This module never imports torch: listing, help and completion read it alone. How each entry is
computed lives in :mod:`actplot.kernels`.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Final

from actplot.composed_entries import COMPOSED
from actplot.entry import Activation, Param, Params, ParamValue
from actplot.errors import ParameterError, UnknownFunctionError
from actplot.torch_entries import TORCH

__all__ = [
    "ACTIVATIONS", "COMPOSED", "NOT_ELEMENTWISE", "Activation", "Param", "ParamValue", "Params", "ParameterError",
    "all_names", "lookup", "names", "normalise", "resolve_params",
]

ACTIVATIONS: Final[tuple[Activation, ...]] = TORCH + COMPOSED


# Not curves y = f(x): what to say instead of plotting them.
NOT_ELEMENTWISE: Final[Mapping[str, str]] = {
    "softmax": "softmax normalises along a dimension; softmax over [x, 0] is sigmoid(x): plot 'sigmoid'",
    "softmin": "softmin normalises along a dimension; softmin over [x, 0] is sigmoid(-x)",
    "log_softmax": "log_softmax normalises along a dimension; over [x, 0] it is logsigmoid(x): "
    "plot 'logsigmoid'",
    "softmax2d": "softmax2d normalises over channels; over [x, 0] it is sigmoid(x): plot 'sigmoid'",
    "glu": "glu multiplies one half of its input by the sigmoid of the other, a(x)*sigmoid(b); "
    "with a = b = x it is silu: plot 'silu'",
    "gumbel_softmax": "gumbel_softmax samples noise and normalises along a dimension: it has no fixed curve",
}


def normalise(name: str) -> str:
    """The form names are compared in: case-folded, with '-' and ' ' read as '_'."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def _index() -> dict[str, Activation]:
    index: dict[str, Activation] = {}
    for act in ACTIVATIONS:
        for key in (act.name, *act.aliases):
            index[normalise(key)] = act
            index[normalise(key).replace("_", "")] = act
    return index


_INDEX: Final[dict[str, Activation]] = _index()


def names() -> list[str]:
    """Every canonical name, in catalogue order."""
    return [act.name for act in ACTIVATIONS]


def all_names() -> list[str]:
    """Every canonical name and alias, for completion and suggestions."""
    return [key for act in ACTIVATIONS for key in (act.name, *act.aliases)]


def lookup(name: str) -> Activation:
    """The activation called `name` (canonical or alias, any case).

    >>> lookup("LeakyReLU").name
    'leaky_relu'
    """
    key = normalise(name)
    found = _INDEX.get(key) or _INDEX.get(key.replace("_", ""))
    if found is not None:
        return found
    if key in NOT_ELEMENTWISE or key.replace("_", "") in {k.replace("_", "") for k in NOT_ELEMENTWISE}:
        hint = next(v for k, v in NOT_ELEMENTWISE.items() if k.replace("_", "") == key.replace("_", ""))
        raise UnknownFunctionError(f"'{name}' is not an elementwise activation", hint=hint)
    close = difflib.get_close_matches(key, list(_INDEX), n=3, cutoff=0.6)
    suggestions = list(dict.fromkeys(_INDEX[c].name for c in close))
    did_you_mean = f"did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else None
    raise UnknownFunctionError(f"unknown function '{name}'", hint=did_you_mean or "see 'actplot list'")


def resolve_params(act: Activation, given: Mapping[str, object]) -> dict[str, ParamValue]:
    """The full parameter set: defaults overridden by `given`, each checked and typed."""
    resolved = dict(act.defaults)
    accepted = ", ".join(p.name for p in act.params) or "none"
    for key, raw in given.items():
        try:
            param = act.param(key)
        except KeyError:
            raise ParameterError(
                f"{act.name} has no parameter '{key}'", hint=f"accepted parameters: {accepted}"
            ) from None
        resolved[key] = _check(act, param, raw)
    complaint = act.check(resolved)
    if complaint:
        raise ParameterError(f"{act.name}: {complaint}")
    return resolved


def _check(act: Activation, param: Param, raw: object) -> ParamValue:
    where = f"{act.name}({param.name}=...)"
    if param.choices:
        text = str(raw)
        if text not in param.choices:
            raise ParameterError(
                f"{where} must be one of {', '.join(param.choices)}, not '{raw}'"
            )
        return text
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ParameterError(f"{where} must be a number, not '{raw}'")
    value = float(raw)
    if value != value or value in (float("inf"), float("-inf")):
        raise ParameterError(f"{where} must be a finite number, not '{raw}'")
    if param.minimum is not None and value < param.minimum:
        raise ParameterError(f"{where} must be at least {param.minimum:g}, not {value:g}")
    return value

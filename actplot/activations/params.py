"""A catalogue entry's parameters, checked where they enter: each a number (or one of its words), finite,
and within the bounds its :class:`~actplot.activations.entry.Param` declares; then the entry's own
cross-parameter rule.  Whether a value fits the dtype torch converts it to is checked where the dtype is
known, in :func:`actplot.numeric.functions.check_scalars`.  No torch here.
"""

from __future__ import annotations

from collections.abc import Mapping

from actplot.activations.entry import Activation, Param, ParamValue
from actplot.errors import ParameterError


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
                f"{where} must be one of {', '.join(param.choices)}, not '{_brief(raw)}'"
            )
        return text
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise ParameterError(f"{where} must be a number, not '{_brief(raw)}'")
    try:
        value = float(raw)
    except OverflowError:  # an integer of hundreds of digits: beyond every float
        value = float("inf")
    if value != value or value in (float("inf"), float("-inf")):
        raise ParameterError(f"{where} must be a finite number, not '{_brief(raw)}'")
    if param.minimum is not None and value < param.minimum:
        raise ParameterError(f"{where} must be at least {param.minimum:g}, not {value:g}")
    if param.maximum is not None and value > param.maximum:
        raise ParameterError(f"{where} must be at most {param.maximum:g}, not {value:g}")
    return value


def _brief(raw: object) -> str:
    """`raw` as text short enough for a one-line message."""
    text = str(raw)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"

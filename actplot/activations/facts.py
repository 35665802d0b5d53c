"""What is known of a FUNC without computing: catalogue data and shipped properties.

A catalogue entry with default parameters in float32 on the CPU is served from the properties shipped
with the package, without importing torch; anything else (other parameters, dtypes, devices, or an
expression) is measured live by :mod:`actplot.numeric.measure` (see :func:`actplot.api.info`). How the
facts read as text is :mod:`actplot.activations.facts_text`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from actplot.activations import catalogue, properties

if TYPE_CHECKING:
    from actplot.activations.spec import ExprSpec, FuncSpec, Spec

def catalogue_facts(fs: Spec) -> dict[str, Any]:
    """What the catalogue says of `fs` (or, for an expression, what can be read off its text)."""
    from actplot.activations.spec import FuncSpec

    return _catalogue_facts(fs) if isinstance(fs, FuncSpec) else _expression_facts(fs)


def shipped_properties(fs: Spec, dtype: str, device: str) -> dict[str, Any] | None:
    """The shipped measured properties of `fs` in `dtype` on `device`, or None where none apply."""
    from actplot.activations.spec import FuncSpec

    at_defaults = isinstance(fs, FuncSpec) and fs.params == fs.act.defaults
    return _shipped(fs.name, dtype, device) if at_defaults else None


def _shipped(name: str, dtype: str, device: str) -> dict[str, Any] | None:
    if dtype == properties.DTYPE and device == properties.DEVICE:
        return properties.of(name)
    return None


def _catalogue_facts(fs: FuncSpec) -> dict[str, Any]:
    act = fs.act
    return {
        "name": act.name,
        "label": fs.label,
        "kind": "catalogue",
        "aliases": list(act.aliases),
        "summary": act.summary,
        "formula": act.formula,
        "formula_tex": act.formula_tex,
        "derivative": act.derivative,
        "derivative_tex": act.derivative_tex,
        "params": [
            {"name": p.name, "value": fs.params[p.name], "default": p.default, "help": p.help,
             "choices": list(p.choices)}
            for p in act.params
        ],  # fmt: skip
        "reference": act.reference,
        "torch_api": act.torch_api,
        "notes": act.notes,
        "kinks": list(fs.kinks()),
    }


def _expression_facts(fs: ExprSpec) -> dict[str, Any]:
    return {
        "name": fs.text,
        "label": fs.label,
        "kind": "expression",
        "aliases": [],
        "summary": "an expression in x",
        "formula": fs.text,
        "formula_tex": None,
        "derivative": "computed by autograd",
        "derivative_tex": None,
        "params": [],
        "reference": None,
        "torch_api": "torch operations composed from the expression",
        "notes": "" if fs.kinks_complete else "some non-smooth part is not applied to x itself: its kinks "
        "are not known, so the continuity class is undetermined",
        "kinks": list(fs.kinks()),
    }


def known(func: str | Spec, dtype: str = properties.DTYPE, device: str = properties.DEVICE) -> dict[str, Any]:
    """What is known without computing: the catalogue facts, and the shipped measured properties where
    they apply (a catalogue entry at its defaults, in float32 on the CPU); ``properties`` is None
    elsewhere (:func:`actplot.api.info` measures them). Never imports torch; a bare name (``relu``,
    ``LeakyReLU``) is answered from the shipped data alone, without the catalogue's code or parser."""
    facts = catalogue.facts_of(func) if isinstance(func, str) else None
    if facts is not None:
        facts["properties"] = _shipped(facts["name"], dtype, device)
        return facts
    from actplot.activations import spec

    fs = spec.parse(func) if isinstance(func, str) else func
    facts = catalogue_facts(fs)
    facts["properties"] = shipped_properties(fs, dtype, device)
    return facts

"""The catalogue as plain data shipped with the package (``catalogue.json``), so ``list``, ``info NAME``
and the completion of a name read one small file instead of importing the entries' code and the
expression parser (together about as long to import as typer itself).

Each record is what :func:`actplot.activations.facts.catalogue_facts` says of an entry at its default
parameters. Regenerate after changing an entry:

    python -m actplot.activations.catalogue

A test regenerates it and compares, so the shipped file cannot go stale.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Final

from actplot.activations import naming

PATH: Final = Path(__file__).with_name("catalogue.json")


def entries() -> dict[str, dict[str, Any]]:
    """Every entry's facts at its defaults, by canonical name, in catalogue order (fresh: callers may
    change them)."""
    data: dict[str, dict[str, Any]] = json.loads(_text())["functions"]
    return data


def facts_of(text: str) -> dict[str, Any] | None:
    """The facts of the entry that the FUNC `text` names (a name or alias, as
    :func:`actplot.activations.spec.parse` reads one), or None: a call, an expression, an unknown name.

    >>> facts_of(" LeakyReLU ")["name"], facts_of("leaky_relu(negative_slope=0.2)")
    ('leaky_relu', None)
    """
    source = text.strip()
    name = naming.lookup(_index(), source) if naming.is_name(source) else None
    return None if name is None else entries()[name]


def all_names() -> list[str]:
    """Every canonical name and alias, in catalogue order: what a FUNC is completed from."""
    return [word for name, facts in entries().items() for word in (name, *facts["aliases"])]


@functools.cache
def _text() -> str:
    return PATH.read_text(encoding="utf-8")


@functools.cache
def _index() -> dict[str, str]:
    return naming.index((name, (name, *facts["aliases"])) for name, facts in entries().items())


def build() -> dict[str, Any]:
    """What the file holds, from the entries themselves."""
    from actplot.activations import facts, spec

    return {"functions": {name: facts.catalogue_facts(spec.parse(name)) for name in spec.names()}}


def write(data: dict[str, Any], path: Path = PATH) -> None:
    """Ship `data` (what :func:`build` returns) as the catalogue file."""
    path.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    _text.cache_clear()
    _index.cache_clear()


if __name__ == "__main__":
    write(build())

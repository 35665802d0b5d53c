"""How FUNC text names a catalogue entry: which texts are names rather than expressions, and the forms
(any case, '-' or ' ' for '_', underscores dropped) under which a name or alias is found.

Shared by :mod:`actplot.activations.spec`, which parses every FUNC, and by the catalogue's shipped
data (:mod:`actplot.activations.catalogue`), which answers a bare name without parsing; one rule, so
both read a text the same way. Imports nothing.
"""

from __future__ import annotations

import keyword
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Final, TypeVar

T = TypeVar("T")

CONSTANTS: Final[Mapping[str, float]] = {"pi": math.pi, "e": math.e}  # the constants an expression may use


def normalise(name: str) -> str:
    """The form names are compared in: case-folded, with '-' and ' ' read as '_'."""
    return name.strip().casefold().replace("-", "_").replace(" ", "_")


def is_name(source: str) -> bool:
    """Whether the stripped FUNC text `source` is read as a name, never as an expression: an ASCII
    identifier other than x, a constant or a keyword (``relu``, ``LeakyReLU``), or words joined by '-'
    (``leaky-relu``; not ``x-1`` or ``pi-x``, which are expressions)."""
    parts = source.split("-")
    if len(parts) > 1:
        words = all(p and p != "x" and p not in CONSTANTS for p in parts)
        return words and source.replace("-", "_").isidentifier()
    plain = source.isascii() and source.isidentifier() and not keyword.iskeyword(source)
    return plain and source != "x" and source not in CONSTANTS


def index(entries: Iterable[tuple[T, Sequence[str]]]) -> dict[str, T]:
    """Each entry under every form of each of its words (name and aliases); a later entry wins a clash."""
    found: dict[str, T] = {}
    for entry, words in entries:
        for word in words:
            key = normalise(word)
            found[key] = entry
            found[key.replace("_", "")] = entry
    return found


def lookup(found: Mapping[str, T], name: str) -> T | None:
    """The entry of `found` (an :func:`index`) that `name` names, in any of its forms, or None."""
    key = normalise(name)
    return found.get(key) or found.get(key.replace("_", ""))

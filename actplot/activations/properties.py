"""Measured properties shipped with the package, so ``actplot info NAME`` and ``list`` need no torch.

They cover every catalogue entry with its default parameters, in float32 on the CPU; anything else is
measured live by :mod:`actplot.numeric.measure`. Regenerate after changing the catalogue or the
measurements:

    python -m actplot.numeric.measure

A test recomputes them and compares, so the shipped file cannot go stale.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any, Final

PATH: Final = Path(__file__).with_name("properties.json")
DTYPE: Final = "float32"
DEVICE: Final = "cpu"


def load(path: Path = PATH) -> dict[str, dict[str, Any]]:
    """Each entry's measured properties, by canonical name (fresh: callers may change them)."""
    text = _shipped_text() if path == PATH else path.read_text(encoding="utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)["functions"]  # parsed anew: quicker than a deep copy
    return data


def of(name: str) -> dict[str, Any]:
    """The shipped measured properties of the entry `name` (canonical), fresh."""
    return load()[name]


@functools.cache
def _shipped_text() -> str:  # the gallery page asks once per function: the file is read once
    return PATH.read_text(encoding="utf-8")


def write(data: dict[str, Any], path: Path = PATH) -> None:
    """Ship `data` (what :func:`actplot.numeric.measure.measure_catalogue` returns) as the properties file."""
    path.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    _shipped_text.cache_clear()

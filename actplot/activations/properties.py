"""Measured properties shipped with the package, so ``actplot info NAME`` and ``list`` need no torch.

They cover every catalogue entry with its default parameters, in float32 on the CPU; anything else is
measured live by :mod:`actplot.numeric.measure`. Regenerate after changing the catalogue or the
measurements:

    python -m actplot.numeric.measure

A test recomputes them and compares, so the shipped file cannot go stale.
"""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path
from typing import Any, Final

PATH: Final = Path(__file__).with_name("properties.json")
DTYPE: Final = "float32"
DEVICE: Final = "cpu"


def load(path: Path = PATH) -> dict[str, dict[str, Any]]:
    """Each entry's measured properties, by canonical name (a fresh copy: callers may change it)."""
    if path == PATH:
        return copy.deepcopy(_shipped())  # the gallery page asks once per function: read the file once
    return _read(path)


@functools.cache
def _shipped() -> dict[str, dict[str, Any]]:
    return _read(PATH)


def _read(path: Path) -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))["functions"]
    return data


def write(data: dict[str, Any], path: Path = PATH) -> None:
    """Ship `data` (what :func:`actplot.numeric.measure.measure_catalogue` returns) as the properties file."""
    path.write_text(json.dumps(data, indent=1, allow_nan=False) + "\n", encoding="utf-8")
    _shipped.cache_clear()

"""Units in the last place: the spacing of a dtype's numbers near a value (plain numpy, no torch).

Each dtype is described by its significand bits and smallest normal exponent, so bfloat16 (which numpy
lacks) is handled like the others. Below the smallest normal the spacing is the subnormal one.
"""

from __future__ import annotations

from typing import Final

import numpy as np

# dtype: (significand bits after the point, exponent of the smallest normal number)
FORMATS: Final = {"float64": (52, -1022), "float32": (23, -126), "float16": (10, -14), "bfloat16": (7, -126)}


def ulp(values: np.ndarray, dtype: str) -> np.ndarray:
    """The spacing of `dtype`'s numbers at each value's magnitude (at 0: the smallest subnormal).

    >>> ulp(np.array([1.0, 0.0, 1000.0]), "float16").tolist()
    [0.0009765625, 5.960464477539063e-08, 0.5]
    """
    bits, smallest = FORMATS[dtype]
    magnitude = np.abs(np.asarray(values, dtype=np.float64))
    usable = np.isfinite(magnitude) & (magnitude > 0)
    exponent = np.floor(np.log2(np.where(usable, magnitude, 1.0)))
    exponent = np.maximum(np.where(usable, exponent, smallest), smallest)
    spacing = np.ldexp(1.0, (exponent - bits).astype(np.int64))
    return np.where(np.isfinite(magnitude), spacing, np.nan)

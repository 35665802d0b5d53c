"""What ``--sweep`` asks for: a parameter and its values, as a comma list (``alpha=0.5,1,2``) or as a
range (``alpha=0:2:21``: from 0 to 2 in 21 evenly spaced values, both ends included).

A range's values are rounded to the digits its step can tell apart, so ``0:1:11`` gives 0.1 and
0.3, never 0.30000000000000004: the value drawn is the value printed. A static figure overlays at
most :data:`MAX_OVERLAY` values (more is a thicket no legend can name); an animation, one frame per
value, takes up to :data:`MAX_FRAMES`.
"""

from __future__ import annotations

import math
from typing import Final

from actplot.activations.entry import ParamValue
from actplot.errors import UsageError

MAX_OVERLAY: Final = 24  # curves of one static figure
MAX_FRAMES: Final = 1000  # values of one animation

Sweep = tuple[str, tuple[ParamValue, ...]]

_FORM: Final = "--sweep must look like 'alpha=0.5,1,2' or 'alpha=0:2:21' (start:stop:count)"


def parse_sweep(text: str) -> Sweep:
    """``alpha=0.5,1,2`` -> ``("alpha", (0.5, 1.0, 2.0))``; words stay words (``approximate=none,tanh``);
    ``alpha=0:1:3`` -> ``("alpha", (0.0, 0.5, 1.0))``."""
    name, sep, values = text.partition("=")
    if ":" in values and "," not in values:
        if not sep or not name.strip().isidentifier():
            raise UsageError(f"{_FORM}, not '{text[:60]}'")
        return name.strip(), _distinct(span(values.strip()), "its values round together: widen it or give fewer")
    items = [v.strip() for v in values.split(",") if v.strip()]
    if not sep or not name.strip().isidentifier() or not items:
        raise UsageError(f"{_FORM}, not '{text[:60]}'")
    if any(":" in item for item in items):
        raise UsageError(f"--sweep takes a list or a range, not both: '{text[:60]}'")
    return name.strip(), _distinct(tuple(_value(v) for v in items), "give each value once")


def _distinct(values: tuple[ParamValue, ...], hint: str) -> tuple[ParamValue, ...]:
    """The values, none twice: two curves or frames of one value would only repeat each other."""
    seen: set[ParamValue] = set()
    for value in values:
        if value in seen:
            shown = value if isinstance(value, str) else f"{value:g}"
            raise UsageError(f"--sweep gives {shown} twice", hint=hint)
        seen.add(value)
    return values


def span(text: str) -> tuple[float, ...]:
    """``0:2:5`` -> ``(0.0, 0.5, 1.0, 1.5, 2.0)``: count values from start to stop, both included."""
    parts = text.split(":")
    if len(parts) != 3:
        raise UsageError(f"a --sweep range is start:stop:count, not '{text[:60]}'")
    try:
        start, stop = float(parts[0]), float(parts[1])
    except ValueError:
        raise UsageError(f"a --sweep range starts and stops at numbers, not '{text[:60]}'") from None
    try:
        count = int(parts[2])
    except ValueError:
        raise UsageError(f"a --sweep range's count is a whole number, not '{parts[2][:20]}'") from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise UsageError(f"a --sweep range starts and stops at finite numbers, not '{text[:60]}'")
    if not 2 <= count <= MAX_FRAMES:
        raise UsageError(f"a --sweep range takes 2 to {MAX_FRAMES} values, not {count}")
    if start == stop:
        raise UsageError(f"a --sweep range needs a stop other than its start ({parts[0]})")
    step = (stop - start) / (count - 1)
    digits = _digits(step, start, stop)
    values = tuple(round(start + i * step, digits) for i in range(count - 1)) + (stop,)
    return tuple(v + 0.0 for v in values)  # -0.0 prints as 0


def _digits(step: float, start: float, stop: float) -> int:
    """Decimal places that keep every value within 0.5 % of a step of where it belongs: two past the
    step's first significant digit (0.05 -> 4), and no fewer than the ends are written with (at most 15)."""
    places = math.ceil(-math.log10(abs(step))) + 2
    return min(15, max(places, _places(start), _places(stop)))


def _places(value: float) -> int:
    """Decimal places `value` is written with, at most 15 (``0.25`` -> 2, ``3`` -> 0)."""
    text = f"{value:.15g}"
    mantissa, _, exponent = text.partition("e")
    decimals = len(mantissa.partition(".")[2])
    return max(0, min(15, decimals - int(exponent or 0)))


def check_count(sweep: Sweep, animate: bool) -> None:
    """A static figure overlays at most MAX_OVERLAY values; an animation needs 2 to MAX_FRAMES."""
    count = len(sweep[1])
    if animate and not 2 <= count <= MAX_FRAMES:
        raise UsageError(f"--animate needs 2 to {MAX_FRAMES} --sweep values (one frame each), not {count}")
    if not animate and count > MAX_OVERLAY:
        raise UsageError(f"--sweep gives {count} values; one figure overlays at most {MAX_OVERLAY}",
                         hint="add --animate for one frame per value, or give fewer values")  # fmt: skip


def _value(text: str) -> ParamValue:
    try:
        return float(text)
    except ValueError:
        return text

"""Numbers as a figure prints them: with the true minus sign (U+2212), as matplotlib's ticks have it.

A hyphen is shorter and sits lower than the minus of the tick labels beside it; one sign everywhere
(ticks, notes, marks, legends, the diff readout) reads as one figure.
"""

from __future__ import annotations

import re
from typing import Final

MINUS: Final = "\u2212"
# A hyphen that is a sign: at the start, after an exponent's e, or after a space, "(", "=" or ",".
_SIGN: Final = re.compile(r"(?:(?<=^)|(?<=[eE(=, ]))-(?=[\d.]|inf\b|nan\b)")


def number(value: float, spec: str = "g") -> str:
    """`value` formatted by `spec`, its signs true minus signs.

    >>> number(-6.1503, ".3g"), number(1e-5)
    ('−6.15', '1e−05')
    """
    return minus(format(value, spec))


def minus(text: str) -> str:
    """The signs of the numbers in `text` as true minus signs; hyphens in words stay hyphens.

    >>> minus("alpha=-0.5, 1e-05, leaky-relu")
    'alpha=−0.5, 1e−05, leaky-relu'
    """
    return _SIGN.sub(MINUS, text)

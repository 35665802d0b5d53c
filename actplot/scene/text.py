"""Labels as the figure draws them: which are mathtext, where a long one may break, how it is shortened.

Plain string logic, shared by the figure and the terminal chart so both read a label the same way.
A label is mathtext only where the user clearly asked: the whole label inside $...$ (with an even
number of unescaped dollars, as matplotlib counts them), or --math for every label. Anywhere else a
dollar is a dollar: "cost is $5 and $10" must not lose its dollars to math italics.
"""

from __future__ import annotations

import re
from typing import Final

ELLIPSIS: Final = "…"
_OPEN: Final = "([{"
_CLOSE: Final = ")]}"
_DOLLAR: Final = re.compile(r"(?<!\\)\$")


def is_math(text: str, math: bool = False) -> bool:
    """True if `text` is read as mathtext: --math, or the whole label inside $...$."""
    dollars = len(_DOLLAR.findall(text))
    if dollars == 0 or dollars % 2:
        return False  # matplotlib itself reads an odd count as plain text
    return math or (len(text) > 1 and text.startswith("$") and text.endswith("$") and not text.endswith("\\$"))


def for_matplotlib(text: str, math: bool = False) -> str:
    """`text` as matplotlib must be given it: mathtext untouched, else every dollar escaped (a `\\$`
    already written stays one dollar); tabs become spaces, which fonts have (a tab is drawn as a box)."""
    text = text.expandtabs(4)
    return text if is_math(text, math) else _DOLLAR.sub(r"\\$", text)


def pieces(text: str) -> list[str]:
    """The label cut at the spaces where a line may break: never inside brackets (a call's arguments
    stay together) nor inside $...$; a label whose brackets do not balance breaks at any space."""
    depth, inside_math, cuts = 0, False, [-1]
    for i, char in enumerate(text):
        if char == "$" and text[i - 1 : i] != "\\":
            inside_math = not inside_math
        elif char in _OPEN:
            depth += 1
        elif char in _CLOSE:
            depth = max(0, depth - 1)
        elif char == " " and depth == 0 and not inside_math:
            cuts.append(i)
    if depth or inside_math:
        return text.split()
    cuts.append(len(text))
    return [text[a + 1 : b] for a, b in zip(cuts, cuts[1:]) if text[a + 1 : b]]


def wrap(text: str, lines: int) -> str:
    """`text` broken into at most `lines` lines of about equal length, at the places :func:`pieces` allows
    (fewer lines if it has fewer pieces)."""
    words = pieces(text.replace("\n", " "))
    if lines <= 1 or len(words) <= 1:
        return " ".join(words)
    low, high = max(len(w) for w in words), len(" ".join(words))
    while low < high:  # the narrowest width that still needs no more than `lines` lines
        mid = (low + high) // 2
        if len(_fill(words, mid)) <= lines:
            high = mid
        else:
            low = mid + 1
    return "\n".join(_fill(words, low))


def wrap_width(text: str, width: int) -> str:
    """`text` broken (as :func:`wrap`) into lines of about `width` characters, balanced."""
    return wrap(text, -(-len(text) // max(width, 1)))


def _fill(words: list[str], width: int) -> list[str]:
    out: list[str] = []
    for word in words:
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    return out


def shorten(text: str, chars: int) -> str:
    """The first `chars` characters of `text` (on one line) and an ellipsis, with the brackets left open
    closed again so what remains still reads as a call: "where(x > 1, clamp(x, 0…))"."""
    flat = " ".join(text.split())
    if len(flat) <= chars:
        return flat
    if is_math(flat, True):  # cutting mathtext would break it: keep whole pieces only
        kept = ""
        for word in pieces(flat):
            if len(kept) + len(word) + 1 > chars:
                break
            kept = f"{kept} {word}" if kept else word
        return f"{kept} {ELLIPSIS}" if kept else flat
    head = flat[: max(chars, 1)].rstrip()
    if head.endswith("\\"):  # never leave half of an escaped dollar
        head = head[:-1]
    return head + ELLIPSIS + _closers(head)


def _closers(head: str) -> str:
    stack: list[str] = []
    for char in head:
        if char in _OPEN:
            stack.append(_CLOSE[_OPEN.index(char)])
        elif char in _CLOSE and stack and stack[-1] == char:
            stack.pop()
    return "".join(reversed(stack))

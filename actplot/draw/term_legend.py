"""What tells a terminal chart's curves apart, and the legend that names them.

Colours are the figures' own (:func:`actplot.scene.themes.colour_of` on the panel's looks, light
palette); where colour cannot be used each series gets a character, and the characters of curves,
jump marks and axes are three sets that share no member, so no cell can be read two ways.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final, Protocol

from actplot.scene import themes
from actplot.scene.text import ELLIPSIS

if TYPE_CHECKING:
    import numpy as np

# One per series where colour cannot tell them apart. None is an axis or tick character (| + - in
# ASCII, box drawing otherwise), a digit, '.', 'e' or '?' (what an ASCII label shows for the rest).
MARKERS: Final = "*x#%&=~^"
# Marks on the curves by kind: PyTorch's value at a jump (filled), the other one-sided limit (open), a
# labelled point such as the largest difference; none is a series marker.
MARKS: Final = {False: ("●", "○", "◆"), True: ("@", "o", "$")}
MARK_KEYS: Final = ("PyTorch's value", "other limit")
BRAILLE_FULL: Final = "⣿"
PALETTE: Final = tuple(themes.palette("light"))  # terminal backgrounds vary; the light figures' colours
# What a label's usual non-ASCII characters become in an ASCII chart ('?' for the rest).
_TO_ASCII: Final = str.maketrans(
    {"′": "'", "″": "''", "‴": "'''", "−": "-", "–": "-", "—": "-", "≥": ">=", "≤": "<=", "≠": "!=",
     "×": "x", "·": "*", "…": "...", "Δ": "d", "∞": "inf"}
)  # fmt: skip

Segment = tuple[str, "str | None"]  # text and the rich style to print it in (None: plain)


class SeriesLike(Protocol):  # read-only, so that frozen dataclasses (scene.data.Series) fit
    """A curve; ``look`` (its index in the figure) and ``note`` are read where present."""

    @property
    def label(self) -> str: ...
    @property
    def x(self) -> np.ndarray: ...
    @property
    def y(self) -> np.ndarray: ...


class PanelLike(Protocol):
    """A panel; ``look(index)``, ``markers`` and ``legend_title`` are read where present."""

    @property
    def series(self) -> Sequence[SeriesLike]: ...
    @property
    def ylabel(self) -> str: ...


def clean(text: str, ascii: bool) -> str:
    """Labels in the ASCII chart are ASCII too (primes and signs spelled out, '?' for the rest)."""
    return text.translate(_TO_ASCII).encode("ascii", "replace").decode() if ascii else text


def cells(text: str) -> int:
    """The terminal columns `text` takes: two for a wide character (CJK), none for a combining mark."""
    return sum(_cells(char) for char in text)


def _cells(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fit(text: str, width: int) -> str:
    """The longest start of `text` that takes at most `width` columns."""
    used = 0
    for i, char in enumerate(text):
        used += _cells(char)
        if used > width:
            return text[:i]
    return text


def centre(text: str, width: int, ascii: bool = False) -> str:
    """`text` centred in `width` columns, as str.center places an odd space; cut with an ellipsis
    where it is wider (so nothing is lost without a sign)."""
    if cells(text) > width:
        more = "..." if ascii else ELLIPSIS
        text = fit(text, max(0, width - len(more))) + more
    spare = width - cells(text)
    left = spare // 2 + (spare & width & 1)
    return " " * left + text + " " * (spare - left)


def colour(panel: PanelLike, index: int) -> str:
    """The figure's colour for curve `index` of the panel (``#rrggbb``)."""
    look = getattr(panel, "look", None)
    return themes.colour_of(look(index), PALETTE) if callable(look) else PALETTE[index % len(PALETTE)]


def series_colours(panel: PanelLike) -> list[str]:
    """Each series' colour, from its own look index, or its place in the panel where it has none."""
    out = []
    for k, series in enumerate(panel.series):
        index = getattr(series, "look", None)
        out.append(colour(panel, k if index is None else index))
    return out


def mark_kind(marker: object) -> int:
    """0: the value at a jump, 1: the other limit, 2: a labelled point (its label says what it is)."""
    if getattr(marker, "label", None):
        return 2
    return 0 if getattr(marker, "filled", True) else 1


def heading(panel: PanelLike, signs: Sequence[Segment], width: int, ascii: bool, compact: bool) -> list[list[Segment]]:
    """The lines above a panel's plot: its y label, then the legend (its title, then each series' sign and
    label and note, wrapped between entries) and a key to the marks. `compact` runs all of it together,
    y label first, for a terminal too short for a line each."""
    entries: list[tuple[Segment | None, str]] = []
    title = getattr(panel, "legend_title", None)
    if title:
        entries.append((None, clean(f"{title}:", ascii)))
    for series, sign in zip(panel.series, signs):
        note = getattr(series, "note", "")
        entries.append((sign, clean(f"{series.label} ({note})" if note else series.label, ascii)))
    key = _mark_key(panel, ascii)
    said = getattr(panel, "note", "")
    if said:
        key.append((None, clean(said, ascii)))
    ylabel = clean(panel.ylabel, ascii)
    if compact:
        return _wrap([(None, f"{ylabel}:"), *entries, *key], width)
    return [[(fit(ylabel, width), None)], *_wrap(entries, width), *(_wrap(key, width) if key else [])]


def _mark_key(panel: PanelLike, ascii: bool) -> list[tuple[Segment | None, str]]:
    markers = getattr(panel, "markers", ())
    kinds = {mark_kind(m) for m in markers}
    key: list[tuple[Segment | None, str]] = [((MARKS[ascii][k], None), MARK_KEYS[k]) for k in (0, 1) if k in kinds]
    labels = dict.fromkeys(str(m.label) for m in markers if mark_kind(m) == 2)
    return key + [((MARKS[ascii][2], None), clean(label, ascii)) for label in labels]


def _wrap(entries: Sequence[tuple[Segment | None, str]], width: int) -> list[list[Segment]]:
    """Entries two spaces apart, a new line where the next would not fit; one wider than the line takes
    lines of its own, broken between words (within a word only where a word is wider than the line)."""
    lines: list[list[Segment]] = []
    line: list[Segment] = []
    used = 0
    for sign, text in entries:
        size = cells(text) + (cells(sign[0]) + 1 if sign else 0)
        if line and used + 2 + size > width:
            lines.append(line)
            line, used = [], 0
        if line:
            line.append(("  ", None))
            used += 2
        pieces = _pieces(sign, text, width - used)
        if len(pieces) == 1:
            line += pieces[0]
            used += size
        else:  # lines of its own, so that its last words are not taken for the next entry's
            lines += pieces
    return lines + [line] if line else lines


def _pieces(sign: Segment | None, text: str, width: int) -> list[list[Segment]]:
    """One entry as lines of at most `width` cells, the lines after the first indented past the sign."""
    indent = cells(sign[0]) + 1 if sign else 0
    head: list[Segment] = [sign, (" ", None)] if sign else []
    chunks = wrap(text, max(1, width - indent)) or [""]
    first = head + [(chunks[0], None)]
    return [first] + [[(" " * indent + chunk, None)] for chunk in chunks[1:]]


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` columns, broken between words, and within a word only where it
    is wider than a line (as textwrap, which counts characters, does for text of narrow ones)."""
    if all(_cells(char) == 1 for char in text):
        return textwrap.wrap(text, width, break_on_hyphens=False)
    lines: list[str] = []
    line = ""
    for word in text.split():
        while word:
            gap = " " if line else ""
            if cells(line + gap + word) <= width:
                line, word = line + gap + word, ""
                continue
            if cells(word) > width:  # wider than any line: as much as fits here, the rest on the next
                head = fit(word, width - cells(line + gap)) or ("" if line else word[0])
                line, word = line + (gap + head if head else ""), word[len(head):]
            lines.append(line)
            line = ""
    return lines + [line] if line else lines

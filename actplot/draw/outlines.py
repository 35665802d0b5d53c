"""Text in PostScript-flavoured (CFF) OpenType fonts drawn as outlines in PDF and PS files.

matplotlib embeds fonts in PDF and PS as TrueType (Type 42), which journals' checkers accept, but it
can only do that for fonts with TrueType outlines: a CFF font (Noto Sans CJK, Source Han, most .otf
files) is written as a TrueType font holding CFF data, which readers flag as damaged ("Mismatch
between font type and embedded font file") and some refuse to show. The texts that would draw a
glyph from such a font are drawn as paths there instead: they look the same and no broken font is
embedded. PNG and SVG are left as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Final

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

from matplotlib import cbook, patheffects
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, fontManager, get_font
from matplotlib.text import Text

VECTOR_FONTS: Final = frozenset({"pdf", "ps", "eps"})  # formats that embed fonts as Type 42


@contextmanager
def cff_as_paths(fig: Figure, fmt: str) -> Iterator[None]:
    """Inside, the figure's texts that use a CFF font are drawn as paths (for `fmt` pdf or ps)."""
    changed: list[tuple[Text, list[patheffects.AbstractPathEffect]]] = []
    if fmt in VECTOR_FONTS:
        for text in fig.findobj(Text):
            if isinstance(text, Text) and text.get_text() and _uses_cff(text):
                changed.append((text, list(text.get_path_effects())))
                text.set_path_effects([patheffects.Normal()])
    try:
        yield
    finally:
        for text, effects in changed:
            text.set_path_effects(effects)


def _uses_cff(text: Text) -> bool:
    """True if some character of `text` is drawn from a CFF font of its font chain (mathtext has its own)."""
    if text.get_usetex() or (text.get_parse_math() and cbook.is_math_text(text.get_text())):
        return False
    chain = _chain(text.get_fontproperties())
    for char in set(text.get_text()) - set("\n "):
        source = next((path for path in chain if ord(char) in _charmap(path)), None)
        if source is not None and _is_cff(source):
            return True
    return False


def _chain(prop: FontProperties) -> list[str]:
    """The font files matplotlib tries for `prop`, in order (its per-glyph fallback chain)."""
    return [str(path) for path in fontManager._find_fonts_by_props(prop)]


@functools.cache
def _charmap(path: str) -> frozenset[int]:
    return frozenset(get_font(path).get_charmap())


@functools.cache
def _is_cff(path: str) -> bool:
    """True for OpenType with CFF outlines ('OTTO'), also as the first face of a collection ('ttcf')."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(16)
            if head[:4] == b"ttcf":
                fh.seek(int.from_bytes(head[12:16], "big"))
                head = fh.read(4)
    except OSError:
        return False
    return head[:4] == b"OTTO"

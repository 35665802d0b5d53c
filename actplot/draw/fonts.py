"""Fonts for text in any script: the main font first, then installed fonts chosen for what it lacks.

matplotlib (3.6 and later) draws each character in the first font of ``font.family`` that has it, but
only looks at the families listed there; a CJK title under the default DejaVu Sans comes out as boxes
with one warning per character although a CJK font is installed. So when the figure's text holds
characters the main font lacks, installed fonts are searched by what they hold (their character maps,
not their names) and appended to ``font.family``: Latin text and the minus sign keep the main font.

The choice is deterministic: the font holding most of the missing characters first, then (on a tie)
a sans-serif face over a serif or monospace one, a Simplified Chinese family over the other CJK
variants (the same file, one face each: the Han characters shared by all would otherwise take the shapes
of whichever variant sorts first), and the family name. A font installed after matplotlib built its
font cache is found too: where no known font covers a character, the system's font files matplotlib has
not seen are read. Characters no installed font has give one warning per process, saying how to get one.
"""

from __future__ import annotations

import difflib
import functools
import logging
import unicodedata
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, cast

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import matplotlib
from matplotlib import font_manager, ft2font

from actplot.errors import ActplotWarning, UsageError
from actplot.scene import text as labels_text
from actplot.scene.data import Panel, Style

FONT_FILES: Final = (".ttf", ".otf", ".ttc")
# Characters every figure may draw whatever its labels say: tick labels (with U+2212 for minus) and
# the legend's key to marks and limits.
ALWAYS_DRAWN: Final = "0123456789.,+−e×→±∞'…"
_SIMPLIFIED: Final = frozenset({"SC", "CN", "GB", "Hans"})  # words of a family name meaning Simplified Chinese
_NOT_SANS: Final = frozenset({"Serif", "Mono", "Monospace"})
_NO_GLYPH: Final = "\u0378\ufdd0"  # unassigned, and a noncharacter: a font drawing them draws boxes
_SHOWN: Final = 5  # characters a warning names
# matplotlib's own warning for a character no font in the list has, once per character and draw
_MATH_FAMILIES: Final = ("DejaVu Sans", "STIXGeneral")  # mathtext's default fonts and its fallback
_GLYPH_WARNING: Final = r"Glyph \d+ .*missing from font"

Face = tuple[str, int]  # a font file and the face in it (a .ttc holds several)
_glyphs: dict[str, dict[int, bool]] = {}  # font file -> code point -> whether it has a glyph
_warned: set[str] = set()


class MissingGlyphWarning(ActplotWarning):
    """No installed font has some characters of the figure's text; they are drawn as boxes."""


def check(font: str) -> None:
    """A usage error unless --font names an installed family or a font file matplotlib can read."""
    family(font)


def family(font: str) -> str:
    """The family --font asks for: a file's own (added to matplotlib's fonts), or an installed family."""
    path = Path(font)
    if path.suffix.lower() in FONT_FILES or path.is_file():
        return _file_family(path, font)
    if _installed(font) or (_add_unseen(lambda face: True) and _installed(font)):
        return font
    names = sorted({entry.name for entry in font_manager.fontManager.ttflist})
    close = ", ".join(repr(name) for name in difflib.get_close_matches(font, names, n=3, cutoff=0.6))
    hint = f"did you mean {close}? Or" if close else "give an installed font's family name or"
    raise UsageError(f"--font '{font}' is not an installed font", hint=f"{hint} a font file (.ttf, .otf, .ttc)")


def _file_family(path: Path, given: str) -> str:
    if not path.is_file():
        raise UsageError(f"--font '{given}': no such font file")
    try:
        name = str(font_manager.ttfFontProperty(ft2font.FT2Font(str(path))).name)
    except (OSError, RuntimeError, ValueError):  # FreeType's word for a file that is not a font
        raise UsageError(f"--font '{given}' is not a font file", hint="give a .ttf, .otf or .ttc") from None
    if str(path) not in {entry.fname for entry in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(str(path))
    return name


def _installed(name: str) -> bool:
    return _face_of(name) is not None


@contextmanager
def covering(panels: Sequence[Panel], style: Style) -> Iterator[dict[str, Any]]:
    """Inside, ``font.family`` has --font's family first and fonts for whatever it lacks after it;
    yields those settings (to apply again when the figure is saved). Call it inside the figure's looks."""
    families = [family(style.font)] if style.font else list(matplotlib.rcParams["font.family"])
    missing = _lacking(_characters(_texts(panels, style)), families)
    if missing:
        found, missing = _fallbacks(missing)
        families += found
        if missing:
            _warn(missing)
    _warn_math(_lacking(_characters(_math_texts(panels, style)), _MATH_FAMILIES))
    settings: dict[str, Any] = {"font.family": families} if style.font or len(families) > 1 else {}
    with matplotlib.rc_context(cast(Any, settings)), quiet():
        yield settings


@contextmanager
def quiet() -> Iterator[None]:
    """Without matplotlib's warning (or, for mathtext, log line) per missing character: :func:`covering`
    gives one for all."""
    log = logging.getLogger("matplotlib.mathtext")
    level = log.level
    log.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=_GLYPH_WARNING, category=UserWarning)
            yield
    finally:
        log.setLevel(level)


def _math_texts(panels: Sequence[Panel], style: Style) -> Iterator[str]:
    """The labels drawn as mathtext, which takes glyphs from its own fonts alone (no fallback)."""
    labels = [style.title or "", style.xlabel, style.legend_title or ""]
    labels += [text for panel in panels for text in (panel.ylabel, *(s.label for s in panel.series))]
    return (text for text in labels if text and labels_text.is_math(text, style.math))


def _warn_math(missing: Sequence[str]) -> None:
    """One warning for characters in mathtext labels that mathtext's fonts lack (drawn as boxes there)."""
    new = [char for char in missing if char not in _warned]
    if new:
        _warned.update(new)
        shown = ", ".join(_describe(char) for char in new[:_SHOWN]) + (", ..." if len(new) > _SHOWN else "")
        warnings.warn(f"mathtext draws only its own fonts: {shown} in a $...$ label is drawn as boxes; write such"
                      " text outside $...$ (and without --math)", MissingGlyphWarning, stacklevel=4)  # fmt: skip


def _texts(panels: Sequence[Panel], style: Style) -> Iterator[str]:
    """Every text the figure draws: title, axis labels, legend entries and title, notes, ticks."""
    yield from (ALWAYS_DRAWN, style.title or "", style.xlabel, style.legend_title or "")
    for panel in panels:
        yield from (panel.ylabel, panel.name, panel.legend_title or "")
        for series in panel.series:
            yield from (series.label, series.note)
        yield from (marker.label or "" for marker in panel.markers)
        yield from (shade.label or "" for shade in panel.shades)


def _characters(texts: Iterable[str]) -> list[str]:
    """The characters a font must draw, each once, in order; not line breaks or invisible format
    characters (no font needs a glyph for those)."""
    chars = dict.fromkeys(char for text in texts for char in text)
    return [char for char in chars if unicodedata.category(char) not in ("Cc", "Cf", "Zl", "Zp")]


def _lacking(chars: Sequence[str], families: Sequence[str]) -> list[str]:
    """The characters none of the families' fonts has."""
    faces = [face for face in map(_face_of, families) if face is not None]
    return [char for char in chars if not any(_has(face, char) for face in faces)]


def _face_of(name: str) -> Face | None:
    """The font file (and face) matplotlib draws `name` (a family or a generic name) in; None if none."""
    try:
        found = font_manager.findfont(font_manager.FontProperties(family=[name]), fallback_to_default=False)
    except ValueError:
        return None
    return str(getattr(found, "path", found)), int(getattr(found, "face_index", 0))


def _has(face: Face, char: str) -> bool:
    """Whether the font file has a glyph for `char`, asked once per file and character in a process.
    A collection's first face answers for all of them (its faces share one character map: that is
    what collections are for)."""
    path, code = face[0], ord(char)
    known = _glyphs.setdefault(path, {})
    if code not in known:
        font = _open(path)
        known[code] = font is not None and font.get_char_index(code) != 0
    return known[code]


@functools.lru_cache(maxsize=4)  # a font is asked about several characters in a row
def _open(path: str) -> ft2font.FT2Font | None:
    try:
        return ft2font.FT2Font(path)
    except (OSError, RuntimeError, ValueError):
        return None  # unreadable: it covers nothing


def _draws_boxes(face: Face) -> bool:
    """A font that claims characters no real font draws (an unassigned code point, a noncharacter), as
    matplotlib's own Last Resort does: its glyphs are boxes saying which block a character is in."""
    return any(_has(face, char) for char in _NO_GLYPH)


def _fallbacks(missing: Sequence[str]) -> tuple[list[str], list[str]]:
    """Families for the missing characters, and what is still missing with them. Fonts matplotlib has
    not seen are read only where its own cannot cover everything; the choice is then made again over
    all of them, so it does not depend on what matplotlib's cache held."""
    found, left = _choose(missing)
    if left and _add_unseen(lambda face: any(_has(face, char) for char in left)):
        found, left = _choose(missing)
    return found, left


def _choose(missing: Sequence[str]) -> tuple[list[str], list[str]]:
    """Greedily, the family covering most of what is left, ties broken by :func:`_rank`."""
    candidates = _families()
    chosen: list[str] = []
    left = list(missing)
    while left and candidates:
        best = min(candidates, key=lambda c: (-_count(c[1], left), _rank(c[0])))
        if not _count(best[1], left):
            break
        chosen.append(best[0])
        candidates.remove(best)
        left = [char for char in left if not _has(best[1], char)]
    return chosen, left


def _count(face: Face, chars: Sequence[str]) -> int:
    return sum(_has(face, char) for char in chars)


def _rank(name: str) -> tuple[bool, bool, str]:
    words = set(name.replace("-", " ").split())
    return bool(words & _NOT_SANS), not words & _SIMPLIFIED, name


def _families() -> list[tuple[str, Face]]:
    """Each installed family with the face matplotlib draws it in: upright, the weight nearest regular.
    Not a font whose glyphs are boxes (:func:`_draws_boxes`)."""
    best: dict[str, tuple[tuple[bool, int, bool, str, int], Face]] = {}
    for entry in font_manager.fontManager.ttflist:
        weight = entry.weight if isinstance(entry.weight, int) else font_manager.weight_dict.get(entry.weight, 400)
        key = (entry.style != "normal", abs(weight - 400), entry.stretch != "normal", entry.fname, entry.index)
        if entry.name not in best or key < best[entry.name][0]:
            best[entry.name] = key, (entry.fname, entry.index)
    return sorted((name, face) for name, (_, face) in best.items() if not _draws_boxes(face))


def _add_unseen(wanted: Callable[[Face], bool]) -> bool:
    """Add the system's font files matplotlib's list lacks (installed after its cache was built) whose
    first face `wanted(face)` accepts; True if any was added."""
    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    added = False
    for path in sorted(set(font_manager.findSystemFonts()) - known):
        if Path(path).suffix.lower() in FONT_FILES and wanted((path, 0)):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue
            added = True
    return added


def _warn(missing: Sequence[str]) -> None:
    """One warning naming a few of the characters no installed font has, and where to get a font."""
    new = [char for char in missing if char not in _warned]
    if not new:
        return  # said already in this process (a set of figures shares its labels)
    _warned.update(missing)
    shown = ", ".join(_describe(char) for char in missing[:_SHOWN]) + (", ..." if len(missing) > _SHOWN else "")
    if any(_wide(char) for char in missing):
        get = ("apt install fonts-noto-cjk (Debian, Ubuntu); on macOS --font 'PingFang SC' or 'Hiragino Sans',"
               " on Windows --font 'Microsoft YaHei' or 'SimHei'")  # fmt: skip
    else:
        get = "apt install fonts-noto (Debian, Ubuntu), or --font FILE with a font that has them"
    warnings.warn(f"no installed font has {shown}; drawn as boxes. To get one: {get}", MissingGlyphWarning,
                  stacklevel=4)  # fmt: skip


def _describe(char: str) -> str:
    code = f"U+{ord(char):04X}"
    return f"{char} ({code})" if char.isprintable() and unicodedata.category(char) != "Co" else code


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")

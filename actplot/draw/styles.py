"""--style as data: names from matplotlib's own list, files read here, never code and never a download.

matplotlib.style.use would fetch a URL, import a Python package for a dotted name ('paper.mplstyle'
imports paper.py from the current directory), and take rcParams that run programs (text.usetex runs
LaTeX) or open a server (webagg.*). So a name must be one matplotlib ships (``matplotlib.style.available``),
and a file is parsed here as matplotlib's format has it (``key: value`` lines, ``#`` comments), each value
checked by matplotlib's own validator, then against bounds of actplot's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final, cast

from actplot.draw import backend  # noqa: F401  -- first: it imports matplotlib whatever $MPLBACKEND says

# isort: split

import matplotlib
import matplotlib.style
from cycler import Cycler, cycler

from actplot.draw import cycles
from actplot.errors import InputError, UsageError
from actplot.scene import sizes, themes
from actplot.scene.data import Style

NAMES_BESIDES_AVAILABLE: Final = ("default", "classic")
MAX_FILE_BYTES: Final = 1 << 20  # a style file is a few dozen lines; more is not a style file
# Keys a style may not set, with why: they run programs, reach the network, import code, write
# elsewhere, or change which file is written. The rest of matplotlib's own list of keys "not related to
# style" (which matplotlib.style ignores with a warning) is refused too, so a style file says what it does.
_RUNS: Final = "it runs other programs"
_REFUSED: Final[dict[str, str]] = {
    "backend": "it loads a GUI backend", "backend_fallback": "it loads a GUI backend",
    "interactive": "it opens windows", "toolbar": "it opens windows", "figure.raise_window": "it opens windows",
    "text.usetex": "it runs LaTeX", "text.latex.preamble": _RUNS, "ps.usedistiller": _RUNS,
    "figure.hooks": "it imports the Python modules it names",
    "savefig.directory": "it names another directory", "savefig.format": "--format and --out choose the format",
    "savefig.bbox": "it crops the figure away from --figsize x --dpi pixels",
    **dict.fromkeys(("timezone", "figure.max_open_warning", "tk.window_focus", "docstring.hardcopy", "date.epoch"),
                    "it is not a look"),
}  # fmt: skip
_REFUSED_PREFIXES: Final[dict[str, str]] = {
    "animation.": "it runs video encoders", "webagg.": "it starts a web server", "pgf.": "it runs LaTeX",
    "ps.distiller.": _RUNS,
}  # fmt: skip
# Refused without asking matplotlib's validator, which for a backend looks up installed plugins.
_NOT_EVEN_READ: Final = frozenset({"backend", "backend_fallback", "figure.hooks"})
UNCHANGED: Final = object()  # a refused key set to matplotlib's default (text.usetex: False): left out
# Font sizes in points: under 1 no one can read it, over 100 (1.4 inches) a label outgrows the panel.
FONT_SIZE_RANGE: Final = (1.0, 100.0)
FONT_SIZE_KEYS: Final = frozenset({
    "font.size", "axes.titlesize", "axes.labelsize", "legend.fontsize", "legend.title_fontsize",
    "xtick.labelsize", "ytick.labelsize", "figure.titlesize", "figure.labelsize",
})  # fmt: skip
# Every other number (line widths, tick lengths, pads, counts) stays within +-1000: matplotlib's own
# defaults all do, and a bigger width, length or count only makes a figure that takes forever to draw.
MAX_NUMBER: Final = 1000.0
_WIDER: Final[dict[str, float]] = {
    "agg.path.chunksize": 1e6, "image.lut": 65536, "figure.dpi": 2000, "savefig.dpi": 2000,  # counts, resolutions
}  # fmt: skip


@contextmanager
def looks(style: Style, panels: int = 1) -> Iterator[None]:
    """The theme and the venue's sizes, then the --style over them, then --font-size and the figure's
    own rcParams; all undone on exit."""
    cycle = cycler(color=themes.palette(style.theme))
    looks = {**themes.rc(style.theme), **sizes.rc(style, panels), "axes.prop_cycle": cycle}
    with matplotlib.rc_context(cast(Any, looks)):
        if style.mplstyle:
            chosen = resolve(style.mplstyle)
            if isinstance(chosen, str):
                matplotlib.style.use(chosen)  # a name matplotlib ships: never a path, URL or package
            else:
                cast(Any, matplotlib.rcParams).update(chosen)
        with matplotlib.rc_context(cast(Any, {**sizes.text_rc(style), **style.rc})):
            yield


def resolve(style: str) -> str | dict[str, Any]:
    """A style file's checked settings, or a style name matplotlib ships; anything else is a usage error."""
    if themes.is_url(style):
        raise UsageError(f"--style '{style}' is a URL; styles are never downloaded", hint="give a local file")
    if Path(style).is_file():
        return read(style)
    if style in matplotlib.style.available or style in NAMES_BESIDES_AVAILABLE:
        return style
    raise UsageError(
        f"unknown matplotlib style '{style}' (and no such file)",
        hint=f"choose a style file or one of {', '.join(sorted(matplotlib.style.available))}",
    )


def read(path: str) -> dict[str, Any]:
    """The settings of a .mplstyle file, each checked; a usage error names the file and line otherwise."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"cannot read style file '{path}': {exc.strerror or exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise UsageError(f"style file '{path}' is over {MAX_FILE_BYTES >> 20} MiB; it cannot be a style")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"style file '{path}' is not UTF-8 text") from None
    settings: dict[str, Any] = {}
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{number}"
        content = _strip_comment(line, where)
        if content:
            key, colon, raw = content.partition(":")
            if not colon:
                raise UsageError(f"{where}: expected 'key: value', not '{content[:60]}'")
            value = _value(key.strip(), _unquote(raw.strip()), where)
            if value is not UNCHANGED:
                settings[key.strip()] = value
    return settings


def _strip_comment(line: str, where: str) -> str:
    """The line before its first '#' outside double quotes (matplotlib's rule: colours may be quoted)."""
    quoted = False
    for i, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif char == "#" and not quoted:
            return line[:i].strip()
    if quoted:
        raise UsageError(f"{where}: a double quote is not closed")
    return line.strip()


def _unquote(raw: str) -> str:
    return raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw


def _value(key: str, raw: str, where: str) -> Any:
    """The checked value of `key`, or UNCHANGED for a refused key at matplotlib's default (it changes nothing)."""
    if key not in matplotlib.rcParams:
        raise UsageError(f"{where}: unknown setting '{key}'", hint="see matplotlib's rcParams for the names")
    why = _REFUSED.get(key) or next((w for p, w in _REFUSED_PREFIXES.items() if key.startswith(p)), None)
    if why and key in _NOT_EVEN_READ:
        raise UsageError(f"{where}: a style may not set {key}: {why}")
    value = cycles.parse(raw, where) if key == "axes.prop_cycle" else _validated(key, raw, where)
    if why:
        default = cast(Any, matplotlib.rcParamsDefault)[key]
        if value == default:  # as matplotlib's own classic style says: left out, so still nothing runs
            return UNCHANGED
        raise UsageError(f"{where}: a style may not set {key}: {why}", hint=f"leave it out or at {default!r}")
    _check_numbers(key, value, where)
    return value


def _validated(key: str, raw: str, where: str) -> Any:
    checked: Any = matplotlib.RcParams()  # validates on assignment, with matplotlib's own validator for the key
    try:
        checked[key] = raw
    except (ValueError, TypeError, KeyError) as exc:
        reason = str(exc).strip().strip('"').removeprefix(f"Key {key}: ").splitlines() or [type(exc).__name__]
        raise UsageError(f"{where}: bad value for {key}: {reason[0][:160]}") from None
    return checked[key]


def _check_numbers(key: str, value: Any, where: str) -> None:
    """Every number finite and within its bounds (see FONT_SIZE_RANGE and MAX_NUMBER)."""
    widest = _WIDER.get(key, MAX_NUMBER)
    low, high = FONT_SIZE_RANGE if key in FONT_SIZE_KEYS else (-widest, widest)
    for number in _numbers(value):
        if not (math.isfinite(number) and low <= number <= high):
            unit = " points" if key in FONT_SIZE_KEYS else ""
            raise UsageError(f"{where}: {key} must be between {low:g} and {high:g}{unit}, not {number:g}")


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, bool):
        return
    if isinstance(value, (int, float)):
        yield float(value)
    elif isinstance(value, Cycler):
        for values in value.by_key().values():
            yield from _numbers(values)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _numbers(item)

"""Text in any script: a CJK title is drawn with real glyphs in PNG, SVG and PDF, the main font keeps Latin
text and the minus sign, one warning names what no installed font has, --font picks the main font, and
the same command gives the same bytes. Expectations come from the font files themselves (FreeType via
matplotlib's FT2Font), never from actplot's choice."""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from matplotlib.ft2font import FT2Font
from PIL import Image

from actplot.draw import render
from actplot.scene.data import Panel, Series, Style
from tests.conftest import Invoke

TITLE = "ReLU函数及其导数"
HAN = "函数及其导"
X = np.linspace(-8.0, 8.0, 201)
NO_FONT_HAS = "\U000f0000"  # Supplementary Private Use Area-A: no real font draws it
DEJAVU_SERIF = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSerif.ttf"


def _faces() -> Iterator[tuple[str, int, FT2Font]]:
    """Every face of every font file installed or shipped with matplotlib."""
    paths = set(font_manager.findSystemFonts()) | {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in sorted(p for p in paths if p.lower().endswith((".ttf", ".otf", ".ttc"))):
        try:
            first = FT2Font(path)
        except (OSError, RuntimeError):
            continue
        yield path, 0, first
        for index in range(1, first.num_faces):
            yield path, index, FT2Font(path, face_index=index)


@functools.cache
def _glyph_ids(char: str) -> frozenset[str]:
    """'<PostScript name>-<glyph index in hex>' of every face with a real glyph for `char` (not one that
    claims unassigned code points too: its glyphs are boxes), as SVG glyph ids and PDF font names go."""
    return frozenset(
        f"{font.postscript_name}-{font.get_char_index(ord(char)):x}"
        for _, _, font in _faces()
        if font.get_char_index(ord(char)) and not font.get_char_index(0x378)
    )


def _needs_cjk() -> None:
    if not _glyph_ids(HAN[0]):
        pytest.skip("no CJK font installed: apt install fonts-noto-cjk")


def _panels() -> list[Panel]:
    return [Panel([Series("relu", X, np.maximum(X, 0.0)), Series("tanh", X, np.tanh(X))], "f(x)")]


def _saved(style: Style, fmt: str, rc: dict[str, object] | None = None) -> bytes:
    fig = render.draw(_panels(), style)
    out = io.BytesIO()
    with warnings.catch_warnings(record=True) as caught, matplotlib.rc_context(rc or {}):
        warnings.simplefilter("always")
        if rc and fmt == "svg":  # actplot's save always writes paths; this is what svg text would be
            fig.savefig(out, format="svg")
        else:
            render.save(fig, out, fmt)
    assert [str(w.message) for w in caught] == []
    return out.getvalue()


def _pdf_fonts(data: bytes) -> set[str]:
    return {m.decode() for m in re.findall(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]]+)", data)}


def _postscript_names(char: str) -> set[str]:
    return {glyph.rpartition("-")[0] for glyph in _glyph_ids(char)}


def _svg_fonts(data: bytes) -> set[str]:
    """The fonts an SVG written with paths drew glyphs from (its glyph ids are 'PostScriptName-index')."""
    return {name.rpartition("-")[0] for name in re.findall(r'<path id="([^"]+-[0-9a-f]+)"', data.decode())}


def _is_cff(path: str) -> bool:
    """OpenType with PostScript (CFF) outlines: 'OTTO' at the start, or at the first face of a collection."""
    head = Path(path).read_bytes()[:16]
    if head[:4] == b"ttcf":
        offset = int.from_bytes(head[12:16], "big")
        head = Path(path).read_bytes()[offset : offset + 4]
    return head[:4] == b"OTTO"


def test_a_cjk_title_in_a_pdf_is_drawn_and_no_font_is_type3_or_damaged() -> None:
    _needs_cjk()
    data = _saved(Style(title=TITLE), "pdf")
    embedded = _pdf_fonts(data)
    assert "DejaVuSans" in embedded  # the main font still draws the Latin text
    assert b"/Type3" not in data and b"/FontType 3" not in data
    # fonts that draw the character (not matplotlib's last-resort font, which draws a box for any code point)
    covering = {path for path, _, font in _faces() if font.get_char_index(ord(HAN[0])) and not
                font.get_char_index(0x378)}  # fmt: skip
    if all(_is_cff(path) for path in covering):
        # matplotlib can embed only TrueType outlines as Type 42: CFF glyphs are drawn as outlines instead
        assert not embedded & _postscript_names(HAN[0]), embedded
        without = _saved(Style(title="ReLU"), "pdf")
        assert len(zlib.decompress(_content(data))) > len(zlib.decompress(_content(without))) + 200
    else:
        assert embedded & _postscript_names(HAN[0]), embedded
    pdffonts = shutil.which("pdffonts")
    if pdffonts:
        out = tempfile.NamedTemporaryFile(suffix=".pdf", delete=False)
        try:
            out.write(data)
            out.close()
            done = subprocess.run([pdffonts, out.name], capture_output=True, text=True, timeout=60, check=True)
        finally:
            os.unlink(out.name)
        assert "Type 3" not in done.stdout and "Mismatch" not in done.stderr, (done.stdout, done.stderr)


def _content(pdf: bytes) -> bytes:
    """The page's content stream (what is drawn), found through the page's /Contents reference."""
    ref = re.search(rb"/Contents (\d+) 0 R", pdf)
    assert ref is not None
    found = re.search(rb"\n" + ref.group(1) + rb" 0 obj\n<<[^>]*>>\nstream\n(.*?)\nendstream", pdf, re.S)
    assert found is not None
    return found.group(1)


def test_a_cjk_title_is_drawn_from_real_glyphs_in_svg_paths() -> None:
    _needs_cjk()
    text = _saved(Style(title=TITLE), "svg").decode()
    ids = set(re.findall(r'id="([^"]+)"', text))
    assert all(ids & _glyph_ids(char) for char in HAN)
    dejavu = FT2Font(font_manager.findfont("DejaVu Sans"))
    for char in "R−":  # Latin text and the ticks' minus sign keep the main font, though the CJK font has them
        assert ids & _glyph_ids(char) == {f"DejaVuSans-{dejavu.get_char_index(ord(char)):x}"}


def test_svg_text_names_a_cjk_family_after_the_main_font() -> None:
    _needs_cjk()
    text = _saved(Style(title=TITLE), "svg", {"svg.fonttype": "none"}).decode()
    title = re.search(r'<text[^>]*style="([^"]*)"[^>]*>ReLU', text)
    assert title is not None
    families = [f.strip().strip("'") for f in re.search(r"font-family: ([^;]*)", title.group(1)).group(1).split(",")]
    covering = {e.name for e in font_manager.fontManager.ttflist if _postscript_names("函") & {_ps(e)}}
    assert families[0] == "sans-serif" or families[0] == "DejaVu Sans"
    assert set(families[1:]) & covering, families
    simplified = {name for name in covering if name.split()[-1] == "SC"}
    if simplified:  # several CJK variants cover Han alike: the Simplified Chinese one is chosen
        assert families[-1] in simplified


def _ps(entry: font_manager.FontEntry) -> str:
    return str(FT2Font(entry.fname, face_index=entry.index).postscript_name)


def test_the_png_title_differs_from_boxes(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_cjk()
    drawn = Image.open(io.BytesIO(_saved(Style(title=TITLE), "png"))).convert("L")
    from actplot.draw import fonts

    monkeypatch.setattr(fonts, "_fallbacks", lambda missing: ([], []))  # as before: no font searched
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        boxes = Image.open(io.BytesIO(_saved(Style(title=TITLE), "png"))).convert("L")
    top = (0, 0, drawn.width, drawn.height // 8)
    assert np.asarray(drawn.crop(top)).tolist() != np.asarray(boxes.crop(top)).tolist()


def test_a_font_installed_after_matplotlibs_cache_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    _needs_cjk()
    system = set(font_manager.findSystemFonts())
    cjk = {path for path, _, font in _faces() if font.get_char_index(ord("函"))}
    if not cjk & system:
        pytest.skip("the CJK font is not among the system's font files")
    manager = font_manager.fontManager
    monkeypatch.setattr(manager, "ttflist", [e for e in manager.ttflist if e.fname not in cjk])
    manager._findfont_cached.cache_clear()
    try:
        drawn = _svg_fonts(_saved(Style(title=TITLE), "svg"))
    finally:
        manager._findfont_cached.cache_clear()
    assert drawn & _postscript_names("函")


def test_what_no_font_has_gives_one_warning_line(invoke: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "x.png"
    result = invoke(["relu", "--with-grad", "--title", f"a {NO_FONT_HAS}{NO_FONT_HAS} b", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    said = [line for line in result.stderr.splitlines() if line.startswith("actplot: warning:")]
    assert len(said) == 1 and "U+F0000" in said[0] and "fonts-noto" in said[0], result.stderr
    assert out.stat().st_size > 0


def test_a_cjk_title_gives_no_warning(invoke: Invoke, tmp_path: Path) -> None:
    _needs_cjk()
    result = invoke(["relu", "--title", TITLE, "--out", str(tmp_path / "x.svg")])
    assert result.exit_code == 0 and "warning" not in result.stderr, result.stderr
    assert _svg_fonts((tmp_path / "x.svg").read_bytes()) & _postscript_names("函")


@pytest.mark.parametrize("font", [str(DEJAVU_SERIF), "DejaVu Serif"])
def test_font_as_a_file_or_a_name_is_the_main_font(invoke: Invoke, tmp_path: Path, font: str) -> None:
    result = invoke(["relu", "--font", font, "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 0, result.stderr
    assert _pdf_fonts((tmp_path / "x.pdf").read_bytes()) == {FT2Font(str(DEJAVU_SERIF)).postscript_name}


def test_font_from_a_collection_file_still_falls_back(invoke: Invoke, tmp_path: Path) -> None:
    _needs_cjk()
    collection = next((p for p, i, f in _faces() if p.endswith(".ttc") and f.get_char_index(ord("函"))), None)
    if collection is None:
        pytest.skip("no CJK font collection (.ttc) installed")
    result = invoke(["relu", "--font", collection, "--title", f"{TITLE} {NO_FONT_HAS}\U000f0001",
                     "--out", str(tmp_path / "x.svg")])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert _svg_fonts((tmp_path / "x.svg").read_bytes()) & _postscript_names("函")


@pytest.mark.parametrize("command", [["relu"], ["gallery", "relu", "--no-page"]])
@pytest.mark.parametrize(("font", "says"), [("No Such Font", "is not an installed font"),
                                            (str(Path(__file__)), "is not a font file")])  # fmt: skip
def test_a_bad_font_is_one_line_and_exit_2(invoke: Invoke, tmp_path: Path, command: list[str], font: str,
                                           says: str) -> None:  # fmt: skip
    out = tmp_path / ("x.png" if command == ["relu"] else "gallery")
    result = invoke([*command, "--font", font, "--out", str(out)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith(f"actplot: error: --font '{font}' {says}")
    assert not out.exists()


def test_gallery_workers_draw_in_the_chosen_font(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "tanh", "--jobs", "2", "--font", str(DEJAVU_SERIF), "--format", "pdf",
                     "--no-page", "--out", str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    for pdf in tmp_path.glob("*.pdf"):
        assert _pdf_fonts(pdf.read_bytes()) == {FT2Font(str(DEJAVU_SERIF)).postscript_name}


_SAVE_ALL = """
import io, sys, numpy as np
from actplot.draw import render
from actplot.scene.data import Panel, Series, Style
x = np.linspace(-8.0, 8.0, 201)
panels = [Panel([Series("relu", x, np.maximum(x, 0.0)), Series("tanh", x, np.tanh(x))], "f(x)")]
for fmt in ("png", "svg", "pdf"):
    out = io.BytesIO()
    render.write(panels, Style(title=sys.argv[1]), out, fmt)
    sys.stdout.buffer.write(out.getvalue().hex().encode() + b"\\n")
"""


def test_a_cjk_title_gives_the_same_bytes_in_a_fresh_process_and_again() -> None:
    _needs_cjk()
    fresh = subprocess.run([sys.executable, "-c", _SAVE_ALL, TITLE], capture_output=True, check=True,
                           cwd=Path(__file__).parent.parent).stdout.split()  # fmt: skip
    for fmt, hexed in zip(("png", "svg", "pdf"), fresh):
        again = io.BytesIO()
        render.write(_panels(), Style(title=TITLE), again, fmt)
        assert bytes.fromhex(hexed.decode()) == again.getvalue(), fmt

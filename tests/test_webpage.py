"""The gallery's index.html as written: what each function shows, links, escaping, placement, --no-page."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from actplot.activations import facts
from actplot.activations import spec as activations
from actplot.draw import page as webpage
from tests.conftest import Invoke
from tests.pages import read_page

FUNCS = ["relu", "gelu", "LeakyReLU", "sigmoid", "elu(alpha=0.5)", "x*sigmoid(1.702*x)"]
SMALL = ["--points", "200", "--dpi", "40", "--jobs", "1"]


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from actplot.cli.app import app

    out = tmp_path_factory.mktemp("gallery")
    result = CliRunner().invoke(app, ["gallery", *FUNCS, "--out", str(out), *SMALL], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1] == f"wrote {out / 'index.html'}"
    return out


def test_each_function_has_an_anchored_section_with_its_figure(gallery: Path) -> None:
    page = read_page(gallery / "index.html")
    anchors = ["relu", "gelu", "leaky_relu", "sigmoid", "elu-alpha-0.5", "x-sigmoid-1.702-x"]
    assert [s.id for s in page.sections] == anchors
    for s in page.sections:
        assert s.images == [f"{s.id}.png"] and (gallery / s.images[0]).is_file()
        assert f"#{s.id}" in s.links  # the heading links to itself, to copy the link from
    assert [u for u in page.urls if u.startswith("#")] == [f"#{a}" for a in anchors] * 2  # index and headings


def test_catalogue_facts_are_shown(gallery: Path) -> None:
    page = read_page(gallery / "index.html")
    for name in ("relu", "gelu", "leaky_relu", "sigmoid"):
        act, rows = activations.lookup(name), page.section(name).rows
        assert rows["formula"] == act.formula and rows["derivative"] == act.derivative
        assert rows["reference"] == act.reference and rows["torch API"] == act.torch_api
        assert all(alias.lower() in page.section(name).names.split() for alias in act.aliases)
    assert "also: LeakyReLU, leaky-relu, lrelu" in page.section("leaky_relu").text
    assert page.section("gelu").rows["parameter approximate"].startswith("none (default none)")


def test_measured_properties_are_shown(gallery: Path) -> None:
    page = read_page(gallery / "index.html")
    relu, gelu, sigmoid = (page.section(n).rows for n in ("relu", "gelu", "sigmoid"))
    assert relu["range"].startswith("[0, inf)") and relu["continuity"].startswith("C0")
    assert relu["f' at kink 0"] == "0 (PyTorch); left 0, right 1"  # PyTorch's relu'(0) = 0
    assert gelu["f(0), f'(0)"] == "0, 0.5"  # x Phi(x): Phi(0) = 1/2
    assert sigmoid["range"] == "(0, 1)" and sigmoid["f(0), f'(0)"] == "0.5, 0.25"
    assert relu["monotonic"] == "non-decreasing"  # flat for x < 0


def test_what_is_not_shipped_is_said_not_invented(gallery: Path) -> None:
    page = read_page(gallery / "index.html")
    elu, expr = page.section("elu-alpha-0.5").rows, page.section("x-sigmoid-1.702-x").rows
    assert elu["parameter alpha"].startswith("0.5 (default 1)")
    assert "run actplot info 'elu(alpha=0.5)' to measure these" in elu["measured"]
    assert "range" not in elu and "range" not in expr
    assert expr["formula"] == "x*sigmoid(1.702*x)"


def test_the_page_is_self_contained(gallery: Path) -> None:
    page = read_page(gallery / "index.html")
    text = (gallery / "index.html").read_text(encoding="utf-8")
    assert "link" not in page.tags and "http" not in " ".join(page.urls)
    assert "<script>" in text and "<script src" not in text and "<style>" in text
    files = [u for u in page.urls if not u.startswith("#")]
    assert files and all((gallery / u).is_file() for u in files)
    assert len(page.ids) == len(set(page.ids))
    assert page.title == "actplot gallery"


def test_every_text_is_escaped() -> None:
    hostile = "<script>alert('x')</script> & \"q\""
    known = {**facts.known("relu"), "label": hostile, "summary": hostile, "aliases": [hostile], "formula": hostile}
    text = webpage.render([webpage.Item('a"b', 'f"<.png', known)], caption=hostile)
    assert "<script>alert" not in text and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp;" in text
    assert 'id="a&quot;b"' in text and 'src="f&quot;&lt;.png"' in text


def test_no_page(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "--out", str(tmp_path), "--no-page", *SMALL])
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["relu.png"]
    assert "index.html" not in result.stderr


def test_template_puts_the_page_beside_the_figures(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "tanh", "--out", str(tmp_path / "figs" / "act-{name}.svg"), *SMALL])
    assert result.exit_code == 0, result.stderr
    page = read_page(tmp_path / "figs" / "index.html")
    assert [s.images for s in page.sections] == [["act-relu.svg"], ["act-tanh.svg"]]


def test_pdf_figures_are_linked(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "relu", "--out", str(tmp_path), "--format", "pdf", *SMALL])
    assert result.exit_code == 0, result.stderr
    section = read_page(tmp_path / "index.html").section("relu")
    assert section.images == [] and "relu.pdf" in section.links  # a browser shows no PDF in an <img>


def test_an_existing_page_is_replaced(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke(["gallery", "tanh", "--out", str(tmp_path), *SMALL]).exit_code == 0
    assert invoke(["gallery", "relu", "--out", str(tmp_path), *SMALL]).exit_code == 0
    assert [s.id for s in read_page(tmp_path / "index.html").sections] == ["relu"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "relu.png", "tanh.png"]  # no temporary file


def test_an_unrelated_page_is_left_alone(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>my own page</p>", encoding="utf-8")
    result = invoke(["gallery", "relu", "--out", str(tmp_path), *SMALL])
    assert result.exit_code == 1 and "is not an actplot gallery page" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["index.html"]  # refused before anything was drawn
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "<p>my own page</p>"
    assert invoke(["gallery", "relu", "--out", str(tmp_path), "--no-page", *SMALL]).exit_code == 0


def test_writing_the_page_needs_neither_torch_nor_matplotlib(tmp_path: Path) -> None:
    (tmp_path / "gelu.png").write_bytes(b"")
    code = (
        "import json, sys\nfrom pathlib import Path\n"
        "from actplot.activations import spec\nfrom actplot.commands import gallery\n"
        f"page = gallery.write_page([spec.parse('gelu')], [Path({str(tmp_path / 'gelu.png')!r})])\n"
        "print(json.dumps([str(page), sorted(m for m in ('torch', 'matplotlib') if m in sys.modules)]))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120)
    assert json.loads(out.stdout) == [str(tmp_path / "index.html"), []]

"""The gallery's web page in a real headless Chromium: images load, no errors, the filter and anchors work.

A small harness page, written beside index.html so that it is same-origin, loads the gallery in an
iframe, looks at it as a reader would (image sizes, what is displayed), types into the filter box and
writes what it found as JSON into its own DOM, which Chromium dumps on stdout. Console messages come
from Chromium's log on stderr (the page itself logs nothing, so any message there is a failure).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="needs Chromium on PATH (Debian: apt-get install chromium; .ci/run installs it)"
)

FUNCS = ["relu", "gelu", "LeakyReLU", "elu(alpha=0.5)", "hardswish", "x*sigmoid(1.702*x)"]
ANCHORS = ["relu", "gelu", "leaky_relu", "elu-alpha-0.5", "hardswish", "x-sigmoid-1.702-x"]
# What a reader typing each text expects to be left, worked out from the names and aliases by hand.
QUERIES = {
    "gelu": ["gelu"],
    "RELU": ["relu", "leaky_relu"],
    "lrelu": ["leaky_relu"],  # an alias only
    "h-swish": ["hardswish"],  # an alias only
    "sigmoid": ["x-sigmoid-1.702-x"],  # an expression, by its text
    "alpha=0.5": ["elu-alpha-0.5"],  # a call, by its parameters
    "gelu, hardswish": ["gelu", "hardswish"],  # several words: any of them
    "nosuch": [],
    "": ANCHORS,
}
TIMEOUT = 60  # seconds for one browser run; each takes about 2 on a small machine

HARNESS = """<!DOCTYPE html>
<html><body><pre id="result">pending</pre>
<iframe id="main" src="index.html" width="1280" height="1500"></iframe>
<iframe id="linked" src="index.html#hardswish" width="1280" height="900"></iframe>
<script>
var errors = [];
var queries = QUERIES;
window.addEventListener("error", function (e) { errors.push("harness: " + e.message); });
function visible(d) {
  return Array.prototype.filter.call(d.querySelectorAll("section.entry"), function (s) {
    return s.getBoundingClientRect().height > 0;
  }).map(function (s) { return s.id; });
}
function inspect(frame) {
  var w = frame.contentWindow, d = frame.contentDocument;
  w.addEventListener("error", function (e) { errors.push(e.message); });
  w.console.error = function () { errors.push(Array.prototype.join.call(arguments, " ")); };
  var out = {images: [], queries: {}, initial: visible(d)};
  Array.prototype.forEach.call(d.images, function (img) {
    var section = img.closest("section");
    out.images.push({section: section && section.id, src: img.getAttribute("src"), width: img.naturalWidth,
                     shown: img.getBoundingClientRect().width});
  });
  var box = d.getElementById("filter");
  Object.keys(queries).forEach(function (q) {
    box.value = q;
    box.dispatchEvent(new w.Event("input", {bubbles: true}));
    out.queries[q] = {visible: visible(d), count: d.getElementById("shown").textContent,
                      none: !d.getElementById("none").hidden};
  });
  return out;
}
var pending = 2, result = {};
function done() {
  if (--pending) { return; }
  result.errors = errors;
  document.getElementById("result").textContent = JSON.stringify(result);
}
document.getElementById("main").addEventListener("load", function () {
  result.main = inspect(this);
  done();
});
document.getElementById("linked").addEventListener("load", function () {
  var d = this.contentDocument, target = d.querySelector(":target");
  result.linked = {target: target && target.id, top: target && target.getBoundingClientRect().top,
                   scrolled: this.contentWindow.scrollY};
  done();
});
</script></body></html>
"""


def _chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    flags = [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--allow-file-access-from-files", f"--user-data-dir={profile}",
        "--enable-logging=stderr", "--v=0",
    ]  # fmt: skip
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False)


def _console(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from actplot.cli.app import app

    out = tmp_path_factory.mktemp("gallery")
    args = ["gallery", *FUNCS, "--out", str(out), "--points", "300", "--dpi", "60", "--jobs", "1"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def seen(gallery: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What the harness found, and the console messages Chromium logged."""
    harness = gallery / "harness.html"
    harness.write_text(HARNESS.replace("QUERIES", json.dumps(QUERIES)), encoding="utf-8")
    try:
        done = _chromium(
            "--dump-dom", "--virtual-time-budget=5000", harness.as_uri(), profile=tmp_path_factory.mktemp("profile")
        )
    finally:
        harness.unlink()
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1) != "pending", done.stderr[-2000:]
    result: dict[str, Any] = json.loads(found.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">"))
    result["console"] = _console(done.stderr)
    return result


def test_every_function_is_shown_with_its_figure_loaded(seen: dict[str, Any]) -> None:
    main = seen["main"]
    assert main["initial"] == ANCHORS
    assert [img["section"] for img in main["images"]] == ANCHORS
    for img in main["images"]:
        assert img["width"] == 300, img  # the figure's own pixels: 5 inches at 60 dpi, decoded
        assert img["shown"] > 100, img  # and laid out at a readable size


def test_no_errors_in_the_console(seen: dict[str, Any]) -> None:
    assert seen["errors"] == []
    assert seen["console"] == []


@pytest.mark.parametrize("query", QUERIES)
def test_the_filter_leaves_only_matching_functions(seen: dict[str, Any], query: str) -> None:
    state = seen["main"]["queries"][query]
    assert state["visible"] == QUERIES[query]
    assert state["count"] == f"{len(QUERIES[query])} shown"
    assert state["none"] == (QUERIES[query] == [])  # "No function matches." only when none does


def test_an_anchor_opens_the_page_at_that_function(seen: dict[str, Any]) -> None:
    linked = seen["linked"]
    assert linked["target"] == "hardswish"
    assert linked["scrolled"] > 0  # the page moved down to it...
    assert 0 <= linked["top"] < 300  # ...leaving it near the top, below the sticky header


def test_screenshot(gallery: Path, tmp_path: Path) -> None:
    shot = tmp_path / "page.png"
    done = _chromium(
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        "--hide-scrollbars",
        (gallery / "index.html").as_uri(),
        profile=tmp_path / "profile",
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert _console(done.stderr) == []
    with Image.open(shot) as img:
        assert img.size == (1280, 2000)
        colours = img.convert("RGB").getcolors(maxcolors=1 << 20)
    assert colours is not None and len(colours) > 50  # text and curves drawn, not a blank page

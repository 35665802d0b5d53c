"""The gallery page's sliders: the embedded curves are torch's own numbers, and in a headless Chromium the
sliders redraw, the readout shows torch's values at the nearest sample, jumps carry their marks, and
nothing but the page's own files is requested.

Every expected number is computed here with torch.nn.functional and autograd, never by actplot.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from tests.conftest import Invoke

FUNCS = ["elu", "leaky_relu", "threshold", "hardtanh", "relu", "x*sigmoid(x)"]
SMALL = ["--points", "200", "--dpi", "40", "--jobs", "1"]
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser")) if p), None)
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"]  # fmt: skip

# torch's own call for each function, at parameter values given by name
TORCH: dict[str, Callable[[torch.Tensor, dict[str, float]], torch.Tensor]] = {
    "elu": lambda x, p: F.elu(x, alpha=p["alpha"]),
    "leaky_relu": lambda x, p: F.leaky_relu(x, negative_slope=p["negative_slope"]),
    "threshold": lambda x, p: F.threshold(x, p["threshold"], p["value"]),
    "hardtanh": lambda x, p: F.hardtanh(x, min_val=p["min_val"], max_val=p["max_val"]),
}
DEFAULTS = {"elu": {"alpha": 1.0}, "leaky_relu": {"negative_slope": 0.01},
            "threshold": {"threshold": 1.0, "value": 0.0}, "hardtanh": {"min_val": -1.0, "max_val": 1.0}}  # fmt: skip


def torch_f_df(name: str, x: torch.Tensor, params: dict[str, float]) -> tuple[torch.Tensor, torch.Tensor]:
    x = x.detach().clone().requires_grad_(True)
    y = TORCH[name](x, params)
    (dy,) = torch.autograd.grad(y.sum(), x)
    return y.detach(), dy


@pytest.fixture(scope="module")
def gallery(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from typer.testing import CliRunner

    from actplot.cli.app import app

    out = tmp_path_factory.mktemp("sliders")
    result = CliRunner().invoke(app, ["gallery", *FUNCS, "--out", str(out), *SMALL], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return out


def section(page: Path, anchor: str) -> str:
    text = page.read_text(encoding="utf-8")
    found = re.search(rf'<section class="entry" id="{re.escape(anchor)}".*?</section>', text, re.S)
    assert found, anchor
    return found.group(0)


def embedded(page: Path, anchor: str) -> dict[str, Any] | None:
    found = re.search(r'<script type="application/json" class="live-data">(.*?)</script>', section(page, anchor), re.S)
    return json.loads(found.group(1)) if found else None


def decode(text: str, size: int) -> np.ndarray:
    return np.frombuffer(base64.b64decode(text), dtype="<f4" if size == 4 else "<f8")


def curves(data: dict[str, Any]) -> Iterator[tuple[str, float, dict[str, Any]]]:
    for p in data["params"]:
        for value, c in zip(p["values"], p["curves"]):
            yield p["name"], value, c


@pytest.mark.parametrize("name", sorted(TORCH))
def test_every_embedded_curve_is_torchs(gallery: Path, name: str) -> None:
    data = embedded(gallery / "index.html", name)
    assert data is not None and data["bytes"] == 4 and data["orders"] == ["f", "f′"]
    count = 0
    for param, value, c in curves(data):
        x = torch.from_numpy(decode(data["xs"][c["x"]], 4).copy())
        assert x.dtype == torch.float32 and float(x[0]) == -8.0 and float(x[-1]) == 8.0
        f, df = torch_f_df(name, x, {**DEFAULTS[name], param: value})
        got_f, got_df = (torch.from_numpy(decode(t, 4).copy()) for t in c["y"])
        assert torch.equal(got_f, f), (param, value)  # the same kernel on the same float32 grid: bit for bit
        assert torch.equal(got_df, df), (param, value)
        count += 1
    assert count >= 9 * len(DEFAULTS[name])


def test_the_lattice_holds_the_figures_value_and_is_stated(gallery: Path) -> None:
    data = embedded(gallery / "index.html", "elu")
    assert data is not None
    (alpha,) = data["params"]
    assert alpha["name"] == "alpha" and alpha["values"][alpha["start"]] == 1.0
    assert 9 <= len(alpha["values"]) <= 17 and alpha["values"] == sorted(alpha["values"])
    assert min(alpha["values"]) >= 0  # elu's alpha is declared non-negative
    hardtanh = embedded(gallery / "index.html", "hardtanh")
    assert hardtanh is not None
    low, high = hardtanh["params"]
    assert max(low["values"]) < 1.0 and min(high["values"]) > -1.0  # min_val < max_val at the other's default
    text = section(gallery / "index.html", "elu")
    assert "Slider stops (a lattice): alpha: 0, 0.1, 0.25" in text and "201 points" in text


def test_a_jump_is_embedded_with_torchs_value_and_the_other_limit(gallery: Path) -> None:
    data = embedded(gallery / "index.html", "threshold")
    assert data is not None
    found = next(c for p, v, c in curves(data) if p == "threshold" and v == -1.5)
    at = torch.tensor([-1.5, -1.5], dtype=torch.float32)
    at[1] = torch.nextafter(at[1], torch.tensor(0.0))  # the next float32 to the right
    f, _ = torch_f_df("threshold", at, {"threshold": -1.5, "value": 0.0})
    # the line breaks there: left limit 0, right limit -1.5 (a limit is torch's value just beside the jump)
    assert found["jumps"][0] == [[-1.5, 0.0, pytest.approx(-1.5, abs=1e-6)]]
    filled, opened = ([m for m in found["marks"][0] if m[2] == kind] for kind in (1, 0))
    assert filled == [[-1.5, float(f[0]), 1]]  # what torch returns at the threshold itself: value
    assert opened == [[-1.5, pytest.approx(float(f[1]), abs=1e-6), 0]]  # the limit from the right


def test_functions_without_numeric_parameters_get_no_sliders(gallery: Path) -> None:
    assert embedded(gallery / "index.html", "relu") is None
    assert embedded(gallery / "index.html", "x-sigmoid-x") is None


def test_hidden_without_javascript_and_self_contained(gallery: Path) -> None:
    text = section(gallery / "index.html", "elu")
    assert '<div class="live" hidden>' in text and '<img src="elu.png"' in text
    page = (gallery / "index.html").read_text(encoding="utf-8")
    for word in ("fetch(", "XMLHttpRequest", "http:", "https:", "@import", "url("):
        assert word not in page


def test_no_sliders(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(["gallery", "elu", "--out", str(tmp_path), "--no-sliders", *SMALL])
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<div class="live"' not in text and '<input type="range"' not in text and '<img src="elu.png"' in text


# In a browser ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("needs Chromium (Debian: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (pip install playwright)")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS, timeout=60_000)
        try:
            yield launched
        finally:
            launched.close()


class Visit:
    """A page opened in a fresh context, with every console message, page error and request recorded."""

    def __init__(self, browser: Any, url: str, javascript: bool = True) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
        self.context.set_default_timeout(30_000)
        self.page = self.context.new_page()
        self.messages: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.messages.append(f"{m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.messages.append(f"error: {e}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(url)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Any, gallery: Path) -> Iterator[Callable[..., Visit]]:
    opened: list[Visit] = []

    def open_(javascript: bool = True) -> Visit:
        opened.append(Visit(browser, (gallery / "index.html").as_uri(), javascript))
        return opened[-1]

    yield open_
    for v in opened:
        v.close()


def readout(live: Any) -> dict[str, float]:
    text = live.locator(".readout").text_content().replace("−", "-")
    found = re.fullmatch(r"nearest sample \((\w+) = (\S+)\): x = (\S+), f\(x\) = (\S+), f′\(x\) = (\S+)", text)
    assert found, text
    return {"param": found.group(1), "value": float(found.group(2)), "x": float(found.group(3)),  # type: ignore
            "f": float(found.group(4)), "df": float(found.group(5))}  # fmt: skip


def set_slider(live: Any, index: int, value: float) -> None:
    slider = live.locator("input[type=range]").nth(index)
    data = json.loads(live.locator(".live-data").text_content())
    slider.fill(str(data["params"][index]["values"].index(value)))  # fires input and change


def point_at(page: Any, live: Any, share: float) -> None:
    box = live.locator("svg").bounding_box()
    page.mouse.move(box["x"] + box["width"] * share, box["y"] + box["height"] * 0.5)


def test_a_slider_redraws_and_the_readout_is_torchs(visit: Callable[..., Visit], gallery: Path) -> None:
    v = visit()
    live = v.page.locator("#elu .live")
    live.scroll_into_view_if_needed()
    assert live.is_visible()
    before = live.locator("path.curve").first.get_attribute("d")
    set_slider(live, 0, 0.5)
    after = live.locator("path.curve").first.get_attribute("d")
    assert before and after and before != after
    assert live.locator("output").first.text_content() == "0.5"
    for share in (0.25, 0.4, 0.6):  # x < 0 where elu is alpha * (exp(x) - 1), and x > 0
        point_at(v.page, live, share)
        shown = readout(live)
        assert shown["param"] == "alpha" and shown["value"] == 0.5
        x = torch.tensor([shown["x"]], dtype=torch.float32)
        f, df = torch_f_df("elu", x, {"alpha": 0.5})
        # the printed digits are the shortest that read back as the float32 sample: a few ulps at most
        assert shown["f"] == pytest.approx(float(f), rel=1e-6, abs=1e-38)
        assert shown["df"] == pytest.approx(float(df), rel=1e-6, abs=1e-38)
    assert v.messages == []
    assert set(v.requests) <= {(gallery / n).as_uri() for n in ("index.html", *(p.name for p in gallery.glob("*.png")))}


def test_moving_one_slider_puts_the_other_back(visit: Callable[..., Visit]) -> None:
    v = visit()
    live = v.page.locator("#hardtanh .live")
    live.scroll_into_view_if_needed()
    set_slider(live, 0, -3.0)
    set_slider(live, 1, 2.0)
    assert [o.text_content() for o in live.locator("output").all()] == ["−1", "2"]
    point_at(v.page, live, 0.9)
    shown = readout(live)
    assert shown["param"] == "max_val" and shown["value"] == 2.0
    f, df = torch_f_df("hardtanh", torch.tensor([shown["x"]], dtype=torch.float32), {"min_val": -1.0, "max_val": 2.0})
    assert (shown["f"], shown["df"]) == (pytest.approx(float(f), rel=1e-6), float(df))
    assert v.messages == []


def test_jumps_are_marked(visit: Callable[..., Visit]) -> None:
    v = visit()
    live = v.page.locator("#threshold .live")
    live.scroll_into_view_if_needed()
    set_slider(live, 0, -1.5)
    path = live.locator('path.curve[data-order="0"]').get_attribute("d")
    assert path.count("M") >= 2  # the line is broken at the jump
    for order in ("0", "1"):  # f jumps at the threshold, and so does f'
        assert live.locator(f'.marks circle.filled[data-order="{order}"]').count() == 1
        assert live.locator(f'.marks circle.open[data-order="{order}"]').count() == 1
    hardtanh = v.page.locator("#hardtanh .live")
    assert hardtanh.locator('.marks circle.filled[data-order="1"]').count() == 2  # hardtanh' at min_val and max_val
    assert hardtanh.locator('.marks circle[data-order="0"]').count() == 0  # f itself is continuous
    assert v.messages == []


def test_without_javascript_only_the_figures_show(visit: Callable[..., Visit]) -> None:
    v = visit(javascript=False)
    assert v.page.locator("#elu img").is_visible()
    assert not v.page.locator("#elu .live").is_visible()

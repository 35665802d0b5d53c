"""The gallery page's sliders: an interactive plot for each function with numeric parameters.

Progressive enhancement: the block is ``hidden`` in the HTML and only the page's script shows it, so
without JavaScript the page is the static figures it always was. Every number drawn or read out is one
PyTorch computed for `actplot gallery` (see :mod:`actplot.scene.sliders`), embedded as base64 of
little-endian float32 (float64 for a float64 gallery, so nothing is rounded) in a JSON block; the
script decodes, scales and draws them, and never evaluates a function. The readout names the sample
nearest the pointer with the shortest decimal that reads back as that very float.
"""

from __future__ import annotations

import base64
import html
import json
from typing import TYPE_CHECKING, Any, Final

from actplot.scene import lattice, typeset

if TYPE_CHECKING:
    import numpy as np

    from actplot.scene.sliders import Curve, Sliders

ORDER_NAMES: Final = ("f", "f′")


def block(sliders: Sliders) -> str:
    """The hidden HTML of one function's sliders, plot, readout and data."""
    e = html.escape
    controls = "".join(_slider(i, s.lattice) for i, s in enumerate(sliders.sliders))
    lo, hi = sliders.xrange
    stops = "; ".join(lattice.describe(s.lattice) for s in sliders.sliders)
    others = " one parameter at a time, the others at the figure's values;" if len(sliders.sliders) > 1 else ""
    note = (f"Slider stops (a lattice):{others} {stops}. Each curve is PyTorch's, computed beforehand in "
            f"{sliders.dtype} at {sliders.points} points on [{typeset.minus(f'{lo:g}')}, {hi:g}] plus 0 and its "
            "kinks; ● is PyTorch's value at a jump, ○ the other one-sided limit.")  # fmt: skip
    data = json.dumps(payload(sliders), separators=(",", ":"), allow_nan=False)
    data = data.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (
        f'<div class="live" hidden>\n<div class="controls">{controls}</div>\n'
        f'<svg class="plot" viewBox="0 0 520 330" role="img" aria-label="{e(sliders.label)}: f above, f′ below">'
        '<g class="frame"></g><path class="curve" data-order="0"></path><path class="curve" data-order="1"></path>'
        '<g class="marks"></g><g class="cursor"></g></svg>\n'
        '<p class="readout" aria-live="polite">nearest sample: point at the plot</p>\n'
        f'<p class="lattice">{e(note)}</p>\n'
        f'<script type="application/json" class="live-data">{data}</script>\n</div>'
    )


def _slider(i: int, lat: lattice.Lattice) -> str:
    e = html.escape
    shown = typeset.minus(f"{lat.values[lat.start]:.4g}")
    return (f'<label>{e(lat.param)} <input type="range" min="0" max="{len(lat.values) - 1}" step="1" '
            f'value="{lat.start}" data-param="{i}" aria-label="{e(lat.param)}"> '
            f'<output>{e(shown)}</output></label>')  # fmt: skip


def payload(sliders: Sliders) -> dict[str, Any]:
    """The JSON the script reads: x grids (shared where equal), then per slider its values and curves."""
    wide = sliders.dtype == "float64"  # every other dtype's values are float32 values exactly
    grids: dict[bytes, int] = {}
    params = []
    for s in sliders.sliders:
        curves = [_curve(c, grids, wide) for c in s.curves]
        params.append({"name": s.lattice.param, "values": list(s.lattice.values), "start": s.lattice.start,
                       "curves": curves})  # fmt: skip
    return {"bytes": 8 if wide else 4, "xrange": list(sliders.xrange), "orders": list(ORDER_NAMES),
            "xs": [_b64(g) for g in grids], "params": params}  # fmt: skip


def _curve(c: Curve, grids: dict[bytes, int], wide: bool) -> dict[str, Any]:
    x = _raw(c.x, wide)
    index = grids.setdefault(x, len(grids))
    return {
        "x": index,
        "y": [_b64(_raw(v, wide)) for v in c.values],
        "jumps": [[list(j) for j in js] for js in c.jumps],
        "marks": [[[m[0], m[1], 1 if m[2] else 0] for m in ms] for ms in c.marks],
        "exact": [1 if ok else 0 for ok in c.exact],
    }


def _raw(values: np.ndarray, wide: bool) -> bytes:
    import numpy as np

    return np.asarray(values, dtype="<f8" if wide else "<f4").tobytes()


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


CSS: Final = """
.live { margin: .8rem 0 0; }
.live .controls { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-family: ui-monospace, monospace; }
.live input[type=range] { vertical-align: middle; width: 11rem; }
.live svg { display: block; width: 100%; max-width: 520px; height: auto; background: white; touch-action: none; }
.live .frame line { stroke: #bbb; stroke-width: 1; }
.live .frame text { fill: #333; font: 11px system-ui, sans-serif; }
.live .curve { fill: none; stroke: #1f77b4; stroke-width: 1.6; stroke-linejoin: round; }
.live .marks circle { stroke: #1f77b4; stroke-width: 1.4; }
.live .marks .filled { fill: #1f77b4; } .live .marks .open { fill: white; }
.live .cursor line { stroke: #d62728; stroke-width: .8; } .live .cursor circle { fill: #d62728; }
.live .readout { font-family: ui-monospace, monospace; margin: .3rem 0; }
.live .lattice { color: GrayText; font-size: .85rem; margin: .2rem 0; }
"""

# Draws only what the JSON holds: decoding, scaling to the plot, breaking lines at the listed jumps.
JS: Final = """
(function () {
  var W = 520, L = 52, R = 10, PANELS = [[8, 150], [168, 150]], BOTTOM = 330;
  function decode(text, bytes) {
    var raw = atob(text), buf = new ArrayBuffer(raw.length), u = new Uint8Array(buf);
    for (var i = 0; i < raw.length; i++) { u[i] = raw.charCodeAt(i); }
    return bytes === 8 ? new Float64Array(buf) : new Float32Array(buf);
  }
  function show(v, bytes) {  // the shortest decimal that reads back as this very float
    if (isNaN(v)) { return "nan"; }
    if (!isFinite(v)) { return v > 0 ? "inf" : "\\u2212inf"; }
    var text = String(v);
    for (var p = 1; bytes === 4 && p <= 9; p++) {
      if (Math.fround(parseFloat(v.toPrecision(p))) === v) { text = String(parseFloat(v.toPrecision(p))); break; }
    }
    return text.replace(/-/g, "\\u2212");
  }
  function brief(v) { return show(parseFloat(v.toPrecision(3)), 8); }
  function range(curves, k) {
    var lo = Infinity, hi = -Infinity;
    curves.forEach(function (c) {
      c.ys[k].forEach(function (v) { if (isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); } });
      c.marks[k].forEach(function (m) { lo = Math.min(lo, m[1]); hi = Math.max(hi, m[1]); });
    });
    if (!(hi > lo)) { lo = (isFinite(lo) ? lo : 0) - 1; hi = lo + 2; }
    var pad = (hi - lo) * 0.06;
    return [lo - pad, hi + pad];
  }
  function setup(box) {
    var data = JSON.parse(box.querySelector(".live-data").textContent);
    var xs = data.xs.map(function (t) { return decode(t, data.bytes); });
    data.params.forEach(function (p) {
      p.curves.forEach(function (c) {
        c.xs = xs[c.x];
        c.ys = c.y.map(function (t) { return decode(t, data.bytes); });
      });
      p.ranges = data.orders.map(function (_, k) { return range(p.curves, k); });
    });
    var x0 = data.xrange[0], x1 = data.xrange[1];
    var inputs = box.querySelectorAll("input[type=range]");
    var svg = box.querySelector("svg"), readout = box.querySelector(".readout");
    var state = {param: 0, pointer: null};
    function X(x) { return L + (x - x0) / (x1 - x0) * (W - L - R); }
    function Y(k, y) {
      var r = data.params[state.param].ranges[k], top = PANELS[k][0], h = PANELS[k][1];
      return Math.max(-1e4, Math.min(1e4, top + (r[1] - y) / (r[1] - r[0]) * h));
    }
    function current() {
      var p = data.params[state.param];
      return {p: p, i: +inputs[state.param].value, c: p.curves[+inputs[state.param].value]};
    }
    function path(c, k) {
      var d = [], pen = false, j = 0, jumps = c.jumps[k], xv = c.xs, yv = c.ys[k];
      function to(x, y) {
        if (!isFinite(y)) { pen = false; return; }
        d.push((pen ? "L" : "M") + X(x).toFixed(2) + " " + Y(k, y).toFixed(2));
        pen = true;
      }
      for (var i = 0; i < xv.length; i++) {
        while (j < jumps.length && jumps[j][0] <= xv[i]) {
          to(jumps[j][0], jumps[j][1]); pen = false; to(jumps[j][0], jumps[j][2]); j++;
        }
        if (j > 0 && xv[i] === jumps[j - 1][0]) { continue; }  // the mark shows PyTorch's value there
        to(xv[i], yv[i]);
      }
      return d.join("");
    }
    function line(a, b, c, d) {
      return '<line x1="' + a + '" x2="' + b + '" y1="' + c + '" y2="' + d + '"></line>';
    }
    function frame() {
      var out = [], y0 = X(0), zero;
      data.orders.forEach(function (name, k) {
        var r = data.params[state.param].ranges[k], top = PANELS[k][0], h = PANELS[k][1];
        out.push(line(L, L, top, top + h));
        if (r[0] < 0 && r[1] > 0) { zero = Y(k, 0); out.push(line(L, W - R, zero, zero)); }
        if (x0 < 0 && x1 > 0) { out.push(line(y0, y0, top, top + h)); }
        out.push('<text x="' + (L - 4) + '" y="' + (top + 10) + '" text-anchor="end">' + brief(r[1]) + "</text>");
        out.push('<text x="' + (L - 4) + '" y="' + (top + h) + '" text-anchor="end">' + brief(r[0]) + "</text>");
        out.push('<text x="' + (L + 6) + '" y="' + (top + 12) + '">' + name + "</text>");
      });
      [x0, 0, x1].forEach(function (x, n) {
        if (n === 1 && !(x0 < 0 && x1 > 0)) { return; }
        var anchor = ["start", "middle", "end"][n];
        out.push('<text x="' + X(x) + '" y="' + (BOTTOM - 2) + '" text-anchor="' + anchor + '">' + brief(x) +
                 "</text>");
      });
      svg.querySelector(".frame").innerHTML = out.join("");
    }
    function dot(r, kind, k, x, y) {
      return '<circle r="' + r + '" class="' + kind + '" data-order="' + k + '" cx="' + X(x) + '" cy="' + Y(k, y) +
             '"></circle>';
    }
    function nearest(xv, x) {
      var lo = 0, hi = xv.length - 1;
      while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (xv[mid] <= x) { lo = mid; } else { hi = mid; } }
      return Math.abs(xv[hi] - x) < Math.abs(x - xv[lo]) ? hi : lo;
    }
    function cursor() {
      var now = current(), c = now.c, g = svg.querySelector(".cursor");
      if (state.pointer === null) { g.innerHTML = ""; return; }
      var i = nearest(c.xs, state.pointer), x = c.xs[i], out = [];
      out.push(line(X(x), X(x), 8, 318));
      data.orders.forEach(function (_, k) {
        if (isFinite(c.ys[k][i])) { out.push(dot(3, "", k, x, c.ys[k][i])); }
      });
      g.innerHTML = out.join("");
      var text = "nearest sample (" + now.p.name + " = " + show(now.p.values[now.i], 8) + "): x = " +
                 show(x, data.bytes);
      data.orders.forEach(function (name, k) {
        text += ", " + name + "(x) = " + show(c.ys[k][i], data.bytes) + (c.exact[k] ? "" : " (numerical)");
      });
      readout.textContent = text;
    }
    function draw() {
      var c = current().c, marks = [];
      frame();
      svg.querySelectorAll(".curve").forEach(function (el) {
        el.setAttribute("d", path(c, +el.getAttribute("data-order")));
      });
      data.orders.forEach(function (_, k) {
        c.marks[k].forEach(function (m) {
          marks.push(dot(3.5, m[2] ? "filled" : "open", k, m[0], m[1]));
        });
      });
      svg.querySelector(".marks").innerHTML = marks.join("");
      cursor();
    }
    inputs.forEach(function (input, n) {
      input.addEventListener("input", function () {
        state.param = n;
        inputs.forEach(function (other, m) {  // one parameter at a time: the others back at the figure's values
          if (m !== n) { other.value = data.params[m].start; }
          other.nextElementSibling.textContent = show(data.params[m].values[+other.value], 8);
        });
        draw();
      });
    });
    svg.addEventListener("pointermove", function (ev) {
      var box = svg.getBoundingClientRect(), px = (ev.clientX - box.left) * W / box.width;
      state.pointer = x0 + (px - L) / (W - L - R) * (x1 - x0);
      cursor();
    });
    draw();
    box.hidden = false;
  }
  document.querySelectorAll(".live").forEach(function (box) {
    try { setup(box); } catch (err) { box.hidden = true; throw err; }
  });
})();
"""

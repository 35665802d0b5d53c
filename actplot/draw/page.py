"""The gallery's web page: ``index.html`` beside the figures, one self-contained file.

Everything it needs is inside it (CSS and a few lines of JavaScript) or next to it (the figures,
linked by relative paths), so the folder can be opened offline, copied, or published as it is. It is
built from plain data, the figure file names and what :func:`actplot.facts.known` knows without
computing (the catalogue and the shipped measured properties), so writing it imports neither torch
nor matplotlib. Every piece of text is HTML-escaped; the filter's script only shows and hides entries.
A function with numeric parameters also gets sliders over curves computed beforehand (given as
:class:`actplot.scene.sliders.Sliders`; see :mod:`actplot.draw.page_live`), hidden without JavaScript.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import quote

from actplot.activations import facts, facts_text
from actplot.activations.spec import Spec, safe_stem
from actplot.draw import page_live

if TYPE_CHECKING:
    from actplot.scene.sliders import Sliders

PAGE_NAME: Final = "index.html"
GENERATOR_MARK: Final = '<meta name="generator" content="actplot">'  # how a page of ours is told apart
IMAGE_FORMATS: Final = (".png", ".svg")  # what an <img> shows; a PDF figure gets a link instead


@dataclass(frozen=True)
class Item:
    """One function on the page: its anchor, its figure's URL relative to the page, and its facts."""

    anchor: str
    src: str
    facts: dict[str, Any]  # as :func:`actplot.facts.known` gives them
    live: Sliders | None = None  # what its sliders show, if it has any (see actplot.draw.page_live)


def page_path(figures: Sequence[Path]) -> Path:
    """Where the page goes: the folder holding the figures (for a template, the one above them all)."""
    folders = {str(p.parent.absolute()) for p in figures}
    common = Path(os.path.commonpath(sorted(folders)))
    return common / PAGE_NAME if len(folders) > 1 else figures[0].parent / PAGE_NAME


def items(specs: Sequence[Spec], figures: Sequence[Path], page: Path,
          live: Sequence[Sliders | None] = ()) -> list[Item]:  # fmt: skip
    """Each function with its figure's relative URL (figures[i] is the figure of specs[i]) and, where
    `live` has them, its sliders (live[i] for specs[i])."""
    here = page.parent.absolute()
    out = []
    for i, (fs, path) in enumerate(zip(specs, figures)):
        rel = Path(os.path.relpath(path.absolute(), here)).as_posix()
        out.append(Item(safe_stem(fs.label), quote(rel), facts.known(fs), live[i] if i < len(live) else None))
    return out


def render(entries: Sequence[Item], caption: str = "", title: str = "actplot gallery", generator: str = "") -> str:
    """The whole page as text; `generator` (``actplot 0.1.0``) closes the caption."""
    e = html.escape
    nav = "\n".join(
        f'<li data-names="{e(_names(it))}"><a href="#{e(it.anchor)}">{e(it.facts["label"])}</a></li>' for it in entries
    )
    body = "\n".join(_entry(it) for it in entries)
    count = f"{len(entries)} function{'' if len(entries) == 1 else 's'}"
    return _TEMPLATE.format(
        title=e(title), caption=e(" · ".join(t for t in (count, caption, generator) if t)),
        nav=nav, body=body, css=_CSS + page_live.CSS, js=_JS + page_live.JS, total=len(entries),
    )  # fmt: skip


def _names(item: Item) -> str:
    """What the filter matches: the name, the label and every alias, lower case, space-separated."""
    f = item.facts
    return " ".join(dict.fromkeys(n.lower().replace(" ", "") for n in (f["name"], f["label"], *f["aliases"])))


def _entry(item: Item) -> str:
    e, f = html.escape, item.facts
    aliases = f'<p class="aliases">also: {e(", ".join(f["aliases"]))}</p>' if f["aliases"] else ""
    alt = f"{f['label']}: f above, its derivative below"
    if Path(item.src).suffix.lower() in IMAGE_FORMATS:
        picture = f'<img src="{e(item.src)}" alt="{e(alt)}" loading="eager">'
    else:
        picture = f'<a class="file" href="{e(item.src)}">{e(alt)} ({e(Path(item.src).suffix[1:].upper())})</a>'
    live = page_live.block(item.live) + "\n" if item.live else ""
    return (
        f'<section class="entry" id="{e(item.anchor)}" data-names="{e(_names(item))}">\n'
        f'<h2><a class="anchor" href="#{e(item.anchor)}">{e(f["label"])}</a></h2>\n'
        f'<p class="summary">{e(f["summary"])}</p>{aliases}\n'
        f'<div class="body"><figure>{picture}</figure>\n{_facts_table(f)}</div>\n{live}</section>'
    )


def _facts_table(f: dict[str, Any]) -> str:
    e = html.escape
    shown = [(k, v) for k, v in facts_text.fact_rows(f) if k not in ("aliases", "summary") and "mathtext" not in k]
    rows = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in shown)
    if f["properties"] is None:
        how = f"actplot info '{f['label']}'"
        note = f"measured properties ship for the catalogue defaults only; run {how} to measure these"
        props = f'<tr class="measured"><th>measured</th><td>{e(note)}</td></tr>'
    else:
        props = "".join(
            f'<tr class="measured"><th>{e(k)}</th><td>{e(v)}</td></tr>'
            for k, v in facts_text.property_rows(f["properties"], f["kinks"])
        )
    return f'<table class="facts"><tbody>{rows}{props}</tbody></table>'


_TEMPLATE: Final = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="actplot">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
<header>
<h1>{title}</h1>
<p class="caption">{caption}</p>
<label for="filter">Find a function</label>
<input id="filter" type="search" placeholder="name or alias, e.g. swish" autocomplete="off">
<span id="shown" aria-live="polite">{total} shown</span>
<nav><ul id="index">
{nav}
</ul></nav>
</header>
<main>
{body}
<p id="none" hidden>No function matches.</p>
</main>
<script>{js}</script>
</body>
</html>
"""

_CSS: Final = """
:root { color-scheme: light dark; --line: #8884; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px; padding: 0 1rem 4rem; }
header { position: sticky; top: 0; background: Canvas; padding: .5rem 0; border-bottom: 1px solid var(--line); }
h1 { margin: .3rem 0; font-size: 1.5rem; }
.caption, .aliases, #shown { color: GrayText; margin: .2rem 0; }
#filter { font: inherit; padding: .3rem .5rem; width: min(24rem, 60vw); margin: 0 .5rem; }
nav ul { list-style: none; padding: 0; margin: .4rem 0 0; display: flex; flex-wrap: wrap; gap: .2rem .8rem; }
.entry { border-bottom: 1px solid var(--line); padding: 1rem 0; scroll-margin-top: 9rem; }
.entry:target h2 a { background: Mark; color: MarkText; }
h2 { margin: 0 0 .2rem; font-size: 1.25rem; font-family: ui-monospace, monospace; }
h2 a.anchor { color: inherit; text-decoration: none; }
h2 a.anchor::after { content: " #"; color: GrayText; }
.body { display: grid; grid-template-columns: minmax(0, 500px) minmax(0, 1fr); gap: 1rem; align-items: start; }
@media (max-width: 800px) { .body { grid-template-columns: 1fr; } }
figure { margin: 0; }
figure img { width: 100%; height: auto; background: white; }
table.facts { border-collapse: collapse; font-size: .9rem; }
table.facts th { text-align: left; vertical-align: top; padding: .15rem .8rem .15rem 0; white-space: nowrap; }
table.facts td { padding: .15rem 0; overflow-wrap: anywhere; }
tr.measured th { color: GrayText; }
[hidden] { display: none !important; }
"""

# Filtering only toggles `hidden`: the page's text is never rebuilt from what is typed.
_JS: Final = """
(function () {
  var box = document.getElementById("filter");
  var entries = document.querySelectorAll(".entry, #index li");
  var shown = document.getElementById("shown");
  var none = document.getElementById("none");
  function apply() {
    var words = box.value.toLowerCase().split(/[\\s,]+/).filter(Boolean);
    var count = 0;
    entries.forEach(function (el) {
      var names = el.getAttribute("data-names").split(" ");
      var hit = words.length === 0 || words.some(function (w) {
        return names.some(function (n) { return n.indexOf(w) !== -1; });
      });
      el.hidden = !hit;
      if (hit && el.tagName === "SECTION") { count += 1; }
    });
    shown.textContent = count + " shown";
    none.hidden = count !== 0;
  }
  box.addEventListener("input", apply);
  apply();
})();
"""

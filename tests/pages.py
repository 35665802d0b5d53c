"""The gallery page read back with the standard library's HTML parser: sections, images, table rows, links."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


@dataclass
class Section:
    id: str
    names: str  # what the filter matches
    images: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    rows: dict[str, str] = field(default_factory=dict)  # table header -> cell text
    text: str = ""


@dataclass
class Page:
    title: str = ""
    sections: list[Section] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # every src and href
    tags: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def section(self, anchor: str) -> Section:
        return next(s for s in self.sections if s.id == anchor)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[str] = []
        self.cell: list[str] = []  # text of the current th or td
        self.header = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.page.tags.append(tag)
        self.page.ids += [a["id"]] if "id" in a else []
        self.page.urls += [a[k] for k in ("src", "href") if k in a]
        if tag == "section":
            self.page.sections.append(Section(a["id"], a["data-names"]))
        if self.page.sections and "section" in self.open:
            current = self.page.sections[-1]
            current.images += [a["src"]] if tag == "img" else []
            current.links += [a["href"]] if tag == "a" else []
        if tag in ("th", "td"):
            self.cell = []
        if tag not in ("img", "meta", "input", "br"):
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self.header = "".join(self.cell)
        elif tag == "td" and self.page.sections:
            self.page.sections[-1].rows[self.header] = "".join(self.cell)
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.cell.append(data)
        if self.open and self.open[-1] == "title":
            self.page.title += data
        if "section" in self.open and self.page.sections:
            self.page.sections[-1].text += data


def read_page(path: Path) -> Page:
    reader = _Reader()
    reader.feed(path.read_text(encoding="utf-8"))
    reader.close()
    return reader.page

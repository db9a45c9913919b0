"""Links added to sanitised comment HTML: words become links, old addresses new ones.

Comment HTML from :func:`msblog.model.safe_markdown.render_comment` is walked
with the standard library's HTML parser. Text outside links, code and
preformatted blocks may gain links, existing links may be pointed elsewhere,
and the result is sanitised again, so nothing a reader wrote becomes markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

from msblog.model.safe_markdown import sanitise_html

_NO_LINKS = {"a", "code", "pre"}
NOTE = "leaves-archive-note"  # the class of the archive's note after a link: its words, not the reader's


@dataclass(frozen=True)
class Link:
    """A link the archive makes; ``note`` is plain text shown after it, marked as the archive's."""

    text: str
    href: str
    classes: tuple[str, ...] = ()
    note: str = ""

    def html(self) -> str:
        return self.start() + escape(self.text, quote=False) + "</a>" + self.end()

    def start(self) -> str:
        classes = f' class="{escape(" ".join(self.classes))}"' if self.classes else ""
        return f'<a href="{escape(self.href)}"{classes}>'

    def end(self) -> str:
        return f'<span class="{NOTE}"> ({escape(self.note, quote=False)})</span>' if self.note else ""


TextLinker = Callable[[str], list["str | Link"]]
HrefLinker = Callable[[str], "Link | None"]


def link_html(html: str, text: TextLinker, href: HrefLinker) -> str:
    """``html`` (sanitised, as :func:`~msblog.model.safe_markdown.render_comment` gives it) with ``text`` applied to
    free text and ``href`` to each link's address, sanitised again; ``html`` itself when neither links anything."""
    parser = _Linker(text, href)
    parser.feed(html)
    parser.close()
    return sanitise_html("".join(parser.out)) if parser.linked else html


class _Linker(HTMLParser):
    def __init__(self, text: TextLinker, href: HrefLinker):
        super().__init__(convert_charrefs=True)
        self.text, self.href = text, href
        self.out: list[str] = []
        self.open: list[str] = []  # enclosing tags that forbid new links
        self.notes: list[str] = []  # what to add after each open link
        self.linked = False  # whether any text or address was linked

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a":
            link = self.href(attributes.get("href") or "")
            self.notes.append(link.end() if link else "")
            if link:
                self.linked = True
                attributes["href"] = link.href
                attributes["class"] = " ".join(link.classes) or None
        if tag in _NO_LINKS:
            self.open.append(tag)
        self.out.append(self._tag(tag, attributes))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self._tag(tag, dict(attrs), close=" /"))

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        if tag in _NO_LINKS and self.open:  # sanitised HTML: tags close in order
            self.open.pop()
        if tag == "a" and self.notes:
            self.out.append(self.notes.pop())

    def handle_data(self, data):
        if self.open:
            self.out.append(escape(data, quote=False))
            return
        for part in self.text(data):
            self.linked = self.linked or isinstance(part, Link)
            self.out.append(part.html() if isinstance(part, Link) else escape(part, quote=False))

    @staticmethod
    def _tag(tag: str, attributes: dict, close: str = "") -> str:
        text = "".join(f' {k}="{escape(v)}"' for k, v in attributes.items() if v is not None)
        return f"<{tag}{text}{close}>"

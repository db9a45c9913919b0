"""Links the archive adds to a comment as it is rendered: words become links, old addresses new ones.

:func:`link_tokens` works on the tokens markdown-it parses a comment into,
before they are rendered (:func:`msblog.model.safe_markdown.render_comment`).
Text outside links and code may gain links, and existing links may be pointed
elsewhere; what the archive adds is written by the archive (:class:`Link`), and
the rendered HTML is sanitised after, so nothing a reader wrote becomes markup.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from markdown_it.token import Token

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


def link_tokens(tokens: list[Token], text: TextLinker, href: HrefLinker) -> None:
    """Apply ``text`` to the free text of a comment's parsed ``tokens`` (not inside links or code), a line of a
    paragraph joined to the next, and ``href`` to the address of each link."""
    for token in tokens:
        if token.type == "inline" and token.children:
            token.children = _linked(token.children, text, href)


def _linked(children: list[Token], text: TextLinker, href: HrefLinker) -> list[Token]:
    out: list[Token] = []
    words: list[Token] = []  # text and line breaks outside links, not linked yet
    notes: list[str | None] = []  # for each open link, the archive's note to add after it (None: closed already)

    def link_words() -> None:
        parts = text("".join("\n" if token.type == "softbreak" else token.content for token in words))
        if any(isinstance(part, Link) for part in parts):
            out.extend(_html(part.html()) if isinstance(part, Link) else _text(part) for part in parts if part)
        else:
            out.extend(words)
        words.clear()

    def close_link() -> None:
        note = notes.pop()
        if note:
            out.append(_html(note))

    for token in children:
        if token.type in ("text", "softbreak") and not any(note is not None for note in notes):
            words.append(token)
            continue
        if words:
            link_words()
        if token.type == "link_open":
            if notes and notes[-1] is not None:  # a link in a link's text (an autolink): HTML ends the first here
                out.append(Token("link_close", "a", -1))
                close_link()
                notes.append(None)
            address = token.attrGet("href")
            link = href(str(address)) if address else None
            if link is not None:
                token.attrSet("href", link.href)
                if link.classes:
                    token.attrSet("class", " ".join(link.classes))
            out.append(token)
            notes.append(link.end() if link else "")
        elif token.type == "link_close" and notes:
            if notes[-1] is None:  # ended already
                notes.pop()
                continue
            out.append(token)
            close_link()
        else:
            out.append(token)
    if words:
        link_words()
    return out


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)


def _html(content: str) -> Token:
    return Token("html_inline", "", 0, content=content)

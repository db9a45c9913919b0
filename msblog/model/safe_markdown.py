"""Readers' writing: comment Markdown to safe HTML, and plain text to Markdown.

Comment text is CommonMark with raw HTML off (markup shows as text), and
without MyST's directives and roles (a ``{raw}`` fence is a code block that
shows its text). An image is a link to it showing its alt text: a comment never
loads a picture, nor loses one. The HTML is then cleaned by Ammonia (``nh3``)
against a short allowlist, so no script, event handler, ``javascript:`` URL or
frame survives whatever reaches it.

Plain text is escaped for CommonMark and MyST alike, so a post's line can never
become a MyST comment, target, directive or block break.

A page holds no character XML cannot hold (:data:`NOT_XML`: control characters
but tab, line feed and carriage return; U+FFFE, U+FFFF): ABlog writes posts
into the Atom feed, which would stop at one. The build and ``msblog check``
refuse one at its line (:func:`not_xml_problems`); the importers show it as
U+FFFD (:func:`replace_not_xml`) and say so in their report.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})


def _fence(self, tokens, index, options, env) -> str:
    """A fenced block shows its info string too: ```{raw} html`` is text the reader wrote."""
    token = tokens[index]
    info = f"{token.markup}{token.info}\n" if token.info else ""
    return f"<pre><code>{escapeHtml(info + token.content)}</code></pre>\n"


def _image(self, tokens, index, options, env) -> str:
    """An image is a link to it that shows its alt text: a comment never loads a picture, nor loses one."""
    token = tokens[index]
    alt = " ".join(self.renderInlineAsText(token.children or [], options, env).split())
    label = escapeHtml(f"Image: {alt or token.attrGet('src')}")
    depth = sum({"link_open": 1, "link_close": -1}.get(t.type, 0) for t in tokens[:index])
    if depth > 0:  # a link cannot hold another: the image's link would break it
        return label
    title = f' title="{escapeHtml(token.attrGet("title"))}"' if token.attrGet("title") else ""
    return f'<a href="{escapeHtml(token.attrGet("src"))}"{title}>{label}</a>'


_MARKDOWN.add_render_rule("fence", _fence)
_MARKDOWN.add_render_rule("image", _image)

_TAGS = {"p", "br", "a", "span", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr"}
_ATTRIBUTES = {"a": {"href", "title", "class"}, "span": {"class"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


def render_comment(markdown: str) -> str:
    """Render one comment's Markdown to sanitised HTML."""
    html = _MARKDOWN.render(markdown)
    # Headings inside a comment would break the page outline; show them as strong paragraphs.
    html = re.sub(r"<h[1-6]>(.*?)</h[1-6]>", r"<p><strong>\1</strong></p>", html, flags=re.S)
    return sanitise_html(html, archive_links=False)


def sanitise_html(html: str, archive_links: bool = True) -> str:
    """Clean comment HTML against the allowlist. Links may carry a class the archive sets; without
    ``archive_links`` (a reader's own HTML) they lead only to web and mail addresses: a relative one,
    which would point into the site or at a file, is left as its text."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=None if archive_links else _web_addresses_only,
        link_rel="nofollow ugc noopener",
    )


def _web_addresses_only(tag: str, attribute: str, value: str) -> str | None:
    if attribute == "href" and urlsplit(value.strip()).scheme.lower() not in _SCHEMES:
        return None
    return value


# Characters CommonMark may read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&!{}|~])")
# Line starts CommonMark or MyST may read as a block: headings, quotes, lists, fences, rules,
# colon fences, comments (``%``), targets (``(label)=``) and block breaks (``+++``).
_BLOCK_START = re.compile(r"#|>|[-+*=]|\d+(?=[.)])|:|%|\((?=.*\)=\Z)")


def escape_markdown(text: str) -> str:
    """Escape plain text so that :func:`render_comment`, and MyST, show exactly that text.

    Paragraphs (blank-line separated) stay paragraphs; single line breaks are
    kept as hard breaks.
    """
    out = []
    for paragraph in re.split(r"\n[ \t]*\n+", re.sub(r"\r\n?", "\n", text).strip("\n")):
        lines = (_escape_line(line.strip()) for line in paragraph.split("\n"))
        out.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in out if p)


def _escape_line(line: str) -> str:
    line = _INLINE.sub(r"\\\1", line)
    marker = _BLOCK_START.match(line)
    if marker is None:
        return line
    if marker.group()[0].isdigit():
        return marker.group() + "\\" + line[marker.end():]  # "1." -> "1\." is not a list item
    return "\\" + line


# What XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets), and lxml refuses to write.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def not_xml(character: str) -> str:
    """``character``, one :data:`NOT_XML` matches, named: "U+000B (a control character)"."""
    kind = {"Cc": "a control character", "Cs": "a surrogate"}.get(unicodedata.category(character), "a noncharacter")
    return f"U+{ord(character):04X} ({kind})"


def not_xml_problems(text: str) -> Iterator[tuple[int, str]]:
    """Each line of a page's ``text`` (lines end at line feeds) holding a character XML cannot hold, and what
    is wrong with it: once for each such character in the line."""
    for number, line in enumerate(text.split("\n"), start=1):
        for character in dict.fromkeys(NOT_XML.findall(line)):
            yield number, (f"{not_xml(character)} is a character XML cannot hold, and the Atom feed is XML: "
                           "delete it, or write the character it stands for")


def replace_not_xml(text: str) -> str:
    """``text`` with each character XML cannot hold shown as U+FFFD, the replacement character."""
    return NOT_XML.sub("\ufffd", text)

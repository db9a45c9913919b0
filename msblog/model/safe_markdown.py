"""Readers' writing: comment Markdown to safe HTML, and plain text to Markdown.

Comment text is CommonMark with raw HTML off (markup shows as text), and
without MyST's directives and roles (a ``{raw}`` fence is a code block that
shows its text). The HTML is then cleaned by Ammonia (``nh3``) against a short
allowlist, so no script, event handler, ``javascript:`` URL or frame survives
whatever reaches it.
"""

from __future__ import annotations

import re

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml

_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False})


def _fence(self, tokens, index, options, env) -> str:
    """A fenced block shows its info string too: ```{raw} html`` is text the reader wrote."""
    token = tokens[index]
    info = f"{token.markup}{token.info}\n" if token.info else ""
    return f"<pre><code>{escapeHtml(info + token.content)}</code></pre>\n"


_MARKDOWN.add_render_rule("fence", _fence)

_TAGS = {"p", "br", "a", "span", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "hr"}
_ATTRIBUTES = {"a": {"href", "title", "class"}, "span": {"class"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


def render_comment(markdown: str) -> str:
    """Render one comment's Markdown to sanitised HTML."""
    html = _MARKDOWN.render(markdown)
    # Headings inside a comment would break the page outline; show them as strong paragraphs.
    html = re.sub(r"<h[1-6]>(.*?)</h[1-6]>", r"<p><strong>\1</strong></p>", html, flags=re.S)
    return sanitise_html(html)


def sanitise_html(html: str) -> str:
    """Clean comment HTML against the allowlist; links may carry a class the archive sets."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


# Characters CommonMark may read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&!{}|~])")
# Line starts CommonMark may read as a block: headings, quotes, lists, fences, rules, colon fences.
_BLOCK_START = re.compile(r"^([ \t]*)(#|>|[-+*=]|\d+(?=[.)])|:)", re.M)


def escape_markdown(text: str) -> str:
    """Escape plain text so that :func:`render_comment` shows exactly that text.

    Paragraphs (blank-line separated) stay paragraphs; single line breaks are
    kept as hard breaks.
    """
    paragraphs = re.split(r"\n[ \t]*\n+", text.strip("\n"))
    out = []
    for paragraph in paragraphs:
        escaped = _INLINE.sub(r"\\\1", paragraph)
        escaped = _BLOCK_START.sub(lambda m: m.group(1) + _escape_block_marker(m.group(2)), escaped)
        lines = [line.strip() for line in escaped.split("\n")]
        out.append("\\\n".join(line for line in lines if line))
    return "\n\n".join(p for p in out if p)


def _escape_block_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker + "\\"  # "1." -> "1\." is not a list item
    return "\\" + marker

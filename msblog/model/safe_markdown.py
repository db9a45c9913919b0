"""Readers' writing: comment Markdown to safe HTML, and plain text to Markdown.

Comment text is CommonMark with raw HTML off (markup shows as text), and
without MyST's directives and roles (a ``{raw}`` fence is a code block that
shows its text). An image is a link to it showing its alt text: a comment never
loads a picture, nor loses one. The HTML is then cleaned by Ammonia (``nh3``)
against a short allowlist, so no script, event handler, ``javascript:`` URL or
frame survives whatever reaches it. A comment of plain paragraphs (most are) is
read without markdown-it's parser, into the very tokens the parser would make.

Plain text is escaped for CommonMark and MyST alike, so a post's line can never
become a MyST comment, target, directive or block break.

A page holds no character XML cannot hold (:data:`NOT_XML`: control characters
but tab, line feed and carriage return; U+FFFE, U+FFFF): ABlog writes posts
into the Atom feed, which would stop at one. The build and ``msblog check``
refuse one at its line (:func:`not_xml_problems`); the importers show it as
U+FFFD (:func:`replace_not_xml`) and say so in their report. The build and
``msblog check`` place what a block of text holds at the line it starts on
(:func:`note_inline_lines`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.token import Token

from msblog.model.html_links import HrefLinker, TextLinker, link_tokens

# CommonMark, and struck-out words as MyST writes them in a post (``~~5 mg~~``), which the importers write.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("strikethrough")


def _fence(self, tokens, index, options, env) -> str:
    """A fenced block shows its info string too: ```{raw} html`` is text the reader wrote."""
    token = tokens[index]
    info = f"{token.markup}{token.info}\n" if token.info else ""
    return f"<pre><code>{escapeHtml(info + token.content)}</code></pre>\n"


def _images_as_links(state) -> None:
    """An image is a link to it that shows its alt text: a comment never loads a picture, nor loses one. Inside a
    link (which cannot hold another) it is its alt text alone."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        children, depth = [], 0
        for token in block.children:
            depth += {"link_open": 1, "link_close": -1}.get(token.type, 0)
            if token.type != "image":
                children.append(token)
                continue
            alt = " ".join(state.md.renderer.renderInlineAsText(token.children or [], state.md.options, state.env).split())
            label = Token("text", "", 0, content=f"Image: {alt or token.attrGet('src')}")
            if depth > 0:
                children.append(label)
                continue
            attributes = {"href": token.attrGet("src"), **({"title": token.attrGet("title")} if token.attrGet("title") else {})}
            children += [Token("link_open", "a", 1, attrs=attributes), label, Token("link_close", "a", -1)]
        block.children = children


def _web_links_only(state) -> None:
    """A reader's link leads only to a web or mail address: a relative one, which would point into the site or at a
    file, is left as its text (``https:x.html``, with no host, is relative too)."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "link_open" and not _web_address(str(token.attrGet("href") or "")):
                token.attrs.pop("href", None)


def _web_address(href: str) -> bool:
    parts = urlsplit(href.strip())
    return parts.scheme.lower() == "mailto" or (parts.scheme.lower() in {"http", "https"} and bool(parts.netloc))


def _link(state) -> None:
    if "linkers" in state.env:
        link_tokens(state.tokens, *state.env["linkers"])


_MARKDOWN.add_render_rule("fence", _fence)
_MARKDOWN.core.ruler.push("images_as_links", _images_as_links)
_MARKDOWN.core.ruler.push("web_links_only", _web_links_only)
_MARKDOWN.core.ruler.push("archive_links", _link)  # after: only the archive's links may lead into the site

_TAGS = {"p", "br", "a", "span", "em", "strong", "s", "code", "pre", "blockquote", "ul", "ol", "li", "hr"}
_ATTRIBUTES = {"a": {"href", "title", "class"}, "span": {"class"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}


# What CommonMark may read as anything but paragraphs of text: a character that opens inline markup (code,
# emphasis, struck-out words, a link, an entity, an escape or a hard break, raw HTML), NUL (read as U+FFFD), or
# whitespace other than a space or a line feed (Python's, listed: a class of them is searched faster than [^\S \n]);
# a line that opens a block (a heading, quote, list, rule, fence, setext underline or indented code).
_NOT_PLAIN_CHARACTER = re.compile("[\\\\`*_~\\[\\]<&\x00\t\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_NOT_PLAIN_LINE = re.compile(r"^ *(?:[#>+=~-]|\d+[.)])|^ {4}", re.M)


def _plain_paragraphs(markdown: str) -> list[Token] | None:
    """The tokens markdown-it parses ``markdown`` into, if it is paragraphs of text and no other markup (most
    comments are), made without its parser; None otherwise."""
    if _NOT_PLAIN_CHARACTER.search(markdown) or _NOT_PLAIN_LINE.search(markdown) or not markdown.strip():
        return None
    tokens, lines = [], markdown.split("\n")
    paragraph: list[str] = []
    for number, line in enumerate([*lines, ""]):
        if line.strip(" "):
            paragraph.append(line)
            continue
        if not paragraph:
            continue
        children, content = [], "\n".join(paragraph).strip(" ")
        parts = [part.lstrip(" ") for part in content.split("\n")]
        for part in parts[:-1]:  # as markdown-it's newline rule: two spaces or more end a line with a break
            hard = part.endswith("  ")
            children += [Token("text", "", 0, content=part.rstrip(" ") if hard else part.removesuffix(" ")),
                         Token("hardbreak" if hard else "softbreak", "br", 0)]
        children.append(Token("text", "", 0, content=parts[-1]))
        where = [number - len(paragraph), number]
        tokens += [Token("paragraph_open", "p", 1, map=where, block=True),
                   Token("inline", "", 0, map=where, content=content, children=children, block=True),
                   Token("paragraph_close", "p", -1, block=True)]
        paragraph = []
    return tokens


def _render(markdown: str, env: dict) -> str:
    """``markdown`` rendered, as :data:`_MARKDOWN` renders it."""
    tokens = _plain_paragraphs(markdown)
    if tokens is None:
        return _MARKDOWN.render(markdown, env)
    if "linkers" in env:
        link_tokens(tokens, *env["linkers"])
    return _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, env)


def render_comment(markdown: str, text: TextLinker | None = None, href: HrefLinker | None = None) -> str:
    """Render one comment's Markdown to sanitised HTML; ``text`` and ``href``, if given, link its words and
    point its links (:func:`msblog.model.html_links.link_tokens`)."""
    html = _render(markdown, {"linkers": (text or _unlinked, href or _nowhere)} if text or href else {})
    # Headings inside a comment would break the page outline; show them as strong paragraphs.
    html = re.sub(r"<h[1-6]>(.*?)</h[1-6]>", r"<p><strong>\1</strong></p>", html, flags=re.S)
    return sanitise_html(html)


def _unlinked(text: str) -> list[str]:
    return [text]


def _nowhere(address: str) -> None:
    return None


def sanitise_html(html: str) -> str:
    """Clean comment HTML against the allowlist: no script, event handler, ``javascript:`` URL or frame survives.
    Links may lead to web and mail addresses, and to places in the site (only the archive's links do: a reader's
    lead only to the web, :func:`render_comment`), and may carry a class the archive sets."""
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel="nofollow ugc noopener",
    )


def note_inline_lines(md: MarkdownIt) -> MarkdownIt:
    """``md``, each token of a block's inline text noting in ``meta["line"]`` the lines of the block before it, where
    it starts: a code span, a role, a link's title or an image's alt over two lines has no line break token, and what
    follows it is still at its own line. In time linear in the text."""
    md.inline.ruler.before(md.inline.ruler.get_all_rules()[0], "note_line", _note_line)
    md.inline.ruler2.before(md.inline.ruler2.get_all_rules()[0], "note_last_lines", _note_last_lines)
    return md


def _note_line(state, silent: bool) -> bool:
    """Called first at each place the inline parser reads from: the tokens made since the last place are at its line."""
    if not silent:
        _note_tokens(state, state.pos)
    return False


def _note_last_lines(state) -> None:
    _note_tokens(state, state.pos)


def _note_tokens(state, pos: int) -> None:
    last, line, noted = getattr(state, "msblog_lines", (0, 0, 0))
    for token in state.tokens[noted:]:
        token.meta["line"] = line
    line += state.src.count("\n", last, pos) if pos >= last else -state.src.count("\n", pos, last)
    state.msblog_lines = (pos, line, len(state.tokens))


# Characters CommonMark may read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>&!{}|~])")
# A run of '#' after a space at a line's end, which a heading's line (a post's title) reads as its closing sequence.
_CLOSING = re.compile(r"([ \t])(#+)$")
# Line starts CommonMark or MyST may read as a block: headings, quotes, lists, fences, rules,
# colon fences, comments (``%``), targets (``(label)=``) and block breaks (``+++``); and a directive or its option
# as reStructuredText writes them (``.. include::``, ``:file:``), which the build and msblog check refuse.
_BLOCK_START = re.compile(r"#|>|[-+*=]|\d+(?=[.)])|:|%|\((?=.*\)=\Z)|\.\.")


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
    line = _CLOSING.sub(r"\1\\\2", line)  # "Which DMT is best? #": a heading would end before it
    marker = _BLOCK_START.match(line)
    if marker is None:
        return line
    if marker.group()[0].isdigit():
        return marker.group() + "\\" + line[marker.end():]  # "1." -> "1\." is not a list item
    return "\\" + line


# HTML written in a page: the build and msblog check refuse it, and the build shows it as its text.
HTML_AS_TEXT = "HTML in a page is shown as its text: the archive publishes no HTML from its sources (write Markdown)"
# What else a page may not write, which Sphinx would write as given: meta tags in the page's head (a redirect to another
# site; docutils writes their names unescaped), sphinx-design's icons (their classes unescaped in the SVG), mathematics
# (MathJax, fetched from a CDN, reads every \(...\) of a page as TeX, readers' comments too, and its \href may lead to
# a script).
META_TAGS = ("a meta directive writes tags into the page's head as given: the archive's pages set none (the site "
             "writes each page's description and sharing tags)")
ICON = "an icon role ({octicon}, {material-...}) writes its classes unescaped: the archive's pages use none"
RST_AS_TEXT = ("reStructuredText in a page ({eval-rst}) is shown as its text: the archive's pages are MyST Markdown "
               "(reST writes meta tags, raw output and links to scripts that Markdown does not)")
STYLE = ("a style written in a page (:style:) is refused: the site's stylesheet lays out every page, and a page's "
         "own could cover it, or fetch from another site")
# Directives, divs, quotes and list items one inside another that a page may hold: MyST's reading fails, naming no
# page, at about 120 directives.
DEEPEST = 30
NESTED_TOO_DEEP = (f"a directive nested {DEEPEST} deep (in directives, quotes and lists) is shown as its text: no "
                   "page needs more, and MyST cannot read a page nested much deeper")
NESTED_OUT_OF_SIGHT = ("quotes and lists nested this deep are left out by MyST: what they hold is not shown (take "
                       "some levels out)")
CSV_AS_TEXT = ("a {csv-table} is shown as its text: MyST reads each of its cells as Markdown, which msblog check "
               "cannot follow (write a Markdown table)")
MATH_AS_TEXT = "mathematics is shown as its text: the archive loads no MathJax, which would read every page's text as TeX"


def undefined_footnote(label: str) -> str:
    """Why a page's footnote reference ``[^label]`` with no ``[^label]:`` in the page is refused (shown as its text)."""
    return (f"footnote [^{label}] is not defined in the page: write its text as '[^{label}]: ...', or take the "
            "reference out")


def footnote_named_as_target(label: str) -> str:
    """Why a page's footnote reference ``[^label]`` whose label is the name of a target of the page (``(label)=``, a
    directive's ``:name:``) is refused: MyST leaves out a footnote of that label (shown as its text)."""
    return (f"footnote [^{label}] has the name of a target of the page ('({label})=' or ':name: {label}'), and MyST "
            "leaves out a footnote of that label: give the footnote another")


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

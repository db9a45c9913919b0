"""Post and comment HTML from an export to MyST that shows the same text and runs nothing.

1. Embeds (``iframe``, ``embed``, ``object``, ``video``, ``audio``) become links to what they embedded.
2. Ammonia (``nh3``) keeps an allowlist of tags and ``http``/``https``/``mailto`` addresses:
   scripts, styles, event handlers and ``javascript:`` URLs are gone.
3. ``markdownify`` writes Markdown, escaping Markdown punctuation in text.
4. Lines MyST would read as its own syntax (``:::`` directives, ``%`` comments,
   ``(label)=`` targets, ``+++``) are escaped, and the result is checked with
   MyST's own parser: if any raw HTML, directive or role would survive, the text
   is kept as plain escaped text instead, and the caller is told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import nh3
from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from markdownify import MarkdownConverter
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.model.safe_markdown import escape_markdown

_EMBEDS = ("iframe", "embed", "object", "video", "audio")
_TAGS = {"p", "br", "a", "b", "strong", "i", "em", "u", "s", "strike", "del", "code", "pre", "blockquote",
         "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "img", "span", "div", "sup", "sub",
         "table", "thead", "tbody", "tr", "th", "td"}
_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}}
_SCHEMES = {"http", "https", "mailto"}
_ACTIVE = ("script", "style", "form", "input", "button", "textarea", "select", "link", "meta", "base", "svg", "math")
_MYST_LINE = re.compile(r"^([ \t]*(?:>[ \t]*)*)(:{3,}|%|\+\+\+|\([^)\n]*\)=)", re.M)
_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)
_UNSAFE_TOKENS = {"html_block", "html_inline", "myst_role", "myst_target", "myst_line_comment",
                  "myst_block_break", "colon_fence", "front_matter", "myst_directive"}


@dataclass
class Conversion:
    """The MyST text, and what the conversion had to change, for the import report."""

    text: str
    embeds: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    plain_text: bool = False
    warnings: list[str] = field(default_factory=list)  # what the reader of the import report must know


class _Converter(MarkdownConverter):
    def convert_pre(self, el, text, parent_tags):
        code = el.get_text()
        fence = "`" * max(3, 1 + max((len(run) for run in re.findall(r"`+", code)), default=0))
        return f"\n\n{fence}\n{code.strip(chr(10))}\n{fence}\n\n"


def html_to_myst(html: str, base: str | None = None) -> Conversion:
    """Convert one post's or comment's HTML; ``base`` is its original address, for relative links."""
    soup = BeautifulSoup(html or "", "lxml")
    embeds, removed = [], []
    for element in soup.find_all(_EMBEDS):
        src = element.get("src") or element.get("data") or (element.find("source") or {}).get("src", "")
        if src.startswith("//"):
            src = "https:" + src
        if src.startswith(("http://", "https://")):
            link = soup.new_tag("a", href=src)
            link.string = f"Embedded {element.name}: {src}"
            paragraph = soup.new_tag("p")
            paragraph.append(link)
            element.replace_with(paragraph)
            embeds.append(src)
        else:
            removed.append(element.name)
            element.decompose()
    removed += [element.name for element in soup.find_all(_ACTIVE)]
    for image in soup.find_all("img"):
        if not image.get("src", "").startswith(("http://", "https://")):
            removed.append("image without a web address")
            image.replace_with(image.get("alt", ""))
    body = soup.body.decode_contents() if soup.body else ""
    clean = nh3.clean(body, tags=_TAGS, attributes=_ATTRIBUTES, url_schemes=_SCHEMES, link_rel=None)
    text = _Converter(escape_misc=True, escape_asterisks=True, escape_underscores=True,
                      heading_style="ATX", bullets="-").convert(clean)
    text = _MYST_LINE.sub(lambda m: m.group(1) + "\\" + m.group(2), text).strip() + "\n"
    if not is_safe_myst(text):
        plain = BeautifulSoup(clean, "lxml").get_text("\n")
        return Conversion(escape_markdown(plain) + "\n", embeds, removed, plain_text=True)
    return Conversion(text, embeds, removed)


def is_safe_myst(text: str) -> bool:
    """True when MyST reads ``text`` as plain Markdown: no raw HTML, directive, role or target."""
    for token in _MYST.parse(text):
        if token.type in _UNSAFE_TOKENS or (token.type == "fence" and token.info.strip()):
            return False
        if any(child.type in _UNSAFE_TOKENS for child in token.children or ()):
            return False
    return True

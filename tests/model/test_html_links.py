import re

from hypothesis import given
from hypothesis import strategies as st

from msblog.model.html_links import Link, link_html
from msblog.model.safe_markdown import render_comment, sanitise_html


def shout(text: str) -> list:
    """Link every 'HSCT'."""
    parts = text.split("HSCT")
    out = [parts[0]]
    for part in parts[1:]:
        out += [Link("HSCT", "hsct.html", ("mention",)), part]
    return out


def no_href(url: str):
    return None


def test_text_gains_links_but_not_inside_code_or_links():
    html = render_comment("HSCT and `HSCT` and [HSCT](https://example.org/) and\n\n    HSCT\n")
    linked = link_html(html, shout, no_href)
    assert linked.count('class="mention"') == 1
    assert "<code>HSCT</code>" in linked
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">HSCT</a>' in linked


def test_reader_markup_stays_text():
    html = render_comment("<script>alert(1)</script> HSCT & <b>bold</b>")
    linked = link_html(html, shout, no_href)
    assert "<script>" not in linked and "&lt;script&gt;" in linked
    assert "&lt;b&gt;" in linked and " &amp; " in linked


def test_links_can_be_pointed_elsewhere_and_noted():
    html = render_comment("[old](https://old.example/) and [kept](https://kept.example/)")

    def moved(url: str):
        return Link("", "new.html", ("leaves-archive",), "note") if "old" in url else None

    linked = link_html(html, lambda text: [text], moved)
    assert '<a href="new.html" class="leaves-archive" rel="nofollow ugc noopener">old</a><span class="leaves-archive-note"> (note)</span>' in linked
    assert 'href="https://kept.example/"' in linked


@given(st.text(alphabet=st.sampled_from("<>&\"'`[]()HSCT abc/:=\n*_!\\")))
def test_whatever_a_reader_writes_no_markup_gets_through(text):
    linked = link_html(render_comment(text + " HSCT"), shout, no_href)
    assert linked == sanitise_html(linked)
    assert not re.search(r"<(?!/?(p|a|code|pre|em|strong|br|blockquote|ul|ol|li|hr)\b)", linked)


@given(st.text(alphabet=st.sampled_from("<>&\"'`[]()HSC abc/:=\n*_!\\")))
def test_what_has_nothing_to_link_is_kept_as_it_was_sanitised(text):
    html = render_comment(text + " [a link](https://example.org/)")
    assert link_html(html, lambda words: [words], no_href) is html
    assert link_html(html, shout, no_href) is html  # these letters never write "HSCT"

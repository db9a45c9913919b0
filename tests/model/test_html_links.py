import re

from hypothesis import given
from hypothesis import strategies as st

from msblog.model.html_links import Link
from msblog.model.safe_markdown import render_comment, sanitise_html


def shout(text: str) -> list:
    """Link every 'HSCT'."""
    parts = text.split("HSCT")
    out = [parts[0]]
    for part in parts[1:]:
        out += [Link("HSCT", "hsct.html", ("mention",)), part]
    return out


def test_text_gains_links_but_not_inside_code_or_links():
    linked = render_comment("HSCT and `HSCT` and [HSCT](https://example.org/) and\n\n    HSCT\n", shout)
    assert linked.count('class="mention"') == 1
    assert "<code>HSCT</code>" in linked
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">HSCT</a>' in linked


def test_words_across_a_line_break_are_seen_together():
    seen = []
    render_comment("HSCT *now*, and\nvitamin\nD [not this](https://example.org/) or this", lambda text: seen.append(text) or [text])
    assert seen == ["HSCT ", "now", ", and\nvitamin\nD ", " or this"]


def test_reader_markup_stays_text():
    linked = render_comment("<script>alert(1)</script> HSCT & <b>bold</b>", shout)
    assert "<script>" not in linked and "&lt;script&gt;" in linked
    assert "&lt;b&gt;" in linked and " &amp; " in linked


def test_links_can_be_pointed_elsewhere_and_noted():
    def moved(url: str):
        return Link("", "new.html", ("leaves-archive",), "note") if "old" in url else None

    linked = render_comment("[old](https://old.example/) and [kept](https://kept.example/)", href=moved)
    assert '<a href="new.html" class="leaves-archive" rel="nofollow ugc noopener">old</a><span class="leaves-archive-note"> (note)</span>' in linked
    assert 'href="https://kept.example/"' in linked


def test_an_address_in_a_links_text_ends_the_link_as_html_does():
    def moved(url: str):
        return Link("", "#msblog-doc:posts/x", ("archive-link",), "archived") if "old" in url else None

    linked = render_comment("[old post <a@b.c>](https://old.example/p) and [<a@b.c> HSCT](https://x.org/a)", shout, moved)
    assert linked == (
        '<p><a href="#msblog-doc:posts/x" class="archive-link" rel="nofollow ugc noopener">old post </a>'
        '<span class="leaves-archive-note"> (archived)</span><a href="mailto:a@b.c" rel="nofollow ugc noopener">a@b.c</a>'
        ' and <a href="https://x.org/a" rel="nofollow ugc noopener"></a><a href="mailto:a@b.c" rel="nofollow ugc noopener">'
        'a@b.c</a> <a href="hsct.html" class="mention" rel="nofollow ugc noopener">HSCT</a></p>\n')


def test_an_image_is_a_link_the_archive_may_point_elsewhere():
    def moved(url: str):
        return Link("", "#msblog-doc:posts/x", ("archive-link",)) if "old" in url else None

    linked = render_comment("![a scan](https://old.example/s.png) [![inner](https://old.example/b.png)](https://e.org/)", href=moved)
    assert '<a href="#msblog-doc:posts/x" class="archive-link" rel="nofollow ugc noopener">Image: a scan</a>' in linked
    assert '<a href="https://e.org/" rel="nofollow ugc noopener">Image: inner</a>' in linked


def test_only_the_archive_links_into_the_site():
    def anywhere(url: str):
        return Link("", url, ("archive-link",))

    linked = render_comment("[a](#msblog-doc:conf) [b](../conf.py) ![c](/etc/passwd) [d](https://e.org/)", href=anywhere)
    assert re.findall(r'href="([^"]*)"', linked) == ["https://e.org/"]


@given(st.text(alphabet=st.sampled_from("<>&\"'`[]()HSCT abc/:=\n*_!\\")))
def test_whatever_a_reader_writes_no_markup_gets_through(text):
    linked = render_comment(text + " HSCT", shout)
    assert linked == sanitise_html(linked)
    assert not re.search(r"<(?!/?(p|a|code|pre|em|strong|br|blockquote|ul|ol|li|hr)\b)", linked)


@given(st.text(alphabet=st.sampled_from("<>&\"'`[]()HSC abc/:=\n*_!\\")))
def test_what_has_nothing_to_link_renders_as_unlinked(text):
    markdown = text + " [a link](https://example.org/)"
    assert render_comment(markdown, lambda words: [words], lambda url: None) == render_comment(markdown)
    assert render_comment(markdown, shout) == render_comment(markdown)  # these letters never write "HSCT"

"""Mentions of therapies and trials found and linked in posts and comments."""

import shutil
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.sphinxext.mentions import Mention, index_mentions, mentions_of, posts_mentioning
from tests.helpers import parse_html
from tests.sphinxext.feed_entries import feed_entry

FIRST = "posts/2016/01/first.html"


def linked(node) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"].rsplit("/", 1)[-1]) for a in node.select("a.mention")]


def test_first_mention_per_section_is_linked_by_the_case_rules(xrefs):
    page = parse_html(xrefs.outdir / FIRST)
    intro = page.select_one("#the-first-post > p:not(.archive-age)")
    # HSCT once in the section (not its repeat, nor the alias aHSCT), MIST not the mist; code and links untouched.
    assert linked(intro) == [("HSCT", "hsct.html#therapy-hsct"), ("MIST", "mist.html#trial-mist")]
    assert "alemtuzumab in code" in intro.select_one("code").get_text()
    assert intro.find("a", string="link about Lemtrada")["href"] == "https://example.org/lemtrada"
    assert "http://example.org/HSCT-page" in intro.get_text()


def test_the_feed_links_mentions_as_the_page_does(xrefs):
    """ABlog copies a post for its feed before mentions are linked: its copy is linked too, at absolute addresses."""
    entry = feed_entry(xrefs.outdir, "posts/2016/02/second")
    links = {a.get_text(): a["href"] for a in entry.select("a.mention")}
    assert links == {"Alemtuzumab": "https://example.org/therapies/alemtuzumab.html#therapy-alemtuzumab",
                     "HSCT": "https://example.org/therapies/hsct.html#therapy-hsct"}


def test_headings_are_not_linked_but_the_next_section_links_again(xrefs):
    section = parse_html(xrefs.outdir / FIRST).select_one("#hsct-in-a-heading")
    assert not section.select("h2 a.mention")
    assert linked(section) == [("HSCT", "hsct.html#therapy-hsct"), ("Lemtrada", "alemtuzumab.html#therapy-alemtuzumab")]


def test_editors_switch_mentions_off_for_a_passage(xrefs):
    passage = parse_html(xrefs.outdir / FIRST).select_one(".nomentions")
    assert "HSCT and natalizumab" in passage.get_text() and not passage.select("a")


def test_comments_link_each_entry_once_and_never_inside_code_or_links(xrefs):
    page = parse_html(xrefs.outdir / FIRST)
    assert linked(page.select_one("#comment-1001 > .comment-body")) == [
        ("Tysabri", "natalizumab.html"), ("MIST", "mist.html"),
    ]
    assert page.select_one("#comment-1001 code").get_text() == "HSCT"
    reply = page.select_one("#comment-1002 > .comment-body")
    assert linked(reply) == [("natalizumab", "natalizumab.html")]
    assert reply.find("a", string="this link about natalizumab")["href"] == "https://example.org/natalizumab"
    assert not reply.select("script") and "<script>alert(1)</script>" in reply.get_text()


def test_aliases_in_comments_lead_to_the_canonical_page(xrefs):
    comment = parse_html(xrefs.outdir / FIRST).select_one("#comment-1003 > .comment-body")
    assert linked(comment) == [("Cladribine", "cladribine.html"), ("bone marrow transplantation", "hsct.html")]


def resolves(page: Path, href: str) -> bool:
    """Whether ``href`` on ``page`` leads to a file of the site (a folder's ``index.html``, as a server serves it)."""
    target = (page.parent / unquote(href.partition("#")[0])).resolve()
    return (target / "index.html" if target.is_dir() else target).is_file()


@pytest.fixture(scope="module")
def dirhtml(rootdir, tmp_path_factory):
    """The cross-reference root built as html, then as dirhtml from the same environment (read once)."""
    work = tmp_path_factory.mktemp("dirhtml")
    shutil.copytree(rootdir / "test-xrefs", work / "src")
    for builder in ("html", "dirhtml"):
        app = SphinxTestApp(builder, srcdir=work / "src", builddir=work / "_build", confoverrides={"msblog_listing_size": 1})
        app.build()
        assert app.statuscode == 0 and app.warning.getvalue() == "", app.warning.getvalue()
        app.cleanup()
    return app.outdir


def test_mention_links_lead_to_pages_under_another_builder(dirhtml):
    first = dirhtml / "posts/2016/01/first/index.html"
    in_comment = parse_html(first).select_one("#comment-1001 a.mention")
    assert in_comment["href"] == "../../../../therapies/natalizumab/" and resolves(first, in_comment["href"])
    for page in [dirhtml / "therapies/hsct/index.html", dirhtml / "therapies/hsct/page/2/index.html"]:
        links = [a["href"] for a in parse_html(page).select("section.mentions a")]
        assert links and all(resolves(page, href) for href in links), links
    hsct = parse_html(dirhtml / "therapies/hsct/index.html")
    assert hsct.select_one("section.mentions .mention-list a")["href"] == "../../posts/2016/02/second/"


def test_mentions_are_read_combined_and_indexed_by_entry_newest_post_first():
    """A post's text and its comments are recorded apart; the accessors give them together."""
    hsct, mist = "therapies/hsct", "therapies/mist"
    in_comment = Mention(hsct, 1, comment="7", author="Ann", order=3)
    env = SimpleNamespace(
        msblog_post_mentions={"posts/old": [Mention(hsct, 2)], "posts/new": [Mention(hsct, 1), Mention(mist, 1)],
                              "posts/undated": [Mention(mist, 4)]},
        msblog_comment_mentions={"posts/old": [in_comment], "posts/quiet": [Mention(mist, 1, comment="1")]},
        ablog_posts={"posts/old": [{"date": datetime(2015, 5, 17)}], "posts/new": [{"date": datetime(2016, 1, 2)}],
                     "posts/quiet": [{"date": datetime(2015, 9, 1)}], "posts/undated": [{"date": None}]},
    )
    index_mentions(None, env)
    assert mentions_of(env, "posts/old") == [Mention(hsct, 2), in_comment]
    assert mentions_of(env, "posts/none") == []
    assert posts_mentioning(env, hsct) == [("posts/new", [Mention(hsct, 1)]), ("posts/old", [Mention(hsct, 2), in_comment])]
    assert [post for post, _found in posts_mentioning(env, mist)] == ["posts/new", "posts/quiet", "posts/undated"]
    assert posts_mentioning(env, "therapies/unmentioned") == []


def test_mentions_set_up_what_they_need(rootdir, tmp_path):
    """Named alone among the extensions, mentions are found and linked to entries: they set up the registry and the domain."""
    shutil.copytree(rootdir / "test-xrefs", tmp_path / "src")
    extensions = ["myst_parser", "ablog", "msblog.sphinxext.mentions"]  # and a theme that takes ABlog's pages as they are
    app = SphinxTestApp("html", srcdir=tmp_path / "src", confoverrides={"extensions": extensions, "html_theme": "basic"})
    try:
        app.build()
        assert app.statuscode == 0 and app.warning.getvalue() == "", app.warning.getvalue()
    finally:
        app.cleanup()
    intro = parse_html(app.outdir / FIRST).select_one("#the-first-post > p:not(.archive-age)")
    assert linked(intro) == [("HSCT", "hsct.html#therapy-hsct"), ("MIST", "mist.html#trial-mist")]

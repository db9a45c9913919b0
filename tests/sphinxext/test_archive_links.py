"""Links to the original blog lead into the archive; unarchived ones are marked."""

import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import TESTS, incremental_and_clean, parse_html, rebuild
from tests.sphinxext.feed_entries import feed_entry


def test_mirror_addresses_lead_to_the_archived_post_or_comment(xrefs):
    page = parse_html(xrefs.outdir / "posts/2016/01/first.html")
    moved = [(a.get_text(), a["href"]) for a in page.select("a.archive-link")]
    assert moved == [
        ("https://multiple-sclerosis-research.blogspot.co.uk/2016/02/second.html?m=1", "../02/second.html"),
        ("comment link", "../02/second.html#comment-2002"),
    ]
    second = parse_html(xrefs.outdir / "posts/2016/02/second.html")
    assert second.find("a", string="first post's comment")["href"] == "../01/first.html#comment-1001"


def test_the_feed_links_archived_posts_in_the_archive(xrefs):
    entry = feed_entry(xrefs.outdir, "posts/2016/01/first")
    moved = [(a.get_text(), a["href"]) for a in entry.select("a.archive-link")]
    assert moved == [
        ("https://multiple-sclerosis-research.blogspot.co.uk/2016/02/second.html?m=1",
         "https://example.org/posts/2016/02/second.html"),
        ("comment link", "https://example.org/posts/2016/02/second.html#comment-2002"),
    ]
    leaving = entry.find("a", string="Hamburg post")
    assert "leaves-archive" in leaving["class"] and leaving["href"].endswith("/2015/05/hsct-hamburg-experience.html")
    assert "(original blog, not in the archive)" in leaving.find_next_sibling("span").get_text()


def test_the_original_address_under_the_title_stays_external(xrefs):
    facts = parse_html(xrefs.outdir / "posts/2016/01/first.html").select_one(".post-facts")
    assert "blogspot.com/2016/01/first.html" in facts.select_one("a")["href"]


def test_unarchived_posts_stay_external_and_are_marked(xrefs):
    page = parse_html(xrefs.outdir / "posts/2016/01/first.html")
    link = page.find("a", string="Hamburg post")
    assert link["href"].endswith("/2015/05/hsct-hamburg-experience.html")
    assert "leaves-archive" in link["class"]
    assert link.find_next_sibling("span")["class"] == ["leaves-archive-note"]
    written = page.select_one("#comment-1002 a.leaves-archive")
    assert written["href"] == "http://multiple-sclerosis-research.blogspot.com/2015/05/hsct-hamburg-experience.html"
    assert "(original blog, not in the archive)" in written.parent.get_text()


def test_archiving_the_linked_post_turns_the_links_inward(build_root):
    app = build_root()
    post = app.srcdir / "posts/2015/05/hsct-hamburg-experience.md"
    post.parent.mkdir(parents=True)
    # ABlog finds new posts only when it starts; in this same-process rebuild the page is an orphan.
    post.write_text("---\norphan: true\n---\n\n# HSCT: the Hamburg experience\n\nA diagram.\n")
    assert rebuild(app) == ""
    page = parse_html(app.outdir / "posts/2016/01/first.html")
    assert page.find("a", string="Hamburg post")["href"] == "../../2015/05/hsct-hamburg-experience.html"
    assert page.select_one("#comment-1002 a.archive-link")["href"] == "../../2015/05/hsct-hamburg-experience.html"
    assert not page.select(".leaves-archive")
    listed = parse_html(app.outdir / "therapies/hsct.html").select("section.mentions .mention-list > li > p > a")
    assert "HSCT: the Hamburg experience" in [a.get_text() for a in listed]


def test_a_broken_link_between_posts_is_a_build_warning(build_root):
    app = build_root()
    post = app.srcdir / "posts/2016/03/third.md"
    post.write_text(post.read_text() + "\nSee [a missing post](/posts/2016/09/missing.md).\n")
    assert "third.md:11: WARNING:" in rebuild(app)


DISCUSSION = (TESTS / "roots/test-xrefs/comments/2016/02/second.md").read_text()


def rename_comment(site: Path) -> None:
    discussion = site / "comments/2016/02/second.md"
    discussion.write_text(discussion.read_text().replace("{comment} 2002", "{comment} 2099"))


def add_discussion(site: Path) -> None:
    (site / "comments/2016/02/second.md").write_text(DISCUSSION)


@pytest.mark.parametrize("parallel", [0, 2])
@pytest.mark.parametrize(("edit", "fragment"), [(rename_comment, "#discussion"), (add_discussion, "#comment-2002")])
def test_a_comment_link_follows_an_edited_discussion(tmp_path, edit, fragment, parallel):
    site = tmp_path / "site"
    shutil.copytree(TESTS / "roots/test-xrefs", site)
    if edit is add_discussion:
        (site / "comments/2016/02/second.md").unlink()
    out, clean = incremental_and_clean(tmp_path, site, edit, parallel)
    links = [parse_html(o / "posts/2016/01/first.html").find("a", string="comment link")["href"] for o in (out, clean)]
    assert links == [f"../02/second.html{fragment}"] * 2


def test_links_lead_where_the_builder_writing_the_page_puts_them(tmp_path):
    """A page read for ``html`` and written by ``dirhtml`` from the same environment: no link is stale."""
    shutil.copytree(TESTS / "roots/test-xrefs", tmp_path / "src")
    for name in ("html", "dirhtml"):
        app = SphinxTestApp(name, srcdir=tmp_path / "src", builddir=tmp_path / "_build")
        app.build()
        app.cleanup()
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()  # nothing read again
    first = parse_html(app.outdir / "posts/2016/01/first/index.html")
    assert [a["href"] for a in first.select("a.archive-link")] == ["../../02/second/", "../../02/second/#comment-2002"]
    second = parse_html(app.outdir / "posts/2016/02/second/index.html")
    assert second.find("a", string="first post's comment")["href"] == "../../01/first/#comment-1001"

"""Discussions render under their post as threaded, semantic, safe HTML."""

from __future__ import annotations

import re

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.check import check_site
from tests.helpers import built_app, copy_root, msblog_errors, pagefind_pages, parse_html, rebuild, write_files

POST = "posts/2020/01/deep-thread.html"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The discussion test root built once, for the tests that read it (and never change it)."""
    yield from built_app(copy_root("discussion", tmp_path_factory.mktemp("discussion")))


def test_discussion_section_carries_its_counts(built):
    page = parse_html(built.outdir / POST)
    section = page.find("section", id="discussion")
    assert section["data-archived"] == "4"
    assert section["data-declared"] == "7"
    assert "holds 4 of the 7 comments" in " ".join(section.select_one(".discussion-count").get_text().split())


def test_replies_nest_inside_the_article_they_answer(built):
    section = parse_html(built.outdir / POST).find("section", id="discussion")
    top = section.find_all("article", class_="comment", recursive=True)
    assert [a["id"] for a in top] == ["comment-a", "comment-b", "comment-c", "comment-d"]
    a = section.find("article", id="comment-a")
    assert a.find("article", id="comment-b").find("article", id="comment-c") is not None
    assert section.find("article", id="comment-d").find_parent("article", class_="comment") is None
    assert a.find_parent("article", class_="comment") is None


def test_author_time_and_unknowns_are_shown(built):
    section = parse_html(built.outdir / POST).find("section", id="discussion")
    a = section.find("article", id="comment-a")
    assert a.select_one(".comment-author").get_text() == "Alice"
    assert a.find("time")["datetime"] == "2020-01-05T10:30:00+00:00"
    assert "Sunday, 5 January 2020, 10:30" in a.find("time").get_text()
    b = section.find("article", id="comment-b")
    assert b.select_one(":scope > header .comment-author").get_text() == "Author unknown"
    assert b.select_one(":scope > header .comment-time").get_text() == "Time unknown"
    assert b.select_one(":scope > header time") is None


def test_each_comment_has_a_permalink(built):
    section = parse_html(built.outdir / POST).find("section", id="discussion")
    for article in section.find_all("article", class_="comment"):
        link = article.select_one(":scope > header a.comment-permalink")
        assert link["href"] == "#" + article["id"]


def test_discussion_is_in_the_page_outline(built):
    page = parse_html(built.outdir / POST)
    assert page.select_one('.toc-tree a[href="#discussion"]') is not None


def test_comments_are_searchable(built):
    [post] = [page for url, page in pagefind_pages(built.outdir).items() if url.startswith("/posts/")]
    assert "zanzibarwhistle" in post["content"]


def test_feed_and_excerpts_never_include_comments(built):
    feed = feedparser.parse((built.outdir / "blog" / "atom.xml").read_text())
    assert len(feed.entries) == 1
    entry = feed.entries[0]
    content = entry.content[0].value
    assert "A later paragraph" in content
    assert "zanzibarwhistle" not in content and "zanzibarwhistle" not in entry.summary
    listing = (built.outdir / "blog.html").read_text()
    assert "First paragraph, the excerpt." in listing
    assert "zanzibarwhistle" not in listing


@pytest.mark.parametrize("page", ["blog/2020.html", "blog/tag/hsct.html", "blog/author/test-author.html", "blog.html"])
def test_archives_by_year_tag_and_author_list_the_post(built, page):
    html = parse_html(built.outdir / page)
    assert html.select_one('article[role="main"] a[href$="deep-thread.html"]') is not None
    assert html.select_one(".sidebar-drawer") is not None  # inside furo's layout


def test_editing_a_discussion_rebuilds_its_post(build_root):
    app = build_root("discussion")
    comments = app.srcdir / "comments" / "2020" / "01" / "deep-thread.md"
    comments.write_text(comments.read_text().replace("A second thread.", "A second thread, edited."))
    rebuild(app)
    text = parse_html(app.outdir / POST).find("article", id="comment-d").get_text()
    assert "A second thread, edited." in text


def test_a_new_discussion_file_rebuilds_its_post(tmp_path):
    src = copy_root("discussion", tmp_path)
    (src / "comments" / "2020" / "01" / "deep-thread.md").unlink()
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    assert parse_html(app.outdir / POST).find("section", id="discussion") is None
    (src / "comments" / "2020" / "01" / "deep-thread.md").write_text(":::{comment} new\n\nA first comment.\n:::\n")
    app.build()
    assert parse_html(app.outdir / POST).find("article", id="comment-new") is not None
    app.cleanup()


@pytest.mark.sphinx("html", testroot="hostile-comment")
def test_hostile_comments_show_their_text_and_run_nothing(app):
    app.build()
    assert app.statuscode == 0
    section = parse_html(app.outdir / "posts/2020/01/hostile.html").find("section", id="discussion")
    assert section.find_all(["script", "img", "iframe", "b", "style"]) == []
    for tag in section.find_all(True):
        assert not [a for a in tag.attrs if a.startswith("on")], tag
        assert not tag.get("href", "").lower().startswith("javascript"), tag
    text = section.get_text()
    for word in ["alert(\"script\")", "onerror", "javascript:alert('link')", "{raw}", "alert(\"raw\")",
                 "{eval-rst}", "alert(\"rst\")", "onmouseover"]:
        assert word in text, word


@pytest.mark.sphinx("html", testroot="broken-discussion")
def test_broken_discussion_fails_the_build_naming_file_and_line(app, warning):
    app.build()
    assert app.statuscode == 1
    messages = warning.getvalue()
    assert re.search(r"comments/2020/01/broken\.md:6: ERROR: comment '2' replies to '9'", messages), messages
    assert re.search(r"comments/2020/01/broken\.md:12: ERROR: duplicate comment id '1'", messages), messages


@pytest.mark.sphinx("html", testroot="orphan-discussion")
def test_discussion_without_a_post_fails_the_build(app, warning):
    app.build()
    assert app.statuscode == 1
    assert re.search(r"comments/2020/01/missing\.md:1: ERROR: discussion has no post", warning.getvalue())


# A discussion and a registry page written by hand, each misread before: comment 2 shown as comment 1's text, and
# under Mallory's name; comment 3's text hidden on the page yet in the dataset; a time the dataset's schema refuses.
MISREAD = """\
---
# the page's own count

declared: -1
---

:::{comment} 1
:author: Alice
:author: Mallory

First comment.

:::{comment} 2
:author: Bob

Second comment.
:::

:::{comment} 3
:deleted: yes

Text a deleted comment does not have.
:::

:::{comment} 4
:time: 2015-06-02T10:00:00+05:30:15

Fourth.
:::
"""
MISREAD_ENTRY = "---\ntherapy: X\n\n\naliases: notalist\nkind: 5\n---\n\n# X\n"


def test_a_misread_discussion_or_registry_page_fails_the_check_and_the_build_at_each_line(tmp_path):
    site = copy_root("broken-discussion", tmp_path, lambda src: write_files(
        src, {"comments/2020/01/broken.md": MISREAD, "therapies/x.md": MISREAD_ENTRY}))
    expected = [
        ("comments/2020/01/broken.md", 4, "'declared' must be a whole number of comments, not -1"),
        ("comments/2020/01/broken.md", 9, "option 'author' is given twice (first at line 8)"),
        ("comments/2020/01/broken.md", 13, "a comment begins inside comment '1': close that one with a line of ':::' "
                                           "before this one"),
        ("comments/2020/01/broken.md", 20, "comment '3' is marked ':deleted:' yet has text: a deleted comment is a "
                                           "placeholder that holds none (remove the text, or the mark)"),
        ("comments/2020/01/broken.md", 20, "option 'deleted' takes no value: write ':deleted:' alone, not 'yes'"),
        ("comments/2020/01/broken.md", 26, "time '2015-06-02T10:00:00+05:30:15' has a time zone of seconds: a zone is "
                                           "whole minutes (+01:00)"),
        ("therapies/x.md", 5, "'aliases' must be a list of names"),
        ("therapies/x.md", 6, "'kind' must be text, such as 'induction therapy'"),
    ]
    checked = [(p.path.as_posix(), p.line, p.message) for p in check_site(site)]
    assert sorted(checked) == expected
    app = SphinxTestApp("html", srcdir=site)
    app.build()
    app.cleanup()
    assert app.statuscode == 1
    assert msblog_errors(app.warning.getvalue(), site, kinds=("discussion",)) == expected[:6]

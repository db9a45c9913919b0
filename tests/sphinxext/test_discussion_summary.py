"""What a discussion says of itself: once, what its source gives for none of its comments; in listings, its size."""

from __future__ import annotations

import itertools

import pytest
from bs4 import BeautifulSoup

from msblog.model.discussion import parse_discussion
from msblog.sphinxext.discussions import render_discussion
from tests.helpers import copy_root, incremental_and_clean, parse_html, words

OLDEST, QUIET, MIDDLE = "posts/2010/03/oldest", "posts/2012/01/quiet", "posts/2012/06/middle"


def _discussion(*comments: str) -> str:
    return render_discussion(parse_discussion("\n".join(f":::{{comment}} {i}\n{c}\n\nText {i}.\n:::\n"
                                                        for i, c in enumerate(comments, 1)), "comments.md"))


@pytest.mark.parametrize("comments, said, unknown", [
    (("", "", ""), "The source gives no names or times for these comments.", []),
    ((":time: 2015-05-17", "", ""), "The source gives no names for these comments.", ["Time unknown"] * 2),
    ((":author: Ann", ":author: Bob", ""), "The source gives no times for these comments.", ["Author unknown"]),
    ((":author: Ann", ":time: 2015-05-17", ""), None, ["Time unknown", "Author unknown", "Author unknown", "Time unknown"]),
])
def test_what_a_source_gives_for_no_comment_is_said_once_at_the_top(comments, said, unknown):
    html = BeautifulSoup(_discussion(*comments), "html.parser")
    count = words(html.select_one("p.discussion-count").get_text())
    assert count.endswith(said) if said else "The source gives no" not in count
    assert words(html.get_text()).count("The source gives no") == (1 if said else 0)
    assert [span.get_text() for span in html.select(".comment-unknown")] == unknown


def test_a_discussion_of_nameless_timeless_comments_says_so_once(post_pages):
    section = parse_html(post_pages / f"{MIDDLE}.html").find("section", id="discussion")
    assert words(section.get_text()).count("The source gives no names or times for these comments.") == 1
    assert section.select(".comment-unknown") == [] and len(section.select("article.comment")) == 4
    mixed = parse_html(post_pages / f"{OLDEST}.html").find("section", id="discussion")
    assert "The source gives no" not in mixed.get_text()
    assert [words(s.get_text()) for s in mixed.select(".comment-unknown")] == ["Author unknown", "Time unknown",
                                                                                "Time unknown"]


# --- Listings ---------------------------------------------------------------------------------------------------------

def test_listings_and_postlists_show_each_posts_comment_count(post_pages):
    listing = parse_html(post_pages / "blog.html")
    counts = {article.h2.a["href"]: words(article.select_one(".listing-comments").get_text())
              for article in listing.select("article.listing-post")}
    assert counts == {f"{MIDDLE}.html": "4 comments archived", f"{QUIET}.html": "No comments archived",
                      f"{OLDEST}.html": "3 comments archived"}
    assert listing.select_one(f'.listing-comments a[href="{OLDEST}.html#discussion"]') is not None
    home = parse_html(post_pages / "index.html")  # ABlog's postlist
    counts = {item.select_one("a")["href"]: words(item.select_one(".listing-comments").get_text())
              for item in home.select("ul.postlist > li")}
    assert counts == {f"{MIDDLE}.html": "4 comments archived", f"{QUIET}.html": "No comments archived",
                      f"{OLDEST}.html": "3 comments archived"}
    assert home.select_one(f'.listing-comments a[href="{OLDEST}.html#discussion"]') is not None


def test_a_listing_shows_a_discussions_new_count_after_an_edit_read_in_parallel(tmp_path):
    def add_a_comment(site):
        path = site / "comments/2010/03/oldest.md"
        path.write_text(path.read_text() + "\n:::{comment} 4\n\nOne more.\n:::\n")
        path.write_text(path.read_text().replace("declared: 3", "declared: 4"))

    incremental, clean = incremental_and_clean(tmp_path, copy_root("post-pages", tmp_path / "site"), add_a_comment,
                                               parallel=2)  # each reader's counts merged
    for out, page in itertools.product((incremental, clean), ("blog.html", "index.html")):
        shown = [words(p.get_text()) for p in parse_html(out / page).select(".listing-comments")]
        assert shown == ["4 comments archived", "No comments archived", "4 comments archived"], (out, page)

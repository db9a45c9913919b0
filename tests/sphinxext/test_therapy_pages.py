"""A registry entry's mentions, paginated: complete, newest first, bounded, never stale."""

from __future__ import annotations

import re
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.helpers import TESTS, build, follow_pages, incremental_and_clean, meta, new_site, parse_html

PAGE_SIZE = 3
HSCT = "therapies/hsct.html"
DISCUSSED = 3  # the post with comments that mention HSCT


def post_name(n: int) -> str:
    """Post ``n``'s docname; a higher ``n`` is a newer post."""
    return f"posts/{date(2015, 1, 1) + timedelta(days=3 * n):%Y/%m}/post-{n:02d}"


def write_post(site: Path, n: int, text: str = "HSCT") -> Path:
    path = site / f"{post_name(n)}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    day = date(2015, 1, 1) + timedelta(days=3 * n)
    path.write_text(f"---\ndate: {day}\nauthor: Prof G\ntags: Trials\n---\n\n# Post number {n:02d}\n\n"
                    f"The text of post {n} about {text}.\n")
    return path


def make_site(tmp_path: Path, count: int) -> Path:
    """``count`` posts that mention HSCT; post 3 also in two comments, one by an author who writes markup."""
    site = new_site(tmp_path)
    shutil.copytree(TESTS / "roots" / "test-xrefs" / "therapies", site / "therapies")
    with (site / "conf.py").open("a") as conf:
        conf.write(f"msblog_listing_size = {PAGE_SIZE}\nhtml_baseurl = 'https://example.org/'\nproject = 'Test Archive'\n")
    for n in range(count):
        write_post(site, n)
    comments = site / "comments" / f"{post_name(DISCUSSED).removeprefix('posts/')}.md"
    comments.parent.mkdir(parents=True)
    comments.write_text(":::{comment} 3001\n:author: Dana\n:time: 2015-01-11\n\nHSCT worked for me.\n:::\n\n"
                        ":::{comment} 3002\n:author: <b>Eve</b>\n:time: 2015-01-12\n\nAnd aHSCT for me.\n:::\n")
    return site


def follow_mentions(out: Path, first: str = HSCT) -> list[list[str]]:
    """The posts on each page of an entry's mentions, following ``rel="next"`` from the entry's page."""
    pages = follow_pages(out, first, "section.mentions .mention-list > li > p > a")
    return [[link.removesuffix(".html") for link in page] for page in pages]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("therapy-pages")
    return build(make_site(tmp, 7), tmp / "_build")


def test_following_the_pager_reaches_every_mentioning_post_once_newest_first(built):
    assert follow_mentions(built) == [[post_name(n) for n in page] for page in ([6, 5, 4], [3, 2, 1], [0])]


def test_every_page_counts_the_whole_list_and_is_titled(built):
    for number, page in enumerate([HSCT, "therapies/hsct/page/2.html", "therapies/hsct/page/3.html"], 1):
        html = parse_html(built / page)
        assert " ".join(html.select_one("section.mentions .mention-count").get_text().split()) == (
            f"Mentioned in the text of 7 posts and in 2 comments, newest first. Page {number} of 3.")
    last = parse_html(built / "therapies/hsct/page/3.html")
    assert last.h1.get_text() == "HSCT: where the archive mentions it (page 3 of 3)"
    assert last.title.get_text().startswith("HSCT: where the archive mentions it (page 3 of 3)")
    assert last.select_one('.pager a[rel="prev"]')["href"] == "2.html"
    second = parse_html(built / "therapies/hsct/page/2.html")
    assert second.select_one('.pager a[rel="prev"]')["href"] == "../../hsct.html"
    assert meta(second, "description") == [  # the first page is the entry's, described by the registry
        "Where the Test Archive mentions HSCT: in the text of 7 posts and in 2 comments, newest first. Page 2 of 3."]


def test_comment_links_reach_each_comment_and_escape_its_author(built):
    page = built / "therapies/hsct/page/2.html"
    html = parse_html(page)
    links = [(" ".join(a.get_text().split()), a["href"]) for a in html.select("section.mentions .mention-list li li a")]
    post = f"../../../{post_name(DISCUSSED)}.html"
    assert links == [("Comment 3002 by <b>Eve</b>, Monday, 12 January 2015", f"{post}#comment-3002"),
                     ("Comment 3001 by Dana, Sunday, 11 January 2015", f"{post}#comment-3001")]
    assert html.select("section.mentions b") == []
    for _text, href in links:
        target, _hash, anchor = (page.parent / href).resolve().as_posix().partition("#")
        assert parse_html(Path(target)).find(id=anchor) is not None



def test_a_later_page_shows_what_its_posts_say_now(tmp_path):
    """Pages 2 and on compare when their posts were read, not what they show: an edit still reaches them."""
    site = make_site(tmp_path, 7)
    out = build(site, tmp_path / "_build")
    assert "The text of post 2 about HSCT." in parse_html(out / "therapies/hsct/page/2.html").get_text()
    unlisted = (out / "therapies/hsct/page/3.html").stat().st_mtime_ns
    write_post(site, 2, "HSCT, edited")
    build(site, tmp_path / "_build")
    assert "The text of post 2 about HSCT, edited." in parse_html(out / "therapies/hsct/page/2.html").get_text()
    assert (out / "therapies/hsct/page/3.html").stat().st_mtime_ns == unlisted


def test_the_entry_page_and_its_pages_are_in_the_sitemap(built):
    sitemap = (built / "sitemap.xml").read_text()
    for page in [HSCT, "therapies/hsct/page/2.html", "therapies/hsct/page/3.html"]:
        assert f"<loc>https://example.org/{page}</loc>" in sitemap, page


def test_the_entry_page_weighs_the_same_in_a_small_and_a_large_archive(tmp_path):
    small = build(make_site(tmp_path / "small", 7), tmp_path / "small" / "_build")
    large = build(make_site(tmp_path / "large", 40), tmp_path / "large" / "_build")
    assert (large / HSCT).stat().st_size < (small / HSCT).stat().st_size * 1.1


def therapy_pages(out: Path) -> dict[str, str]:
    """The text of every registry page and page of mentions."""
    pages = {}
    for path in sorted((out / "therapies").rglob("*.html")):
        main = parse_html(path).select_one('article[role="main"]')
        pages[path.relative_to(out).as_posix()] = " ".join(main.get_text().split())
    return pages


def edit(site: Path) -> None:
    """Retitle one post, remove the newest, stop mentioning HSCT in another and in one comment."""
    retitled = site / f"{post_name(5)}.md"
    retitled.write_text(retitled.read_text().replace("Post number 05", "Retitled post 5"))
    (site / f"{post_name(6)}.md").unlink()
    write_post(site, 2, text="nothing in the registry")
    comments = site / "comments" / f"{post_name(DISCUSSED).removeprefix('posts/')}.md"
    comments.write_text(comments.read_text().replace("HSCT worked for me.", "It worked for me."))


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_incremental_build_after_edits_equals_a_clean_build(tmp_path, parallel):
    out, clean = incremental_and_clean(tmp_path, make_site(tmp_path, 7), edit, parallel)
    assert therapy_pages(out) == therapy_pages(clean)
    assert follow_mentions(out) == [[post_name(n) for n in page] for page in ([5, 4, 3], [1, 0])]
    assert "Retitled post 5" in parse_html(out / HSCT).select_one("section.mentions").get_text()
    assert not (out / "therapies/hsct/page/3.html").exists()


def test_a_later_page_of_mentions_counts_a_comment_added_to_a_post_on_the_first(tmp_path):
    def comment_on_the_newest(site: Path) -> None:  # no post of page 2 is read again
        path = site / "comments" / f"{post_name(6).removeprefix('posts/')}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(":::{comment} 6001\n:author: Zed\n:time: 2015-02-01\n\nHSCT for me too.\n:::\n")

    out, clean = incremental_and_clean(tmp_path, make_site(tmp_path, 7), comment_on_the_newest)
    assert therapy_pages(out) == therapy_pages(clean)
    assert "in 3 comments" in parse_html(out / "therapies/hsct/page/2.html").select_one(".mention-count").get_text()


def test_unchanged_pages_of_mentions_are_not_written_again(tmp_path):
    site = make_site(tmp_path, 10)
    out = build(site, tmp_path / "_build")
    pages = [f"therapies/hsct/page/{number}.html" for number in (2, 3, 4)]
    times = {page: (out / page).stat().st_mtime_ns for page in pages}
    build(site, tmp_path / "_build")
    assert {page: (out / page).stat().st_mtime_ns for page in pages} == times
    oldest = site / f"{post_name(0)}.md"  # alone on the last page
    oldest.write_text(oldest.read_text().replace("Post number 00", "Post zero"))
    build(site, tmp_path / "_build")
    assert {page for page in pages if (out / page).stat().st_mtime_ns != times[page]} == {"therapies/hsct/page/4.html"}
    assert "Post zero" in parse_html(out / "therapies/hsct/page/4.html").get_text()


SEED_ENTRIES = {"therapies/hsct.html": {"HSCT", "aHSCT", "AHSCT", "BMT", "bone marrow transplantation",
                                        "haematopoietic stem cell transplantation", "hematopoietic stem cell transplantation",
                                        "hematopoietic stem cell therapy"},
                "therapies/alemtuzumab.html": {"alemtuzumab", "Lemtrada", "Campath"}}


@pytest.mark.parametrize("entry", SEED_ENTRIES)
def test_the_seed_posts_therapies_show_what_was_said_where_and_a_chart_of_it(site, entry):
    """The first archived post (2015), its comments naming no one and dating nothing: every mention quoted, and the
    names and times the discussion never gives said to be unknown once, not on each comment."""
    page = parse_html(site / entry)
    mentions = page.select_one("section.mentions")
    assert [h.get_text() for h in mentions.select(".mention-year > h3")] == ["2015"]
    count = " ".join(mentions.select_one(".mention-count").get_text().split())
    posts, comments = (int(n) for n in re.findall(r"(\d+) (?:posts?|comments?)", count))
    assert posts == 1 and comments > 1
    rows = [[cell.get_text() for cell in row.select("th, td")] for row in page.select(".mention-chart-table tbody tr")]
    assert rows == [["2015", str(posts), str(comments)]]
    assert [[t.get_text() for t in year.select("text")] for year in page.select(".mention-chart-svg .chart-year")] == rows
    quotes = mentions.select(".mention-excerpt")
    assert len(quotes) == posts + comments
    names = {name.casefold() for name in SEED_ENTRIES[entry]}
    assert all(q.strong.get_text().casefold() in names for q in quotes), [q.strong.get_text() for q in quotes]
    comment_links = mentions.select(".mention-list li li > p > a")
    assert len(comment_links) == comments
    assert all(re.fullmatch(r"Comment [\d.]+", " ".join(a.get_text().split())) for a in comment_links)
    assert count.endswith("The archived discussions give no names or times for these comments.")  # said once
    for link in mentions.select(".mention-place a") + comment_links:
        target, _hash, anchor = link["href"].partition("#")
        assert anchor and parse_html((site / entry).parent / target).find(id=anchor) is not None, link["href"]

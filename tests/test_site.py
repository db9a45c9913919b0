"""The real site: the first post and its whole discussion, ABlog on furo, the feed."""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.helpers import SEED, SEED_POST, SITE_URL, pagefind_pages, parse_html, words

FURNITURE = ["Leave a Reply", "Cancel reply", "Discover more from", "Subscribe now", "Continue reading"]


def seed_threads() -> list[tuple[str, list[str]]]:
    """The saved page's comments as (text, [reply texts]), read straight from the source."""
    threads: list[tuple[str, list[str]]] = []
    for line in SEED.read_text(encoding="utf-8").splitlines():
        if top := re.match(r"^  \d+\. (.*)$", line):
            threads.append((top.group(1), []))
        elif reply := re.match(r"^    \d+\. (.*)$", line):
            threads[-1][1].append(reply.group(1))
    return threads


@pytest.fixture(scope="module")
def post(site: Path):
    return parse_html(site / f"{SEED_POST}.html")


def test_thread_structure_matches_the_source(post):
    expected = seed_threads()
    assert len(expected) == 18 and sum(len(r) for _, r in expected) == 30
    section = post.find("section", id="discussion")
    top = section.find_all("article", class_="comment", recursive=False)
    assert len(top) == len(expected)
    for article, (_, replies) in zip(top, expected):
        nested = article.select(":scope > .comment-replies > article.comment")
        assert len(nested) == len(replies), article["id"]
        assert all(not r.select("article.comment") for r in nested)


def test_every_comment_is_kept_whole_in_order(post):
    section = post.find("section", id="discussion")
    for note in section.select(".leaves-archive-note"):  # the archive's own words, not the reader's
        note.decompose()
    shown = [words(a.select_one(":scope > .comment-body").get_text()) for a in section.find_all("article", class_="comment")]
    source = [words(text) for top, replies in seed_threads() for text in [top, *replies]]
    assert shown == source


def test_names_and_times_the_source_never_gives_are_said_unknown_once(post):
    section = post.find("section", id="discussion")
    count = words(section.select_one(".discussion-count").get_text())
    assert count.endswith("The source gives no names or times for these comments.")
    assert words(section.get_text()).count("The source gives no") == 1  # not on each of the 48 comments
    assert section.select(".comment-author, .comment-time") == [] and section.find("time") is None


def test_counts_archived_and_declared(post):
    section = post.find("section", id="discussion")
    assert (section["data-archived"], section["data-declared"]) == ("48", "63")
    assert "holds 48 of the 63 comments" in words(section.select_one(".discussion-count").get_text())
    facts = words(post.select_one(".post-facts").get_text())
    assert "48 comments archived of 63 declared" in facts
    assert post.select_one('.post-facts a[href="#discussion"]') is not None


def test_post_facts_come_from_the_source(post):
    facts = words(post.select_one(".post-facts").get_text())
    assert "Sunday, 17 May 2015" in facts
    assert "Author: Unknown" in facts
    assert "CoI: multiple" in facts  # the author's conflict-of-interest statement, for the whole post
    assert post.select_one(".post-facts abbr").get_text() == "CoI"
    assert re.search(r"Reading time: The post: about \d+ minutes\. The discussion: about \d+ minutes\.", facts)
    link = post.select_one(".post-facts a.external")
    assert link["href"] == "http://multiple-sclerosis-research.blogspot.com/2015/05/induction-therapies-more-science-is.html"


def test_post_body_title_teaser_and_sections(post):
    main = post.find("article", role="main")
    assert main.h1.get_text(strip=True).rstrip("¶#") == "Induction therapies: more science is needed"
    paragraphs = [words(p.get_text()) for p in main.select(":scope > section > p:not(.archive-age)")]
    assert paragraphs[0] == "Is the time right to compare HSCT to alemtuzumab? #MSBlog #MSResearch"
    assert [h.get_text(strip=True).rstrip("¶#") for h in main.find_all("h2")] == ["Yesterday’s Post", "Discussion"]


def test_opinions_are_marked_blocks_never_italic(post):
    opinions = post.select(".admonition.opinion")
    assert len(opinions) == 4
    for block in opinions:
        assert block.select_one(".admonition-title").get_text() == "Opinion"
        text = words(block.get_text().replace("Opinion", "", 1))
        assert text.startswith("“") and text.endswith("”")
    main = post.find("article", role="main")
    assert main.find_all(["em", "i"]) == []


def test_tags_from_the_hashtags(site, post):
    for tag in ["msblog", "msresearch"]:
        page = parse_html(site / "blog" / "tag" / f"{tag}.html")
        assert page.select_one(f'a[href$="{SEED_POST.split("/")[-1]}.html"]') is not None


def test_page_furniture_is_left_out(post):
    text = post.get_text()
    for furniture in FURNITURE:
        assert furniture not in text


def test_year_archive_and_index_reach_the_post(site):
    for page in ["blog/2015.html", "blog.html", "index.html"]:
        html = parse_html(site / page)
        assert html.select_one(f'a[href*="{SEED_POST}.html"]') is not None, page


def test_the_home_page_leads_into_the_archive_with_large_targets(site):
    cards = parse_html(site / "index.html").select(".sd-card")
    ways = {card.select_one(".sd-card-title").get_text(strip=True): card.select_one("a.sd-stretched-link")
            for card in cards}
    assert list(ways) == ["Posts by year", "Tags", "Therapies and trials", "Papers and trials cited", "Search"]
    for name, link in ways.items():
        assert link.get_text(strip=True) == name and (site / link["href"]).is_file(), name


def test_no_toctree_lists_the_posts(site):
    index = parse_html(site / "index.html")
    assert index.select(".sidebar-tree .toctree-l1") == []


def test_ablog_works_with_furo_on_every_page(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        html = parse_html(path)
        if html.find("meta", attrs={"http-equiv": "refresh"}):
            continue  # an old address that sends readers on to the post
        assert html.select_one(".sidebar-drawer") is not None, path
        assert "layout.html" not in html.get_text(), path
        feed = html.find("link", rel="alternate", type="application/atom+xml")
        base = site if feed["href"].startswith("/") else path.parent
        assert (base / feed["href"].lstrip("/")).resolve() == (site / "blog" / "atom.xml").resolve(), path
    post = parse_html(site / f"{SEED_POST}.html")
    assert post.select_one(".sidebar-drawer .ablog__postcard") is not None
    # Lists that grow with the archive stay off every page; listings and archive links reach them.
    for sidebar in ["ablog__recentposts", "ablog__archives", "ablog__tagcloud"]:
        assert post.select_one(f".sidebar-drawer .{sidebar}") is None, sidebar


def test_feed_has_full_text_and_leads_to_the_post(site):
    feed = feedparser.parse((site / "blog" / "atom.xml").read_bytes())
    assert not feed.bozo
    [entry] = feed.entries
    assert entry.title == "Induction therapies: more science is needed"
    content = BeautifulSoup(entry.content[0].value, "lxml").get_text()  # the therapies named are linked
    assert "Yesterday’s Post" in content and "ZEUS trial forward" in content
    assert "kettle of fish" not in content  # comments stay out of the feed
    assert entry.link.startswith(SITE_URL)
    local = site / entry.link[len(SITE_URL):]
    assert parse_html(local).h1.get_text(strip=True).startswith("Induction therapies")


def test_pagefind_indexes_posts_with_their_comments_and_filters(site):
    pages = pagefind_pages(site)
    post = pages[f"/{SEED_POST}.html"]
    assert "kettle of fish" in post["content"]  # written only in comment 1.1
    assert any(anchor["id"] == "comment-1.1" for anchor in post["anchors"])
    assert post["filters"]["year"] == ["2015"] and post["filters"]["kind"] == ["Post"]
    assert {"HSCT", "alemtuzumab"} <= set(post["filters"]["therapy"])
    assert "author" not in post["filters"]  # the source names no author
    assert "Related posts" not in post["content"] and "Link to comment" not in post["content"]
    assert "/therapies/hsct.html" in pages
    assert not any(url.startswith("/blog") or url == "/" for url in pages)  # listings are not results


def test_sphinx_search_is_not_shipped_with_pagefind(site):
    assert not (site / "searchindex.js").exists()
    search = parse_html(site / "search.html")
    assert search.select_one("#search-form")["data-bundles"] == "pagefind/posts-2015/ pagefind/therapies/"
    assert search.select_one('script[type="module"][src^="_static/msblog-search.js?v="]') is not None
    assert (site / "pagefind/posts-2015/pagefind.js").is_file()
    assert search.find("script", src=lambda src: src and "searchtools" in src) is None

"""Names and titles from sources are isolated: one written right to left, or with an override left open, moves nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.helpers import TESTS, build, parse_html

TITLE = "Notes \u202eon HSCT"  # a right-to-left override its source never closed
AUTHOR = "Dr \u202eevil"
TAG = "שלום"  # written right to left
COMMENTER = "Zoë \u202eRLO"
FROM_SOURCES = {TITLE, AUTHOR, TAG, COMMENTER}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("bidi")
    shutil.copytree(TESTS / "roots" / "test-bidi", work / "src")
    return build(work / "src", work / "_build")


def shown(out: Path) -> dict[str, list[tuple[str, BeautifulSoup | None]]]:
    """Where each page shows text from the sources: the text, and the element isolating it (or None)."""
    found = {}
    for path in sorted(out.rglob("*.html")):
        html = parse_html(path)
        for text in html.body.find_all(string=lambda s: any(name in s for name in FROM_SOURCES)):
            if text.parent.name != "script":
                isolate = text.find_parent("bdi") or text.find_parent(class_="source-name")
                found.setdefault(path.relative_to(out).as_posix(), []).append((str(text), isolate))
    return found


def test_every_name_and_title_from_a_source_is_isolated_wherever_it_is_shown(built):
    found = shown(built)
    assert {"blog.html", "blog/2016.html", "blog/author.html", "blog/tag.html", "blog/tag/trials.html",
            "blog/author/dr-evil.html", f"blog/tag/{TAG}.html", "index.html", "posts/2016/01/override.html",
            "posts/2016/02/plain.html", "therapies/hsct.html", "2016/01/override.html"} <= found.keys()
    for page, texts in found.items():
        for text, isolate in texts:
            assert isolate is not None, (page, text)
            assert " ".join(isolate.get_text().split()) in FROM_SOURCES, (page, text)  # the name alone, nothing around it


def test_a_name_is_isolated_in_the_sentence_around_it(built):
    authors = parse_html(built / "blog/author.html").select(".catalog-list li")
    [evil] = [li for li in authors if AUTHOR in li.get_text()]
    assert evil.bdi.get_text() == AUTHOR and evil.get_text().endswith("(1 post)")
    heading = parse_html(built / "blog/author/dr-evil.html").h1
    assert heading.bdi.get_text() == AUTHOR and heading.get_text() == f"Posts by {AUTHOR}"
    comment = parse_html(built / "therapies/hsct.html").select_one(".mention-list li li a")
    assert comment.bdi.get_text() == COMMENTER and " ".join(comment.get_text().split()).startswith(f"Comment 1 by {COMMENTER},")


def test_page_titles_isolate_text_from_sources_with_unicode_isolates(built):
    def title(page: str) -> str:
        return parse_html(built / page).title.get_text()

    assert title("posts/2016/01/override.html").startswith(f"\u2068{TITLE}\u2069 - ")
    assert title("blog/author/dr-evil.html").startswith(f"Posts by \u2068{AUTHOR}\u2069 - ")
    assert title(f"blog/tag/{TAG}.html").startswith(f"Posts tagged \u2068{TAG}\u2069 - ")
    assert title("2016/01/override.html") == f"\u2068{TITLE}\u2069 (moved)"
    assert title("posts/2016/02/plain.html").startswith("A plain post - ")  # left to right only: left as it is
    assert parse_html(built / "posts/2016/01/override.html").h1.bdi.get_text() == TITLE


def test_feed_entries_isolate_titles_and_names_from_sources(built):
    feed = feedparser.parse((built / "blog/atom.xml").read_bytes())
    titles = {entry.title for entry in feed.entries}
    assert f"\u2068{TITLE}\u2069" in titles and "A plain post" in titles  # left to right only: left as it is
    assert {author.name for entry in feed.entries for author in entry.get("authors", [])} >= {f"\u2068{AUTHOR}\u2069"}

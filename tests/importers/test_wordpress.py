"""WordPress's WXR export: approved comments publish, the rest are counted, threads kept."""

from __future__ import annotations

import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from msblog.model.discussion import read_discussion
from tests.helpers import TESTS, new_site, parse_html

EXPORT = TESTS / "fixtures" / "exports" / "wordpress.xml"
POST = "2016/01/a-post-from-blogger"


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("wordpress"))
    return site, import_export(read_wordpress, EXPORT, site)


def test_report_counts_withheld_comments_and_skipped_items(imported):
    _, report = imported
    assert report.posts == 2
    assert report.skipped == {"draft": 1, "page": 1}
    assert report.comments == 5
    assert report.withheld == {"spam": 1, "pending": 1, "trashed": 1}
    assert report.orphans == 1


def test_slug_from_the_blogger_address_wordpress_kept(imported):
    site, _ = imported
    text = (site / "posts" / f"{POST}.md").read_text()
    assert f"original_url: http://multiple-sclerosis-research.blogspot.com/{POST}.html" in text
    assert "author: Prof G" in text and "tags: Natalizumab, Research" in text
    assert "date: '2016-01-12T08:30:00+00:00'" in text
    native = (site / "posts" / "2016" / "02" / "native-wp.md").read_text()
    assert "original_url: https://profg.example/2016/02/03/native-wp/" in native


def test_threads_follow_comment_parent(imported):
    site, _ = imported
    found = read_discussion(site / "comments" / f"{POST}.md")
    assert [(c.id, c.reply_to) for c in found.comments] == [("1", None), ("2", "1"), ("3", "2"), ("7", None), ("8", None)]
    assert found.comments[0].body == "Top comment.\n\nSecond paragraph."
    assert found.comments[0].time.isoformat() == "2016-01-12T10:00:00+00:00"
    assert "99" in found.comments[3].flag
    assert found.declared is None  # a WXR file does not say how many comments the page showed


def test_built_page_shows_only_approved_comments_and_nothing_live(imported):
    site, _ = imported
    app = SphinxTestApp("html", srcdir=site)
    app.build()
    assert app.statuscode == 0, app.warning.getvalue()
    page = parse_html(app.outdir / f"posts/{POST}.html")
    app.cleanup()
    text = page.get_text()
    for withheld in ["SPAMWORD", "PENDINGWORD", "TRASHWORD"]:
        assert withheld not in text
    main = page.find("article", role="main")
    assert main.find_all(["script", "iframe", "svg", "b"]) == []
    assert not [t for t in main.find_all(True) if t.get("href", "").lower().startswith("javascript")]
    assert "<b>Mallory</b>" in text  # an author name with markup is shown as written
    assert "ünïcödé" in text and "Natalizumab & Tysabri – “curly” quotes" in " ".join(text.split())
    assert main.find("a", href="https://player.vimeo.com/video/1") is not None

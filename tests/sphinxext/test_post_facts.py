"""A post's facts: shown escaped wherever they appear, with the date ABlog read."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import build, new_site, parse_html

AUTHOR = "<img src=x onerror=alert(1)>"
TAG = "<script>alert(2)</script>"
HOSTILE = "posts/2020/01/hostile.html"


def write(site: Path, path: str, front: str) -> None:
    post = site / f"posts/{path}.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text(f"---\n{front}---\n\n# Post {path}\n\nThe text of the post.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("facts")
    site = new_site(tmp)
    with (site / "conf.py").open("a") as conf:  # the real site's date format and post sidebar
        conf.write('post_date_format = "%d %B %Y"\nhtml_sidebars = {"**": ["ablog/postcard.html"]}\n')
    write(site, "2020/01/hostile", f"date: 2020-01-05\nauthor: '{AUTHOR}'\ntags: Trials, {TAG}\n")
    write(site, "2020/02/written-out", "date: 5 February 2020\nauthor: Prof G\n")
    write(site, "2020/03/undated", "author: Prof G\n")
    return build(site, tmp / "_build")


def test_authors_and_tags_from_content_are_shown_escaped_everywhere(built):
    links = parse_html(built / HOSTILE).select(".ablog__postcard a")
    collections = {posixpath.normpath(posixpath.join("posts/2020/01", a["href"])) for a in links}
    assert len(collections) == 3  # its author and its two tags
    for page in [HOSTILE, "blog.html", "blog/2020.html", *sorted(collections)]:
        html = parse_html(built / page)
        assert not html.select('img[src="x"]'), page
        assert not [s for s in html.find_all("script", type=lambda kind: kind != "application/ld+json")
                    if "alert" in s.get_text()], page
        shown = {a.get_text() for a in html.select(".ablog-post-facts a")}
        assert {AUTHOR, TAG} <= shown, page
    [linked] = parse_html(built / HOSTILE).find_all("script", type="application/ld+json")  # data, kept whole
    assert "<" not in linked.string and json.loads(linked.string)["keywords"] == ["Trials", TAG]
    titles = {parse_html(built / page).title.get_text() for page in sorted(collections)}
    assert any(AUTHOR in title for title in titles) and any(TAG in title for title in titles)  # kept whole
    for page in ["blog/tag.html", "blog/author.html"]:
        html = parse_html(built / page)
        assert not html.select('img[src="x"]') and not html.find("script", string="alert(2)"), page
        assert {AUTHOR, TAG} & {a.get_text() for a in html.select(".catalog-list a")}, page


def published(page: str, built: Path) -> str:
    """The "Published" fact under the post's title."""
    name = next(dt for dt in parse_html(built / page).select(".post-facts dt") if dt.get_text().startswith("Published"))
    return name.find_next_sibling("dd").get_text().strip()


def test_a_date_in_the_configured_format_is_shown_as_the_listings_show_it(built):
    listed = parse_html(built / "blog/2020.html").select(".listing-post")
    dates = {post.h2.a["href"]: post.select_one(".ablog-post-facts dd").get_text() for post in listed}
    assert dates["../posts/2020/02/written-out.html"] == published("posts/2020/02/written-out.html", built) == "Wednesday, 5 February 2020"
    assert published(HOSTILE, built) == dates["../" + HOSTILE] == "Sunday, 5 January 2020"


def test_a_post_without_a_date_says_so(built):
    assert published("posts/2020/03/undated.html", built) == "Unknown"


def test_only_a_page_in_the_posts_folder_is_a_post(tmp_path):
    """ABlog would take any page with its post directive or blogpost front matter for a post; the archive's
    layout says what a post is, once: elsewhere they are refused at path:line, and the page is a page."""
    site = new_site(tmp_path)
    with (site / "conf.py").open("a") as conf:
        conf.write('include_patterns = [*include_patterns, "about.md", "notes.md"]\n')
    (site / "about.md").write_text("# About\n\n```{post} 2020-01-05\n\nWhat the directive holds.\n```\n")
    (site / "notes.md").write_text("---\nblogpost: true\ndate: 2020-01-06\n---\n\n# Notes\n\nA page.\n")
    write(site, "2020/01/a-post", "date: 2020-01-05\n")
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    errors = app.warning.getvalue()
    assert f"{site / 'about.md'}:3: ERROR: only a page in posts/ is a post" in errors
    assert f"{site / 'notes.md'}:2: ERROR: only a page in posts/ is a post" in errors
    assert app.statuscode == 1
    listed = [a["href"] for a in parse_html(app.outdir / "blog.html").select(".listing-post h2 a")]
    assert listed == ["posts/2020/01/a-post.html"]
    about = parse_html(app.outdir / "about.html")
    assert "What the directive holds." in about.get_text() and not about.select(".post-facts")
    assert parse_html(app.outdir / "posts/2020/01/a-post.html").select(".post-facts")

"""Paginated listings, the sitemap, and incremental builds that leave no page stale."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sphinx.testing.util import SphinxTestApp

from msblog.model.dates import post_date
from msblog.sphinxext.listings import page_slugs, pager
from tests.helpers import build, follow_pages, incremental_and_clean, new_site, parse_html

PAGE_SIZE = 3


def write_post(site: Path, n: int) -> Path:
    """Post ``n``: odd ones in 2015 and also tagged "Stem cells", even ones in 2016; all tagged "Trials"."""
    year, month = (2015, 1 + n % 12) if n % 2 else (2016, 1 + n % 12)
    tags = "Trials, Stem cells" if n % 2 else "Trials"
    path = site / f"posts/{year}/{month:02d}/post-{n:02d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ndate: {year}-{month:02d}-{1 + n % 28:02d}\nauthor: Prof G\ntags: {tags}\n---\n\n"
                    f"# Post number {n}\n\nThe text of post {n} about trials.\n")
    return path


def make_site(tmp_path: Path, count: int) -> Path:
    site = new_site(tmp_path)
    with (site / "conf.py").open("a") as conf:
        conf.write(f"msblog_listing_size = {PAGE_SIZE}\nhtml_baseurl = 'https://example.org/'\n")
    for n in range(count):
        write_post(site, n)
    return site


def follow_listing(out: Path, first: str) -> list[list[str]]:
    return follow_pages(out, first, ".listing-post h2 a")


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("listings")
    site = make_site(tmp, 11)
    return site, build(site, tmp / "_build")


def test_pagination_reaches_every_post_once_newest_first(listed):
    site, out = listed
    pages = follow_listing(out, "blog.html")
    assert [len(p) for p in pages] == [3, 3, 3, 2]
    posts = [link for page in pages for link in page]
    assert len(posts) == len(set(posts)) == 11
    assert {p.removesuffix(".html") for p in posts} == {p.relative_to(site).with_suffix("").as_posix()
                                                         for p in site.glob("posts/**/*.md")}
    dates = [source_date(site, p) for p in posts]
    assert dates == sorted(dates, reverse=True)


def source_date(site: Path, page: str) -> date | datetime:
    """The date the front matter of the post at ``page`` (its HTML page's path) gives."""
    return post_date(re.search(r"^date: (.+)$", (site / page).with_suffix(".md").read_text(), re.M).group(1))


def test_every_listing_is_newest_first_by_date_whatever_the_file_names_say(tmp_path):
    site = new_site(tmp_path)
    with (site / "conf.py").open("a") as conf:
        conf.write(f"msblog_listing_size = {PAGE_SIZE}\nhtml_baseurl = 'https://example.org/'\n")
    for slug, day in [("a", 9), ("b", 27), ("c", 2), ("d", 15), ("e", 21)]:  # one month: sorted by name, a to e
        write_named(site, f"2015/05/{slug}", f"date: 2015-05-{day:02d}\nauthor: Prof G\ntags: Trials\n")
    out = build(site, tmp_path / "_build")
    newest_first = [f"posts/2015/05/{slug}.html" for slug in "bedac"]  # the 27th, 21st, 15th, 9th and 2nd
    for first in ["blog.html", "blog/2015.html", "blog/tag/trials.html", "blog/author/prof-g.html"]:
        assert [link for page in follow_listing(out, first) for link in page] == newest_first, first


def test_each_listed_post_shows_its_excerpt_as_plain_text(listed):
    _site, out = listed
    [first, *_] = parse_html(out / "blog.html").select(".listing-post")
    assert first.h2.get_text() == "Post number 10"
    assert first.select_one(".listing-excerpt").get_text() == "The text of post 10 about trials."


def test_every_page_of_a_listing_links_back_and_marks_itself(listed):
    _site, out = listed
    last = parse_html(out / "blog/page/4.html")
    assert last.select_one('.pager a[aria-current="page"]').get_text() == "Page 4"
    assert last.select_one('.pager a[rel="prev"]')["href"] == "3.html"
    assert last.select_one('.pager a[rel="next"]') is None
    assert last.h1.get_text() == "All posts (page 4 of 4)"
    assert parse_html(out / "blog.html").select_one('.pager a[rel="prev"]') is None


@pytest.mark.parametrize(("first", "count"), [("blog/2015.html", 5), ("blog/2016.html", 6),
                                               ("blog/tag/stem-cells.html", 5), ("blog/tag/trials.html", 11),
                                               ("blog/author/prof-g.html", 11)])
def test_years_tags_and_authors_are_paginated_too(listed, first, count):
    _site, out = listed
    pages = follow_listing(out, first)
    assert all(len(page) <= PAGE_SIZE for page in pages)
    assert len({link for page in pages for link in page}) == sum(len(page) for page in pages) == count


def test_catalogs_list_each_collection_with_its_count(listed):
    _site, out = listed
    tags = parse_html(out / "blog/tag.html")
    items = [" ".join(li.get_text().split()) for li in tags.select(".catalog-list li")]
    assert items == ["Stem cells (5 posts)", "Trials (11 posts)"]
    years = [" ".join(li.get_text().split()) for li in parse_html(out / "blog/archive.html").select(".catalog-list li")]
    assert years == ["2016 (6 posts)", "2015 (5 posts)"]


def test_the_sitemap_lists_every_page_of_every_listing(listed):
    _site, out = listed
    sitemap = (out / "sitemap.xml").read_text()
    for page in ["blog.html", "blog/page/4.html", "blog/tag/trials/page/4.html", "blog/2015/page/2.html",
                 "posts/2016/01/post-00.html", "index.html"]:
        assert f"<loc>https://example.org/{page}</loc>" in sitemap, page


def test_pager_shows_first_last_and_neighbours_with_gaps():
    links = pager("blog", 6, 12)
    assert [(n, gap) for n, _name, gap in links["pages"]] == [(1, False), (4, True), (5, False), (6, False),
                                                              (7, False), (8, False), (12, True)]
    assert (links["previous"], links["next"]) == ("blog/page/5", "blog/page/7")
    assert pager("blog", 1, 1)["pages"] == [(1, "blog", False)]


def page_text(out: Path) -> dict[str, list[str]]:
    """The reader-visible text of every page (article and sidebar), the sitemap and the feed."""
    pages = {}
    for path in sorted(out.rglob("*.html")):
        html = parse_html(path)
        pages[path.relative_to(out).as_posix()] = [" ".join(part.get_text().split())
                                                   for part in html.select('article[role="main"], .sidebar-drawer')]
    pages["sitemap.xml"] = (out / "sitemap.xml").read_text().splitlines()
    for feed in sorted(out.rglob("atom.xml")):
        pages[feed.relative_to(out).as_posix()] = feed.read_text().splitlines()
    return pages


def edit(site: Path) -> None:
    """An editor's day: retitle and retag one post, remove another, add a third."""
    for n, month in [(1, 2), (3, 4), (5, 6)]:
        post = site / f"posts/2015/{month:02d}/post-{n:02d}.md"
        post.write_text(post.read_text().replace(f"Post number {n}", f"Retitled post {n}").replace("Stem cells", "Rituximab"))
    (site / "posts/2016/01/post-00.md").unlink()
    write_post(site, 12)


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_incremental_build_after_edits_equals_a_clean_build(tmp_path, parallel):
    site = make_site(tmp_path, 12)
    out, clean = incremental_and_clean(tmp_path, site, edit, parallel)
    assert page_text(out) == page_text(clean)
    assert "Retitled post 1" in parse_html(out / "blog/tag/rituximab.html").get_text()
    assert "Post number 12" in parse_html(out / "index.html").get_text()
    assert not (out / "posts/2016/01/post-00.html").exists()
    assert (out / "blog/tag/rituximab.html").exists()
    assert not (out / "blog/tag/stem-cells/page/2.html").exists()  # 3 posts left with the tag: one page


def test_unchanged_pages_are_not_written_again(tmp_path):
    site = make_site(tmp_path, 12)
    out = build(site, tmp_path / "_build")
    listings = ["blog/2015.html", "blog/2016.html", "blog.html", "blog/tag/trials.html", "blog/tag/trials/page/2.html",
                "index.html"]
    times = {page: (out / page).stat().st_mtime_ns for page in listings}
    build(site, tmp_path / "_build")
    assert {page: (out / page).stat().st_mtime_ns for page in listings} == times
    post = site / "posts/2016/11/post-10.md"  # the newest post: first on each of its listings
    post.write_text(post.read_text().replace("Post number 10", "Post ten"))
    build(site, tmp_path / "_build")
    written = {page for page in listings if (out / page).stat().st_mtime_ns != times[page]}
    assert written == {"blog/2016.html", "blog.html", "blog/tag/trials.html", "index.html"}


def test_a_post_page_weighs_the_same_in_a_small_and_a_large_archive(tmp_path):
    small = build(make_site(tmp_path / "small", 8), tmp_path / "small" / "_build")
    large = build(make_site(tmp_path / "large", 60), tmp_path / "large" / "_build")
    page = "posts/2016/01/post-00.html"
    assert (large / page).stat().st_size < (small / page).stat().st_size * 1.1


def test_an_edited_template_reaches_every_listing(tmp_path):
    site = make_site(tmp_path, 4)
    (site / "_templates").mkdir()
    with (site / "conf.py").open("a") as conf:
        conf.write("templates_path = ['_templates']\n")
    page = site / "_templates" / "page.html"
    page.write_text('{% extends "!page.html" %}\n')
    out = build(site, tmp_path / "_build")
    page.write_text('{% extends "!page.html" %}\n{% block extrahead %}<meta name="edited" content="yes">{% endblock %}\n')
    build(site, tmp_path / "_build")
    for listing in ["blog.html", "blog/tag.html", "blog/2016.html", "index.html"]:
        assert parse_html(out / listing).find("meta", attrs={"name": "edited"}) is not None, listing


def test_an_edit_read_in_the_main_process_still_updates_every_listing(tmp_path):
    """Under -j 2, one edited post of 40 is read without reader processes; writing stays parallel."""
    def retitle(site: Path) -> None:
        post = site / "posts/2016/11/post-10.md"
        post.write_text(post.read_text().replace("Post number 10", "Post ten, retitled"))

    out, clean = incremental_and_clean(tmp_path, make_site(tmp_path, 40), retitle, parallel=2)
    assert page_text(out) == page_text(clean)
    assert "Post ten, retitled" in parse_html(out / "blog.html").get_text()


def test_names_sharing_a_slug_each_get_a_page_and_ordinary_names_keep_theirs():
    slugs = page_slugs(["ClinicSpeak", "#ClinicSpeak", "C", "C++", "???", "Vitamin D", "MS", "ms"])
    assert slugs["ClinicSpeak"] == "clinicspeak" and slugs["C"] == "c" and slugs["Vitamin D"] == "vitamin-d"
    assert slugs["ms"] == "ms"  # spelled as its slug
    assert slugs["#ClinicSpeak"].startswith("clinicspeak-") and slugs["C++"].startswith("c-")
    assert slugs["MS"].startswith("ms-") and slugs["???"] != ""
    assert len(set(slugs.values())) == len(slugs)
    assert page_slugs(["#ClinicSpeak", "Other"]) == {"#ClinicSpeak": "clinicspeak", "Other": "other"}  # alone: ABlog's
    # A name's hash depends on no other name: one more name sharing the slug leaves the others' pages alone.
    assert page_slugs(["ClinicSpeak", "#ClinicSpeak", "ClinicSpeak!"])["#ClinicSpeak"] == slugs["#ClinicSpeak"]


@given(st.lists(st.text(alphabet="Cc+#?! -_éE\u0301x", max_size=6), max_size=12), st.randoms())
def test_page_slugs_are_distinct_file_names_whatever_the_order(names, rng):
    slugs = page_slugs(names)
    assert set(slugs) == set(names) and len(set(slugs.values())) == len(slugs)
    assert all(slug and "/" not in slug and not slug.startswith(".") for slug in slugs.values())
    shuffled = list(names)
    rng.shuffle(shuffled)
    assert page_slugs(shuffled) == slugs
    assert not set(page_slugs(names, taken=["c", "cc"]).values()) & {"c", "cc"}


def test_a_name_windows_keeps_for_a_device_gets_a_page_of_another_name():
    slugs = page_slugs(["con", "AUX", "com1", "console", "lpt"])
    assert [slugs[name].split("-")[0] for name in ("con", "AUX", "com1")] == ["con", "aux", "com1"]
    assert all(len(slugs[name]) > 5 for name in ("con", "AUX", "com1"))  # the slug and a hash of the name
    assert slugs["console"] == "console" and slugs["lpt"] == "lpt"


def test_a_name_too_long_for_a_file_name_is_shortened():
    slug = page_slugs(["Ménière " * 60])["Ménière " * 60]
    assert slug.startswith("meniere-meniere") and len(slug.encode()) <= 250


def write_named(site: Path, path: str, front: str) -> None:
    post = site / f"posts/{path}.md"
    post.parent.mkdir(parents=True, exist_ok=True)
    post.write_text(f"---\n{front}---\n\n# Post {path}\n\nThe text of post {path}.\n", encoding="utf-8")


def named_site(tmp_path: Path) -> Path:
    """Tags and authors whose slugs collide: "#ClinicSpeak" and "C++" alone at first, "Prof G" written twice."""
    site = new_site(tmp_path)
    with (site / "conf.py").open("a") as conf:
        conf.write('html_sidebars = {"**": ["ablog/postcard.html"]}\nhtml_baseurl = "https://example.org/"\n')
    write_named(site, "2015/01/a", "date: 2015-01-05\nauthor: Prof G\ntags: Trials\n")
    write_named(site, "2015/02/b", "date: 2015-02-05\nauthor: \"Prof\\u200b G\"\ntags: '#ClinicSpeak, C++'\n")
    write_named(site, "2015/03/c", "date: 2015-03-05\nauthor: \"Prof G\\u2060\"\ntags: C, ???\n")
    return site


def add_colliding_names(site: Path) -> None:
    """Post a, not b, now has the tag whose slug "#ClinicSpeak" had alone."""
    write_named(site, "2015/01/a", "date: 2015-01-05\nauthor: Prof G\ntags: 'ClinicSpeak, Trials'\n")


def page_links(out: Path) -> dict[str, list[tuple[str, str]]]:
    """Each page's links in its article and sidebar: their text, and the page they lead to."""
    links = {}
    for path in sorted(out.rglob("*.html")):
        html = parse_html(path)
        links[path.relative_to(out).as_posix()] = [
            (" ".join(a.get_text().split()), (path.parent / a["href"].split("#")[0]).resolve().relative_to(out.resolve()).as_posix())
            for part in html.select('article[role="main"], .sidebar-drawer') for a in part.select("a[href]")
            if not a["href"].startswith(("http", "#"))]
    return links


def catalog(out: Path, name: str) -> dict[str, tuple[str, list[str]]]:
    """Each collection the catalog lists: the page it links to, and the posts that page lists."""
    found = {}
    for a in parse_html(out / f"blog/{name}.html").select(".catalog-list a"):
        page = (out / "blog" / a["href"]).resolve().relative_to(out.resolve()).as_posix()
        found[a.get_text()] = (page, sorted(link for links in follow_listing(out, page) for link in links))
    return found


@pytest.mark.parametrize("parallel", [0, 2])
def test_distinct_names_get_distinct_pages_and_invisible_characters_make_no_new_name(tmp_path, parallel):
    out, clean = incremental_and_clean(tmp_path, named_site(tmp_path), add_colliding_names, parallel)
    assert page_text(out) == page_text(clean) and page_links(out) == page_links(clean)
    tags = catalog(out, "tag")
    assert set(tags) == {"#ClinicSpeak", "???", "C", "C++", "ClinicSpeak", "Trials"}
    assert len({page for page, _posts in tags.values()}) == len(tags)
    assert tags["ClinicSpeak"] == ("blog/tag/clinicspeak.html", ["posts/2015/01/a.html"])
    assert tags["C"] == ("blog/tag/c.html", ["posts/2015/03/c.html"])
    assert tags["#ClinicSpeak"][1] == tags["C++"][1] == ["posts/2015/02/b.html"]
    assert tags["???"][1] == ["posts/2015/03/c.html"]
    assert not (out / "blog/tag/.html").exists() and not (out / "blog/tag/clinicspeak-.html").exists()
    for name, (page, _posts) in tags.items():
        assert parse_html(out / page).h1.get_text() == f"Posts tagged {name}"
    assert catalog(out, "author") == {"Prof G": ("blog/author/prof-g.html", [f"posts/2015/0{n}.html"
                                                                             for n in ["1/a", "2/b", "3/c"]])}
    sidebar = {text: page for text, page in page_links(out)["posts/2015/02/b.html"]}
    assert sidebar["#ClinicSpeak"] == tags["#ClinicSpeak"][0] and sidebar["Prof G"] == "blog/author/prof-g.html"


@pytest.mark.parametrize("mark", ["", "\ufeff"])  # a page saved with a byte order mark, which Sphinx reads after
def test_a_name_left_empty_by_cleaning_is_reported_with_its_line(tmp_path, mark):
    site = new_site(tmp_path)
    write_named(site, "2015/01/a", 'date: 2015-01-05\ntags: "Trials, \\u200b"\n')
    page = site / "posts/2015/01/a.md"
    page.write_text(mark + page.read_text())
    app = SphinxTestApp("html", srcdir=site)
    try:
        app.build()
    finally:
        app.cleanup()
    assert "posts/2015/01/a.md:3: WARNING: an empty name in 'tags' is left out" in app.warning.getvalue()
    assert [a.get_text() for a in parse_html(app.outdir / "blog/tag.html").select(".catalog-list a")] == ["Trials"]


def test_tags_in_brackets_or_quotes_are_listed_as_written(tmp_path):
    """ABlog took off a bracket opening or closing a post's tags, and the quotes around each: a Blogger label
    "[Video]" was listed as "Video]"."""
    site = new_site(tmp_path)
    write_named(site, "2015/01/a", "date: 2015-01-05\ntags: '[Video], \"Quoted\", MS, [Audio]'\n")
    out = build(site)
    assert sorted(a.get_text() for a in parse_html(out / "blog/tag.html").select(".catalog-list a")) == \
        ['"Quoted"', "MS", "[Audio]", "[Video]"]

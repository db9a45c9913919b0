"""The site written by each builder of the HTML family: every link leads to a page it wrote.

``html`` writes ``posts/2016/01/first.html``; ``dirhtml`` (clean addresses, as
Read the Docs often serves them) writes ``posts/2016/01/first/index.html``,
reached as ``posts/2016/01/first/``; ``singlehtml`` writes one page. A document
read by one builder may be written by another from the same environment
(``make html`` then ``make dirhtml``), so links made while reading must not
hold one builder's addresses.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from tests.helpers import SITE_URL, TESTS, build_real_site, pagefind_pages, parse_html

BASE = "https://archive.example/"  # the builders root's html_baseurl and blog_baseurl
ATOM = "{http://www.w3.org/2005/Atom}"
LINKS = {"a": "href", "link": "href", "area": "href", "script": "src", "img": "src", "iframe": "src",
         "source": "src", "form": "action"}
# The builders each site is written by, one after the other, from one environment; the last one's site is checked.
BUILDS = {"html": ("html",), "dirhtml": ("dirhtml",), "dirhtml after html": ("html", "dirhtml")}
DIRHTML = ["dirhtml", "dirhtml after html"]

def page_url(out: Path, file: Path, base: str = BASE) -> str:
    """The address a file of the site ``out`` is served at."""
    return base + file.relative_to(out).as_posix()


def served(out: Path, url: str, base: str = BASE) -> Path | None:
    """The file of the site ``out`` a server sends for ``url``; ``None`` for an address outside the site."""
    if not url.startswith(base):
        return None
    path = unquote(urlsplit(url).path)[len(urlsplit(base).path):]
    file = out / path
    return file / "index.html" if not path or path.endswith("/") or file.is_dir() else file


def links(html: BeautifulSoup) -> Iterator[str]:
    """Every address a page links to or loads, and the one it sends readers on to."""
    for tag in html.find_all(list(LINKS)):
        if tag.get(LINKS[tag.name]):
            yield tag[LINKS[tag.name]]
    for refresh in html.find_all("meta", attrs={"http-equiv": "refresh"}):
        yield refresh["content"].partition("url=")[2]


class Checker:
    """Where the addresses of a site lead: a file of the site, and the element an address's fragment names."""

    def __init__(self, out: Path, base: str = BASE):
        self.out, self.base, self.ids = out, base, {}

    def broken(self, url: str) -> str | None:
        """Why ``url`` does not lead where it says; ``None`` if it does, or leads out of the site."""
        file = served(self.out, url, self.base)
        if file is None:
            return None
        if not file.resolve().is_relative_to(self.out.resolve()) or not file.is_file():
            return "no such file"
        fragment = unquote(urlsplit(url).fragment)
        if fragment and file.suffix == ".html":
            if file not in self.ids:
                self.ids[file] = {tag["id"] for tag in parse_html(file).find_all(id=True)}
            if fragment not in self.ids[file]:
                return f"no #{fragment} in {file.relative_to(self.out)}"
        return None

    def broken_on(self, file: Path, found: Iterator[str]) -> list[tuple[str, str, str]]:
        """The addresses ``found`` on ``file`` that lead nowhere: the page, the address, why."""
        here = page_url(self.out, file, self.base)
        page = file.relative_to(self.out).as_posix()
        return [(page, href, why) for href in found if (why := self.broken(urljoin(here, href)))]


def html_pages(out: Path) -> list[Path]:
    return sorted(file for file in out.rglob("*.html") if not file.relative_to(out).parts[0].startswith("_"))


def every_broken_link(out: Path, base: str = BASE) -> list[tuple[str, str, str]]:
    checker = Checker(out, base)
    return [broken for file in html_pages(out) for broken in checker.broken_on(file, links(parse_html(file)))]


@pytest.fixture(scope="module")
def site(request, tmp_path_factory) -> Path:
    """The builders root written by the builders of ``BUILDS[request.param]`` in turn; the last one's output."""
    work = tmp_path_factory.mktemp("builders")
    shutil.copytree(TESTS / "roots/test-builders", work / "src")
    for number, name in enumerate(BUILDS[request.param]):
        app = SphinxTestApp(name, srcdir=work / "src", builddir=work / "_build")
        try:
            app.build()
        finally:
            app.cleanup()
        assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
        assert number == 0 or "0 added, 0 changed, 0 removed" in app.status.getvalue()  # written as read before
    return app.outdir


def page_file(out: Path, name: str) -> Path:
    """The file of the page ``name`` in a site written by ``html`` or ``dirhtml`` (the output folder's name)."""
    if out.name == "dirhtml" and name != "index" and not name.endswith("/index"):
        return out / name / "index.html"
    return out / f"{name}.html"


# Pages of each kind the site has: a post, listings and their second pages, a tag, an entry's page and its
# mentions' second page, the search page, and a page sending an old address on.
KINDS = ["index", "posts/2016/01/first", "blog", "blog/page/2", "blog/2016/page/2", "blog/tag/trials", "blog/archive",
         "therapies/index", "therapies/hsct", "therapies/hsct/page/2", "search", "2016/03/01/third/index"]


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_every_link_on_every_page_leads_to_a_page_of_the_site(site):
    assert [name for name in KINDS if not page_file(site, name).is_file()] == []
    assert every_broken_link(site) == []


def reached(site: Path, file: str, selector: str) -> list[str]:
    """Where the links ``selector`` selects on the page ``file`` of ``site`` lead, as addresses below the site's."""
    here = page_url(site, site / file)
    return [urljoin(here, a["href"]).removeprefix(BASE) for a in parse_html(site / file).select(selector)]


@pytest.mark.parametrize("site", DIRHTML, indirect=True)
def test_links_into_the_archive_lead_to_the_posts_and_comments_at_clean_addresses(site):
    first = "posts/2016/01/first/index.html"
    assert reached(site, first, "a.archive-link") == [
        "posts/2016/02/second/#comment-2002",  # in the post
        "posts/2016/02/second/#comment-2002",  # written out in comment 1001
        "posts/2016/02/second/",  # a link in comment 1002
    ]
    assert reached(site, first, "#comment-1001 a.mention") == ["therapies/hsct/"]
    assert reached(site, "posts/2016/02/second/index.html", "a.archive-link") == ["posts/2016/01/first/"]
    assert "posts/2016/01/first/#comment-1001" in reached(site, "therapies/hsct/page/2/index.html", "section.mentions a")
    assert reached(site, "therapies/hsct/index.html", "section.mentions .mention-list a, section.mentions a[rel=next]") == [
        "posts/2016/03/third/", "posts/2016/03/third/#the-third-post",  # the post, and the section naming HSCT
        "posts/2016/02/second/", "posts/2016/02/second/#the-second-post", "posts/2016/02/second/#comment-2002",
        "therapies/hsct/page/2/"]


# Each post's old addresses: Blogger's (.html), WordPress's (a folder), and one of ABlog's redirect front matter.
OLD_ADDRESSES = {"2016/01/first.html": "posts/2016/01/first", "2016/02/second.html": "posts/2016/02/second",
                 "2016/02/an-older-slug.html": "posts/2016/02/second", "2016/03/01/third/": "posts/2016/03/third"}


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_old_addresses_still_lead_to_their_posts(site):
    """An old address is the file it always was, whatever the builder: a reader's bookmark finds it."""
    sent = {}
    for old, post in OLD_ADDRESSES.items():
        file = served(site, BASE + old)
        refresh = parse_html(file).find("meta", attrs={"http-equiv": "refresh"}) if file.is_file() else None
        sent[old] = served(site, urljoin(BASE + old, refresh["content"].partition("url=")[2])) if refresh else None
    assert sent == {old: page_file(site, post) for old, post in OLD_ADDRESSES.items()}


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_the_sitemap_lists_the_pages_at_their_addresses(site):
    locations = [loc.text for loc in ElementTree.parse(site / "sitemap.xml").iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert [(url, why) for url in locations if (why := Checker(site).broken(url))] == []
    assert {served(site, url) for url in locations} >= {page_file(site, name) for name in KINDS if name not in
                                                       ("search", "2016/03/01/third/index")}  # not listed


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_the_feed_links_each_post_at_its_address(site):
    feed = ElementTree.parse(site / "blog/atom.xml").getroot()
    entries = [entry.find(f"{ATOM}link").get("href") for entry in feed.iter(f"{ATOM}entry")]
    assert [served(site, url) for url in entries] == [page_file(site, f"posts/2016/0{n}/{name}")
                                                       for n, name in ((3, "third"), (2, "second"), (1, "first"))]
    head = parse_html(page_file(site, "posts/2016/01/first")).find("link", type="application/atom+xml")
    assert served(site, urljoin(page_url(site, page_file(site, "posts/2016/01/first")), head["href"])) == site / "blog/atom.xml"


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_links_in_the_feed_s_text_lead_into_the_site(site):
    """A feed reader resolves a relative link in an entry's text from the feed's own address."""
    feed = ElementTree.parse(site / "blog/atom.xml").getroot()
    found = [a["href"] for content in feed.iter(f"{ATOM}content") for a in BeautifulSoup(content.text, "lxml").select("a")]
    assert "posts/2016/01/first" in " ".join(found)  # the third post's link to the first
    assert Checker(site).broken_on(site / "blog/atom.xml", iter(found)) == []


@pytest.mark.parametrize("site", list(BUILDS), indirect=True)
def test_search_finds_pages_at_their_addresses(site):
    bundles = parse_html(page_file(site, "search")).select_one("#search-form")["data-bundles"].split()
    here = page_url(site, page_file(site, "search"))
    assert sorted(served(site, urljoin(here, bundle) + "pagefind.js").parent.name for bundle in bundles) == [
        "posts-2016", "therapies"]
    found = {served(site, urljoin(BASE, url.lstrip("/"))) for url in pagefind_pages(site)}
    assert found == {page_file(site, name) for name in ("posts/2016/01/first", "posts/2016/02/second",
                     "posts/2016/03/third", "therapies/index", "therapies/hsct", "therapies/alemtuzumab")}


def single_page(work: Path, pages: tuple[str, ...] = ("posts/2016/01/first",), **settings) -> SphinxTestApp:
    """The builders root with a root document that includes ``pages`` (one post), written by singlehtml."""
    shutil.copytree(TESTS / "roots/test-builders", work / "src")
    (work / "src/index.md").write_text("# One post\n\n```{toctree}\n" + "\n".join(pages) + "\n```\n")
    app = SphinxTestApp("singlehtml", srcdir=work / "src", builddir=work / "_build", confoverrides=settings)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(scope="module")
def one_post(tmp_path_factory) -> Path:
    app = single_page(tmp_path_factory.mktemp("single"), msblog_pagefind=False)
    assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app.outdir


def test_a_single_page_holds_the_post_and_its_discussion(one_post):
    main = parse_html(one_post / "index.html").select_one("article[role=main]")
    assert main.select_one("#the-first-post").find(["h1", "h2"]).get_text().startswith("The first post")
    assert main.select_one("#the-first-post .post-facts")
    assert [c["id"] for c in main.select("#discussion article.comment")] == ["comment-1001", "comment-1002"]


def test_every_link_of_the_post_leads_to_its_place_on_the_page_or_out_of_the_site(one_post):
    main = parse_html(one_post / "index.html").select_one("article[role=main]")
    found = [a["href"] for a in main.select("a[href]")]
    assert "#discussion" in found and "#comment-1002" in found
    assert Checker(one_post).broken_on(one_post / "index.html", iter(found)) == []


def test_a_link_to_a_page_not_on_the_single_page_keeps_the_address_the_source_gave(one_post):
    """The second post and the registry are not on the page: an archive link leads to the original blog, and a
    mention, which has no other address, is its text."""
    main = parse_html(one_post / "index.html").select_one("article[role=main]")
    blog = "https://multiple-sclerosis-research.blogspot.{}/2016/02/second.html"
    assert [a["href"] for a in main.select("a.archive-link")] == [
        blog.format("co.uk") + "?showComment=1454300000000#c2002",  # in the post, as the post writes it
        blog.format("com") + "?showComment=1454300000000#c2002",  # written out in comment 1001
        blog.format("com").replace("https", "http"),  # a link in comment 1002
    ]
    assert [m.name for m in main.select(".mention")] == ["span", "span"]  # in the post, in comment 1001


def single_page_with_entry(work: Path, **settings) -> Path:
    """The first post and the HSCT entry, whose mentions are of all three posts, on a single page."""
    app = single_page(work, ("posts/2016/01/first", "therapies/hsct"), msblog_pagefind=False, **settings)
    assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app.outdir


def mention_links(out: Path) -> list[tuple[str, str | None]]:
    """The posts and comments the single page's list of mentions names: the text, and the address, of each."""
    found = parse_html(out / "index.html").select("section.mentions .mention-list .reference.internal")
    return [(" ".join(item.get_text().split()), item.get("href")) for item in found]


def test_a_registry_page_on_a_single_page_links_the_mentions_on_it_and_names_the_others(tmp_path):
    out = single_page_with_entry(tmp_path, msblog_listing_size=20)
    assert mention_links(out) == [
        ("The third post", None), ("1 mention in the post", None), ("The second post", None),
        ("1 mention in the post", None), ("Comment 2002 by Carol, Tuesday, 2 February 2016", None),
        ("The first post", "#document-posts/2016/01/first"), ("1 mention in the post", "#the-first-post"),
        ("Comment 1001 by Alice, Monday, 11 January 2016, 09:00 (UTC)", "#comment-1001")]
    main = parse_html(out / "index.html").select_one("article[role=main]")
    assert Checker(out).broken_on(out / "index.html", (a["href"] for a in main.select("a[href]"))) == []


def test_the_pager_of_mentions_on_a_single_page_names_pages_it_does_not_have(tmp_path):
    """singlehtml writes one page: the pages of mentions after the first are not written."""
    out = single_page_with_entry(tmp_path)
    pager = parse_html(out / "index.html").select_one("section.mentions .pager")
    assert [a["href"] for a in pager.select("a")] == ["#document-therapies/hsct"]  # page 1, this one
    assert [" ".join(item.get_text().split()) for item in pager.select("li")] == ["Page 1", "Page 2", "Older posts"]


def test_on_a_single_page_each_entry_s_mentions_have_ids_of_their_own(tmp_path):
    """Two registry pages on one page: each list of mentions, and each year's heading in it, keeps its own id, and
    each year is labelled by its own heading."""
    app = single_page(tmp_path, ("therapies/hsct", "therapies/alemtuzumab"), msblog_pagefind=False)
    assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    main = parse_html(app.outdir / "index.html").select_one("article[role=main]")
    lists = main.select("section.mentions")
    assert [section["id"] for section in lists] == ["mentions-therapy-hsct", "mentions-therapy-alemtuzumab"]
    ids = [tag["id"] for tag in main.select("[id]")]
    assert sorted(ids) == sorted(set(ids))
    years = [year for section in lists for year in section.select(".mention-year")]
    assert [year["aria-labelledby"] for year in years] == ["mentions-therapy-hsct-2016-1",
                                                           "mentions-therapy-alemtuzumab-2016-1"]  # one year, two lists
    assert all(year.select_one(f"#{year['aria-labelledby']}") for year in years)


def test_a_single_page_is_written_with_search_on(tmp_path):
    app = single_page(tmp_path)
    assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()


def test_a_single_page_has_no_sitemap_of_addresses_it_does_not_have(one_post):
    sitemap = one_post / "sitemap.xml"
    locations = [loc.text for loc in ElementTree.parse(sitemap).iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
                 ] if sitemap.is_file() else []
    assert [(url, why) for url in locations if (why := Checker(one_post).broken(url))] == []


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    """The real site written by dirhtml, as `make html` builds it (any warning an error); the output folder."""
    return build_real_site(tmp_path_factory.mktemp("real-dirhtml"), "dirhtml")


def test_the_real_site_written_by_dirhtml_has_every_page_at_its_clean_address(real_site):
    post = "posts/2015/05/induction-therapies-more-science-is"
    pages = ["index", post, "blog", "blog/archive", "blog/2015", "therapies/index", "therapies/hsct", "search"]
    assert [name for name in pages if not page_file(real_site, name).is_file()] == []
    assert Checker(real_site, SITE_URL).broken_on(page_file(real_site, post), links(parse_html(page_file(real_site, post)))) == []


def test_every_link_of_the_real_site_written_by_dirhtml_leads_to_a_page_of_it(real_site):
    assert every_broken_link(real_site, SITE_URL) == []


def write(src: Path, build: Path, builder: str) -> Path:
    """``src`` written by ``builder`` into ``build/<builder>``, from the environment kept in ``build``; its output."""
    app = SphinxTestApp(builder, srcdir=src, builddir=build, confoverrides={"msblog_pagefind": False})
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    return app.outdir


def retitle_one_delete_another(src: Path) -> None:
    """The first post retitled; the second, with its discussion, deleted."""
    first = src / "posts/2016/01/first.md"
    first.write_text(first.read_text().replace("# The first post", "# The retitled first post"))
    (src / "posts/2016/02/second.md").unlink()
    (src / "comments/2016/02/second.md").unlink()


def edit_a_comment(src: Path) -> None:
    """A comment of the first post edited: the post is read again, its file unchanged."""
    comments = src / "comments/2016/01/first.md"
    comments.write_text(comments.read_text().replace("HSCT worked for me.", "HSCT worked well for me."))


def written_site(out: Path) -> dict[str, object]:
    """Every file and folder of a written site, with the text and links of each page's article and sidebar."""
    found: dict[str, object] = {}
    for path in sorted(out.rglob("*")):
        name = path.relative_to(out).as_posix()
        if path.suffix != ".html" or name.startswith("_"):
            found[name] = path.is_dir()
            continue
        parts = parse_html(path).select('article[role="main"], .sidebar-drawer')
        found[name] = [(" ".join(part.get_text().split()), [a["href"] for a in part.select("a[href]")])
                       for part in parts]
    return found


def clean_build(work: Path, src: Path, builder: str) -> Path:
    """A copy of ``src`` written by ``builder`` from nothing."""
    shutil.copytree(src, work / "clean", ignore=shutil.ignore_patterns("_build"))
    return write(work / "clean", work / "clean-build", builder)


def test_an_incremental_dirhtml_build_after_a_deletion_leaves_no_folder_of_a_page_gone(tmp_path):
    """dirhtml writes each page into a folder of its own: a page gone takes its folder with it."""
    src = shutil.copytree(TESTS / "roots/test-builders", tmp_path / "src")
    write(src, tmp_path / "_build", "dirhtml")
    retitle_one_delete_another(src)
    out = write(src, tmp_path / "_build", "dirhtml")
    assert not (out / "posts/2016/02/second").exists() and not (out / "blog/page").exists()
    assert not (out / "therapies/hsct/page").exists()
    assert written_site(out) == written_site(clean_build(tmp_path, src, "dirhtml"))


@pytest.mark.parametrize("first, second, edit", [("html", "dirhtml", retitle_one_delete_another),
                                                  ("dirhtml", "html", retitle_one_delete_another),
                                                  ("html", "dirhtml", edit_a_comment)])
def test_a_second_builder_from_one_environment_writes_what_a_clean_build_of_it_writes(tmp_path, first, second, edit):
    """Two builders write one environment, each into its folder; after an edit, the first reads it and writes its
    site, then the second writes its own from the same environment: every page that shows the retitled post shows
    its new title (listings, postlist, related posts, mentions), a post read again for its discussion shows the
    edited comment, and the deleted post is gone."""
    src = shutil.copytree(TESTS / "roots/test-builders", tmp_path / "src")
    for builder in (first, second):
        write(src, tmp_path / "_build", builder)
    edit(src)
    write(src, tmp_path / "_build", first)
    out = write(src, tmp_path / "_build", second)
    assert written_site(out) == written_site(clean_build(tmp_path, src, second))


def test_two_entries_charts_on_a_single_page_have_ids_of_their_own(tmp_path):
    """Each chart's title, description and hatching are referred to by id: two charts on one page keep apart."""
    app = single_page(tmp_path, ("therapies/hsct", "therapies/alemtuzumab"), msblog_pagefind=False)
    html = parse_html(app.outdir / "index.html")
    ids = [tag["id"] for chart in html.select(".mention-chart") for tag in [chart, *chart.select("[id]")]]
    assert len(html.select(".mention-chart")) == 2 and len(ids) == len(set(ids))

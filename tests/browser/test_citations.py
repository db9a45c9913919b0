"""Pages of papers and trials cited, in a real browser: the search filtered by a paper, as its page links it, and
the pages read in both colour schemes, on a phone and a desktop.

A site of its own, the citations test root built with Pagefind, served for this module: ``base_url`` and
``browser`` here stand in for the real site's, so that :func:`tests.browser.test_reading.open_page` opens its pages.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from msblog.bench.search import CHROMIUM, FLAGS
from tests.helpers import REPO, SITE_URL, build, copy_root, served

PAPER = "PMID 21175342"  # cited by both posts, in 2015 and 2016, and by a comment under each
CITING = ["A post citing every kind", "An earlier post"]
# A page of a paper named by its identifier, of one titled from the bibliography (a long title, a long DOI), the index.
PAGES = {"paper": "cited/pmid-21175342.html", "titled": "cited/doi-10-1016-s0140-6736-12-61769-3-*.html",
         "index": "cited/index.html"}
SCHEMES = {"light": "dark", "dark": "light"}  # furo's choice, and the reader's own, the other way round
WIDTHS = [320, 1280]


def dressed(root: Path) -> None:
    """``root`` in the site's own configuration, styles and templates, so that its pages look as the site's do."""
    for folder in ("_static", "_templates"):
        shutil.copytree(REPO / folder, root / folder)
    shutil.copyfile(REPO / "conf.py", root / "conf.py")


@pytest.fixture(scope="module")
def cited_site(tmp_path_factory) -> Path:
    """The citations test root as the site builds it, search index included; its output folder."""
    work = tmp_path_factory.mktemp("citations")
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("MSBLOG_BASEURL", SITE_URL)  # served from the top of a host, as the real site's tests
        out = build(copy_root("citations", work, dressed), work / "out")
    assert (out / "pagefind").is_dir() and (out / PAGES["paper"]).is_file()
    return out


def path_of(site: Path, kind: str) -> str:
    """The address of a page of ``kind`` in ``site``, from the top of the site."""
    return next(site.glob(PAGES[kind])).relative_to(site).as_posix()


@pytest.fixture(scope="module")
def base_url(cited_site):
    with served(cited_site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url):
    """Debian's Chromium, launched once the site is built (a build must not inherit the driver's pipes)."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: run `apt-get install chromium`.",
                    pytrace=False)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def titles(page) -> list[str]:
    return sorted(page.locator(".search-result-title > a").all_inner_texts())


def searched(page, query: str = ""):
    """``page`` once the results of its search for ``query`` are shown."""
    page.wait_for_selector(f"#search-results[data-query='{query}']", timeout=15000)
    return page


@pytest.fixture
def new_page(browser, base_url):
    """A page of the site, as the reader's browser opens it; closed afterwards."""
    pages = []

    def open_(path):
        pages.append(browser.new_page())
        pages[-1].goto(base_url + path)
        return pages[-1]

    yield open_
    for page in pages:
        page.close()


def test_a_search_by_address_shows_only_the_pages_citing_the_paper(new_page):
    page = searched(new_page("search.html?q=post"), "post")
    assert "A post citing nothing" in titles(page)  # the word alone finds a post citing no paper
    page = searched(new_page("search.html?q=post&cited=PMID%2021175342"), "post")
    assert titles(page) == CITING
    assert page.locator("#search-status").inner_text() == "2 results for “post” with the chosen filters."
    page.locator("#search-filters > summary").click()
    page.wait_for_selector("#search-filter-groups[data-loaded]")
    chosen = page.locator(".search-filter", has=page.locator("summary", has_text="Paper or trial cited"))
    expect(chosen).to_have_attribute("open", "")  # the filter chosen is in sight, checked
    expect(chosen.get_by_role("checkbox", name=PAPER)).to_be_checked()
    assert page.locator("input:checked").count() == 1
    assert titles(page) == CITING


def test_the_paper_page_links_to_the_search_of_the_pages_citing_it(new_page):
    page = new_page(PAGES["paper"])
    page.get_by_role("link", name="search the pages citing it").click()
    page.wait_for_url("**/search.html?cited=PMID%2021175342", timeout=5000)
    searched(page)
    assert titles(page) == CITING
    assert page.locator("#search-status").inner_text() == "2 results with the chosen filters."
    page.locator("#search-input").fill("earlier")  # a word, searched among the pages citing it
    searched(page, "earlier")
    assert titles(page) == ["An earlier post"]
    assert page.url.endswith("search.html?q=earlier&cited=PMID+21175342")


def test_every_cited_page_links_to_a_search_that_finds_its_citing_pages(new_page):
    """Each paper and registration of the index, whatever its label holds (a DOI's brackets and slash)."""
    index = new_page(PAGES["index"])
    pages = [link.get_attribute("href") for link in index.locator(".cited-list a").all()]
    assert len(pages) > 10 and any(page.startswith("doi-") for page in pages)
    for href in pages:
        page = new_page(f"cited/{href}")
        citing = sorted(page.locator(".mention-list > li > p > a:first-child").all_inner_texts())
        page.get_by_role("link", name="search the pages citing it").click()
        searched(page)
        assert titles(page) == citing, href

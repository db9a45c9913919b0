"""Pages of papers and trials cited, in a real browser: the search filtered by a paper, as its page links it, and
the pages read in both colour schemes, on a phone and a desktop.

A site of its own, the citations test root built with Pagefind, served for this module: ``base_url`` and
``browser`` here stand in for the real site's, so that :func:`tests.browser.test_reading.open_page` opens its pages.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_reading import CHART_CONTRAST, CONTRAST, ITALIC, NOT_UNDERLINED, TITLE_COVERED, WCAG, open_page
from tests.helpers import REPO, SITE_URL, build, copy_root, served

__all__ = ["open_page"]  # a fixture of this module too

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
def browser(base_url, chromium):
    """The browser, once this module's site is built and served."""
    return chromium


def titles(page) -> list[str]:
    return sorted(page.locator(".search-result-title > a").all_inner_texts())


def searched(page, query: str = ""):
    """``page`` once the results of its search for ``query`` are shown."""
    page.wait_for_selector(f"#search-results[data-query='{query}']", state="attached", timeout=15000)  # empty: hidden
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
    assert page.locator("#search-status").inner_text() == "2 results for “post”, filtered by Paper or trial cited: PMID 21175342."
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
    # the address as the link gives it, or as the search page writes it back once it runs (a space as "+")
    page.wait_for_url(re.compile(r"/search\.html\?cited=PMID(%20|\+)21175342$"), timeout=15000)
    searched(page)
    # no search for no word (Pagefind would load every chunk of the index): a word is asked for, where it is typed
    assert titles(page) == []
    assert page.locator("#search-status").inner_text() == "Type a word to search, filtered by Paper or trial cited: PMID 21175342."
    expect(page.locator("#search-input")).to_be_focused()
    page.keyboard.type("earlier")  # a word, searched among the pages citing it
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
        page.keyboard.type("post")  # a word of every post of the root
        searched(page, "post")
        assert titles(page) == citing, href


# The words of an element cut across two lines, of at most 16 characters ("Nonmyeloablative"): a paper's title holds
# such words, which a reader should see whole (a longer one, an address or an identifier, may be cut to fit a phone).
WORDS_CUT = """selector => {
  const element = document.querySelector(selector), cut = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let text = walker.nextNode(); text; text = walker.nextNode()) {
    for (const word of text.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(text, word.index); range.setEnd(text, word.index + word[0].length);
      if (word[0].length <= 16 && new Set([...range.getClientRects()].map(r => Math.round(r.top))).size > 1) cut.push(word[0]);
    }
  }
  return cut;
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("kind", PAGES)
def test_cited_pages_read_in_both_schemes(open_page, artifacts, cited_site, kind, scheme, width):
    """A paper's page (its chart), one titled from the bibliography and the index: no violations, text and chart text
    at 7:1, nothing sideways or over the title, in the scheme chosen with furo's switch against the reader's own."""
    page = open_page(path_of(cited_site, kind), width, SCHEMES[scheme])
    page.evaluate(f"document.body.dataset.theme = '{scheme}'")
    page.screenshot(path=str(artifacts / f"cited-{kind}-{scheme}-{width}.png"), full_page=True)
    background = page.evaluate("getComputedStyle(document.body).getPropertyValue('--color-background-primary')")
    assert background == {"light": "#fff", "dark": "#131416"}[scheme]  # furo's choice, not the reader's
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]] == []
    worst = page.evaluate(CONTRAST)
    assert worst["ratio"] >= 7, worst
    chart = page.evaluate(CHART_CONTRAST)
    assert kind == "index" or (chart["count"] > 0 and chart["text"] >= 7 and chart["bars"] >= 3), chart
    assert page.evaluate(ITALIC) == []
    assert page.evaluate(NOT_UNDERLINED) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "no sideways scrolling"
    assert page.evaluate("scrollY") == 0 and page.evaluate(TITLE_COVERED) == []
    assert page.evaluate(WORDS_CUT, "article[role=main] h1") == []


FACT_LABELS = """selector => [...document.querySelectorAll(selector)]
  .map(dt => dt.innerText + getComputedStyle(dt, '::after').content.replace(/^none$/, '').replaceAll('"', ''))"""


def test_the_facts_of_a_paper_read_as_a_trial_page_s(open_page, cited_site):
    """Each fact named as on a registry entry's page (Sphinx's field lists): "Kind:", "Cited in:"."""
    trial = open_page("therapies/mist.html")
    assert trial.evaluate(FACT_LABELS, ".registry-facts dt") == ["Kind:", "Registered as:"]
    paper = open_page(path_of(cited_site, "titled"))
    assert paper.evaluate(FACT_LABELS, ".cited-facts dt") == ["DOI:", "Cited in:"]


EXCERPT_STYLE = """() => { const s = getComputedStyle(document.querySelector('.mention-excerpt'));
  return [s.marginTop, s.marginBottom, s.paddingLeft, s.borderLeftWidth, s.borderLeftColor, s.backgroundColor]; }"""


def test_a_paper_page_quotes_its_citations_as_a_trial_page_its_mentions(open_page, cited_site):
    trial = open_page("therapies/mist.html")
    paper = open_page(path_of(cited_site, "paper"))
    assert paper.evaluate(EXCERPT_STYLE) == trial.evaluate(EXCERPT_STYLE)


def test_the_words_of_a_paper_s_title_stay_whole_on_a_phone(open_page, artifacts):
    page = open_page("cited/pmid-30644998.html", 320)  # "Nonmyeloablative HSCT in relapsing MS"
    page.screenshot(path=str(artifacts / "cited-long-word-light-320.png"))
    assert page.evaluate(WORDS_CUT, "article[role=main] h1") == []
    sizes = page.evaluate("['h1', 'h2', 'h3'].map(h => parseFloat(getComputedStyle(document.querySelector("
                          "`article[role=main] ${h}`)).fontSize))")
    assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == 3, "each heading smaller than the one above"

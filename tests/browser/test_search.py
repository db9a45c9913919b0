"""Pagefind search in a real browser: comments are results of their own, filters narrow the results,
and the index msblog cuts again answers every word as the index Pagefind cut."""

from __future__ import annotations

import itertools
import shutil

import pytest

from msblog.sphinxext import pagefind_chunks
from tests.helpers import SEED_POST, served


def search(browser, base_url, query: str):
    page = browser.new_page()
    page.goto(f"{base_url}search.html?q={query}")
    page.wait_for_selector(f"#search-results[data-query='{query}']", timeout=15000)
    return page


def titles(page) -> list[str]:
    return sorted(page.locator(".search-result-title > a").all_inner_texts())


def test_a_word_only_in_one_comment_leads_to_that_comment(browser, base_url):
    page = search(browser, base_url, "kettle")  # "a different kettle of fish": comment 1.1 only
    results = page.locator(".search-result")
    assert results.count() == 1
    assert page.locator("#search-status").inner_text() == "1 result for “kettle”."
    link = results.locator(".search-result-parts a")
    assert link.count() == 1 and link.inner_text() == "Comment 1.1"
    assert link.get_attribute("href") == f"/{SEED_POST}.html#comment-1.1"
    assert results.locator("mark").all_inner_texts() == ["kettle"]
    link.click()
    page.wait_for_url("**#comment-1.1", timeout=5000)
    comment = page.locator("#comment-1\\.1")
    assert comment.is_visible() and "kettle of fish" in comment.inner_text()
    page.close()


def test_filters_load_when_opened_and_narrow_the_results(browser, base_url):
    page = search(browser, base_url, "induction")
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    assert len(titles(page)) > 1  # the post and therapy pages
    assert not [url for url in fetched if "/filter/" in url]  # no filter is loaded for a search
    page.locator("#search-filters > summary").click()
    page.wait_for_selector("#search-filter-groups[data-loaded]")
    assert [url for url in fetched if "/filter/" in url]
    groups = page.locator(".search-filter > summary").all_inner_texts()
    assert groups == ["Therapy", "Trial", "Year", "Kind of page"]  # no post of the seed names its author
    page.locator(".search-filter > summary", has_text="Kind of page").click()
    page.get_by_role("checkbox", name="Post").check()
    page.wait_for_function("document.querySelectorAll('.search-result').length === 1")
    assert titles(page) == ["Induction therapies: more science is needed"]
    assert page.locator("#search-status").inner_text() == "1 result for “induction”, filtered by Kind of page: Post."
    page.get_by_role("checkbox", name="Therapy or trial page").check()  # a second value: either is shown
    page.wait_for_function("document.querySelectorAll('.search-result').length > 1")
    assert page.locator("#search-status").inner_text().endswith(
        "“induction”, filtered by Kind of page: Post or Therapy or trial page.")
    page.close()


def test_more_results_are_fetched_when_asked_and_take_the_focus(browser, base_url):
    page = search(browser, base_url, "the")
    total = int(page.locator("#search-status").inner_text().split()[0])
    assert total > 5 and page.locator(".search-result").count() == 5
    page.locator("#search-more").click()
    page.wait_for_function("document.querySelectorAll('.search-result').length > 5")
    assert page.locator(".search-result").count() == min(10, total)
    assert page.evaluate("document.activeElement.closest('.search-result') === "
                         "document.querySelectorAll('.search-result')[5]")
    page.close()


def test_the_sidebar_search_box_leads_to_the_results(browser, base_url):
    page = browser.new_page()
    page.goto(f"{base_url}{SEED_POST}.html")
    page.locator(".sidebar-search").fill("kettle")
    page.locator(".sidebar-search").press("Enter")
    page.wait_for_selector(".search-result", timeout=15000)
    assert "search.html?q=kettle" in page.url
    assert page.locator(".search-result-parts a").get_attribute("href").endswith("#comment-1.1")
    page.close()


def test_typing_searches_and_the_address_keeps_the_query(browser, base_url):
    page = search(browser, base_url, "kettle")
    page.locator("#search-input").fill("induction")
    page.wait_for_selector("#search-results[data-query='induction']", timeout=15000)
    assert page.url.endswith("search.html?q=induction")
    page.close()


@pytest.fixture(scope="module")
def finely_cut(site, tmp_path_factory):
    """The site with its index cut again into chunks of three locations, served on its own."""
    copy = tmp_path_factory.mktemp("finely-cut") / "html"
    shutil.copytree(site, copy)
    target, pagefind_chunks.TARGET = pagefind_chunks.TARGET, 3
    try:
        for bundle in (copy / "pagefind").iterdir():
            pagefind_chunks.recut_bundle(bundle)
    finally:
        pagefind_chunks.TARGET = target
    with served(copy) as url:
        yield copy, url


FIND_EACH = """async ({bundle, words}) => {
  const pagefind = await import(bundle + "pagefind.js");
  await pagefind.options({baseUrl: "/"});
  const found = {};
  for (const word of words) found[word] = (await pagefind.search(word)).results.map(r => r.id).sort();
  return found;
}"""


def test_every_word_finds_its_pages_in_the_index_cut_again(browser, base_url, finely_cut):
    """Each word of the index (its pages numbered by differences) finds its pages, and the same as before."""
    copy, copy_url = finely_cut
    for bundle in sorted(path.name for path in (copy / "pagefind").iterdir()):
        folder = copy / "pagefind" / bundle
        _, meta, chunks = pagefind_chunks.read_index(folder, "en")
        pages = {word[0]: sorted(meta[1][number][0] for number in itertools.accumulate(page[0] for page in word[1]))
                 for chunk in chunks for word in chunk if any(c.isalnum() for c in word[0])}  # a query drops punctuation
        assert len(meta[2]) > len(pages) / 4, "most chunks hold a word or two"
        answers = []
        for url in (base_url, copy_url):  # the site's index, and the same cut again
            page = browser.new_page()
            page.goto(f"{url}index.html")
            answers.append(page.evaluate(FIND_EACH, {"bundle": f"/pagefind/{bundle}/", "words": list(pages)}))
            page.close()
        as_cut, cut_again = answers
        assert {word: found for word, found in pages.items() if not set(found) <= set(cut_again[word])} == {}
        # A query finds longer words too, from the chunks it loads; a word that begins no other finds the same.
        whole = [word for word in pages if not any(other != word and other.startswith(word) for other in pages)]
        assert {word: cut_again[word] for word in whole} == {word: as_cut[word] for word in whole}


def test_a_search_that_cannot_load_says_so(browser, site, tmp_path):
    copy = tmp_path / "html"
    shutil.copytree(site, copy)
    for script in (copy / "pagefind").glob("*/pagefind.js"):
        script.unlink()
    with served(copy) as url:
        page = browser.new_page()
        page.goto(f"{url}search.html?q=kettle")
        page.wait_for_function("document.getElementById('search-status').textContent.startsWith('The search could not run')")
        assert page.locator(".search-result").count() == 0
        page.close()


def typed(browser, base_url, query: str):
    """The search page, with ``query`` typed into its box, once its results are shown."""
    page = browser.new_page()
    page.goto(f"{base_url}search.html")
    page.locator("#search-input").fill(query)
    page.wait_for_selector(f"#search-results[data-query='{query}']", timeout=15000)
    return page


def test_a_brand_name_finds_its_therapy_under_every_name_the_entry_first(browser, base_url):
    page = typed(browser, base_url, "lemtrada")  # in any case: Lemtrada is no acronym
    results = page.locator(".search-result-title > a")
    assert results.first.inner_text() == "Alemtuzumab" and results.first.get_attribute("href") == "/therapies/alemtuzumab.html"
    assert "Induction therapies: more science is needed" in results.all_inner_texts()  # "alemtuzumab" in its text
    status = page.locator("#search-status").inner_text()
    assert status == (f"{results.count()} results for “lemtrada”. Lemtrada is a name of alemtuzumab: "
                      "also searching alemtuzumab, Campath.")
    page.close()


def test_a_query_that_only_contains_a_name_searches_as_written(browser, base_url):
    page = typed(browser, base_url, "Lemtrada Campath")
    assert page.locator("#search-status").inner_text().endswith("results for “Lemtrada Campath”.")  # nothing more
    page.close()
    page = typed(browser, base_url, "hsct")  # HSCT is an acronym: only as written is it the entry's name
    assert "is a name of" not in page.locator("#search-status").inner_text()
    page.close()


def test_a_name_of_a_registry_entry_loads_no_more_of_the_index_than_its_names_do(browser, finely_cut):
    """Finding the entry's page to offer it first loads nothing of the index that searching its names does not
    (a search of every page, for no word, would load all of it: 43 MB at 10,000 posts)."""
    copy, url = finely_cut
    fetched = {}
    for query in ("lemtrada", "Lemtrada Campath alemtuzumab"):  # an entry's name, then its names as words
        chunks = []
        page = browser.new_page()
        page.on("request", lambda request, chunks=chunks: request.url.endswith(".pf_index") and chunks.append(request.url))
        page.goto(f"{url}search.html")
        page.locator("#search-input").fill(query)
        page.wait_for_selector(f"#search-results[data-query='{query}']", timeout=15000)
        page.wait_for_load_state("networkidle")
        fetched[query] = set(chunks)
        if query == "lemtrada":
            assert page.locator(".search-result-title > a").first.inner_text() == "Alemtuzumab"
        page.close()
    every_chunk = list((copy / "pagefind").rglob("*.pf_index"))
    assert fetched["lemtrada"] and fetched["lemtrada"] <= fetched["Lemtrada Campath alemtuzumab"]
    assert len(fetched["lemtrada"]) < len(every_chunk) / 10


def test_filters_without_a_word_load_no_chunk_of_the_index_and_ask_for_one(browser, finely_cut):
    """Pagefind answers a search for no word from every chunk of every shard (43 MB at 10,000 posts)."""
    copy, url = finely_cut
    chunks = []
    page = browser.new_page()
    page.on("request", lambda request: request.url.endswith(".pf_index") and chunks.append(request.url))
    page.goto(f"{url}search.html")
    page.locator("#search-filters > summary").click()
    page.wait_for_selector("#search-filter-groups[data-loaded]")
    page.locator(".search-filter > summary", has_text="Kind of page").click()
    page.get_by_role("checkbox", name="Post").check()
    page.wait_for_selector("#search-results[data-query='']", state="attached", timeout=15000)  # empty, so hidden
    page.wait_for_load_state("networkidle")
    assert page.locator("#search-status").inner_text() == "Type a word to search, filtered by Kind of page: Post."
    assert page.locator(".search-result").count() == 0 and chunks == []
    page.locator("#search-input").fill("kettle")
    page.wait_for_selector("#search-results[data-query='kettle']", timeout=15000)
    assert page.locator("#search-status").inner_text() == "1 result for “kettle”, filtered by Kind of page: Post."
    assert chunks and len(set(chunks)) < len(list((copy / "pagefind").rglob("*.pf_index"))) / 10
    page.close()

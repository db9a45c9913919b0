"""Pagefind search in a real browser: comments are results of their own, and filters narrow the results."""

from __future__ import annotations

from tests.helpers import SEED_POST


def search(browser, base_url, query: str):
    page = browser.new_page()
    page.goto(f"{base_url}search.html?q={query}")
    page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    return page


def test_a_word_only_in_one_comment_leads_to_that_comment(browser, base_url):
    page = search(browser, base_url, "kettle")  # "a different kettle of fish": comment 1.1 only
    results = page.locator(".pagefind-ui__result")
    assert results.count() == 1
    link = results.locator(".pagefind-ui__result-nested a")
    assert link.count() == 1 and link.inner_text() == "Comment 1.1"
    assert link.get_attribute("href") == f"/{SEED_POST}.html#comment-1.1"
    assert "kettle" in results.locator("mark").first.inner_text()
    link.click()
    page.wait_for_url("**#comment-1.1", timeout=5000)
    comment = page.locator("#comment-1\\.1")
    assert comment.is_visible() and "kettle of fish" in comment.inner_text()
    page.close()


def test_filters_by_kind_therapy_and_year(browser, base_url):
    page = search(browser, base_url, "induction")
    titles = lambda: sorted(page.locator(".pagefind-ui__result-title > a").all_inner_texts())  # noqa: E731
    assert len(titles()) > 1  # the post and therapy pages
    for name in ["Kind", "Therapy", "Trial", "Year"]:
        assert page.locator("summary.pagefind-ui__filter-name", has_text=name).count() == 1, name
    page.locator("summary.pagefind-ui__filter-name", has_text="Kind").click()
    page.locator("label.pagefind-ui__filter-label", has_text="Post").click()
    page.wait_for_function("document.querySelectorAll('.pagefind-ui__result').length === 1")
    assert titles() == ["Induction therapies: more science is needed"]
    page.close()


def test_the_sidebar_search_box_leads_to_the_results(browser, base_url):
    page = browser.new_page()
    page.goto(f"{base_url}{SEED_POST}.html")
    page.locator(".sidebar-search").fill("kettle")
    page.locator(".sidebar-search").press("Enter")
    page.wait_for_selector(".pagefind-ui__result", timeout=15000)
    assert "search.html?q=kettle" in page.url
    assert page.locator(".pagefind-ui__result-nested a").get_attribute("href").endswith("#comment-1.1")
    page.close()

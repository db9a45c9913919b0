"""Bytes a reader's browser transfers to answer one search, measured in Chromium.

Chromium reads the built site from its folder: each request to :data:`ORIGIN`
is answered with the file it names, as a static host would (no server runs).
The search page runs a query and waits for its results. Every response the
search needs is counted at the size a static host sends it: JavaScript, CSS
and JSON gzip-compressed (as Read the Docs serves them), Pagefind's index files
as they are (they are compressed already).
"""

from __future__ import annotations

import gzip
import random
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urlsplit

from msblog.sphinxext.pagefind_chunks import read_entry, read_index

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
COMPRESSED_BY_HOST = (".js", ".css", ".json", ".html")
SEARCH_FILES = ("/pagefind/", "/msblog-search.js")  # Pagefind's code and index, and the search page's own script
ORIGIN = "http://site.invalid/"  # where the page reads the site from; never looked up (.invalid, RFC 2606)


def _from_folder(site: Path):
    """A route handler answering a request with the file of ``site`` it names (``index.html`` for a folder), or 404."""
    root = site.resolve()

    def answer(route) -> None:
        file = (root / unquote(urlsplit(route.request.url).path).lstrip("/")).resolve()
        file = file / "index.html" if file.is_dir() else file
        if file.is_relative_to(root) and file.is_file():
            route.fulfill(path=file)
        else:
            route.fulfill(status=404)

    return answer


def _sent_size(url: str, body: bytes) -> int:
    return len(gzip.compress(body)) if url.split("?")[0].endswith(COMPRESSED_BY_HOST) else len(body)


def search_kb(site: Path, queries: list[str]) -> list[float]:
    """KB transferred for each query, typed one after the other on one search page in a fresh browser.

    The first also loads the search code (the page's script, Pagefind's, and its
    WebAssembly) and each shard's metadata; the others load only the index
    chunks and result fragments they need. Filters load only when the reader
    opens them, so no query here does.
    """
    from playwright.sync_api import sync_playwright

    transferred = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        page.route(f"{ORIGIN}**", _from_folder(site))
        responses = []
        page.on("response", lambda r: any(part in r.url for part in SEARCH_FILES) and responses.append(r))
        page.goto(f"{ORIGIN}search.html")
        for query in queries:
            page.fill("#search-input", query)
            page.wait_for_function("q => document.getElementById('search-results').dataset.query === q",
                                   arg=query, timeout=60_000)  # set once the results are shown, none included
            page.wait_for_load_state("networkidle")
            transferred.append(sum(_sent_size(r.url, r.body()) for r in responses) / 1024)
            responses.clear()
        browser.close()
    return transferred


SHARES = [(0.0, 0.0001), (0.0001, 0.0005), (0.0005, 0.002), (0.002, 0.01), (0.01, 1.0)]  # of all the words written


def word_shares(site: Path) -> tuple[int, Counter]:
    """The words written on the post pages (posts and their comments), and how often each word of the index is there.

    What a query fetches grows with how often its word is written: Pagefind's
    index holds every place the word is on every page.
    """
    written, found = 0, Counter()
    for bundle in sorted(site.glob("pagefind/posts-*")):
        for language in read_entry(bundle)["languages"]:
            _, meta, chunks = read_index(bundle, language)
            written += sum(page[1] for page in meta[1])
            found.update({word[0]: sum(place >= 0 for page in word[1] for place in page[1])  # < 0: a weight
                          for chunk in chunks for word in chunk if word[0].isalpha()})
    return written, found


def words_by_share(site: Path, shares=SHARES, per_share: int = 3, seed: int = 0) -> dict[tuple[float, float], tuple[int, list[str]]]:
    """For each share of all the words written, how many words of the index make up that share, and a few of them."""
    written, found = word_shares(site)
    chosen, rng = {}, random.Random(seed)
    for low, high in shares:
        band = sorted(word for word, count in found.items() if low <= count / written < high or count == written and high == 1.0)
        chosen[low, high] = (len(band), rng.sample(band, min(per_share, len(band))))
    return chosen

"""Bytes a reader's browser transfers to answer one search, measured in Chromium.

The built site is served on localhost; the search page runs a query and waits
for its results. Every response the search needs is counted at the size a
static host sends it: JavaScript, CSS and JSON gzip-compressed (as Read the Docs
serves them), Pagefind's index files as they are (they are compressed already).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import random
import threading
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

from msblog.sphinxext.pagefind_chunks import read_entry, read_index

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
COMPRESSED_BY_HOST = (".js", ".css", ".json", ".html")
SEARCH_FILES = ("/pagefind/", "/msblog-search.js")  # Pagefind's code and index, and the search page's own script


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


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
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        responses = []
        page.on("response", lambda r: any(part in r.url for part in SEARCH_FILES) and responses.append(r))
        page.goto(f"{base}search.html")
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

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
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run"]
COMPRESSED_BY_HOST = (".js", ".css", ".json", ".html")


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


def search_kb(site: Path, queries: list[str]) -> dict[str, float]:
    """For each query: KB transferred by the search page's Pagefind files to show its first results."""
    from playwright.sync_api import sync_playwright

    results = {}
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for query in queries:
            page = browser.new_page()  # a fresh cache: nothing loaded by an earlier query counts as free
            sizes: list[int] = []
            page.on("response", lambda r: "/pagefind/" in r.url and sizes.append(_sent_size(r.url, r.body())))
            page.goto(f"{base}search.html?q={quote(query)}")
            page.wait_for_selector(".pagefind-ui__result", timeout=60_000)
            page.wait_for_load_state("networkidle")
            results[query] = sum(sizes) / 1024
            page.close()
        browser.close()
    return results

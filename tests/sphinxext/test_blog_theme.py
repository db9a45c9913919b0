"""The theme's pages as the site builds them."""

from __future__ import annotations

import shutil

import sphinx.builders.html
from sphinx.testing.util import SphinxTestApp

from tests.helpers import TESTS, parse_html


def test_each_stylesheet_and_script_is_checksummed_once_a_build_not_once_a_page(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-xrefs", src)
    checksum = sphinx.builders.html._file_checksum
    asked, original = [], getattr(checksum, "msblog_original", checksum)  # Sphinx's own
    monkeypatch.setattr(sphinx.builders.html, "_file_checksum",
                        lambda outdir, filename: asked.append(filename) or original(outdir, filename))
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    app.cleanup()
    pages = list(app.outdir.rglob("*.html"))
    assert app.statuscode == 0 and len(pages) > 5
    assert asked and len(asked) == len(set(asked)), asked
    for page in pages[:5]:
        assert all("?v=" in link["href"] for link in parse_html(page).select('link[rel="stylesheet"]')), page

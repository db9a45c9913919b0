"""Sphinx extensions for the MS Blog Archive: ``extensions = ["msblog.sphinxext"]``."""

from __future__ import annotations

from sphinx.application import Sphinx

import msblog

COMPONENTS = ("blog_theme", "parallel", "feed_copies", "pages", "listings", "redirects", "sitemap", "opinions", "discussions",
              "posts", "registry", "therapy_domain", "deferred_links", "mentions", "mention_pages", "archive_links",
              "comment_links", "related", "search")


def setup(app: Sphinx) -> dict:
    app.setup_extension("myst_parser")
    app.setup_extension("ablog")
    for component in COMPONENTS:
        app.setup_extension(f"msblog.sphinxext.{component}")
    return {"version": msblog.__version__, "parallel_read_safe": True, "parallel_write_safe": True}

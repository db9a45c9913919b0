"""Search with Pagefind: an index cut into chunks, of which a query loads only what it needs.

With ``msblog_pagefind`` on (the default), Sphinx's one-file search index and
search page are not made. Posts and registry pages are marked for indexing
(``data-pagefind-body``) and tagged with filters: year, author, therapy, trial
and kind of page. The search page (``search.html``, where furo's search box
sends its query) runs Pagefind's UI; ``msblog-search.js`` makes every comment a
result of its own that links to it (``#comment-ID``). After each successful
HTML build, Pagefind indexes the whole output.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from html import escape
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

from msblog.sphinxext.pages import Page, only_changed
from msblog.sphinxext.therapies import registry, registry_docname

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
# Page furniture that would make every post match the titles of others, or words like "link".
NOT_INDEXED = (".related-posts", ".post-facts", ".jump-to-discussion", ".comment-permalink", ".discussion-count",
               ".mention-list", ".mention-count", ".headerlink")


def searching(app: Sphinx) -> bool:
    return getattr(app.builder, "msblog_pagefind", False)


def use_pagefind(app: Sphinx) -> None:
    """Pagefind replaces Sphinx's search index and page in the builders that have them."""
    builder = app.builder
    builder.msblog_pagefind = app.config.msblog_pagefind and isinstance(builder, StandaloneHTMLBuilder) and builder.search
    if builder.msblog_pagefind:
        builder.search = False


def _filters(app: Sphinx, docname: str) -> dict[str, set[str]]:
    env = app.env
    names = {entry.docname: entry for entry in registry(env)}
    if registry_docname(app.config, docname):
        entry = names.get(docname)
        return {"kind": {"Therapy or trial page"}, **({entry.type: {entry.name}} if entry else {})}
    post = env.ablog_posts[docname][0]
    filters = {"kind": {"Post"}, "author": set(post["author"]), "therapy": set(), "trial": set()}
    if post["date"]:
        filters["year"] = {str(post["date"].year)}
    for mention in env.msblog_mentions.get(docname, []):
        if mention.entry in names:
            filters[names[mention.entry].type].add(names[mention.entry].name)
    return filters


def mark_for_indexing(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Posts and registry pages are indexed, with their filters; other pages are not."""
    indexed = pagename in getattr(app.env, "ablog_posts", {}) or (
        registry_docname(app.config, pagename) and pagename in app.env.found_docs)
    if not searching(app) or doctree is None or not indexed:
        return
    body = context["body"].lstrip()
    # On the page's own section where there is one, so the page's HTML structure stays as it is.
    context["body"] = (body.replace("<section", "<section data-pagefind-body", 1) if body.startswith("<section")
                       else f"<div data-pagefind-body>{body}</div>")
    tags = [f'<meta data-pagefind-filter="{name}[content]" content="{escape(value)}">'
            for name, values in sorted(_filters(app, pagename).items()) for value in sorted(values)]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def search_page(app: Sphinx):
    """The search page, and the script and styles it needs."""
    if searching(app):
        for asset in sorted(STATIC.iterdir()):
            copy_asset_file(asset, app.outdir / "_static", force=True)
        yield from only_changed(app, [Page("search", {"title": "Search the archive"}, "msblog/search.html",
                                           "search", listed=False)])


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """Index the whole output into a new bundle, then put it in place of the old one (none of it stays)."""
    if exception is not None or not searching(app):
        return
    bundle = Path(app.outdir) / "pagefind"
    with tempfile.TemporaryDirectory(dir=Path(app.outdir).parent, prefix="pagefind-") as work:
        command = [sys.executable, "-m", "pagefind", "--site", str(app.outdir), "--output-path", f"{work}/pagefind",
                   "--silent", "--exclude-selectors", ", ".join(NOT_INDEXED)]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            logger.error(f"Pagefind could not index {app.outdir}: {result.stderr.strip() or result.stdout.strip()}",
                         type="msblog", subtype="search")
            app.statuscode = 1
            return
        shutil.rmtree(bundle, ignore_errors=True)
        os.replace(f"{work}/pagefind", bundle)


def setup(app: Sphinx) -> dict:
    app.add_config_value("msblog_pagefind", True, "html", bool)
    app.connect("builder-inited", use_pagefind)
    app.connect("html-page-context", mark_for_indexing)
    app.connect("html-collect-pages", search_page)
    app.connect("build-finished", index_site, priority=900)  # after the pages and the sitemap are written
    return {"parallel_read_safe": True, "parallel_write_safe": True}

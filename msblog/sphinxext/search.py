"""Search with Pagefind: an index cut into chunks, of which a query loads only what it needs.

With ``msblog_pagefind`` on (the default), Sphinx's one-file search index and
search page are not made. Posts and registry pages are marked for indexing
(``data-pagefind-body``, on the page's own section, written by nodes of this
module) and tagged with filters: year, author, therapy, trial, kind of page, and the papers and trials a post or its
comments cite (``cited``, by label: ``search.html?cited=PMID%2021175342`` chooses one, as an identifier's page does). The search page (``search.html``, where furo's search box
sends its query) searches every shard of the index (one per year of posts, one
per folder of other pages) with ``msblog-search.js``, on Pagefind's JavaScript
API; under each page found it lists the comments that match, each linked
(``#comment-ID``). A search for any name of a registry entry (a brand, such as
Lemtrada) also searches its other names, offers the entry's page first, and
says so; the names come from the registry, written into the search page.
After each successful HTML build, Pagefind indexes again the
shards whose pages changed, or all of them when the way of indexing changed.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
from html import escape
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.fileutil import copy_asset_file

import msblog
from msblog.model.registry import is_acronym
from msblog.sphinxext import compat, pagefind_chunks, stages
from msblog.sphinxext.citations import citations_of
from msblog.sphinxext.layout import layout
from msblog.sphinxext.mentions import mentions_of
from msblog.sphinxext.pages import Page, digest, made_file, only_changed
from msblog.sphinxext.registry import registry

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
BUNDLES = "pagefind"  # one Pagefind bundle per shard under it: pagefind/posts-2015/, pagefind/therapies/
# Page furniture that would make every post match the titles of others, or words like "link", a weekday or
# "reply": a comment's time and "Author unknown" are not searched for (the year and author filters are), nor an old
# post's note on its age, nor the titles of the posts before and after it.
NOT_INDEXED = (".related-posts", ".post-facts", ".jump-to-discussion", ".comment-permalink", ".discussion-count",
               ".mention-list", ".mention-count", ".headerlink", ".comment-time", ".comment-unknown",
               ".comment-replies > summary", ".archive-age", ".post-neighbours")


def searching(app: Sphinx) -> bool:
    return getattr(app.builder, "msblog_pagefind", False)


def use_pagefind(app: Sphinx) -> None:
    """Pagefind replaces Sphinx's search index and page in the builders that have them and write each page
    to a file of its own, which Pagefind indexes (not singlehtml: one page, and no search page)."""
    builder = app.builder
    builder.msblog_pagefind = (app.config.msblog_pagefind and isinstance(builder, StandaloneHTMLBuilder)
                               and not isinstance(builder, SingleFileHTMLBuilder) and compat.has_sphinx_search(builder))
    if builder.msblog_pagefind:
        compat.turn_off_sphinx_search(builder)


def _filters(app: Sphinx, docname: str) -> dict[str, set[str]]:
    env = app.env
    names = {entry.docname: entry for entry in registry(env)}
    if layout(app).is_registry_page(docname):
        entry = names.get(docname)
        return {"kind": {"Therapy or trial page"}, **({entry.type: {entry.name}} if entry else {})}
    post = compat.ablog_posts(env)[docname][0]
    filters = {"kind": {"Post"}, "author": set(post["author"]), "therapy": set(), "trial": set()}
    if post["date"]:
        filters["year"] = {str(post["date"].year)}
    for mention in mentions_of(env, docname):
        if mention.entry in names and mention.comment is None:  # what the post is about, not every aside
            filters[names[mention.entry].type].add(names[mention.entry].name)
    filters["cited"] = {citation.identifier.label for citation in citations_of(env, docname)}  # its comments' too
    return filters


def indexed(app: Sphinx, docname: str) -> bool:
    """Posts ABlog recorded (not those the build refused) and registry pages are search results; listings and
    other pages are not."""
    return docname in compat.ablog_posts(app.env) or (
        layout(app).is_registry_page(docname) and docname in app.env.found_docs)


def shard_name(app: Sphinx, docname: str) -> str:
    """The index a page belongs to: a year of posts (``posts-2015``), or its folder (``therapies``)."""
    site = layout(app)
    post = site.post_name(docname)
    if post is not None and len(post.parts) > 1:  # YYYY/MM/slug
        return "-".join([*PurePosixPath(site.posts).parts, post.parts[0]])
    return docname.split("/")[0]


def shards(app: Sphinx) -> dict[str, list[str]]:
    """Each shard of the index and the documents in it."""
    found: dict[str, list[str]] = {}
    for docname in sorted(app.env.found_docs):
        if indexed(app, docname):
            found.setdefault(shard_name(app, docname), []).append(docname)
    return found


class pagefind_section(nodes.section):
    """A page's own section, which Pagefind indexes: ``<section data-pagefind-body="">``."""


class pagefind_body(nodes.Element):
    """A page's content, which Pagefind indexes, where it is not one section: ``<div data-pagefind-body="">``."""


def _visit_pagefind_section(translator, node: pagefind_section) -> None:
    compat.open_section(translator, node, **{"data-pagefind-body": ""})


def _depart_pagefind_section(translator, node: pagefind_section) -> None:
    translator.depart_section(node)


def _visit_pagefind_body(translator, node: pagefind_body) -> None:
    translator.body.append(translator.starttag(node, "div", "", **{"data-pagefind-body": ""}))


def _depart_pagefind_body(translator, node: pagefind_body) -> None:
    translator.body.append("</div>")


def mark_body(doctree: nodes.document) -> None:
    """Mark what Pagefind indexes: the page's own section if it opens the page (so the page's HTML structure
    stays as it is), or else all the page holds."""
    shown = [node for node in doctree.children if not isinstance(node, nodes.Invisible)]
    if shown and type(shown[0]) is nodes.section:
        section = shown[0]
        section.replace_self(pagefind_section(section.rawsource, *section.children, **section.attributes))
    else:
        body = pagefind_body("", *doctree.children)
        doctree.clear()
        doctree += body


def mark_indexed_page(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Posts and registry pages are indexed; other pages are not."""
    if searching(app) and indexed(app, docname):
        mark_body(doctree)


def filters_for_indexing(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """An indexed page's filters, in its head."""
    if not searching(app) or doctree is None or not indexed(app, pagename):
        return
    tags = [f'<meta data-pagefind-filter="{name}[content]" content="{escape(value)}">'
            for name, values in sorted(_filters(app, pagename).items()) for value in sorted(values)]
    context["metatags"] = context.get("metatags", "") + "\n".join(tags) + "\n"


def search_page(app: Sphinx):
    """The search page, which merges every shard, and the script and styles it needs."""
    if searching(app):
        for asset in sorted(STATIC.iterdir()):
            copy_asset_file(asset, app.outdir / "_static", force=True)
            made_file(app, f"_static/{asset.name}")  # deleted by a build with Pagefind off
        bundles = [f"{BUNDLES}/{name}/" for name in shards(app)]
        assets = digest([asset.read_bytes() for asset in sorted(STATIC.iterdir())])[:10]  # browsers fetch new ones
        names = entry_names(app)
        yield from only_changed(app, [Page("search", {"title": "Search the archive", "bundles": bundles, "assets": assets,
                                                      "entry_names": names},
                                           "msblog/search.html", (bundles, assets, names), listed=False)])


def entry_names(app: Sphinx) -> list[tuple[str, dict]]:
    """Each registry entry with a page, and the names a search for any of which also searches the others: the
    page's document, and the entry's kind (its filter), canonical name and every name, each with whether it is
    matched only as written (an acronym, by the registry's rule)."""
    return [(entry.docname, {"type": entry.type, "name": entry.name,
                             "names": [{"name": name, "exact": is_acronym(name)} for name in entry.names]})
            for entry in sorted(registry(app.env), key=lambda entry: entry.docname)
            if entry.docname in app.env.found_docs]


def _index_shard(app: Sphinx, docnames: list[str], bundle: Path) -> bool:
    """Index the pages of one shard into a new bundle that then replaces ``bundle``."""
    pages = Path(app.outdir)
    with tempfile.TemporaryDirectory(dir=pages.parent, prefix="pagefind-") as work:
        listed = Path(work) / "pages"  # the shard's pages, linked, so Pagefind reads nothing else
        for docname in docnames:
            target = Path(compat.page_file(app.builder, docname))
            link = listed / target.relative_to(pages)
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(target)
        command = [sys.executable, "-m", "pagefind", "--site", str(listed), "--output-path", f"{work}/bundle",
                   "--silent", "--exclude-selectors", ", ".join(NOT_INDEXED)]
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                env=compat.pagefind_environment(pagefind_chunks.TARGET))
        if result.returncode != 0:
            logger.error(f"Pagefind could not index {bundle.name}: {result.stderr.strip() or result.stdout.strip()}",
                         type="msblog", subtype="search")
            return False
        try:
            pagefind_chunks.recut_bundle(Path(work) / "bundle")
        except pagefind_chunks.UnknownFormat as error:  # an optimisation that cannot apply: never a failed build
            logger.info(f"The search index of {bundle.name} is left as Pagefind cut it (in larger chunks): {error}")
        shutil.rmtree(bundle, ignore_errors=True)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        os.replace(f"{work}/bundle", bundle)
    return True


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """Index again each shard whose pages were written, added or removed since it was last indexed.

    One shard at a time, so Pagefind holds one year of posts in memory, and an
    edit costs the indexing of its own year only.
    """
    if exception is not None or not searching(app):
        return
    root = Path(app.outdir) / BUNDLES
    state_file = Path(app.doctreedir) / "msblog-search.pickle"
    try:
        previous = pickle.loads(state_file.read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        previous = {}
    current, found = {}, shards(app)
    indexing = (msblog.__version__, version("pagefind"), NOT_INDEXED, pagefind_chunks.TARGET)  # a change: all again
    for name, docnames in found.items():
        entry = root / name / "pagefind-entry.json"
        stamp = (indexing, docnames)
        written = max(Path(compat.page_file(app.builder, d)).stat().st_mtime_ns for d in docnames)
        if previous.get(name) == stamp and entry.is_file() and entry.stat().st_mtime_ns > written:
            current[name] = stamp
        elif _index_shard(app, docnames, root / name):
            current[name] = stamp
        else:
            app.statuscode = 1
    for bundle in root.iterdir() if root.is_dir() else []:
        if bundle.name in found:
            continue
        if bundle.is_dir():  # a year whose posts are all gone
            shutil.rmtree(bundle)
        else:  # a file of the single bundle an earlier msblog wrote
            bundle.unlink()
    state_file.write_bytes(pickle.dumps(current))


def setup(app: Sphinx) -> dict:
    for component in ("msblog.sphinxext.ablog_records", "msblog.sphinxext.blog_theme", "msblog.sphinxext.layout", "msblog.sphinxext.pages",
                      "msblog.sphinxext.registry", "msblog.sphinxext.mentions", "msblog.sphinxext.citations"):
        # posts, templates, pages; filters
        app.setup_extension(component)
    app.add_config_value("msblog_pagefind", True, "html", bool)
    app.add_node(pagefind_section, html=(_visit_pagefind_section, _depart_pagefind_section))
    app.add_node(pagefind_body, html=(_visit_pagefind_body, _depart_pagefind_body))
    app.connect("builder-inited", use_pagefind)
    app.connect("doctree-resolved", mark_indexed_page, priority=stages.AFTER_WRITERS)  # the page as others made it
    app.connect("html-page-context", filters_for_indexing)
    app.connect("html-collect-pages", search_page)
    app.connect("build-finished", index_site, priority=stages.AFTER_PAGES)  # after the pages and the sitemap
    return {"parallel_read_safe": True, "parallel_write_safe": True}

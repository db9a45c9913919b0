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
Pagefind indexes again the shards whose pages changed what it searches, or all
of them when the way of indexing changed: each as soon as its pages are written
(:class:`Indexing`), the rest once the build has finished.
"""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
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


_ONE_PAGEFIND = threading.Lock()  # one Pagefind at a time holds a shard in memory


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


def _pagefind(app: Sphinx, pages: list[Path], work: Path) -> Path | None:
    """Index ``pages`` (HTML files of the site) into a bundle in ``work``, its path; None, and an error, if Pagefind
    fails."""
    site = Path(app.outdir)
    listed = work / "pages"  # the pages, linked, so Pagefind reads nothing else
    for page in pages:
        link = listed / page.relative_to(site)
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(page)
    command = [sys.executable, "-m", "pagefind", "--site", str(listed), "--output-path", str(work / "bundle"),
               "--silent", "--exclude-selectors", ", ".join(NOT_INDEXED)]
    with _ONE_PAGEFIND:
        result = subprocess.run(command, capture_output=True, text=True, check=False,
                                env=compat.pagefind_environment(pagefind_chunks.TARGET))
    if result.returncode != 0:
        logger.error(f"Pagefind could not index {', '.join(page.name for page in pages[:3])}"
                     f"{' and others' if len(pages) > 3 else ''}: {result.stderr.strip() or result.stdout.strip()}",
                     type="msblog", subtype="search")
        return None
    return work / "bundle"


def _fingerprints(bundle: Path) -> dict[str, str]:
    """What Pagefind kept of each page in ``bundle``; none if its format is not the one read here."""
    try:
        return pagefind_chunks.fingerprints(bundle)
    except pagefind_chunks.UnknownFormat:
        return {}


def _index_shard(app: Sphinx, pages: list[Path], bundle: Path, python: AbstractContextManager) -> dict[str, str] | None:
    """Index the pages of one shard into a new bundle that then replaces ``bundle``; what Pagefind kept of each
    page, or None if it failed. What Python does of it (cutting the index again) is done within ``python``."""
    with tempfile.TemporaryDirectory(dir=Path(app.outdir).parent, prefix="pagefind-") as work:
        made = _pagefind(app, pages, Path(work))
        if made is None:
            return None
        with python:
            try:
                pagefind_chunks.recut_bundle(made)
            except pagefind_chunks.UnknownFormat as error:  # an optimisation that cannot apply: never a failed build
                logger.info(f"The search index of {bundle.name} is left as Pagefind cut it (in larger chunks): {error}")
            kept = _fingerprints(made)
        shutil.rmtree(bundle, ignore_errors=True)
        bundle.parent.mkdir(parents=True, exist_ok=True)
        os.replace(made, bundle)
    return kept


def _indexed_alike(app: Sphinx, pages: list[Path], kept: dict[str, str]) -> bool:
    """Whether Pagefind keeps of ``pages`` just what it kept when their shard was indexed (``kept``): then a page
    was written again only for what is not searched (its related posts, say), and the shard stands. Done at once,
    while the build writes: Python reads only those pages' fragments."""
    with tempfile.TemporaryDirectory(dir=Path(app.outdir).parent, prefix="pagefind-") as work:
        made = _pagefind(app, pages, Path(work))
        found = _fingerprints(made) if made is not None else {}
    return len(found) == len(pages) and all(kept.get(url) == fingerprint for url, fingerprint in found.items())


def _load_state(state_file: Path) -> dict[str, dict]:
    """Each shard as last indexed: how (``stamp``), the newest page then (``checked``), and ``fingerprints``."""
    try:
        state = pickle.loads(state_file.read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        return {}
    if not isinstance(state, dict) or not all(isinstance(shard, dict) and shard.keys() == {"stamp", "checked", "fingerprints"}
                                              for shard in state.values()):
        return {}  # an earlier msblog's record
    return state


class Indexing:
    """One build's indexing of the search index, shard by shard, each as soon as its pages are written.

    Pagefind indexes one shard at a time, so it holds one year of posts in
    memory, and an edit costs the indexing of its own year only. A builder
    writing serially writes documents in order, so a shard's pages are all
    written once a page of another is (:meth:`page_written`): Pagefind, a process
    of its own, then indexes it while the build goes on writing; what is left
    is indexed when the build has finished (:meth:`finish`). What Python does of
    it (cutting each index again) waits until then, one shard at a time, so that
    it never takes the interpreter from the build, while Pagefind indexes the
    next shard. Pages written again (an edited post, or one whose related
    posts changed) are first indexed alone, at once: if Pagefind keeps of them
    what it kept before, their shard stands as it is; if not, Pagefind indexes
    the shard while the build goes on writing.
    """

    def __init__(self, app: Sphinx):
        self.app, self.root = app, Path(app.outdir) / BUNDLES
        self.state_file = Path(app.doctreedir) / "msblog-search.pickle"
        self.previous, self.shards = _load_state(self.state_file), shards(app)
        self.shard_of = {docname: name for name, docnames in self.shards.items() for docname in docnames}
        self.how = (msblog.__version__, version("pagefind"), NOT_INDEXED, pagefind_chunks.TARGET)  # a change: all again
        self.pool = ThreadPoolExecutor(max_workers=max(2, len(self.shards)))  # each waits for Pagefind, then Python
        self.finished = threading.Event()  # the build has finished writing
        self.one_in_python = threading.Lock()
        self.jobs: dict[str, Future] = {}
        self.again: set[str] = set()  # shards with a page written after they were indexed
        self.writing: str | None = None  # the shard whose pages are being written

    def page_written(self, pagename: str) -> None:
        """The builder writes ``pagename`` now, and has written every page before it."""
        name = self.shard_of.get(pagename)
        if name is None:
            return
        if name in self.jobs:
            self.again.add(name)
        if name != self.writing:
            self.all_written()
            self.writing = name

    def all_written(self) -> None:
        """The shard being written is written: index it, unless a page of it is still to be written (then
        :meth:`finish` does)."""
        name, self.writing = self.writing, None
        if name is not None and name not in self.jobs and all(page.is_file() for page in self._pages(name)):
            self.jobs[name] = self.pool.submit(self._index, name, self.previous.get(name))

    def _pages(self, name: str) -> list[Path]:
        return [Path(compat.page_file(self.app.builder, docname)) for docname in self.shards[name]]

    def _index(self, name: str, before: dict | None) -> dict | None:
        """Index the shard ``name`` again if its pages changed what is searched; how it stands, or None if Pagefind
        failed."""
        docnames, pages = self.shards[name], self._pages(name)
        written = {page: page.stat().st_mtime_ns for page in pages}
        stamp = (self.how, docnames)
        if before is not None and before["stamp"] == stamp and (self.root / name / "pagefind-entry.json").is_file():
            rewritten = [page for page in pages if written[page] > before["checked"]]
            if not rewritten or _indexed_alike(self.app, rewritten, before["fingerprints"]):
                return {**before, "checked": max(written.values())}
        kept = _index_shard(self.app, pages, self.root / name, self._python())
        return None if kept is None else {"stamp": stamp, "checked": max(written.values()), "fingerprints": kept}

    @contextmanager
    def _python(self) -> Iterator[None]:
        """Python's part of indexing a shard: once the build has finished, one shard at a time."""
        self.finished.wait()
        with self.one_in_python:
            yield

    def finish(self) -> None:
        """Index what is left, wait for every shard, remove those with no pages any more, and save how each stands."""
        self.all_written()
        self.finished.set()
        for name in self.shards.keys() - self.jobs.keys():
            self.jobs[name] = self.pool.submit(self._index, name, self.previous.get(name))
        current = {}
        try:
            for name, job in self.jobs.items():
                done = job.result()
                if name in self.again:  # a page written again after its shard was begun: all of it again
                    done = self.pool.submit(self._index, name, None).result()
                if done is None:
                    self.app.statuscode = 1
                else:
                    current[name] = done
        finally:
            self.pool.shutdown(cancel_futures=True)
        for bundle in self.root.iterdir() if self.root.is_dir() else []:
            if bundle.name in self.shards:
                continue
            if bundle.is_dir():  # a year whose posts are all gone
                shutil.rmtree(bundle)
            else:  # a file of the single bundle an earlier msblog wrote
                bundle.unlink()
        self.state_file.write_bytes(pickle.dumps(current))

    def cancel(self) -> None:
        """The build failed: index nothing more (Pagefind finishes the shard it has begun)."""
        self.finished.set()
        self.pool.shutdown(cancel_futures=True)


def start_indexing(app: Sphinx) -> None:
    """Indexing starts with writing, in the build's own process."""
    app.msblog_indexing = None
    app.msblog_indexing_process = os.getpid()


def _indexing(app: Sphinx) -> Indexing | None:
    """This build's indexing, once its documents are read; None where this process does not index (a writer
    process of ``-j``), or without Pagefind."""
    if not searching(app) or getattr(app, "msblog_indexing_process", None) != os.getpid():
        return None
    if app.msblog_indexing is None:
        app.msblog_indexing = Indexing(app)
    return app.msblog_indexing


def index_written_shards(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Index each shard as soon as its pages are written."""
    if doctree is not None and (indexing := _indexing(app)) is not None:
        indexing.page_written(pagename)


def index_last_shard(app: Sphinx) -> list:
    """The documents are written (the pages the site makes come next): index the last shard written."""
    if (indexing := _indexing(app)) is not None:
        indexing.all_written()
    return []


def index_site(app: Sphinx, exception: Exception | None) -> None:
    """Index what is left, and wait for the index (or, if the build failed, stop indexing)."""
    indexing = _indexing(app) if exception is None else getattr(app, "msblog_indexing", None)
    app.msblog_indexing = None
    if indexing is None:
        return
    if exception is not None:
        indexing.cancel()
    else:
        indexing.finish()


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
    app.connect("builder-inited", start_indexing)
    app.connect("html-page-context", filters_for_indexing)
    app.connect("html-page-context", index_written_shards)
    app.connect("html-collect-pages", index_last_shard, priority=stages.BEFORE_WRITERS)
    app.connect("html-collect-pages", search_page)
    app.connect("build-finished", index_site, priority=stages.AFTER_PAGES)  # after the pages and the sitemap
    return {"parallel_read_safe": True, "parallel_write_safe": True}

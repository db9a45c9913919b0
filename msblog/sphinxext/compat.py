"""Every reach of msblog into ABlog's, Sphinx's, docutils' or Pagefind's internals, in one place.

Each entry is a small function or constant, with a comment saying what it relies
on, the upstream issue or pull request it works around (or, where there is none
yet, the fix upstream could take), and what it was checked against. Components
call these, never the internals. A test in ``tests/sphinxext/test_compat.py``
fails, naming the entry, when what an entry relies on has changed; where such a
change would make an entry silently do nothing, the entry raises
:class:`InternalsChanged`, naming itself, when it runs.

Checked against ablog 0.11.13 (its main branch at e7a55a3 has the same code),
Sphinx 9.0.4, docutils 0.22.4, myst-parser 5.2.0 and pagefind 1.5.2 (its main branch at 7776ce6
writes the same index). The ABlog changes that would retire most ABlog entries
are written up as patches in ``docs/upstream/``.
"""

from __future__ import annotations

import inspect
import os
import warnings
from collections.abc import Iterator
from copy import copy
from datetime import date, datetime, timedelta
from functools import cache
from optparse import Values
from pathlib import PurePosixPath

import ablog.post
import myst_parser.mdit_to_docutils.base
import myst_parser.parsers.sphinx_
import sphinx.builders.html
import sphinx.domains.std
import sphinx.util.docutils
from ablog.blog import TOMORROW, Blog, slugify
from docutils import nodes
from docutils.frontend import OptionParser, get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.statemachine import StringList
from docutils.utils import DependencyList, new_document
from markdown_it.renderer import RendererHTML
from myst_parser.parsers.mdit import create_md_parser
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.domains.std import StandardDomain
from sphinx.environment import CONFIG_OK, BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.writers.html5 import HTML5Translator
from sphinx_design.shared import PassthroughTextElement

from msblog.model.front_matter import NAME_KEYS
from msblog.model.safe_markdown import escape_markdown, note_inline_lines
from msblog.sphinxext import stages

CHECKED = "ablog 0.11.13, Sphinx 9.0.4, docutils 0.22.4, myst-parser 5.2.0, pagefind 1.5.2"
NAMED = NAME_KEYS  # what ABlog catalogs posts by (post_nodes)


class InternalsChanged(ExtensionError):
    """What a compat entry relies on is not there any more: msblog must be checked against this version."""

    def __init__(self, entry: str, message: str):
        super().__init__(f"msblog.sphinxext.compat.{entry}: {message} (msblog was checked against {CHECKED}; "
                         "tests/sphinxext/test_compat.py shows what changed)")


# === ABlog ==================================================================================================

# --- ablog_posts: ABlog's record of each post -----------------------------------------------------------------
# Relies on: ABlog's process_posts (doctree-read, at 500) making env.ablog_posts as it reads any document, a post or
# not, and keeping in it what it read of each post, docname -> one dict a post on the page, with (among others) the
# keys of POST_RECORD; its writers make their catalogs from it. Every document of msblog's environment is read with
# ABlog (a change of extensions starts a new one), so once a document has been read the record is there: where it
# is not, ABlog keeps it elsewhere, and msblog would see no posts at all. Upstream: no upstream issue yet; the fix
# upstream is a documented accessor for the record. Checked against ablog 0.11.13.
POST_RECORD = ("docname", "date", "update", "title", "author", "tags", "excerpt", "doctree")


def ablog_posts(env: BuildEnvironment) -> dict[str, list[dict]]:
    """ABlog's record of each post read, by docname (empty before a document has been read)."""
    posts = getattr(env, "ablog_posts", None)
    if isinstance(posts, dict):
        return posts
    if posts is not None or env.all_docs:
        raise InternalsChanged("ablog_posts", "documents have been read, but ABlog keeps no record of its posts in "
                                              "env.ablog_posts, so msblog would find no posts")
    return {}


# --- ablog_blog: ABlog's catalogs of the build's posts --------------------------------------------------------
# Relies on: ablog.post.register_posts(app) (in ablog.post.__all__, undocumented) filling Blog(app) from
# env.ablog_posts, which ABlog's own writers do first. Upstream: sunpy/ablog#321 (merged, 0.11.13) made its
# archive and feed writers register posts on a Blog left empty, as here; no upstream issue yet for an accessor.
# Checked against ablog 0.11.13.
def ablog_blog(app: Sphinx) -> Blog:
    """ABlog's catalogs of this build's posts, made from ``env.ablog_posts`` if ABlog has not made them yet."""
    blog = Blog(app)
    if not blog:
        try:
            ablog.post.register_posts(app)
        except (AttributeError, KeyError, TypeError) as error:
            raise InternalsChanged("ablog_blog", f"ablog.post.register_posts(app) failed ({error}), so ABlog's "
                                                 "catalogs cannot be made from its record") from error
        if not blog and any(published(info) for infos in ablog_posts(app.env).values() for info in infos):
            raise InternalsChanged("ablog_blog", "ablog.post.register_posts(app) left Blog(app) without the posts "
                                                 "of env.ablog_posts")
    return blog


# --- forget_ablog_blog: one Blog a build ----------------------------------------------------------------------
# Relies on: Blog keeping its state in the class attribute Blog._dict, shared by every Blog(app) of the process
# whatever the app, and made once: a second build in one process (sphinx-autobuild, tests) would start from the
# last build's catalogs, and writing from those reading made. Upstream: sunpy/ablog#316 (open; an empty
# blog.html on a rebuild, from the same shared state); the fix upstream is a Blog made anew for each build.
# Checked against ablog 0.11.13.
def forget_ablog_blog() -> None:
    """Empty ABlog's process-wide catalogs, so that the next Blog(app) is made from this build's posts."""
    state = getattr(Blog, "_dict", None)
    if not isinstance(state, dict):
        raise InternalsChanged("forget_ablog_blog", "ABlog's Blog keeps its state elsewhere than Blog._dict, so "
                                                    "an earlier build's catalogs cannot be forgotten")
    state.clear()


# --- read_ablog_in_parallel: ABlog under sphinx-build -j ------------------------------------------------------
# Relies on: ABlog declaring itself unsafe for parallel reading (parallel_read_safe False) only because it does not
# merge env.ablog_posts back from reader processes (its labels live in the standard domain, which merges its own),
# and Sphinx reading that flag from app.extensions["ablog"] when it decides how to read. Upstream: sunpy/ablog#330
# "Allow parallel execution" (open) proposes this merge, for sunpy/ablog#297; docs/upstream/ablog-parallel-reading.md.
# Checked against ablog 0.11.13.
def read_ablog_in_parallel(app: Sphinx) -> None:
    """Merge the posts each reader process recorded, and so let Sphinx read ABlog's documents in parallel."""
    app.connect("env-merge-info", _merge_ablog_posts)
    app.extensions["ablog"].parallel_read_safe = True


def _merge_ablog_posts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = ablog_posts(other)
    if not hasattr(env, "ablog_posts"):
        env.ablog_posts = {}
    env.ablog_posts.update((docname, theirs[docname]) for docname in docnames if docname in theirs)


# --- post_copies: ABlog's copies of a post -------------------------------------------------------------------
# Relies on: ABlog copying each post as it reads it (process_posts, doctree-read at 500) into its record: the
# excerpt, a list of nodes, and doctree, the post's section or, for a post that is a whole page, the document; its
# feeds and postlists show these copies (Post.to_html), never the page. A change made to the page after ABlog read
# it reaches them only if made to the copies too. Upstream: no upstream issue yet; the fix upstream copies the post
# when it is written (doctree-resolved), not when it is read. Checked against ablog 0.11.13.
def post_copies(env: BuildEnvironment, docname: str) -> list[nodes.Node]:
    """ABlog's copies of the post ``docname`` (none if it is not a post), each the root of its nodes."""
    return [copy for post in ablog_posts(env).get(docname, []) for copy in [*post["excerpt"], post["doctree"]]
            if copy is not None]


# --- detach_post_copies: ABlog's copies of a post, on their own -----------------------------------------------
# Relies on: ABlog copying each post (post_copies) with docutils' deepcopy, which keeps each node's reference to the
# document it was copied from, and a copied document its settings (and through them the environment): pickled,
# every post would carry its page and, under -j, a reader's environment. Uses docutils' public Node.document setter.
# Upstream: no upstream issue yet; the fix upstream cuts the copies loose where process_posts makes them
# (in docs/upstream/ablog-parallel-reading.md). Checked against ablog 0.11.13.
def detach_post_copies(env: BuildEnvironment, docname: str) -> None:
    """Drop the document references of ABlog's copies of the post ``docname``."""
    for copy in post_copies(env, docname):
        for node in copy.findall(include_self=True):
            node.document = None
        if isinstance(copy, nodes.document):
            copy.settings = None


# --- remove_ablog_archive_pages: no archive pages of ABlog's --------------------------------------------------
# Relies on: ABlog making its archive pages (each year, tag, author... and "All posts", every post on one page),
# with the pages of its ``redirect`` front matter and its drafts page, in one html-collect-pages listener,
# ablog.post.generate_archive_pages; and on Sphinx keeping each listener with its id in app.events.listeners
# (undocumented): Sphinx disconnects a listener only by the id connect() returned to ABlog. Upstream: no upstream
# issue yet; docs/upstream/ablog-archive-pages-option.md adds the options blog_archive_pages and blog_redirect_pages.
# Checked against ablog 0.11.13.
def remove_ablog_archive_pages(app: Sphinx) -> None:
    """Disconnect ABlog's archive, drafts and redirect pages: msblog makes its own listings and redirects."""
    listeners = getattr(getattr(app, "events", None), "listeners", None)
    if not isinstance(listeners, dict):
        raise InternalsChanged("remove_ablog_archive_pages", "Sphinx keeps its listeners elsewhere than "
                                                             "app.events.listeners")
    found = [listener for listener in listeners.get("html-collect-pages", [])
             if getattr(listener, "handler", None) is ablog.post.generate_archive_pages]
    if not found:
        raise InternalsChanged("remove_ablog_archive_pages", "ABlog's archive pages are not made by "
                                                             "ablog.post.generate_archive_pages on html-collect-pages, "
                                                             "so they cannot be turned off")
    for listener in found:
        app.disconnect(listener.id)


# --- ablog_slug and place_collections: the page of each tag, author (...) -------------------------------------
# Relies on: ABlog's Collection taking its page (docname, path) from _path, which it otherwise makes from
# ablog.blog.slugify(name) when first asked; and its xref ("tag-<slug>") and Blog.references, from which ABlog's
# missing_reference and postlist link to it. ABlog gives names that share a slug ("C" and "C++") one page.
# Upstream: no upstream issue yet; the fix upstream is a Catalog that gives each name a page of its own.
# Checked against ablog 0.11.13.
def ablog_slug(name: str) -> str:
    """The slug ABlog makes of a name: its page's name, unless :func:`place_collections` gives it another."""
    return slugify(name)


def place_collections(blog: Blog, catalog, slugs: dict[str, str]) -> None:
    """Give each collection of ``catalog`` the page named ``slugs[its name]``, and its ``:ref:`` label."""
    for collection in catalog:
        blog.references.pop(collection.xref, None)
    for collection in catalog:
        page = str(PurePosixPath(catalog.path, slugs[collection.name]))
        collection._path = page
        collection.xref = f"{catalog.xref}-{slugs[collection.name]}"
        blog.references[collection.xref] = (collection.docname, collection.name)
        if collection.docname != page:
            raise InternalsChanged("place_collections", f"ABlog's page for {collection.name!r} is "
                                                        f"{collection.docname!r}, not the {page!r} set in _path")


# --- BUILD_DAY and published: what ABlog publishes ------------------------------------------------------------
# Relies on: ablog.blog.TOMORROW (midnight after the day ABlog was imported), before which a post's date must fall
# for ABlog to publish it (Blog.register, Post.published); a later one is a draft to it. Upstream: none needed.
# Checked against ablog 0.11.13.
BUILD_DAY: date = (TOMORROW - timedelta(days=1)).date()


def published(info: dict) -> bool:
    """Whether ABlog publishes the post of its record ``info`` (a post dated after :data:`BUILD_DAY` is a draft)."""
    return bool(info.get("date")) and info["date"] < TOMORROW


# --- naive_post_dates: dates ABlog can compare --------------------------------------------------------------
# Relies on: ABlog comparing the dates of its record (date, update) with one another and with its naive TOMORROW
# (Post, Blog.register, its sorting) as they are, which raises TypeError for a date with a time zone, as every
# imported date has (2015-05-17T07:00:00+00:00). Upstream: no upstream issue yet; the fix upstream compares dates
# with their time zones (TOMORROW aware, in local time). Checked against ablog 0.11.13.
def naive_post_dates(info: dict) -> None:
    """Give ABlog's record ``info`` of a post its dates in their own local time, without their time zone."""
    for key in ("date", "update"):
        if isinstance(info.get(key), datetime) and info[key].tzinfo is not None:
            info[key] = info[key].replace(tzinfo=None)


# --- TEMPLATE_API: what msblog reads of ABlog's Blog, catalogs and posts ----------------------------------------
# Relies on: the attributes ABlog's own templates read (its templating API, described in its docs by example, not
# as a reference): a Blog's posts, drafts and catalogs by name; a catalog's collections (iterated), each with its
# name, docname and number of posts (len); a Post's docname, title, date, excerpt and names (tags, author...).
# Upstream: none needed (a documented reference would let this go). Checked against ablog 0.11.13.
TEMPLATE_API = {"Blog": ("posts", "drafts", "catalogs", "tags", "author", "category", "location", "language"),
                "Collection": ("name", "docname", "xref", "__len__", "__iter__"),
                "Post": ("docname", "title", "date", "update", "excerpt", "doctree", *NAMED)}


# --- drop_full_copy, has_full_copy, excerpt_for_missing_copy: ABlog's full copy of a post ----------------------
# Relies on: ABlog keeping a post's full copy in its record's doctree and its Post's doctree, which only
# Post.to_html(fulltext=True) reads: its full-text feed, for the newest blog_feed_length posts. Upstream: no
# upstream issue yet; the fix upstream keeps full copies only of the posts a feed can show.
# Checked against ablog 0.11.13.
def drop_full_copy(info: dict) -> None:
    """Let go of the full copy ABlog keeps of a post in its record."""
    info["doctree"] = None


def has_full_copy(info: dict) -> bool:
    """Whether ABlog's record ``info`` still holds the post's full copy."""
    return info["doctree"] is not None


def excerpt_for_missing_copy(post) -> bool:
    """Where ABlog's ``post`` has no full copy, its full-text feed shows the excerpt instead; whether it had none."""
    if post.doctree is not None:
        return False
    post.doctree = nodes.container("", *(node.deepcopy() for node in post.excerpt))
    return True


# --- post_nodes, named_nodes, postlists, update_nodes, has_postlist: what ABlog will read ------------------------
# Relies on: ablog.post.PostNode (a post's front matter or post directive, made before doctree-read) and PostList
# (a postlist) holding the names of tags, authors (...) as lists under the keys of NAMED, which ABlog reads at 500
# (process_posts at doctree-read, process_postlist at doctree-resolved). In ablog.post.__all__, undocumented. ABlog
# makes the PostNode of a post's front matter in its CheckFrontMatter transform, at 800: before it (at
# stages.POST_DIRECTIVE), a page's PostNodes are its post directives', each at its line.
# Upstream: none needed. Checked against ablog 0.11.13.


def post_nodes(doctree: nodes.document) -> list[nodes.Element]:
    """The posts of ``doctree`` ABlog will record (at doctree-read, before it has)."""
    return list(doctree.findall(ablog.post.PostNode))


def named_nodes(doctree: nodes.document) -> list[nodes.Element]:
    """The nodes of ``doctree`` ABlog will read names from: its posts and postlists."""
    return [*post_nodes(doctree), *doctree.findall(ablog.post.PostList)]


# --- tags_as_written: a post's tags as its front matter writes them -----------------------------------------------
# Relies on: ABlog's CheckFrontMatter (at 800) taking off the brackets and quotes a YAML list of tags would have as
# MyST writes it (`["a", "b"]`), every "[" opening the front matter's tags and "]" closing them and the quotes around
# each, before splitting them at commas into its PostNode's "tags" (ablog.post._split). msblog refuses a list there,
# so what ABlog takes off is a tag's own: a Blogger label "[Video]" was listed as "Video]". The tags are split again
# from the docinfo field, as written. Upstream: no upstream issue yet; the fix upstream reads a list only where the
# front matter gives one. Checked against ablog 0.11.13.
def tags_as_written(doctree: nodes.document) -> None:
    """The tags of a post's front matter, on its PostNode, as written and split at commas (a post page's PostNodes
    are its front matter's: msblog refuses ABlog's post directive there)."""
    written = [field[1].astext() for docinfo in doctree.findall(nodes.docinfo) for field in docinfo.findall(nodes.field)
               if field[0].astext() == "tags"]
    for node in post_nodes(doctree) if written else ():
        node["tags"] = ablog.post._split(written[-1])


def postlists(doctree: nodes.document) -> list[nodes.Element]:
    """The postlists of ``doctree``, each with its options (its ``format`` among them), before ABlog writes them."""
    return list(doctree.findall(ablog.post.PostList))


def update_nodes(doctree: nodes.document) -> list[nodes.Element]:
    """ABlog's ``{update}`` notes of ``doctree``, each with its ``date`` as written, before ABlog dates them."""
    return list(doctree.findall(ablog.post.UpdateNode))


def has_postlist(doctree: nodes.document) -> bool:
    return bool(postlists(doctree))


# === Sphinx =================================================================================================

# --- read_in_this_process and restore_parallel: who reads -----------------------------------------------------
# Relies on: Sphinx's Builder.read deciding whether to read in parallel from app.parallel after it emits
# env-before-read-docs, and its writing from app.parallel again (restored at env-updated). Since
# sphinx-doc/sphinx#12796 (merged in August 2024) it reads in parallel however few the documents, and each reader
# process sends back the whole environment. Upstream: no upstream issue yet; the fix upstream is a way for
# env-before-read-docs to have a few documents read in the main process. Checked against Sphinx 9.0.4.
def read_in_this_process(app: Sphinx) -> None:
    """This build reads its documents in this process (and writes with as many as it was given)."""
    if app.parallel > 1:
        app.msblog_parallel, app.parallel = app.parallel, 1


def restore_parallel(app: Sphinx) -> None:
    app.parallel = getattr(app, "msblog_parallel", app.parallel)


# --- clear_only_documents_read: a first build of n posts without n² label checks -------------------------------
# Relies on: Builder.read clearing each document from every domain (env.clear_doc, then Domain.clear_doc) before it
# reads it, new ones included, after env-get-outdated; env.all_docs (documents_read) then still naming every
# document an earlier build read, the only ones a domain can hold anything of; the standard domain's clear_doc
# checking every label of the site (ABlog gives each post one, in process_posts), so a first build of 10,000 posts
# made 10⁸ checks, 45 s; that clear_doc also makes the "terms" entry of the domain's data, which its
# merge_domaindata expects of readers under -j. Domain instances are made for each build and never pickled.
# Upstream: no upstream issue yet; the fix upstream is the standard domain keeping its labels by document.
# Checked against Sphinx 9.0.4.
class _StandardDomain(StandardDomain):
    """Sphinx's standard domain, which has nothing to clear of a document no build has read."""

    never_read: frozenset[str] = frozenset()

    def clear_doc(self, docname: str) -> None:
        if docname in self.never_read:
            self.data.setdefault("terms", {})  # made by the clear_doc skipped, and merge_domaindata expects it (-j)
        else:
            super().clear_doc(docname)


def clear_only_documents_read(app: Sphinx) -> None:
    """Clear from the standard domain only the documents an earlier build read (set up before reading)."""
    app.add_domain(_StandardDomain, override=True)
    app.connect("env-get-outdated", _note_never_read)


def _note_never_read(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list:
    domain = env.domains.standard_domain
    if not isinstance(domain, _StandardDomain):
        raise InternalsChanged("clear_only_documents_read", "another standard domain replaced msblog's")
    domain.never_read = frozenset(added - documents_read(env).keys())
    return []


# --- checksum_assets_once: each stylesheet's and script's checksum worked out once a build ---------------------
# Relies on: StandaloneHTMLBuilder.handle_page calling sphinx.builders.html._file_checksum(outdir, filename)
# (private, from sphinx.builders.html._assets) for each stylesheet and script of each page it writes, to add
# "?v=<checksum>" to its address. Sphinx keeps each checksum by the file's resolved path, but resolves the path (a
# system call for each of its folders) every time: 9 files on each of 30,000 pages, 8 s of a 10,000-post build.
# Here the checksum is kept by what handle_page asks, for one build. Upstream: no upstream issue yet; the fix
# upstream is to keep the checksum by outdir and filename. Checked against Sphinx 9.0.4.
def checksum_assets_once() -> None:
    """Keep each asset's checksum, as Sphinx works it out, for the pages of this build (called as it starts)."""
    checksum = getattr(sphinx.builders.html, "_file_checksum", None)
    if not callable(checksum):
        raise InternalsChanged("checksum_assets_once", "sphinx.builders.html has no _file_checksum to keep")
    original = getattr(checksum, "msblog_original", checksum)
    once = cache(original)
    once.msblog_original = original
    sphinx.builders.html._file_checksum = once


# --- make_settings_once: docutils' settings made once, not for each document read ---------------------------------
# Relies on: Sphinx's _parse_str_to_doctree (sphinx.util.docutils, private) calling that module's _get_settings for
# each document it reads, which builds a docutils OptionParser from every component's settings and reads docutils'
# configuration files, for the same values each time (its defaults are the environment's settings); and MyST's
# DocutilsRenderer.setup_render evaluating options.get("document", make_document()) (myst_parser.mdit_to_docutils
# .base), which makes a document, with docutils' default settings, for each document although Sphinx gives it one.
# Together a tenth of reading 10,000 posts. Sphinx's own new_document caches its settings and copies them the same
# way. Upstream: no upstream issue yet; the fixes upstream are _get_settings keeping its parser, and
# options.get("document") or make_document() in MyST. Checked against Sphinx 9.0.4, docutils 0.22.4 and
# myst-parser 5.2.0.
_PARSERS: dict[tuple, OptionParser] = {}  # by components, defaults and whether configuration files are read


def make_settings_once() -> None:
    """Make docutils' settings for reading a document once for all the documents of a build (idempotent)."""
    if not callable(getattr(sphinx.util.docutils, "_get_settings", None)) or not callable(
            getattr(myst_parser.mdit_to_docutils.base, "make_document", None)):
        raise InternalsChanged("make_settings_once", "Sphinx or MyST no longer makes docutils' settings where msblog "
                                                     "makes them once")
    sphinx.util.docutils._get_settings = _settings_made_once
    myst_parser.mdit_to_docutils.base.make_document = _document_with_default_settings


def _settings_made_once(*components, defaults: dict, read_config_files: bool = False):
    kinds = tuple(component if isinstance(component, type) else type(component) for component in components)  # a
    # parser is made for each document: its settings are its class's
    key = (kinds, read_config_files, tuple((name, _hashable(value)) for name, value in sorted(defaults.items())))
    if key not in _PARSERS:
        if len(_PARSERS) > 1:  # another build in this process (tests, make serve): its environment's, not the last's
            _PARSERS.clear()
        with warnings.catch_warnings(action="ignore", category=DeprecationWarning):  # as Sphinx makes it
            _PARSERS[key] = OptionParser(components=components, defaults=defaults, read_config_files=read_config_files)
    settings = _PARSERS[key].get_default_values()
    settings.record_dependencies = DependencyList()  # a list of its own, as a parser of its own makes
    return settings


def _hashable(value: object) -> object:
    try:
        hash(value)
    except TypeError:
        return type(value).__name__, repr(value)
    return value


@cache
def _default_settings(parser_class: type) -> Values:
    return get_default_settings(parser_class)


def _document_with_default_settings(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    settings = copy(_default_settings(parser_cls))
    settings.record_dependencies = DependencyList()  # a list of its own, as docutils' Values makes
    return new_document(source_path, settings=settings)


# --- config_changed: a new configuration ------------------------------------------------------------------------
# Relies on: BuildEnvironment.config_status (undocumented): CONFIG_OK unless there was no saved environment, or the
# extensions or a value read with the documents (rebuild "env") changed since, until Sphinx sets it to CONFIG_OK
# when reading ends: read it at env-get-outdated. Upstream: no upstream issue yet (sphinx-doc/sphinx#12949 logs what changed); the
# fix upstream is a documented way, such as an argument of env-get-outdated, to know the configuration changed.
# Checked against Sphinx 9.0.4.
def config_changed(env: BuildEnvironment) -> bool:
    """Whether this build's configuration is new, or read documents otherwise than the saved environment's did."""
    status = getattr(env, "config_status", None)
    if status is None:
        raise InternalsChanged("config_changed", "the environment has no config_status")
    return status != CONFIG_OK


# --- has_sphinx_search and turn_off_sphinx_search: no search index of Sphinx's --------------------------------
# Relies on: StandaloneHTMLBuilder.search, a class attribute ("for things like HTML help and Apple help: suppress
# search") which, False on a builder, makes it write no search index, search page or OpenSearch file.
# Upstream: sphinx-doc/sphinx#14308 "Disable search, index" (open). Checked against Sphinx 9.0.4.
def has_sphinx_search(builder: Builder) -> bool:
    return getattr(builder, "search", False) is True


def turn_off_sphinx_search(builder: Builder) -> None:
    if not isinstance(getattr(type(builder), "search", None), bool):
        raise InternalsChanged("turn_off_sphinx_search", f"{type(builder).__name__} has no search attribute, "
                                                         "so Sphinx's search index cannot be turned off")
    builder.search = False


# --- published_copies: the files Sphinx copies into the site --------------------------------------------------
# Relies on: BuildEnvironment.dlfiles and .images (undocumented: each file's documents and unique name; their
# classes were deprecated as public API by sphinx-doc/sphinx#12766), copied to _downloads/<name> and
# _images/<name>, and the name StandaloneHTMLBuilder gives each document's source copy in _sources (its source
# suffix, then html_sourcelink_suffix unless the same). Sphinx never deletes a copy no document has any more:
# sphinx-doc/sphinx#5908 (closed), sphinx-doc/sphinx#14327 (open). Checked against Sphinx 9.0.4.
def published_copies(app: Sphinx) -> set[str]:
    """The copies Sphinx makes of the site's files, relative to the output folder: each document's source,
    and the files documents offer for download or show as images."""
    env, config = app.env, app.config
    made = {f"_downloads/{name}" for _, name in env.dlfiles.values()} | {f"_images/{name}" for _, name in env.images.values()}
    if config.html_copy_source:
        link = config.html_sourcelink_suffix
        for docname in env.found_docs:
            suffix = str(env.doc2path(docname, False))[len(docname):]
            made.add(f"_sources/{docname}{suffix}{'' if suffix == link else link}")
    return made


# --- forget_read_doctrees and forget_doctree: doctrees read from their files ----------------------------------
# Relies on: BuildEnvironment._write_doc_doctree_cache, where a serial build keeps every document it read, whole,
# until it writes it (most of the build's memory at 10,000 posts: sphinx-doc/sphinx#11124 "Memory hog for Linux
# documentation with -j1", which sphinx-doc/sphinx#11290 narrowed to serial builds), and _pickled_doctree_cache,
# where get_doctree keeps the bytes of each doctree it read from its file for the rest of the build; both
# undocumented. Without them, get_and_resolve_doctree and get_doctree read each doctree from its file.
# Upstream: no upstream issue yet; the fix upstream is a cache bounded in size. Checked against Sphinx 9.0.4.
def forget_read_doctrees(env: BuildEnvironment) -> None:
    """Let go of the documents this build read, kept whole until written: each is read from its file instead."""
    _doctree_cache(env, "_write_doc_doctree_cache", "forget_read_doctrees").clear()


def forget_doctree(env: BuildEnvironment, docname: str) -> None:
    """Let go of the bytes of ``docname``'s doctree, which Sphinx keeps once it has read them from the file."""
    _doctree_cache(env, "_pickled_doctree_cache", "forget_doctree").pop(docname, None)


def _doctree_cache(env: BuildEnvironment, name: str, entry: str) -> dict:
    cache = getattr(env, name, None)
    if not isinstance(cache, dict):
        raise InternalsChanged(entry, f"the environment keeps no {name}: Sphinx keeps doctrees in memory otherwise")
    return cache


# --- documents_read and dependencies: what Sphinx read -----------------------------------------------------------
# Relies on: BuildEnvironment.all_docs (each document read, with when: the time of the file it read) and
# .dependencies (each document's other files, as note_dependency gave them), neither documented, both kept
# between builds and merged from parallel readers by Sphinx. Upstream: no upstream issue yet; the fix upstream is
# documenting them, as found_docs is. Checked against Sphinx 9.0.4.
def documents_read(env: BuildEnvironment) -> dict[str, int]:
    """Each document read (in this build or an earlier one, and still a document), with when its file was read."""
    return env.all_docs


def dependencies(env: BuildEnvironment, docname: str) -> set:
    """The files other than its own whose change makes Sphinx read ``docname`` again."""
    return env.dependencies.get(docname, set())


# --- myst_reads_no_page_settings: the site's MyST settings hold for every page ----------------------------------
# Relies on: MyST's parser for Sphinx (myst_parser.parsers.sphinx_.MystParser.parse) merging a page's ``myst`` front
# matter (and the older top-level ``html_meta`` and ``substitutions``) into the settings it reads that page with, by
# calling merge_file_level, which that module imports by name. A page could so write any meta tag (a redirect to
# another site), turn on extensions, and have substitutions rendered as Jinja templates, unsandboxed, on the machine
# building the site. Upstream: no upstream issue yet; the fix upstream is a setting that turns off page-level
# settings. Checked against myst-parser 5.2.0.
def myst_reads_no_page_settings() -> None:
    """MyST reads every page with the site's settings (idempotent); refusals reports the front matter it ignores."""
    merge = getattr(myst_parser.parsers.sphinx_, "merge_file_level", None)
    if not callable(merge):
        raise InternalsChanged("myst_reads_no_page_settings", "MyST's parser no longer merges a page's settings "
                                                              "with merge_file_level")
    if not hasattr(merge, "msblog_original"):
        def site_settings(config, topmatter, warning):
            return config

        site_settings.msblog_original = merge
        myst_parser.parsers.sphinx_.merge_file_level = site_settings


# --- read_nested_fences_at_their_lines: a directive's body that opens with a directive, at its lines ----------------
# Relies on: MyST's colon fence (DocutilsRenderer.render_colon_fence) putting a line break before a body that opens
# with a colon fence (a tab set's first tab, a note opening with a dropdown), so that its first line is not read as
# an option, and parse_directive_text, which myst_parser.mdit_to_docutils.base imports by name, removing that line
# as a blank one and counting it: all such a body holds is read one line late. Upstream: no upstream issue yet; the
# fix upstream is not counting the line MyST adds. Checked against myst-parser 5.2.0.
_BODY_OPENS_WITH_A_FENCE = [False]  # set by the colon fence being rendered, for the parse of its directive next


def read_nested_fences_at_their_lines() -> None:
    """MyST reads a directive's body that opens with a colon fence at its lines (idempotent)."""
    base = myst_parser.mdit_to_docutils.base
    parse, render = getattr(base, "parse_directive_text", None), base.DocutilsRenderer.render_colon_fence
    if hasattr(parse, "msblog_original"):
        return
    if not callable(parse) or 'linear_token.content = "\\n" + linear_token.content' not in inspect.getsource(render):
        raise InternalsChanged("read_nested_fences_at_their_lines", "MyST no longer puts a line break before a colon "
                                                                    "fence's body opening with another")

    def render_colon_fence(self, token) -> None:
        _BODY_OPENS_WITH_A_FENCE[0] = (token.content or "").startswith(":::")
        try:
            render(self, token)
        finally:
            _BODY_OPENS_WITH_A_FENCE[0] = False

    def parse_at_its_lines(*args, **kwargs):
        parsed = parse(*args, **kwargs)
        if _BODY_OPENS_WITH_A_FENCE[0] and parsed.blank_line_removed:
            parsed.body_offset -= 1  # the line MyST added, not the page's
        _BODY_OPENS_WITH_A_FENCE[0] = False
        return parsed

    parse_at_its_lines.msblog_original = parse
    base.parse_directive_text = parse_at_its_lines
    base.DocutilsRenderer.render_colon_fence = render_colon_fence


# --- front_matter_as_text: a front matter value is its text ----------------------------------------------------
# Relies on: MyST rendering the value of each of docutils' bibliographic fields in a page's front matter (author,
# date, contact, ...) as Markdown, through DocutilsRenderer.nested_render_text called from dict_to_fm_field_list, and
# Sphinx and ABlog reading a value as the text of what it rendered: `author: "*A* {raw}`x`"` named an author "A" and
# docutils' message, which holds the page's path on the building machine. Each value is rendered escaped, so its
# text is the value as written. Upstream: no upstream issue yet; the fix upstream is front matter read as text.
# Checked against myst-parser 5.2.0.
def front_matter_as_text() -> None:
    """MyST renders each front matter value as its text, never as Markdown."""
    renderer = myst_parser.mdit_to_docutils.base.DocutilsRenderer
    fields = renderer.dict_to_fm_field_list
    if getattr(fields, "msblog", False):
        return
    if "self.nested_render_text(value" not in inspect.getsource(fields):
        raise InternalsChanged("front_matter_as_text", "MyST no longer renders a bibliographic field's value with "
                                                       "nested_render_text")

    def dict_to_fm_field_list(self, *args, **kwargs) -> nodes.field_list:
        render = self.nested_render_text
        self.nested_render_text = lambda text, *more, **options: render(
            "\n".join(escape_markdown(line) for line in text.split("\n")), *more, **options)
        try:
            return fields(self, *args, **kwargs)
        finally:
            del self.nested_render_text  # the class's own again

    dict_to_fm_field_list.msblog, dict_to_fm_field_list.msblog_original = True, fields
    renderer.dict_to_fm_field_list = dict_to_fm_field_list


# --- strike_out_as_a_node: MyST's strikethrough, a node of its own -------------------------------------------------
# Relies on: MyST rendering a strikethrough token (DocutilsRenderer.render_s) as raw HTML, "<s>" before its children
# and "</s>" after, with a warning that it is shown in HTML alone: the raw HTML is told from a page's own "<s>" by
# nothing (Sphinx gives both the page's source), and the warning fails every build with -W. Upstream: no upstream
# issue yet (MyST's own comment says docutils has no strikethrough); the fix upstream is a node
# for struck-out text. Checked against myst-parser 5.2.0.
class struck_out(nodes.Inline, nodes.TextElement):
    """Words struck out (``~~5 mg~~``): ``<s>`` in HTML, the words alone in other formats."""


def _visit_struck_out(translator: HTML5Translator, node: struck_out) -> None:
    translator.body.append(translator.starttag(node, "s", ""))


def _depart_struck_out(translator: HTML5Translator, node: struck_out) -> None:
    translator.body.append("</s>")


def strike_out_as_a_node(app: Sphinx) -> None:
    """MyST reads ``~~words~~`` as a node of its own, at its line, with no warning."""
    app.add_node(struck_out, html=(_visit_struck_out, _depart_struck_out),
                 **{kind: (lambda self, node: None, lambda self, node: None) for kind in ("text", "latex", "man",
                                                                                          "texinfo")})
    renderer = myst_parser.mdit_to_docutils.base.DocutilsRenderer
    if getattr(renderer.render_s, "msblog", False):
        return
    if 'nodes.raw("", "<s>", format="html")' not in inspect.getsource(renderer.render_s):
        raise InternalsChanged("strike_out_as_a_node", "MyST no longer renders strikethrough as raw HTML <s>")

    def render_s(self, token) -> None:
        node = struck_out()
        self.add_line_and_source_path(node, token)
        with self.current_node_context(node, append=True):
            self.render_children(token)

    render_s.msblog, render_s.msblog_original = True, renderer.render_s
    renderer.render_s = render_s


# --- read_glossaries_at_their_lines: a glossary's terms and definitions at their lines -------------------------
# Relies on: MyST giving a directive its content numbered from 0 at the content's first line (docutils numbers it in
# the source) and its content_offset as lines after the directive's (its lineno, the directive's first line, 1 on);
# and MyST's nested parse and inline text reading an offset after the directive's line (MockState.nested_parse)
# and a line from 0 (MockState.inline_text). Sphinx's glossary parses each term at its content number, and each
# definition at it: a term's text is then read at the wrong line, and a definition after options too; it warns
# through self.state.reporter.warning at a content number, which is counted here from the directive, and makes each
# term (make_glossary_term, the line a term defined twice is named at) at it, given here the page's line. Upstream: no
# upstream issue yet; the fix upstream is content numbered as docutils does (StringList items in the source).
# Checked against Sphinx 9.0.4 and myst-parser 5.2.0.
class _LinesFrom:
    """A reporter whose warnings' lines are counted from ``first`` (the line after a directive's)."""

    def __init__(self, reporter, first: int):
        self.reporter, self.first = reporter, first

    def warning(self, *args, line: int | None = None, **kwargs) -> nodes.system_message:
        return self.reporter.warning(*args, line=None if line is None else self.first + line, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.reporter, name)


class _Glossary(sphinx.domains.std.Glossary):
    """Sphinx's glossary, reading each term and definition of a MyST page at its line."""

    def run(self) -> list[nodes.Node]:
        self.content = StringList(list(self.content), items=[
            (source, self.content_offset + offset) for source, offset in self.content.items])
        reporter, make_term = self.state.reporter, sphinx.domains.std.make_glossary_term
        self.state.reporter = _LinesFrom(reporter, self.lineno + 1)  # its own warnings, at the page's lines

        def term_at_its_line(env, textnodes, index_key, source, lineno, *args, **kwargs):  # a term defined twice too
            return make_term(env, textnodes, index_key, source, self.lineno + 1 + lineno, *args, **kwargs)

        sphinx.domains.std.make_glossary_term = term_at_its_line
        try:
            return super().run()
        finally:
            self.state.reporter, sphinx.domains.std.make_glossary_term = reporter, make_term

    def parse_inline(self, text: str, *, lineno: int = -1) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        return super().parse_inline(text, lineno=self.lineno + lineno)


def read_glossaries_at_their_lines(app: Sphinx) -> None:
    """MyST reads a glossary's terms and definitions at their lines (HTML in a term is refused at its own)."""
    source = inspect.getsource(sphinx.domains.std.Glossary.run)
    if "parse_inline" not in vars(sphinx.util.docutils.SphinxDirective) or any(call not in source for call in (
            "self.parse_inline(", "self.state.reporter.warning(", "make_glossary_term(")):
        raise InternalsChanged("read_glossaries_at_their_lines", "Sphinx's glossary no longer parses its terms "
                                                                 "with parse_inline, makes them with "
                                                                 "make_glossary_term and warns through its reporter")
    app.add_directive_to_domain("std", "glossary", _Glossary, override=True)


# --- forget_terms_of_documents_read_again: a term moved between pages is not defined twice ---------------------
# Relies on: Sphinx reading serially (as Read the Docs and make html build) clearing each document's terms, labels
# and objects from the standard domain only just before reading it (Builder._read_serial), where in parallel it
# clears every document to be read first: a glossary term moved from one page into another read before it is then
# "defined twice" for one build, and a clean build, and msblog check, find it once. Upstream: no upstream issue yet;
# the fix upstream is the serial read clearing what it reads again first, as the parallel one does. Checked against
# Sphinx 9.0.4.
def forget_terms_of_documents_read_again(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """The standard domain forgets the terms, labels and objects of every document read again, before any is read."""
    for docname in docnames:
        env.domains.standard_domain.clear_doc(docname)


# --- line_in_argument: the line of what a directive reads from its first line ---------------------------------
# Relies on: MyST's inline text (MockState.inline_text) reading the line it is given as counted from 0, where a
# directive gives its own line (lineno), counted from 1. So one line on: the text of a title a directive reads from
# its first line (an admonition's, a table's, sphinx-design's dropdowns and tabs, and a card's, in the
# PassthroughTextElement in its sd-card-title), a rubric and Sphinx's centred line. Two lines on: a version's text
# (VersionChange reads it at lineno + 1, reST's next line), in the first paragraph of its versionmodified node, whose
# inline content keeps the directive's line. A section's title is MyST's own, at its line. Upstream: no upstream
# issue yet; the fix upstream is inline_text reading docutils' line. Checked against myst-parser 5.2.0, Sphinx
# 9.0.4 and sphinx-design 0.8.0.
def line_in_argument(node: nodes.Node) -> int | None:
    """The line of ``node`` in its source if it has one and is in what a directive reads from its first line (a
    title, a centred line, a version's text), else None."""
    if not node.line:
        return None
    holder = node
    while holder is not None and not isinstance(holder, (nodes.title, nodes.rubric, addnodes.centered,
                                                         addnodes.versionmodified)) and not _card_title(holder):
        holder = holder.parent
    if isinstance(holder, addnodes.versionmodified):
        text = holder[0][1] if holder.children and len(holder[0]) > 1 else None  # its label, then the text read
        if isinstance(text, nodes.inline) and text.line == holder.line and node in text.findall(include_self=False):
            return holder.line
        return None
    if holder is None or isinstance(holder, nodes.title) and isinstance(holder.parent, nodes.section):
        return None  # a heading
    return node.line - 1


# --- InlineLines, hard_break: what a block of text holds, at the line it is on; MyST's hard line break ------------
# Relies on: MyST giving what a paragraph (or a heading, or another block of text) holds, a link, an image, HTML, a
# role's nodes, no line or the block's first (markdown-it maps blocks to lines, not what is inline in them), writing
# each line break in the block as a Text node "\n" (a soft break) or as raw HTML "<br />\n" (a hard one, a backslash
# or two spaces at a line's end, beside raw LaTeX), with the page's source and a line like HTML written in the page,
# and keeping the block's source as its rawsource. So what a block holds is at the block's line and the breaks before
# it: a link on a paragraph's third line is refused at that line, and Sphinx's warning of a missing page names it;
# and a hard break is told from HTML a page writes only by its text and place. A code span, a role's text, a link's
# title or an image's alt over two lines leaves no break in the nodes (MyST writes a code span's and a role's line
# break as a space): a block whose source has more line breaks than its nodes is read again with the page's MyST
# settings, and each node MyST makes of one token (:data:`_MADE_OF`, a role's nodes, its text) is given that token's
# line (:func:`~msblog.model.safe_markdown.note_inline_lines`), as msblog check reads it. Upstream: no upstream issue
# yet; the fix upstream is a line for each inline token, and a node of docutils' own for a line break.
# Checked against myst-parser 5.2.0.
def hard_break(node: nodes.Node) -> bool:
    """Whether ``node`` is the raw HTML MyST writes for a hard line break in a block of text."""
    return isinstance(node, nodes.raw) and node.get("format") == "html" and node.astext() == "<br />\n" \
        and isinstance(node.parent, nodes.TextElement)


def shown_parts(node: nodes.Node) -> Iterator[tuple[nodes.Text, str]]:
    """Each text under ``node``, with what a reader sees of it: a hard line break's HTML as a space, and the break
    MyST writes beside it for LaTeX as nothing, never their markup."""
    for text in node.findall(nodes.Text):
        yield text, (" " if hard_break(text.parent) else "") if isinstance(text.parent, nodes.raw) else str(text)


def shown_text(node: nodes.Node) -> str:
    """The text of ``node`` as a reader sees it (:func:`shown_parts`)."""
    return "".join(shown for _, shown in shown_parts(node))


# The node MyST makes of each inline token, and whether what the node holds is made of tokens too (else it is at the
# node's line). A role (or another token) is its nodes, at its line.
_MADE_OF = {"code_inline": (nodes.literal, False), "html_inline": (nodes.raw, False), "hardbreak": (nodes.raw, False),
            "image": (nodes.image, False), "footnote_ref": (nodes.footnote_reference, False),
            "link_open": ((nodes.reference, addnodes.pending_xref), True), "em_open": (nodes.emphasis, True),
            "strong_open": (nodes.strong, True), "s_open": (struck_out, True)}


class InlineLines(SphinxTransform):
    """What a block of text holds, at the line it is on: the line of the token it is made of, or the block's first and
    the line breaks before it."""

    default_priority = stages.LINES

    def apply(self, **kwargs) -> None:
        markdown = None
        for block in self.document.findall(nodes.TextElement):
            if isinstance(block, (nodes.Inline, nodes.FixedTextElement)) or not block.line:
                continue
            breaks = sum(isinstance(node, nodes.Text) and str(node) == "\n" or hard_break(node)
                         for node in block.findall(include_self=False))
            tokens = []
            if block.rawsource.count("\n") > breaks:  # a line break the nodes do not show
                markdown = markdown or note_inline_lines(create_md_parser(self.env.myst_config, RendererHTML))
                tokens = [token for inline in markdown.parseInline(block.rawsource) for token in inline.children
                          if token.nesting != -1]
            _Placing(block, tokens).place_children(block)


class _Placing:
    """The nodes of ``block`` placed at their lines: a node made of the next of ``tokens`` at that token's, any other
    at the line the last one and the line breaks since leave."""

    def __init__(self, block: nodes.Element, tokens: list):
        self.block, self.tokens, self.at, self.line = block, tokens, 0, block.line

    def place_children(self, node: nodes.Element) -> None:
        for child in node.children:
            self.place(child)

    def place(self, node: nodes.Node) -> None:
        token = self.tokens[self.at] if self.at < len(self.tokens) else None
        holds_tokens = self._made_of(node, token)
        if holds_tokens is not None:
            self.line, self.at = self.block.line + token.meta["line"], self.at + 1
        if isinstance(node, nodes.Text):
            self.line += str(node) == "\n"
            return
        if not node.line or node.line == self.block.line:
            node.line = self.line
        if holds_tokens is False:
            for held in node.findall(include_self=False):
                if not isinstance(held, nodes.Text) and (not held.line or held.line == self.block.line):
                    held.line = self.line
        else:
            self.place_children(node)
        self.line += hard_break(node)

    @staticmethod
    def _made_of(node: nodes.Node, token) -> bool | None:
        """Whether ``node`` is what MyST made of ``token``: None if not, else whether it holds nodes made of the
        tokens next."""
        if token is None or isinstance(node, nodes.raw) and node.get("format") != "html":
            return None  # the LaTeX beside a hard break
        if isinstance(node, nodes.Text):
            text = {"softbreak": "\n", "text": token.content}.get(token.type)
            return False if str(node) == text else None
        if token.type in ("text", "softbreak"):
            return None
        if token.type not in _MADE_OF:
            return False  # a role's nodes (or another token's)
        kind, holds_tokens = _MADE_OF[token.type]
        if not isinstance(node, kind) or (token.type == "hardbreak") != hard_break(node):
            return None
        return holds_tokens


# --- caption_directive_line: the line of the code block whose caption holds a node ------------------------------
# Relies on: Sphinx's container_wrapper (code-block, literalinclude) giving a caption the line of its literal block,
# the directive's own, and reading the caption's text at the line the directive's content starts on: the caption
# option's own line is neither, and only the source says it. Upstream: no upstream issue yet; the fix upstream is the
# option's line given to the caption. Checked against Sphinx 9.0.4 and myst-parser 5.2.0.
def caption_directive_line(node: nodes.Node) -> int | None:
    """The line of the code block whose caption holds ``node`` (from 1), or None if no caption holds it."""
    caption = node
    while caption is not None and not isinstance(caption, nodes.caption):
        caption = caption.parent
    wrapper = caption.parent if caption is not None else None
    if not (isinstance(wrapper, nodes.container) and "literal-block-wrapper" in wrapper["classes"]):
        return None
    return caption.line or None


def _card_title(node: nodes.Node) -> bool:
    """Whether ``node`` is the text of a sphinx-design card's title (its link is one too, read at its line)."""
    return isinstance(node, PassthroughTextElement) and isinstance(node.parent, nodes.Element) \
        and "sd-card-title" in node.parent["classes"]


# --- read_without_files: no file read into a page, no raw output ------------------------------------------------
# Relies on: BuildEnvironment.settings (undocumented), the docutils settings Sphinx reads every document with,
# where docutils' file_insertion_enabled and raw_enabled, False, turn off the include, raw and csv-table :file:
# and :url: of docutils, Sphinx's literalinclude and MyST's include. Upstream: no upstream issue yet (docutils.conf in
# the site's folder could set them, but is a file an editor may not keep); the fix upstream is a config value for
# docutils settings. Checked against Sphinx 9.0.4, docutils 0.22.4 and myst-parser 5.2.0.
def read_without_files(env: BuildEnvironment) -> None:
    settings = getattr(env, "settings", None)
    if not isinstance(settings, dict):
        raise InternalsChanged("read_without_files", "the environment keeps no settings dict for docutils, so "
                                                     "reading files and raw output cannot be turned off")
    settings.update(file_insertion_enabled=False, raw_enabled=False)


# --- leave_out: documents Sphinx must not read ------------------------------------------------------------------
# Relies on: env-get-outdated handing its listeners the very sets Builder.read then reads (added, changed) and
# forgets (removed), after Sphinx found the documents (env.found_docs, documented; its sets, not): a document taken
# out of them is neither read nor written, and one read before is forgotten. Documented: only the listener's return
# value (more documents to read). Upstream: no upstream issue yet; the fix upstream is a documented way to exclude
# a document found by its source suffix (exclude_patterns is read before). Checked against Sphinx 9.0.4.
def leave_out(env: BuildEnvironment, docname: str, added: set[str], changed: set[str], removed: set[str]) -> None:
    """Take ``docname`` out of this build's documents (at env-get-outdated): not read, and forgotten if it was."""
    env.found_docs.discard(docname)
    added.discard(docname)
    changed.discard(docname)
    removed.update({docname} & documents_read(env).keys())


# --- index_entries and page_file: pages the site makes, in the index and on disk -------------------------------
# Relies on: the index domain's entries (IndexDomain.entries, undocumented: docname -> [(type, value, target, main,
# key)], which the index directive's nodes fill for documents), from which genindex is made for any page name, a
# page the site makes (html-collect-pages) included; and StandaloneHTMLBuilder.get_outfilename (undocumented), the
# file a page name is written to, by which its handle_page writes. Upstream: no upstream issue yet; the fix
# upstream is an API to index a generated page. Checked against Sphinx 9.0.4.
def index_entries(env: BuildEnvironment) -> dict[str, list[tuple]]:
    """The index's entries by page: a page the site makes may be given its own."""
    entries = getattr(env.domains.index_domain, "entries", None)
    if not isinstance(entries, dict):
        raise InternalsChanged("index_entries", "the index domain keeps its entries elsewhere than .entries")
    return entries


def page_file(builder: Builder, pagename: str) -> str:
    """The file the HTML ``builder`` writes the page ``pagename`` to."""
    return builder.get_outfilename(pagename)


# --- IndexText: an index entry's text, split only where its parts meet ------------------------------------------
# Relies on: Sphinx splitting an index entry's text into its entry and sub-entry (or the name a "see" sees) with the
# text's own split(";") (sphinx.util.index_entries, for genindex, the search index, gettext and LaTeX), and pickling
# the entries with the environment. Upstream: sphinx-doc/sphinx#8904 (no escape for a ";" in an entry); the fix
# upstream is an escape, or entries given as their parts. Checked against Sphinx 9.0.4.
class IndexText(str):
    """An index entry's text given as its ``parts`` (a name; a name and its sub-entry; a name and the one it sees),
    joined by ``"; "`` as Sphinx writes them, and split by Sphinx into those parts only: a name holding ``;`` is kept
    whole in ``genindex``. ``!`` and ``,`` mark nothing here (only the ``index`` directive reads them)."""

    parts: tuple[str, ...]

    def __new__(cls, *parts: str) -> IndexText:
        text = super().__new__(cls, "; ".join(parts))
        text.parts = parts
        return text

    def __getnewargs__(self) -> tuple[str, ...]:
        return self.parts

    def split(self, sep: str | None = None, maxsplit: int = -1) -> list[str]:
        """At ``;``, into its parts (those past ``maxsplit`` joined again); otherwise as any text."""
        if sep != ";":
            return super().split(sep, maxsplit)
        if 0 <= maxsplit < len(self.parts) - 1:
            return [*self.parts[:maxsplit], "; ".join(self.parts[maxsplit:])]
        return list(self.parts)


# --- add_template_filters: filters for the templates -----------------------------------------------------------
# Relies on: the HTML builders' template bridge, BuiltinTemplateLoader, keeping its Jinja environment in
# .environment (not part of TemplateBridge's documented methods); templates a component renders itself
# (app.builder.templates.render) see only its filters, not a page's context. Builders without templates get none.
# Upstream: no upstream issue yet; the fix upstream is a Sphinx API for extensions to add template filters.
# Checked against Sphinx 9.0.4.
def add_template_filters(builder: Builder, **filters) -> None:
    environment = getattr(getattr(builder, "templates", None), "environment", None)
    if environment is not None:
        environment.filters.update(filters)


# === docutils ===============================================================================================

# --- open_section: a section's start tag with attributes of its own -------------------------------------------
# Relies on: docutils' HTML5 writer opening a section (visit_section) by counting section_level, from which titles
# take h1, h2..., and writing <section> with starttag, which writes no attribute a node asks for; this is that
# visit with attributes. Close with the translator's own depart_section. Upstream: no upstream issue yet; the fix
# upstream is a node attribute that starttag writes as HTML attributes. Checked against docutils 0.22.4.
def open_section(translator: HTML5Translator, node: nodes.section, **attributes: str) -> None:
    translator.section_level += 1
    translator.body.append(translator.starttag(node, "section", **attributes))


# --- forget_footnote_references: footnote references out of docutils' numbering -------------------------------
# Relies on: the document noting each footnote reference as it is read (note_footnote_ref, note_autofootnote_ref) in
# footnote_refs and autofootnote_refs (undocumented), which docutils' Footnotes transform (620) numbers from, in the
# page or not: an auto-numbered reference taken out of the page is still numbered, and one it cannot number is
# reported ("Too many autonumbered footnote references"). Upstream: none needed (a reference docutils cannot number
# is an error of the page). Checked against docutils 0.22.4 and myst-parser 5.2.0.
def forget_footnote_references(document: nodes.document, references: list[nodes.footnote_reference]) -> None:
    """``references``, taken out of ``document``, left out of docutils' footnote numbering (before 620)."""
    gone = set(map(id, references))
    for noted in (document.autofootnote_refs, *(document.footnote_refs.get(name, []) for name in
                                                {reference.get("refname") for reference in references})):
        noted[:] = [node for node in noted if id(node) not in gone]


# === Pagefind ===============================================================================================

# --- pagefind_environment: Pagefind's chunk size --------------------------------------------------------------
# Relies on: PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE, a variable Pagefind calls unstable (pagefind/src/options.rs), the
# word locations that fill an index chunk (20,000 unless set). Upstream: no upstream issue yet; the fix upstream
# is a stable option, and a chunk that ends before a word that fills one on its own. Checked against pagefind 1.5.2.
def pagefind_environment(chunk_size: int) -> dict[str, str]:
    """The environment for Pagefind to cut index chunks of ``chunk_size`` word locations."""
    return {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(chunk_size)}


# --- PAGEFIND_INDEX: Pagefind's word index, read and written again ----------------------------------------------
# Relies on: the files of a Pagefind bundle's word index, which Pagefind does not document: pagefind-entry.json,
# pagefind.<hash>.pf_meta and index/<hash>.pf_index, each gzip of b"pagefind_dcd" and CBOR, a word being
# [word, [[page, locations, metadata locations]...], [[form with diacritics, pages]...]] (Pagefind 1.5's
# PackedWord); and fragment/<hash>.pf_fragment, b"pagefind_dcd" and a page's JSON with its "url", all Pagefind keeps
# of that page. msblog.sphinxext.pagefind_chunks alone reads and writes them; it checks every shape it reads and
# leaves a bundle in any other as Pagefind wrote it. Upstream: none (a private format, free to change).
# Checked against pagefind 1.5.2.
PAGEFIND_INDEX = "1.5"  # the Pagefind release whose index pagefind_chunks reads

"""Paginated listings of posts, in place of ABlog's one-page archives.

All posts, each year, tag, author and category: ``msblog_listing_size`` posts
a page (default 20), newest first, each with its facts and a plain-text
excerpt, and a pager whose previous and next links reach every page. The
indexes of years, tags, authors and categories list each collection with its
count. ABlog's own archive pages, which list every post on one page, are not
made; its feeds and ``postlist`` stay. Pages are written only when what they
show changed (see :mod:`msblog.sphinxext.pages`), and pages with a ``postlist``
are written again whenever a post was added, edited or removed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from functools import partial

import ablog.post
from ablog.blog import Blog
from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.pages import Page, digest, only_changed

CATALOGS = (("archive", "Posts by year", "Posts from"), ("tags", "Tags", "Posts tagged"),
            ("author", "Authors", "Posts by"), ("category", "Categories", "Posts in"),
            ("location", "Locations", "Posts from"), ("language", "Languages", "Posts in"))


def page_name(docname: str, number: int) -> str:
    """The page name of page ``number`` (from 1) of the listing at ``docname``."""
    return docname if number == 1 else f"{docname}/page/{number}"


def paginate(title: str, items: list, size: int) -> Iterator[tuple[int, int, str, list]]:
    """Each page of ``items``, ``size`` a page: its number (from 1), the number of pages, its heading, what it shows."""
    count = max(1, math.ceil(len(items) / size))
    for number in range(1, count + 1):
        heading = title if count == 1 else f"{title} (page {number} of {count})"
        yield number, count, heading, items[(number - 1) * size:number * size]


def pager(docname: str, number: int, count: int, window: int = 2) -> dict:
    """Links around page ``number`` of ``count``: first, last, previous, next and a window of neighbours."""
    shown = sorted({1, count, *range(max(1, number - window), min(count, number + window) + 1)})
    return {
        "number": number,
        "count": count,
        "previous": page_name(docname, number - 1) if number > 1 else None,
        "next": page_name(docname, number + 1) if number < count else None,
        "pages": [(n, page_name(docname, n), n - previous > 1) for previous, n in zip([0, *shown], shown)],
    }


def excerpt_text(post) -> str:
    """A post's excerpt as one line of plain text (the template escapes it)."""
    return " ".join(" ".join(node.astext().split()) for node in post.excerpt)


def _post_fingerprint(app: Sphinx, post) -> tuple:
    return post.docname, app.env.all_docs.get(post.docname)


def _listing(app: Sphinx, docname: str, title: str, posts: list) -> Iterator[Page]:
    for number, count, heading, shown in paginate(title, posts, app.config.msblog_listing_size):
        # A page's title is HTML in Sphinx's context: furo strips its tags for <title>, so a tag's name is escaped.
        context = partial(dict, title=escape(heading), listing_title=title, total=len(posts), posts=shown,
                          excerpt=excerpt_text, pager=pager(docname, number, count))
        fingerprint = (heading, len(posts), count, [_post_fingerprint(app, post) for post in shown])
        yield Page(page_name(docname, number), context, "msblog/listing.html", fingerprint)


def listing_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format != "html":
        return
    blog = Blog(app)
    if not blog:
        ablog.post.register_posts(app)
    pages = [*_listing(app, blog.posts.docname, "All posts", list(blog.posts))]
    for name, title, header in CATALOGS:
        catalog = getattr(blog, name)
        collections = [c for c in catalog if len(c)]
        if not collections:
            continue
        summary = [(str(c), c.docname, len(c)) for c in collections]
        pages.append(Page(catalog.docname, {"title": title, "collections": summary}, "msblog/catalog.html", summary))
        for collection in collections:
            pages += _listing(app, collection.docname, f"{header} {collection}", list(collection))
    yield from only_changed(app, pages)


def note_postlists(app: Sphinx, doctree: nodes.document) -> None:
    if any(True for _ in doctree.findall(ablog.post.PostList)):
        app.env.msblog_postlists[app.env.docname] = True


def postlists_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages with a ``postlist``, when any post was read again, added or removed since the last build."""
    posts = sorted((docname, env.all_docs.get(docname)) for docname in getattr(env, "ablog_posts", {}))
    current = digest(posts)
    changed, env.msblog_posts_digest = getattr(env, "msblog_posts_digest", None) != current, current
    return [docname for docname in env.msblog_postlists if docname in env.found_docs] if changed else []


def drop_ablog_archive_pages(app: Sphinx) -> None:
    for listener in list(app.events.listeners["html-collect-pages"]):
        if listener.handler is ablog.post.generate_archive_pages:
            app.disconnect(listener.id)


def setup(app: Sphinx) -> dict:
    app.add_config_value("msblog_listing_size", 20, "html", int)
    drop_ablog_archive_pages(app)
    per_document(app, "msblog_postlists")
    app.connect("doctree-read", note_postlists)
    app.connect("env-get-updated", postlists_to_write)
    app.connect("html-collect-pages", listing_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

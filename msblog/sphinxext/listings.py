"""Paginated listings of posts, in place of ABlog's one-page archives.

All posts, each year, tag, author and category: ``msblog_listing_size`` posts
a page (default 20), newest first, each with its facts and a plain-text
excerpt, and a pager whose previous and next links reach every page. The
indexes of years, tags, authors and categories list each collection with its
count. ABlog's own archive pages, which list every post on one page, are not
made; its feeds and ``postlist`` stay. Pages are written only when what they
show changed (see :mod:`msblog.sphinxext.pages`), and pages with a ``postlist``
are written again whenever a post was added, edited or removed.

Names of tags, authors and the like are cleaned as the importers clean them
(:func:`~msblog.model.names.clean_name`) before ABlog reads them, so names that
differ only by invisible characters are one name. Each name has a page of its
own (:func:`page_slugs`), whatever other names share its slug, and the same in
a clean and an incremental build.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from functools import partial

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from msblog.model.addresses import is_device_name
from msblog.model.errors import read_utf8
from msblog.model.front_matter import FRONT_MATTER
from msblog.model.names import clean_name, clean_names, counted, isolated
from msblog.sphinxext import compat, stages
from msblog.sphinxext.blog_theme import source
from msblog.sphinxext.discussions import comments_archived
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.pages import Page, digest, only_changed, written_again

logger = logging.getLogger(__name__)

CATALOGS = (("archive", "Posts by year", "Posts from"), ("tags", "Tags", "Posts tagged"),
            ("author", "Authors", "Posts by"), ("category", "Categories", "Posts in"),
            ("location", "Locations", "Posts from"), ("language", "Languages", "Posts in"))


SLUG_BYTES = 250  # with ".html", the 255 bytes a file name may have


def clean_post_names(app: Sphinx, doctree: nodes.document) -> None:
    """Clean the names a post or ``postlist`` gives before ABlog reads them; a name left empty is reported."""
    for node in compat.named_nodes(doctree):
        for key in compat.NAMED:
            names = node.get(key) or []
            if any(not clean_name(name) for name in names):
                logger.warning(f"an empty name in '{key}' is left out: {', '.join(names)!r}", type="msblog",
                               subtype="names", location=(app.env.docname, _line(app, node, key)))
            node[key] = clean_names(names)


def _line(app: Sphinx, node: nodes.Node, key: str) -> int | None:
    """The line of ``key`` in the document's front matter, or else of ``node``."""
    text = read_utf8(app.env.doc2path(app.env.docname), app.srcdir)  # as Sphinx read it, after any byte order mark
    front = FRONT_MATTER.match(text)
    found = re.search(rf"^{re.escape(key)}\s*:", front.group(1), re.M) if front else None
    return front.group(1).count("\n", 0, found.start()) + 2 if found else node.line


def _dropped(name: str) -> int:
    """How many characters of ``name`` its slug leaves out."""
    return len(re.findall(r"[^\w\s-]", unicodedata.normalize("NFKD", name)))


def page_slugs(names: Iterable[str], taken: Iterable[str] = ()) -> dict[str, str]:
    """The page name, in its catalog's folder, of each of ``names``: unlike any other's, and any in ``taken``.

    A name keeps ABlog's slug (its page's address so far) unless the slug is empty, too long for a
    file name, a name Windows keeps for a device (``con``: no Windows checkout could write its page), or
    shared. Of names sharing a slug, the one it spells most nearly keeps it (fewest
    characters left out, then the one written as the slug, then the first in order); each other name
    gets the slug followed by a short hash of the name, which depends on no other name.
    """
    taken = set(taken)
    sharing: dict[str, list[str]] = defaultdict(list)
    for name in sorted(set(names)):
        sharing[compat.ablog_slug(name)].append(name)
    slugs, rest = {}, []
    for slug, group in sorted(sharing.items()):
        group.sort(key=lambda name: (_dropped(name), name != slug, name))
        if slug and len(slug.encode()) <= SLUG_BYTES and slug not in taken and not is_device_name(slug):
            slugs[group.pop(0)] = slug
            taken.add(slug)
        rest += group
    for name in sorted(rest):
        readable = compat.ablog_slug(name).encode()[:SLUG_BYTES - 33].decode(errors="ignore")
        hashed = hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
        slug = next(candidate for length in range(6, len(hashed) + 1)
                    if (candidate := f"{readable}-{hashed[:length]}".lstrip("-")) not in taken)
        slugs[name] = slug
        taken.add(slug)
    return slugs


def assign_collection_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Give every tag, author (...) its page; the posts showing one whose page moved are written again.

    Names with published posts are given pages first, so a draft's name never takes an address from them.
    """
    blog = compat.ablog_blog(app)
    pages = {}
    for key in compat.NAMED:
        catalog = blog.catalogs[key]
        published = page_slugs(c.name for c in catalog if len(c))
        compat.place_collections(blog, catalog, published | page_slugs((c.name for c in catalog if not len(c)),
                                                                       published.values()))
        pages.update(((key, collection.name), collection.docname) for collection in catalog)
    previous, env.msblog_collection_pages = getattr(env, "msblog_collection_pages", {}), pages
    moved = {key for key, page in pages.items() if previous.get(key, page) != page}
    return sorted({post.docname for post in [*blog.posts, *blog.drafts]
                   if any((key, c.name) in moved for key in compat.NAMED for c in getattr(post, key) or [])} & env.found_docs)


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


def description(text: str, pager: dict) -> str:
    """What a page the site makes says of itself when shared or found (``msblog_description`` in its context, which
    :mod:`msblog.sphinxext.sharing` writes): ``text``, and which page it is where there are several."""
    return text + (f" Page {pager['number']} of {pager['count']}." if pager["count"] > 1 else "")


def excerpt_text(post) -> str:
    """A post's excerpt as one line of plain text (the template escapes it)."""
    return " ".join(" ".join(compat.shown_text(node).split()) for node in post.excerpt)


def _post_fingerprint(app: Sphinx, post) -> tuple:
    return post.docname, compat.documents_read(app.env).get(post.docname), [c.docname for key in compat.NAMED for c in getattr(post, key) or []]


def _listing(app: Sphinx, docname: str, header: str, posts: list, name: str | None = None) -> Iterator[Page]:
    """The pages listing ``posts``: "All posts", or a header and the name of a year, tag, author (...)."""
    title = f"{header} {isolated(name)}" if name else header  # for <title>; the page's heading isolates with <bdi>
    for number, count, heading, shown in paginate(title, posts, app.config.msblog_listing_size):
        # A page's title is HTML in Sphinx's context: furo strips its tags for <title>, so a tag's name is escaped.
        listing_title, pages = f"{header} {name}" if name else header, pager(docname, number, count)
        said = f"{listing_title} in the {app.config.project}: {counted(len(posts), 'post')}, newest first."
        context = partial(dict, title=escape(heading), header=header, name=name, total=len(posts), posts=shown,
                          listing_title=listing_title, excerpt=excerpt_text, pager=pages,
                          msblog_description=description(said, pages))
        fingerprint = (heading, len(posts), count, [_post_fingerprint(app, post) for post in shown])
        yield Page(page_name(docname, number), context, "msblog/listing.html", fingerprint)


def listing_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    if app.builder.format != "html":
        return
    blog = compat.ablog_blog(app)
    pages = [*_listing(app, blog.posts.docname, "All posts", list(blog.posts))]
    for name, title, header in CATALOGS:
        catalog = getattr(blog, name)
        collections = [c for c in catalog if len(c)]
        if not collections:
            continue
        summary = [(str(c), c.docname, len(c)) for c in collections]
        said = f"{title} of the posts in the {app.config.project}, each with how many posts it holds."
        pages.append(Page(catalog.docname, {"title": title, "collections": summary, "msblog_description": said},
                          "msblog/catalog.html", summary))
        for collection in collections:
            pages += _listing(app, collection.docname, header, list(collection), str(collection))
    yield from only_changed(app, pages)


def finish_postlists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """ABlog's ``postlist``, as it made it: the titles and names it links to are isolated, and each post it shows
    says how many comments it has archived, as a listing's do."""
    posts = None
    for found in doctree.findall(lambda node: isinstance(node, nodes.bullet_list) and "postlist" in node["classes"]):
        for reference in found.findall(nodes.reference):
            inner = source(*reference.children)
            reference.clear()
            reference += inner
        posts = posts or {app.builder.get_relative_uri(docname, post): post for post in compat.ablog_posts(app.env)}
        for item in (item for item in found.children if isinstance(item, nodes.list_item)):
            title = next((ref for ref in item.findall(nodes.reference) if ref.get("refuri") in posts), None)
            if title is not None:  # else a post linked elsewhere (ABlog's external_link)
                item += _comments_line(comments_archived(app.env, posts[title["refuri"]]), title["refuri"])


def _comments_line(count: int, post_uri: str) -> nodes.paragraph:
    line = nodes.paragraph(classes=["listing-comments"])
    if count:
        line += nodes.reference("", f"{counted(count, 'comment')} archived", refuri=f"{post_uri}#discussion",
                                internal=True)
    else:
        line += nodes.Text("No comments archived")
    return line


def note_postlists(app: Sphinx, doctree: nodes.document) -> None:
    if compat.has_postlist(doctree):
        app.env.msblog_postlists[app.env.docname] = True


def postlists_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages with a ``postlist``, when a post was read again, added or removed since this output was written."""
    posts = sorted((docname, compat.documents_read(env).get(docname)) for docname in compat.ablog_posts(env))
    shown = digest((posts, sorted(env.msblog_collection_pages.items())))
    return written_again(app, "postlist", dict.fromkeys(env.msblog_postlists, shown))


def setup(app: Sphinx) -> dict:
    for component in ("msblog.sphinxext.ablog_records", "msblog.sphinxext.blog_theme", "msblog.sphinxext.pages",
                      "msblog.sphinxext.discussions"):  # templates, pages, the count of each post's comments
        app.setup_extension(component)
    app.add_config_value("msblog_listing_size", 20, "html", int)
    per_document(app, "msblog_postlists")
    app.connect("doctree-read", clean_post_names, priority=stages.CLEAN)  # before ABlog reads the names
    app.connect("doctree-read", note_postlists)
    app.connect("env-get-updated", assign_collection_pages, priority=stages.PLAN_EARLY)  # before postlists_to_write
    app.connect("env-get-updated", postlists_to_write)
    app.connect("doctree-resolved", finish_postlists, priority=stages.AFTER_WRITERS)  # ABlog made the lists
    app.connect("html-collect-pages", listing_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

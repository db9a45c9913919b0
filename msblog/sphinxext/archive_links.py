"""Links to the original blog lead into the archive when the post is archived.

A link to any of the blog's addresses (any country domain, http or https,
``?m=1``, ``?showComment=...#c...``; and a post's on the WordPress site the
blog moved to, if ``msblog_wordpress`` names it), or such an address written out in a
post's or comment's text, points to the archived post, and to the exact
comment when the archive holds it, at the address the builder writing the
page gives it (:func:`~msblog.sphinxext.deferred_links.doc_href`; a builder
that writes no such page, as ``singlehtml`` for a post not on its page, keeps
the blog's address), on the page and in ABlog's copies of a post (its feeds and
postlists). A link to a post the archive does not hold stays a
working link to the original blog, marked for readers as leaving the archive;
``msblog check`` lists it. Posts linking to the blog are read again when the
post they link to is added or removed, and pages linking to a comment when the
post's discussion file changes or appears.
"""

from __future__ import annotations

import functools
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.model.addresses import BlogAddress
from msblog.model.discussion import read_discussion
from msblog.model.errors import ContentError
from msblog.model.html_links import Link
from msblog.sphinxext import compat, stages
from msblog.sphinxext.deferred_links import doc_href
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout

LEAVES = "original blog, not in the archive"


@functools.lru_cache(maxsize=1024)
def _comment_ids(path: Path, site: str, mtime: int | None) -> frozenset[str]:
    """The comment ids of a discussion file of the site in ``site``, read once per version of the file."""
    try:
        return frozenset(c.id for c in read_discussion(path, Path(site)).comments) if mtime is not None else frozenset()
    except ContentError:
        return frozenset()


def _target(app: Sphinx, docname: str, address: BlogAddress) -> tuple[str, str] | None:
    """The archived post's docname and the fragment of the linked comment, if archived;
    ``docname``, the linking page, is read again when the discussion file changes or appears."""
    post = layout(app).post_docname(address.path)
    if post not in app.env.found_docs:
        return None
    if address.comment is None:
        return post, ""
    path = Path(app.srcdir, layout(app).discussion_file(address.path))
    if path.is_file():
        app.env.note_dependency(path, docname=docname)
    else:
        app.env.msblog_missing_discussions.setdefault(docname, set()).add(path)
    ids = _comment_ids(path, app.srcdir, path.stat().st_mtime_ns if path.is_file() else None)
    found = next((i for i in (address.comment, f"c{address.comment}") if i in ids), None)
    return post, f"comment-{found}" if found else "discussion"


def resolve(app: Sphinx, docname: str, url: str, text: str = "") -> Link | None:
    """Where a link from ``docname`` to ``url`` should go; ``None`` if it is not the blog's."""
    address = layout(app).blog.address(url)
    if address is None:
        return None
    app.env.msblog_blog_links.setdefault(docname, set()).add(address.path)
    target = _target(app, docname, address)
    if target is None:
        return Link(text, url, ("leaves-archive",), LEAVES)
    return Link(text, doc_href(*target, fallback=url), ("archive-link",))


def link_post(app: Sphinx, doctree: nodes.document) -> None:
    """Point a page's links to the blog into the archive, and link addresses written out; in ABlog's copies of
    the post too (its feeds and postlists show them), which it made from the page before."""
    docname = app.env.docname
    if _link_blog_addresses(app, docname, doctree):
        for copy in compat.post_copies(app.env, docname):
            _link_blog_addresses(app, docname, copy)


def _link_blog_addresses(app: Sphinx, docname: str, root: nodes.Node) -> bool:
    """Link the blog's addresses under ``root``; whether it has any."""
    for text in list(root.findall(nodes.Text)):
        parent = text.parent
        if isinstance(parent, (nodes.reference, nodes.literal, nodes.FixedTextElement, nodes.raw)):
            continue
        parts, at, value = [], 0, str(text)
        for match in layout(app).blog.url_in_text.finditer(value):
            parts += [nodes.Text(value[at:match.start()]),
                      nodes.reference("", match.group(), refuri=match.group())]
            at = match.end()
        if parts:
            parent.replace(text, [*parts, nodes.Text(value[at:])])
    found = False
    for reference in list(root.findall(nodes.reference)):
        link = resolve(app, docname, reference.get("refuri", ""))
        if link is None:
            continue
        found = True
        reference["refuri"] = link.href
        reference["classes"] += list(link.classes)
        if link.note:
            reference.parent.insert(reference.parent.index(reference) + 1,
                                    nodes.inline("", f" ({link.note})", classes=["leaves-archive-note"]))
        else:
            reference["internal"] = True
    return found


def comment_text(app: Sphinx, docname: str, text: str) -> list[tuple[str, Link | None]]:
    """A comment's text split at the blog addresses written out in it, each with its link."""
    parts, at = [], 0
    for match in layout(app).blog.url_in_text.finditer(text):
        parts += [(text[at:match.start()], None), (match.group(), resolve(app, docname, match.group(), match.group()))]
        at = match.end()
    return parts + [(text[at:], None)]


def reread_linking(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Pages linking to a post that has just been added or removed, or to a comment
    of a post whose discussion file has appeared."""
    site = layout(app)
    paths = {str(site.post_name(d)) for d in (*added, *removed) if site.is_post(d)}
    again = [d for d, linked in env.msblog_blog_links.items() if linked & paths]
    again += [d for d, missing in env.msblog_missing_discussions.items() if any(p.is_file() for p in missing)]
    return [d for d in again if d in env.found_docs]


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.deferred_links")
    per_document(app, "msblog_blog_links")
    per_document(app, "msblog_missing_discussions")
    app.connect("env-get-outdated", reread_linking)
    app.connect("doctree-read", link_post, priority=stages.ARCHIVE_LINKS)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 3}

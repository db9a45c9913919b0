"""ABlog as the archive runs it: set up once for every component that reads its records.

ABlog keeps what it read of each post (:func:`~msblog.sphinxext.compat.ablog_posts`).
Two corrections make that record safe to read from any component: each post's
date is given in its own local time, since ABlog compares dates without time
zones (an imported date has one: ``2015-05-17T07:00:00+00:00``); and ABlog's
process-wide catalogs are emptied at the start of each build, and before its
writing, so a build in the same process (``make serve``) starts from its own posts.
ABlog gives each post a label, which Sphinx's standard domain would check, all of
them, for each document it reads: it is left to check only documents read before.
ABlog resolves its copies of a post (its feeds, a postlist's excerpts) from the
page that shows them, so a link to a page by a name relative to the post's
(``{doc}`fine```) is made to name that page from the site's root first.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import docname_join

from msblog.sphinxext import compat, stages


def local_dates_for_ablog(app: Sphinx, doctree: nodes.document) -> None:
    """ABlog compares dates without time zones: give it each post's own local time."""
    for info in compat.ablog_posts(app.env).get(app.env.docname, []):
        compat.naive_post_dates(info)


def links_from_the_root(app: Sphinx, doctree: nodes.document) -> None:
    """A link to a page by a name relative to this one names the page from the site's root, wherever ABlog shows it."""
    for link in doctree.findall(addnodes.pending_xref):
        if (link.get("refdomain"), link.get("reftype")) == ("std", "doc") and not link["reftarget"].startswith("/"):
            link["reftarget"] = "/" + docname_join(app.env.docname, link["reftarget"])


def forget_previous_build(app: Sphinx, env=None) -> None:
    """ABlog keeps its posts in process-wide state; start each build, and its writing, from this build's posts."""
    compat.forget_ablog_blog()


def setup(app: Sphinx) -> dict:
    app.setup_extension("ablog")
    compat.clear_only_documents_read(app)  # ABlog labels every post: Sphinx would check them all for each post read
    app.connect("builder-inited", forget_previous_build)
    app.connect("doctree-read", links_from_the_root, priority=stages.CLEAN)  # before ABlog copies the post
    app.connect("doctree-read", local_dates_for_ablog, priority=stages.ADJUST_ABLOG)
    app.connect("env-updated", forget_previous_build)  # a build again in the same process (sphinx-autobuild)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

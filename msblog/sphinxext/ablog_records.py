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
page that shows them, so in those copies a link to a page by a name relative to
the post's (``{doc}`fine```) names that page from the site's root; one to no
page (or label, term, paper's page) is its words there, as the post's own page warns of it, at its line.
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
    """In ABlog's copies of the post, a link to a page by a name relative to the post names the page from the site's
    root: ABlog resolves a copy from the page showing it. Each link of a copy is marked as a copy's."""
    for copy in compat.post_copies(app.env, app.env.docname):
        for link in copy.findall(addnodes.pending_xref):
            if (link.get("refdomain"), link.get("reftype")) == ("std", "doc"):
                link["reftarget"] = "/" + docname_join(app.env.docname, link["reftarget"])
            link["msblog_copied"] = True


def copied_link_to_no_page(app: Sphinx, env, node: addnodes.pending_xref, contnode: nodes.Element) -> nodes.Node | None:
    """A copy's link to nothing (no page, label, term or paper's page) is its words: the post's own page warns of it."""
    return contnode if node.get("msblog_copied") else None


def forget_previous_build(app: Sphinx, env=None) -> None:
    """ABlog keeps its posts in process-wide state; start each build, and its writing, from this build's posts."""
    compat.forget_ablog_blog()


def setup(app: Sphinx) -> dict:
    app.setup_extension("ablog")
    compat.clear_only_documents_read(app)  # ABlog labels every post: Sphinx would check them all for each post read
    app.connect("builder-inited", forget_previous_build)
    app.connect("doctree-read", local_dates_for_ablog, priority=stages.ADJUST_ABLOG)
    app.connect("doctree-read", links_from_the_root, priority=stages.ADJUST_ABLOG)
    app.connect("missing-reference", copied_link_to_no_page)
    app.connect("env-updated", forget_previous_build)  # a build again in the same process (sphinx-autobuild)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

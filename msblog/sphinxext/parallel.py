"""ABlog under parallel reading: the posts each reader process collected are merged back.

ABlog keeps its posts in ``env.ablog_posts`` and declares itself unsafe for parallel
reading, so ``sphinx-build -j`` used to read serially (and warn). With this merge
it is safe: ABlog's labels live in the standard domain, which merges its own data,
and ABlog registers its catalogs from ``env.ablog_posts`` when it writes.

ABlog's copies of each post (excerpt and full text) still point at the document
they were copied from, and through its settings at the whole environment; pickled,
every post would carry its document and, under ``-j``, every reader's environment.
They are cut loose once read.

Each reader process sends its whole environment back, which at 10,000 posts
costs more than ten seconds; a build that reads a few documents (an edit) reads
them in this process instead. Writing stays parallel; before it forks its
writer processes, the objects this process holds are frozen out of the garbage
collector, so a writer's collections do not copy the whole environment's memory
and the process ends without collecting it.
"""

from __future__ import annotations

import gc

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def detach_post_copies(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the document references of ABlog's copies of the post just read."""
    for post in getattr(app.env, "ablog_posts", {}).get(app.env.docname, []):
        for copy in [*post["excerpt"], post["doctree"]]:
            for node in copy.findall(include_self=True):
                node._document = None
        if isinstance(post["doctree"], nodes.document):  # a post without sections is copied whole
            post["doctree"].settings = None


def merge_posts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = getattr(other, "ablog_posts", {})
    ours = env.__dict__.setdefault("ablog_posts", {})
    ours.update((docname, theirs[docname]) for docname in docnames if docname in theirs)


def read_few_here(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read serially when the documents to read are under 5% of the site's (then restore ``-j`` for writing)."""
    if app.parallel > 1 and len(docnames) * 20 < len(env.all_docs):
        app.msblog_parallel, app.parallel = app.parallel, 1


def restore_parallel(app: Sphinx, env: BuildEnvironment) -> None:
    app.parallel = getattr(app, "msblog_parallel", app.parallel)


def freeze_before_writing(app: Sphinx, builder) -> None:
    """Freeze what this process holds out of the garbage collector before writing.

    Forked writers then do not touch (and so copy) every object of the
    environment, and the process exits without a last collection over it
    (8 of 23 s of a 10,000-post rebuild). No collection first: it would cost
    more than the little garbage it frees.
    """
    gc.freeze()


def unfreeze(app: Sphinx) -> None:
    """A new build in the same process: what the last one froze can be collected again."""
    gc.unfreeze()


def setup(app: Sphinx) -> dict:
    app.connect("env-before-read-docs", read_few_here, priority=900)  # after handlers that add documents
    app.connect("env-updated", restore_parallel)
    app.connect("write-started", freeze_before_writing)
    app.connect("builder-inited", unfreeze)
    app.connect("doctree-read", detach_post_copies, priority=600)
    app.connect("env-merge-info", merge_posts)
    app.extensions["ablog"].parallel_read_safe = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}

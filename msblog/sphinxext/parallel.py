"""ABlog under parallel reading: the posts each reader process collected are merged back.

ABlog keeps its posts in ``env.ablog_posts`` and declares itself unsafe for parallel
reading, so ``sphinx-build -j`` used to read serially (and warn). With this merge
(:func:`~msblog.sphinxext.compat.read_ablog_in_parallel`) it is safe: ABlog's labels
live in the standard domain, which merges its own data, and ABlog registers its
catalogs from ``env.ablog_posts`` when it writes.

ABlog's copies of each post (excerpt and full text) still point at the document
they were copied from, and through its settings at the whole environment; pickled,
every post would carry its document and, under ``-j``, every reader's environment.
They are cut loose once read.

Sphinx loads the environment with the garbage collector on: at 10,000 posts
its millions of objects set off collection after collection over all of them
(11 s of loading, 4 s without). It is loaded with the collector paused, then
frozen out of it, so that later collections pass over only what the build
makes.

Each reader process sends its whole environment back, which at 10,000 posts
costs more than ten seconds; a build that reads a few documents (an edit) reads
them in this process instead. Writing stays parallel; before it forks its
writer processes, the objects this process holds are frozen out of the garbage
collector, so a writer's collections do not copy the whole environment's memory
and the process ends without collecting it.

A serial build keeps every document it read, whole, until it writes it, and
the bytes of every doctree it read back: at the whole blog's size, most of its
memory. Each document is let go once the next is being read (and the last once
reading ends), to be read from its file when it is written, and its bytes are
let go once written.

Reading keeps what it learns of each document, and the objects it kept set off
full collections, each over all of them: at 10,000 posts, more than ten
seconds of a serial build. Every ``FREEZE_EVERY`` documents read, what is kept
is frozen out of the collector, after a collection (so that no garbage is
frozen), and later collections pass over what was read since.

Sphinx and MyST made docutils' settings anew for each document read, the same
each time, at a tenth of the cost of reading a post: they are made once
(:func:`~msblog.sphinxext.compat.make_settings_once`).
"""

from __future__ import annotations

import gc

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.sphinxext import compat, stages

FREEZE_EVERY = 500  # documents read between two freezes


def detach_post_copies(app: Sphinx, doctree: nodes.document) -> None:
    """Drop the document references of ABlog's copies of the post just read."""
    compat.detach_post_copies(app.env, app.env.docname)


def read_few_here(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Read serially when the documents to read are under 5% of the site's (``-j`` stays for writing)."""
    if len(docnames) * 20 < len(compat.documents_read(env)):
        compat.read_in_this_process(app)


def restore_parallel(app: Sphinx, env: BuildEnvironment) -> None:
    compat.restore_parallel(app)


def forget_read_doctrees(app: Sphinx, env: BuildEnvironment, docname: str | None = None) -> None:
    """The documents read so far (as the next is, ``docname``, or once all are) are written from their files, not
    from memory kept since they were read."""
    compat.forget_read_doctrees(env)


def freeze_what_was_read(app: Sphinx, env: BuildEnvironment, docname: str | None = None) -> None:
    """Every ``FREEZE_EVERY`` documents, what reading kept is collected, then frozen out of the collector."""
    app.msblog_read_since_freeze = getattr(app, "msblog_read_since_freeze", 0) + 1
    if app.msblog_read_since_freeze >= FREEZE_EVERY:
        app.msblog_read_since_freeze = 0
        gc.collect()
        gc.freeze()


def forget_written_doctree(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    compat.forget_doctree(app.env, docname)


def pause_collector(app: Sphinx, config) -> None:
    """Before Sphinx loads the environment: what an earlier build in this process left is collected, then the
    collector waits (until :func:`freeze_environment`)."""
    gc.unfreeze()
    gc.collect()
    gc.disable()


def freeze_environment(app: Sphinx) -> None:
    """The environment loaded: its objects are frozen out of the collector, which runs again."""
    gc.freeze()
    gc.enable()


def freeze_before_writing(app: Sphinx, builder) -> None:
    """Freeze what this process holds out of the garbage collector before writing.

    Forked writers then do not touch (and so copy) every object of the
    environment, and the process exits without a last collection over it
    (8 of 23 s of a 10,000-post rebuild). No collection first: it would cost
    more than the little garbage it frees.
    """
    gc.freeze()


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")
    compat.read_ablog_in_parallel(app)
    compat.make_settings_once()
    app.connect("env-before-read-docs", read_few_here, priority=stages.PLAN_LAST)  # after listeners that add documents
    app.connect("env-updated", restore_parallel)
    app.connect("env-purge-doc", forget_read_doctrees)  # Sphinx's first event after it kept the last one read
    app.connect("env-purge-doc", freeze_what_was_read)  # after the last document read is let go
    app.connect("env-updated", forget_read_doctrees)
    app.connect("doctree-resolved", forget_written_doctree)
    app.connect("write-started", freeze_before_writing)
    app.connect("config-inited", pause_collector, priority=stages.BEFORE_LOADING)
    app.connect("builder-inited", freeze_environment)
    app.connect("doctree-read", detach_post_copies, priority=stages.DETACH)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

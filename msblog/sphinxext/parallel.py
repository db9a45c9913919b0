"""ABlog under parallel reading: the posts each reader process collected are merged back.

ABlog keeps its posts in ``env.ablog_posts`` and declares itself unsafe for parallel
reading, so ``sphinx-build -j`` used to read serially (and warn). With this merge
it is safe: ABlog's labels live in the standard domain, which merges its own data,
and ABlog registers its catalogs from ``env.ablog_posts`` when it writes.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def merge_posts(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    theirs = getattr(other, "ablog_posts", {})
    ours = env.__dict__.setdefault("ablog_posts", {})
    ours.update((docname, theirs[docname]) for docname in docnames if docname in theirs)


def setup(app: Sphinx) -> dict:
    app.connect("env-merge-info", merge_posts)
    app.extensions["ablog"].parallel_read_safe = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}

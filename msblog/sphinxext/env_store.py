"""Per-document data kept in the build environment, safe under parallel reading.

``per_document(app, "msblog_x")`` makes ``env.msblog_x`` a dict keyed by
docname that is created once, emptied for a document before it is read again,
and merged back from parallel readers.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment


def per_document(app: Sphinx, name: str) -> None:
    """Keep ``env.<name>``, a dict of docname to that document's data."""

    def create(app: Sphinx) -> None:
        if not hasattr(app.env, name):
            setattr(app.env, name, {})

    def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        getattr(env, name).pop(docname, None)

    def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
        ours, theirs = getattr(env, name), getattr(other, name)
        ours.update((docname, theirs[docname]) for docname in docnames if docname in theirs)

    app.connect("builder-inited", create)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)

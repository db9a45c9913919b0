"""The therapy and trial registry in the build: read before any document, and its accessors.

Each page under ``therapies/`` (``msblog_registry_dir``) is one registry entry
(see :mod:`msblog.model.registry`). The whole registry is read when Sphinx
decides what to read (``env-get-outdated``), so every document read after it
knows every name; when any registry page changed, every document is read
again, since any may mention a new or renamed entry. A broken registry fails
the build. Other components ask :func:`registry` and :func:`entry_at`; this
module alone sets ``env.msblog_registry`` and ``env.msblog_registry_digest``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from msblog.model.errors import ContentError
from msblog.model.layout import MADE_PAGE
from msblog.model.registry import Entry, Registry, load_registry
from msblog.sphinxext.layout import layout

logger = logging.getLogger(__name__)


def registry(env: BuildEnvironment) -> Registry:
    """The registry this build read."""
    return env.msblog_registry


def entry_at(env: BuildEnvironment, docname: str) -> Entry | None:
    """The entry whose page is ``docname``, if it is one."""
    return next((entry for entry in registry(env) if entry.docname == docname), None)


def load(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Read the registry before any document; when it changed, read every document again.

    A broken registry fails the build.
    """
    folder = Path(app.srcdir, layout(app).registry)
    try:
        env.msblog_registry = load_registry(folder, layout(app).registry)
    except ContentError as error:
        for problem in error.problems:
            logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="msblog", subtype="registry")
        env.msblog_registry = Registry()
        app.statuscode = 1
    for docname in sorted(env.found_docs):
        if layout(app).is_made_page(docname):
            logger.error(MADE_PAGE, location=f"{env.doc2path(docname)}:1", type="msblog", subtype="registry")
            app.statuscode = 1
    sources = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(folder.glob("*.md")))).hexdigest()
    changed_registry = getattr(env, "msblog_registry_digest", None) != sources
    env.msblog_registry_digest = sources
    return sorted(env.found_docs) if changed_registry else []


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.connect("env-get-outdated", load)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

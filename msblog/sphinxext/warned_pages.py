"""A page that warned is read again in the next build, so that its warnings are given again.

Sphinx gives a page's warnings when it reads or writes the page, and the next
build reads and writes only what changed since: after a build that failed on
a warning (``-W --keep-going``, as ``make html`` and Read the Docs build), a
build with nothing changed succeeded, and said nothing. Each warning Sphinx
counts (one ``suppress_warnings`` does not hide) is noted against its page:
the page its location names, else the page being read. The pages noted are
kept beside the environment when the build ends (:data:`WARNED_FILE`), and
the next build reads them again, until they build without a warning.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.logging import NAMESPACE, get_node_location, is_suppressed_warning

WARNED_FILE = "msblog-warned.json"


class _NoteWarnedPages(logging.Handler):
    """Notes the page of each warning Sphinx counts."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__(logging.WARNING)
        self.app = app
        self.pages: set[str] = set()

    def emit(self, record: logging.LogRecord) -> None:
        suppressed = self.app.config.suppress_warnings
        if is_suppressed_warning(getattr(record, "type", ""), getattr(record, "subtype", ""), suppressed):
            return
        if page := warned_page(self.app.env, getattr(record, "location", None)):
            self.pages.add(page)


def warned_page(env: BuildEnvironment, location: object) -> str | None:
    """The page a warning's location names (a page's name, ``(name, line)``, a node, ``path:line``), else the page
    being read; None for neither."""
    if isinstance(location, tuple):
        location = location[0]
    elif isinstance(location, nodes.Node):
        location = get_node_location(location)
    if isinstance(location, str) and location:
        if location in env.found_docs:
            return location
        path, colon, line = location.rpartition(":")
        if page := env.path2doc(path if colon and (line.isdigit() or not line) else location):
            return page
    return env.current_document.docname or None


def note_warned_pages(app: Sphinx) -> None:
    """Notes, from here to the build's end, the page of each warning; first of Sphinx's handlers, so that a warning
    raised as an exception (``--exception-on-warning``) is noted too."""
    app.msblog_warned = _NoteWarnedPages(app)
    logging.getLogger(NAMESPACE).handlers.insert(0, app.msblog_warned)


def read_warned_pages(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                      removed: set[str]) -> list[str]:
    """The pages that warned in the build before, to read again (those still there)."""
    try:
        warned = json.loads(Path(app.doctreedir, WARNED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    if not isinstance(warned, list):  # not a file this module wrote: nothing to read again
        return []
    return sorted(page for page in warned if isinstance(page, str) and page in env.found_docs and page not in removed)


def keep_warned_pages(app: Sphinx, exception: Exception | None) -> None:
    """The pages that warned in this build, beside the environment (none: no file)."""
    handler = app.msblog_warned
    logging.getLogger(NAMESPACE).removeHandler(handler)
    path = Path(app.doctreedir, WARNED_FILE)
    if handler.pages:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(sorted(handler.pages)), encoding="utf-8")
    else:
        path.unlink(missing_ok=True)


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", note_warned_pages)
    app.connect("env-get-outdated", read_warned_pages)
    app.connect("build-finished", keep_warned_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

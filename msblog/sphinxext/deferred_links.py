"""Links into the archive found while reading, resolved for the builder that writes the page.

A document is read once and may be written by any builder (``html``,
``dirhtml``, ``singlehtml``), each of which places pages differently. So a
link into the archive made while reading, in a docutils reference or in raw
HTML (a comment's), holds :func:`doc_href` instead of an address, and when
the page is written the builder's own relative address replaces it. Only the
archive writes such links: a reader's own relative links never reach a page
(:func:`~msblog.model.safe_markdown.sanitise_html`).
"""

from __future__ import annotations

import re
from html import escape
from urllib.parse import quote, unquote

from docutils import nodes
from sphinx.application import Sphinx

PREFIX = "#msblog-doc:"
_IN_HTML = re.compile(r'href="#msblog-doc:([^"#]*)(?:#([^"]*))?"')


def doc_href(docname: str, fragment: str = "") -> str:
    """A link to ``docname`` (and ``#fragment`` in it), to be resolved when the page is written."""
    return PREFIX + quote(docname) + (f"#{fragment}" if fragment else "")


def _uri(app: Sphinx, from_docname: str, target: str, fragment: str | None) -> str:
    """The builder's address of ``target`` from ``from_docname``; ``#`` for a page the site does not have."""
    target = unquote(target)
    if target not in app.env.all_docs:
        return "#"
    uri = app.builder.get_relative_uri(from_docname, target)
    return (uri + (f"#{fragment}" if fragment else "")) or "#"


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every deferred link of the page being written its address for this builder."""
    for reference in doctree.findall(nodes.reference):
        refuri = reference.get("refuri", "")
        if refuri.startswith(PREFIX):
            target, _, fragment = refuri[len(PREFIX):].partition("#")
            reference["refuri"] = _uri(app, docname, target, fragment)
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if PREFIX in text:
            html = _IN_HTML.sub(lambda m: f'href="{escape(_uri(app, docname, m.group(1), m.group(2)))}"', text)
            raw.replace_self(nodes.raw("", html, format=raw.get("format", "html")))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", resolve_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

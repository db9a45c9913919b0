"""Links into the archive found while reading, resolved for the builder that writes the page.

A document is read once and may be written by any builder (``html``,
``dirhtml``, ``singlehtml``), each of which places pages differently. So a
link into the archive made while reading, in a docutils reference or in raw
HTML (a comment's), holds :func:`doc_href` instead of an address, and when
the page is written the builder's own relative address replaces it. HTML
rendered into a page as it is written (a registry entry's mentions) links
documents the same way (:func:`page_links`, :func:`resolve_html`). Only the
archive writes such links: a reader's own relative links never reach a page
(:func:`~msblog.model.safe_markdown.sanitise_html`).

A link to a page the builder does not write (one the site does not have, or,
in ``singlehtml``, one not on the single page) leads to its ``fallback``, the
address the source gave (an archived post's address on the original blog) if
it is a web address (http or https); a link without one is left as its text,
since a link that goes nowhere would only mislead the reader (and a placeholder
written into a page's HTML must not make a ``javascript:`` or ``data:`` link).
On a single page, Sphinx's own links to pages are mended by the same rule
(:func:`resolve_links`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape, unescape
from urllib.parse import quote, unquote

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx

from msblog.model.addresses import is_web_address
from msblog.sphinxext import compat

PREFIX = "#msblog-doc:"
# A link in raw HTML as sanitised HTML writes it: attributes in double quotes, never a link inside a link.
_ANCHOR = re.compile(r'<a((?:\s+[^\s"\'>/=]+(?:="[^"]*")?)*)\s*>(.*?)</a>', re.S)
_ATTRIBUTE = re.compile(r'\s+([^\s"\'>/=]+)(?:="([^"]*)")?')


def doc_href(docname: str, fragment: str = "", fallback: str = "") -> str:
    """A link to ``docname`` (and ``#fragment`` in it), to be resolved when the page is written;
    ``fallback`` is where it leads if the builder does not write that page (a web address, or nowhere)."""
    return (PREFIX + quote(docname) + (f"?{quote(fallback, safe='')}" if fallback else "")
            + (f"#{quote(fragment)}" if fragment else ""))


def _resolve(app: Sphinx, docname: str, on_page: set[str], href: str) -> tuple[str, bool] | None:
    """The address of a deferred ``href`` on ``docname``'s page, and whether it is in the site;
    ``None`` where it leads nowhere."""
    rest, _, fragment = href[len(PREFIX):].partition("#")
    target, _, fallback = (unquote(part) for part in rest.partition("?"))
    fragment = unquote(fragment)
    if target == docname:
        return f"#{fragment}" if fragment else "#", True
    if target in compat.documents_read(app.env):
        uri = app.builder.get_relative_uri(docname, target)
        page, in_page, _ = uri.partition("#")
        if not in_page or target in on_page:  # a builder placing pages in one (singlehtml) gives an anchor
            return (f"{page}#{fragment}" if fragment else uri), True
    return (fallback, False) if is_web_address(fallback) else None


def _resolve_html(app: Sphinx, docname: str, on_page: set[str], html: str) -> str:
    """``html`` with each deferred link resolved: its address replaced, or the link left as its text."""

    def anchor(match: re.Match) -> str:
        attributes = {name: unescape(value or "") for name, value in _ATTRIBUTE.findall(match.group(1))}
        href = attributes.get("href", "")
        if not href.startswith(PREFIX):
            return match.group()
        resolved = _resolve(app, docname, on_page, href)
        if resolved is None:
            classes = f' class="{escape(attributes["class"])}"' if attributes.get("class") else ""
            return f"<span{classes}>{match.group(2)}</span>"
        attributes["href"] = resolved[0]
        return "<a" + "".join(f' {name}="{escape(value)}"' for name, value in attributes.items()) + f">{match.group(2)}</a>"

    return _ANCHOR.sub(anchor, html)


def _writes_one_page(app: Sphinx, docname: str) -> bool:
    """Whether the builder writes every page into one (``singlehtml``), where each page is an anchor."""
    return app.builder.get_relative_uri(docname, docname).startswith("#")


def _single_page(app: Sphinx, docname: str) -> dict[str, str]:
    """Where a builder that writes every page into one (``singlehtml``) puts each page on it, as Sphinx's own
    links give it (``#document-<docname>``); nothing for a builder that writes pages apart."""
    if not _writes_one_page(app, docname):
        return {}
    return {app.builder.get_relative_uri(docname, page): page for page in compat.documents_read(app.env)}


def _on_page(doctree: nodes.document, docname: str) -> set[str]:
    """The documents on the page being written: ``docname``'s, and those a single page includes."""
    return {docname, *(node["docname"] for node in doctree.findall(addnodes.start_of_file))}


def page_links(app: Sphinx, docname: str) -> Callable[[str], str]:
    """A template's ``pathto`` for HTML rendered into ``docname``'s page as it is written: a document's address is
    deferred (:func:`doc_href`, then :func:`resolve_html`), a page the builder makes of its own (a listing's page 2)
    is at the builder's address; a builder writing one page makes no such page, and a link to it is its text.

    The template may add a fragment: ``pathto(docname) + "#comment-1"`` is ``doc_href(docname, "comment-1")``
    for a fragment that needs no quoting (a comment's id).
    """
    one_page = _writes_one_page(app, docname)

    def pathto(name: str) -> str:
        if name in compat.documents_read(app.env) or one_page:
            return doc_href(name)
        return app.builder.get_relative_uri(docname, name)

    return pathto


def resolve_html(app: Sphinx, doctree: nodes.document, docname: str, html: str) -> str:
    """``html`` made for ``docname``'s page (``doctree``) as it is written, its deferred links resolved: for a
    listener of ``doctree-resolved``, which may run before or after :func:`resolve_links`."""
    return _resolve_html(app, docname, _on_page(doctree, docname), html)


def resolve_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give every deferred link of the page being written its address for this builder.

    On a single page, Sphinx's own links to a page are mended the same way: Sphinx writes a link to an anchor of
    another page as two fragments (``#document-<docname>#<anchor>``), and links to pages not on the single page.
    """
    on_page = _on_page(doctree, docname)
    single = _single_page(app, docname)
    for reference in list(doctree.findall(nodes.reference)):
        refuri = reference.get("refuri", "")
        page, _, fragment = refuri[1:].partition("#")
        if f"#{page}" in single and not refuri.startswith(PREFIX):
            refuri = doc_href(single[f"#{page}"], fragment)
        if not refuri.startswith(PREFIX):
            continue
        resolved = _resolve(app, docname, on_page, refuri)
        if resolved is None:
            reference.replace_self(nodes.inline("", "", *reference.children, classes=reference["classes"]))
        else:
            reference["refuri"], reference["internal"] = resolved
    for raw in list(doctree.findall(nodes.raw)):
        text = raw.astext()
        if PREFIX in text:
            raw.replace_self(nodes.raw("", _resolve_html(app, docname, on_page, text), format=raw.get("format", "html")))


def setup(app: Sphinx) -> dict:
    app.connect("doctree-resolved", resolve_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

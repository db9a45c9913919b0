"""Papers and trial registrations cited in posts and comments: linked, recorded, listed under each post; their
one owner.

An identifier (:mod:`msblog.model.identifiers`: a DOI, a PubMed or PMC ID, an NCT, EudraCT or ISRCTN number)
written in a post's text becomes a link to its resolver, built from the identifier alone; a link already leading
to a resolver is kept. Code, headings, links, ``{nomentions}`` passages and addresses written out in the text are
never linked (an identifier in a heading still counts). In comments the same is done through
:mod:`msblog.sphinxext.comment_links`. Editors write an identifier by hand with a role: ``{doi}``, ``{pmid}``,
``{pmc}``, ``{nct}``, ``{eudract}``, ``{isrctn}`` (```{pmid}`21175342` ``, or ```{doi}`the trial <10.1056/x>` ``);
a target that is not an identifier is a warning at its line. A look-alike in the text (``NCT123``) is left as
written; ``msblog check`` lists it.

A post's text is read before ABlog copies the post, so its feed and postlists show the same links; the post then
ends with "Papers and trials cited", each identifier its text names once, titled from the bibliography
(:mod:`msblog.model.bibliography`, ``msblog_bibliography``), else by its label, linked to its page in the archive
(:mod:`msblog.sphinxext.citation_pages`, through the ``cited`` domain: its text without that component, or under a
builder that writes no such page) and to its resolver. A post citing nothing has no
such section.

Every citation is recorded where it is found, with the words around it, each kind in its own slot: those in a
post's text (``env.msblog_post_citations``, with the section), those in its comments
(``env.msblog_comment_citations``, with the comment, its author and time); once every document is read they are
indexed by identifier, newest post first (``env.msblog_citation_index``). Other components read them only through
:func:`citations_of`, :func:`cited_in_text`, :func:`citing` and :func:`cited`, and the bibliography through
:func:`bibliography`.
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from msblog.model.bibliography import Bibliography, bibliography_file, read_bibliography
from msblog.model.discussion import Comment
from msblog.model.errors import ContentError
from msblog.model.excerpts import Excerpt, words_around
from msblog.model.html_links import Link
from msblog.model.identifiers import KINDS, Identifier, find, from_address, parse
from msblog.model.layout import setting_line
from msblog.model.registry import EXPLICIT_TITLE
from msblog.sphinxext import stages
from msblog.sphinxext.compat import ablog_posts, shown_parts
from msblog.sphinxext.discussions import before_discussion
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout
from msblog.sphinxext.mentions import nomentions

logger = logging.getLogger(__name__)

SECTION = "papers-and-trials-cited"
_SKIP = (nomentions, nodes.literal, nodes.FixedTextElement, nodes.raw, nodes.comment, nodes.target, nodes.math,
         nodes.substitution_definition, addnodes.index, nodes.reference)  # a link's own text is read by its address
_NO_LINK = (nodes.title, nodes.rubric, addnodes.pending_xref)


@dataclass(frozen=True)
class Citation:
    """``identifier`` cited in a post's text (in the section ``section``), or in one comment; with its words."""

    identifier: Identifier
    excerpt: Excerpt
    section: str | None = None
    comment: str | None = None
    author: str | None = None
    time: date | datetime | None = None
    order: int = 0  # the comment's line in its discussion file


def citations_of(env: BuildEnvironment, docname: str) -> list[Citation]:
    """Every citation in the post ``docname``: in its text, in order, then in each of its comments."""
    return env.msblog_post_citations.get(docname, []) + env.msblog_comment_citations.get(docname, [])


def cited_in_text(env: BuildEnvironment, docname: str) -> list[Identifier]:
    """The identifiers the text of the post ``docname`` names, each once, in order."""
    return list(dict.fromkeys(c.identifier for c in env.msblog_post_citations.get(docname, [])))


def citing(env: BuildEnvironment, key: str) -> list[tuple[str, list[Citation]]]:
    """``(post docname, its citations of the identifier)`` for the identifier whose :attr:`~Identifier.key` is
    ``key``, newest post first."""
    return env.msblog_citation_index.get(key, [])


def cited(env: BuildEnvironment) -> dict[str, Identifier]:
    """Every identifier cited anywhere, by its key."""
    return {key: by_post[0][1][0].identifier for key, by_post in env.msblog_citation_index.items()}


def bibliography(env: BuildEnvironment) -> Bibliography:
    """The bibliography this build read (empty without one)."""
    return env.msblog_bibliography


def index_citations(app: Sphinx, env: BuildEnvironment) -> None:
    """Index every post's citations by identifier, newest post first, once every document is read."""
    by_key: dict[str, dict[str, list[Citation]]] = defaultdict(lambda: defaultdict(list))
    docnames = sorted(env.msblog_post_citations.keys() | env.msblog_comment_citations.keys())
    for docname in docnames:
        for citation in citations_of(env, docname):
            by_key[citation.identifier.key][docname].append(citation)
    posts = ablog_posts(env)
    newest_first = {d: (str(posts[d][0]["date"] or "") if posts.get(d) else "", d) for d in docnames}
    env.msblog_citation_index = {
        key: [(d, by_post[d]) for d in sorted(by_post, key=newest_first.__getitem__, reverse=True)]
        for key, by_post in sorted(by_key.items())}


# --- the bibliography ---------------------------------------------------------------------------------------------

def check_setting(app: Sphinx, config: Config) -> None:
    """``msblog_bibliography``, when set, names a file in the site's folder: a configuration error at its line
    otherwise. A file there that is a symbolic link out of it is the bibliography's problem, at its first line."""
    if not config.msblog_bibliography:
        return
    path = _bibliography_path(app)
    inside = Path(os.path.abspath(path)).is_relative_to(os.path.abspath(app.srcdir))
    problem = None if inside else "is outside the site's folder"
    problem = problem or (None if path.is_file() else "is not a file" if path.exists() else "does not exist")
    if problem:
        conf = Path(app.confdir, "conf.py")
        raise ConfigError(f"{conf}:{setting_line(conf, 'msblog_bibliography')}: msblog_bibliography "
                          f"{config.msblog_bibliography!r} {problem}")


def _bibliography_path(app: Sphinx) -> Path | None:
    return bibliography_file(Path(app.srcdir), app.config.msblog_bibliography)


def load_bibliography(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Read the bibliography before any document; when it changed, read again the posts that cite a paper.
    A broken bibliography fails the build."""
    path = _bibliography_path(app)
    env.msblog_bibliography = Bibliography()
    digest = hashlib.sha256(path.read_bytes()).hexdigest() if path else None
    if path:
        try:
            env.msblog_bibliography = read_bibliography(path, app.srcdir)
        except ContentError as error:
            for problem in error.problems:
                logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="msblog",
                             subtype="bibliography")
            app.statuscode = 1
    changed_file = getattr(env, "msblog_bibliography_digest", None) != digest
    env.msblog_bibliography_digest = digest
    return sorted(d for d in env.msblog_post_citations if d in env.found_docs) if changed_file else []


def resolver_host(identifier: Identifier) -> str:
    """The resolver's host as readers know it: ``doi.org``, ``pubmed.ncbi.nlm.nih.gov``, ``clinicaltrials.gov``."""
    return urlsplit(identifier.url).hostname.removeprefix("www.")


# --- a post's text --------------------------------------------------------------------------------------------------

def cite_in_post(app: Sphinx, doctree: nodes.document) -> None:
    """Link the identifiers written in a post's text, record every citation, and end the post with those it cites."""
    env = app.env
    if not layout(app).is_post(env.docname):
        return
    found = [*_link_identifiers(doctree), *_linked_identifiers(doctree)]
    place = {id(node): number for number, node in enumerate(doctree.findall())}
    env.msblog_post_citations[env.docname] = [citation for node, citation in sorted(found, key=lambda f: place[id(f[0])])]
    identifiers = cited_in_text(env, env.docname)
    if identifiers:
        _add_cited_section(env, doctree, identifiers)


def _link_identifiers(root: nodes.Node) -> Iterator[tuple[nodes.Node, Citation]]:
    """Identifiers written in the text under ``root`` become links (recorded as links, by
    :func:`_linked_identifiers`); in a heading, where nothing is linked, each is recorded here, with its node."""
    for text in list(root.findall(nodes.Text)):
        ancestors = list(_ancestors(text))
        if any(isinstance(a, _SKIP) for a in ancestors):
            continue
        value = str(text)
        found = [(s, e, i) for s, e, i in find(value) if isinstance(i, Identifier)]
        if not found:
            continue
        if any(isinstance(a, _NO_LINK) for a in ancestors):
            block, offset = _block_text(text)
            for start, end, identifier in found:
                yield text, Citation(identifier, words_around(block, offset + start, offset + end), _section_id(ancestors))
            continue
        parts, at = [], 0
        for start, end, identifier in found:
            reference = nodes.reference("", "", nodes.Text(value[start:end]), refuri=identifier.url,
                                        classes=["citation"])
            parts += [nodes.Text(value[at:start]), reference]
            at = end
        parts.append(nodes.Text(value[at:]))
        text.parent.replace(text, [p for p in parts if not (isinstance(p, nodes.Text) and not str(p))])


def _linked_identifiers(root: nodes.Node) -> Iterator[tuple[nodes.Node, Citation]]:
    """Links to a resolver under ``root`` (written as links, by a role, or made from the text), each marked as a
    citation: each one's citation, with its node."""
    for reference in root.findall(nodes.reference):
        ancestors = list(_ancestors(reference))
        if any(isinstance(a, _SKIP) for a in ancestors):
            continue
        identifier = from_address(reference.get("refuri", ""))
        if not isinstance(identifier, Identifier):
            continue
        if "citation" not in reference["classes"]:
            reference["classes"].append("citation")
        first = next(iter(reference.findall(nodes.Text)), None)
        if first is None:
            continue
        block, start = _block_text(first)
        yield reference, Citation(identifier, words_around(block, start, start + len(reference.astext())),
                                  _section_id(ancestors))


def _ancestors(node: nodes.Node) -> Iterator[nodes.Node]:
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _block_text(text: nodes.Text) -> tuple[str, int]:
    """The text of the paragraph (or heading, or other block) holding ``text``, and where ``text`` begins in it."""
    block = next((a for a in _ancestors(text) if isinstance(a, nodes.TextElement) and not isinstance(a, nodes.Inline)),
                 text.parent)
    parts, offset = [], 0
    for node, shown in shown_parts(block):
        if node is text:
            offset = sum(map(len, parts))
        parts.append(shown)
    return "".join(parts), offset


def _section_id(ancestors: list[nodes.Node]) -> str | None:
    section = next((a for a in ancestors if isinstance(a, nodes.section)), None)
    return section["ids"][0] if section is not None and section["ids"] else None


def _add_cited_section(env: BuildEnvironment, doctree: nodes.document, identifiers: list[Identifier]) -> None:
    """"Papers and trials cited" at the end of the post's text: each identifier, titled from the bibliography, linked to
    its page in the archive (the ``cited`` domain's, :mod:`msblog.sphinxext.citation_pages`; its text where there is
    none) and to its resolver. Kept free of mentions: a paper's title names no therapy the post is about."""
    items = nodes.bullet_list(classes=["cited"])
    for identifier in identifiers:
        title = bibliography(env).title(identifier)
        item = nodes.paragraph("", "", addnodes.pending_xref("", nodes.Text(title or identifier.label), refdomain="cited",
                                                             reftype=identifier.kind, reftarget=identifier.id,
                                                             refexplicit=True))
        item += [nodes.Text(f" ({identifier.label})")] if title else []
        item += [nodes.Text(", at "), nodes.reference("", resolver_host(identifier), refuri=identifier.url,
                                                      classes=["citation"])]
        items += nodes.list_item("", item)
    section = nodes.section(ids=[SECTION], classes=["cited"])
    section += nodes.title("", "Papers and trials cited")
    section += nomentions("", items)
    before_discussion(doctree.next_node(nodes.section) or doctree, section)


# --- roles ----------------------------------------------------------------------------------------------------------

class IdentifierRole(SphinxRole):
    """``{pmid}`21175342``` or ``{doi}`the trial <10.1056/x>```: a link to the identifier's resolver."""

    def __init__(self, kind: str) -> None:
        self.kind = kind

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        explicit = EXPLICIT_TITLE.match(self.text)  # as msblog check reads it: a SICI DOI's target holds "<"
        title, target = explicit.groups() if explicit else (self.text, self.text)
        identifier = parse(self.kind, target)
        if not isinstance(identifier, Identifier):
            logger.warning(f"{{{self.kind}}} {target!r}: {identifier}", location=self.get_location(),
                           type="msblog", subtype="citation")
            return [nodes.Text(self.text)], []
        text = title if explicit else identifier.label
        return [nodes.reference(self.rawtext, text, refuri=identifier.url, classes=["citation"])], []


# --- comments -------------------------------------------------------------------------------------------------------

def comment_linker(app: Sphinx, docname: str, comment: Comment):
    """For one comment: a text linker (identifiers written in it link to their resolvers), an address linker (a link
    to a resolver is kept, marked as a citation), and what records the comment's citations from its linked HTML."""
    env = app.env
    cites: list[Identifier] = []

    def link(text: str) -> list[str | Link]:
        parts, at = [], 0
        for start, end, identifier in find(text):
            if isinstance(identifier, Identifier):
                cites.append(identifier)
                parts += [text[at:start], Link(text[start:end], identifier.url, ("citation",))]
                at = end
        return parts + [text[at:]]

    def href(url: str) -> Link | None:
        identifier = from_address(url)
        if not isinstance(identifier, Identifier):
            return None
        cites.append(identifier)
        return Link("", url, ("citation",))

    def record(html: str) -> None:
        if not cites:  # most comments cite nothing: their HTML is not read again
            return
        env.msblog_comment_citations.setdefault(docname, []).extend(
            Citation(identifier, excerpt, comment=comment.id, author=comment.author, time=comment.time, order=comment.line)
            for identifier, excerpt in _cited_in_html(html))

    return link, href, record


def _cited_in_html(html: str) -> Iterator[tuple[Identifier, Excerpt]]:
    """Each link marked as a citation in a comment's safe HTML, with the words around it as a reader reads them."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    parts: list[str] = []
    spans: list[tuple[str, int, int]] = []
    length = 0

    def add(text: str) -> None:
        nonlocal length
        parts.append(text)
        length += len(text)

    def walk(element) -> None:
        start = length
        add(element.text or "")
        for child in element:
            walk(child)
        if element.tag == "a" and "citation" in (element.get("class") or "").split():
            spans.append((element.get("href") or "", start, length))
        if element.tag in ("p", "br", "li", "blockquote", "pre", "hr"):
            add("\n")
        add(element.tail or "")

    walk(root)
    text = "".join(parts)
    for url, start, end in spans:
        identifier = from_address(url)
        if isinstance(identifier, Identifier):
            yield identifier, words_around(text, start, end)


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.discussions")
    app.setup_extension("msblog.sphinxext.mentions")  # its {nomentions} passages are free of citation links too
    app.add_config_value("msblog_bibliography", None, "env", types=(str, type(None)))
    for kind in KINDS:
        app.add_role(kind, IdentifierRole(kind))
    per_document(app, "msblog_post_citations")
    per_document(app, "msblog_comment_citations")
    app.connect("config-inited", check_setting)
    app.connect("env-get-outdated", load_bibliography)
    app.connect("doctree-read", cite_in_post, priority=stages.DISCUSSION)
    app.connect("env-updated", index_citations)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}

"""A page for each paper and trial the archive cites, and for each trial registration in the registry: what the
posts and comments citing it said, when and where; an index of them all; the ``cited`` domain.

Each identifier cited in a post or comment (:func:`msblog.sphinxext.citations.cited`), and each registration of a
registry trial (``registrations:``), has a page at ``cited/<key>`` (its :attr:`~msblog.model.identifiers.Identifier.key`,
nothing else): titled from the bibliography, else by its label, with its link to its resolver, the registry's
trials it registers, a chart of the posts and comments citing it a year
(:func:`msblog.sphinxext.charts.year_chart`), and the posts and comments themselves, grouped by the year of the post,
newest first, each with its words and a link to its place, as a registry entry's page lists its mentions
(:func:`msblog.sphinxext.mention_pages.said_items`, ``msblog/mentions.html``): the newest ``msblog_listing_size``
posts, then ``cited/<key>/page/2`` and on. ``cited/index`` lists them all, most cited first (``{ref}`cited-index```).
A trial entry's page lists its registrations under its facts, each linked to its page and its resolver. Pages are made
at ``html-collect-pages`` and written again only when what they show changed (:func:`msblog.sphinxext.pages.only_changed`).

The ``cited`` domain puts each of them in ``objects.inv`` (``cited:doi``, ``cited:pmid``... named by the identifier,
``10.1056/nejmoa1011205``, ``21175342``, ``NCT00273364``) and in ``genindex`` (by its title too, kept whole); its
roles (``{cited:pmid}`21175342```) and the "Papers and trials cited" list under each post
(:mod:`msblog.sphinxext.citations`) link to the pages. A builder that writes no such page (``singlehtml``, text) shows
such a link as its text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.roles import XRefRole

from msblog.model.identifiers import KINDS, NAMES, Identifier, parse
from msblog.model.names import counted, isolated
from msblog.sphinxext import compat
from msblog.sphinxext.charts import year_chart, years
from msblog.sphinxext.citations import Citation, bibliography, cited, citing, resolver_host
from msblog.sphinxext.listings import description, page_name, pager, paginate
from msblog.sphinxext.mention_pages import read_when, said, said_items, totals
from msblog.sphinxext.mentions import Mention
from msblog.sphinxext.pages import Page, only_changed
from msblog.sphinxext.posts import fact
from msblog.sphinxext.registry import entry_at, registry
from msblog.sphinxext.search import searching

FOLDER = "cited"
INDEX = f"{FOLDER}/index"
LABEL = "cited-index"  # the index's label, for {ref}
TITLE = "Papers and trials cited"
INDEX_SIZE = 100  # identifiers a page of the index


def page_of(identifier: Identifier) -> str:
    """The page name of ``identifier``'s page."""
    return f"{FOLDER}/{identifier.key}"


def identifier_pages(env: BuildEnvironment) -> dict[str, Identifier]:
    """Every identifier with a page, by its key: those cited, and the registry trials' registrations."""
    return getattr(env, "msblog_identifier_pages", {})


def registered_by(env: BuildEnvironment, key: str) -> list[tuple[str, str]]:
    """``(docname, name)`` of each registry trial registered under the identifier ``key``."""
    return getattr(env, "msblog_registered_by", {}).get(key, [])


def title_of(env: BuildEnvironment, identifier: Identifier) -> str:
    """The paper's title from the bibliography, else the identifier's label."""
    return bibliography(env).title(identifier) or identifier.label


def plan_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once every document is read: which identifiers have pages, the registrations of each, their entries in
    ``genindex`` and the index's label."""
    registered: dict[str, list[tuple[str, str]]] = {}
    found = dict(cited(env))
    for entry in registry(env):
        if entry.docname not in env.found_docs:
            continue
        for identifier in entry.registrations:
            found.setdefault(identifier.key, identifier)
            registered.setdefault(identifier.key, []).append((entry.docname, entry.name))
    env.msblog_identifier_pages = dict(sorted(found.items()))
    env.msblog_registered_by = registered
    index = compat.index_entries(env)
    for name in [name for name in index if name.startswith(f"{FOLDER}/")]:
        del index[name]
    for key, identifier in env.msblog_identifier_pages.items():
        index[page_of(identifier)] = [("single", compat.IndexText(NAMES[identifier.kind], identifier.id), key, "", None)]
        if bibliography(env).title(identifier):
            index[page_of(identifier)].append(("single", compat.IndexText(title_of(env, identifier)), key, "", None))
    env.domains.standard_domain.note_hyperlink_target(LABEL, INDEX, "", TITLE)  # the index is there, if empty
    return []


# --- the cited domain -----------------------------------------------------------------------------------------------

def writes_pages(builder) -> bool:
    """Whether ``builder`` writes the pages made at ``html-collect-pages`` (``singlehtml`` writes one page only)."""
    return isinstance(builder, StandaloneHTMLBuilder) and not isinstance(builder, SingleFileHTMLBuilder)


class CitedDomain(Domain):
    """Papers and trial registrations the archive cites, each with its page."""

    name = "cited"
    label = "Papers and trials cited"
    object_types = {kind: ObjType(NAMES[kind], kind) for kind in KINDS}
    roles = {kind: XRefRole() for kind in KINDS}
    initial_data: dict = {}

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        identifier = parse(typ, target)
        if not isinstance(identifier, Identifier) or identifier.key not in identifier_pages(env):
            return None
        if not writes_pages(builder):
            raise NoUri(target, typ)  # its text
        uri = builder.get_relative_uri(fromdocname, page_of(identifier))
        return nodes.reference("", "", contnode, internal=True, refuri=uri)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        found = []
        for kind in KINDS:
            if isinstance(parse(kind, target), Identifier):
                reference = self.resolve_xref(env, fromdocname, builder, kind, target, node, contnode)
                found += [(f"cited:{kind}", reference)] if reference is not None else []
        return found

    def get_objects(self):
        for key, identifier in identifier_pages(self.env).items():
            yield identifier.id, identifier.label, identifier.kind, page_of(identifier), key, 1

    def merge_domaindata(self, docnames, otherdata) -> None:
        pass  # nothing is kept per document

    def clear_doc(self, docname: str) -> None:
        pass


def cited_xref(identifier: Identifier, *text: nodes.Node) -> addnodes.pending_xref:
    """A link to ``identifier``'s page, showing ``text``."""
    return addnodes.pending_xref("", *text, refdomain="cited", reftype=identifier.kind, reftarget=identifier.id,
                                 refexplicit=True)


def add_registrations(app: Sphinx, doctree: nodes.document) -> None:
    """Under a registry trial's facts, its registrations: each linked to its page here, and to its resolver."""
    entry = entry_at(app.env, app.env.docname)
    facts = next(doctree.findall(lambda n: isinstance(n, nodes.field_list) and "registry-facts" in n["classes"]), None)
    if entry is None or not entry.registrations or facts is None:
        return
    body: list[nodes.Node] = []
    for identifier in entry.registrations:
        body += [nodes.Text("; ")] if body else []
        body += [cited_xref(identifier, nodes.Text(identifier.label)), nodes.Text(", at "),
                 nodes.reference("", resolver_host(identifier), refuri=identifier.url, classes=["citation"])]
    facts += fact("Registered as", *body)


# --- the pages ------------------------------------------------------------------------------------------------------

def said_of(env: BuildEnvironment, key: str) -> list[tuple[str, list[Mention]]]:
    """The posts citing the identifier ``key``, newest first, each with a record of what its text says of it and one
    of each comment citing it (how often, the words around the first citation, its place), as a registry entry's
    mentions are recorded."""
    found = []
    for post, citations in citing(env, key):
        in_text = [c for c in citations if c.comment is None]
        records = [Mention(key, len(in_text), excerpt=in_text[0].excerpt, place=in_text[0].section or "")] if in_text else []
        by_comment: dict[str, list[Citation]] = {}
        for citation in citations:
            if citation.comment is not None:
                by_comment.setdefault(citation.comment, []).append(citation)
        records += [Mention(key, len(cs), comment=comment, author=cs[0].author, time=cs[0].time, order=cs[0].order,
                            excerpt=cs[0].excerpt, place=f"comment-{comment}") for comment, cs in by_comment.items()]
        found.append((post, records))
    return found


def _identifier_pages(app: Sphinx, identifier: Identifier, found: list[tuple[str, list[Mention]]]) -> Iterator[Page]:
    """Each page of what the archive says citing ``identifier`` (``found``: :func:`said_of` it), page 1 with its
    facts and chart."""
    env = app.env
    title = title_of(env, identifier)
    registered = registered_by(env, identifier.key)
    posts, comments = totals(found)
    facts = {"key": identifier.key, "label": identifier.label, "kind": NAMES[identifier.kind], "url": identifier.url,
             "host": resolver_host(identifier), "titled": title != identifier.label, "registered": registered,
             "search": searching(app), "posts": counted(posts, "post"), "comments": counted(comments, "comment"),
             "index": INDEX}
    named = identifier.label + (f" ({title})" if title != identifier.label else "")
    by = " and ".join(counted(n, noun) for n, noun in ((posts, "post"), (comments, "comment")) if n)
    about = f"Cited by {by} in the {app.config.project}: {named}."
    for number, count, heading, shown in paginate(isolated(title), found, app.config.msblog_listing_size):
        chart = years(env, found) if number == 1 else None
        context: Callable[[], dict] = lambda heading=heading, shown=shown, number=number, count=count, chart=chart: {
            **facts, "title": escape(heading), "name": title, "listing_title": title, "said": "Cited",
            "chart": Markup(year_chart(app, found, title, "citations-chart", verb="citing")) if chart is not None else "",
            **said(env, shown, noun="citation"), "year_ids": "citations",
            "pager": (pages := pager(page_of(identifier), number, count)),
            "msblog_description": description(about, pages)}
        shows = said_items(env, shown, noun="citation") if number == 1 else read_when(env, shown)
        fingerprint = (facts, heading, count, chart, shows)
        yield Page(page_name(page_of(identifier), number), context, "msblog/cited_page.html", fingerprint)


def _index_pages(app: Sphinx, said: dict[str, list[tuple[str, list[Mention]]]]) -> Iterator[Page]:
    """The index of every identifier with a page (``said``: :func:`said_of` each, by key), most cited first (posts,
    then comments), then by label."""
    env = app.env
    rows = []
    for key, identifier in identifier_pages(env).items():
        posts, comments = totals(said[key])
        title = bibliography(env).title(identifier)
        rows.append({"page": page_of(identifier), "label": identifier.label, "title": title, "posts": posts,
                     "comments": comments, "registered": registered_by(env, key)})
    rows.sort(key=lambda row: (-row["posts"], -row["comments"], row["label"].casefold()))
    for number, count, heading, shown in paginate(TITLE, rows, INDEX_SIZE):
        pages = pager(INDEX, number, count)
        about = (f"The papers and trials that posts and comments in the {app.config.project} cite: "
                 f"{counted(len(rows), 'identifier')}, most cited first." if rows else
                 f"No post or comment in the {app.config.project} cites a paper or a trial registration yet.")
        context = {"title": escape(heading), "listing_title": TITLE, "rows": shown, "total": len(rows),
                   "pager": pages, "msblog_description": description(about, pages)}
        yield Page(page_name(INDEX, number), context, "msblog/cited_index.html", (heading, len(rows), shown))


def citation_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Each identifier's pages and the index, written when what they show changed."""
    if not writes_pages(app.builder):
        return
    said = {key: said_of(app.env, key) for key in identifier_pages(app.env)}
    pages = [page for key, identifier in identifier_pages(app.env).items()
             for page in _identifier_pages(app, identifier, said[key])]
    yield from only_changed(app, [*pages, *_index_pages(app, said)])


def setup(app: Sphinx) -> dict:
    # the records, the registry, templates and pages, the pager, the charts and the words of each citation, search
    for component in ("citations", "registry", "therapy_domain", "blog_theme", "pages", "listings", "charts",
                      "mention_pages", "search"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.add_domain(CitedDomain)
    app.connect("doctree-read", add_registrations)
    app.connect("env-get-updated", plan_pages)
    app.connect("html-collect-pages", citation_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

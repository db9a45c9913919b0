"""Therapies and trials: the registry's pages, the ``ms`` domain and its roles.

Each page under ``therapies/`` (``msblog_registry_dir``) is one registry entry
(see :mod:`msblog.model.registry`). This component

- reads the whole registry before any document, so roles and mention finding
  know every name, and reads every post again when the registry changes;
- declares each entry in the ``ms`` domain (``{therapy}`` and ``{trial}``
  roles, ``genindex`` entries, ``objects.inv`` for intersphinx); an unknown
  name is a build warning;
- shows each entry's names and trials under its title, and ends its page
  with the posts and comments that mention it, which
  :mod:`msblog.sphinxext.mentions` records while reading: the newest
  ``msblog_listing_size`` posts, then pages ``<entry>/page/2`` and on made
  like the listings of :mod:`msblog.sphinxext.listings`, from the same
  template (``msblog/mentions.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from functools import partial
from itertools import islice

from docutils import nodes
from markupsafe import escape
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.environment import BuildEnvironment
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from msblog.model.dates import long_date
from msblog.model.registry import TYPES, Entry
from msblog.sphinxext.listings import page_name, pager, paginate
from msblog.sphinxext.pages import Page, digest, only_changed
from msblog.sphinxext.layout import layout
from msblog.sphinxext.posts import fact
from msblog.sphinxext.mentions import posts_mentioning
from msblog.sphinxext.registry import registry

logger = logging.getLogger(__name__)


class EntryRole(XRefRole):
    """``{therapy}`name``` and ``{trial}`name```: a link to the entry, by any of its names."""

    def run(self):
        entry = registry(self.env).get(self.target)
        kind = self.name.rpartition(":")[2]
        if entry is None or entry.type != kind:
            logger.warning(f"unknown {kind} {self.target!r}: add it to the registry or check the spelling",
                           location=self.get_location(), type="msblog", subtype="registry")
            return [nodes.literal(self.rawtext, self.title, classes=["xref", "ms", f"ms-{kind}"])], []
        self.name = f"ms:{kind}"
        return super().run()


class TherapyDomain(Domain):
    """Therapies and trials named by the archive."""

    name = "ms"
    label = "Therapies and trials"
    object_types = {kind: ObjType(kind, kind) for kind in TYPES}
    roles = {kind: EntryRole() for kind in TYPES}
    initial_data: dict = {"entries": {}}  # (type, canonical name) -> (docname, anchor)
    data_version = 1

    @property
    def entries(self) -> dict[tuple[str, str], tuple[str, str]]:
        return self.data["entries"]

    def note_entry(self, entry: Entry) -> None:
        self.entries[entry.type, entry.name] = (entry.docname, entry.anchor)

    def clear_doc(self, docname: str) -> None:
        for key, (doc, _anchor) in list(self.entries.items()):
            if doc == docname:
                del self.entries[key]

    def merge_domaindata(self, docnames: Iterable[str], otherdata: dict) -> None:
        for key, value in otherdata["entries"].items():
            if value[0] in docnames:
                self.entries[key] = value

    def resolve_xref(self, env, fromdocname, builder, typ, target, node, contnode):
        entry = registry(env).get(target)
        if entry is None or entry.type != typ or (typ, entry.name) not in self.entries:
            return None
        docname, anchor = self.entries[typ, entry.name]
        return make_refnode(builder, fromdocname, docname, anchor, contnode, entry.name)

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        entry = registry(env).get(target)
        if entry is None:
            return []
        found = self.resolve_xref(env, fromdocname, builder, entry.type, target, node, contnode)
        return [(f"ms:{entry.type}", found)] if found else []

    def get_objects(self):
        for (typ, name), (docname, anchor) in sorted(self.entries.items()):
            yield name, name, typ, docname, anchor, 1


class mention_list(nodes.General, nodes.Element):
    """Where an entry's page lists the posts and comments that mention it."""


class DescribeEntry(SphinxTransform):
    """Under a registry page's title: its target, index entries and names; at its end, the mentions.

    A transform before Sphinx collects index entries (priority 850), so they reach ``genindex``.
    """

    default_priority = 840

    def apply(self, **kwargs) -> None:
        env = self.env
        docname = env.docname
        section = self.document.next_node(nodes.section)
        if not layout(self.app).is_registry_page(docname) or section is None:
            return
        entry = next((e for e in registry(env) if e.docname == docname), None)
        if entry is None:  # the registry's index page
            section += mention_list(entry=None)
            return
        env.domains["ms"].note_entry(entry)
        label = f"{entry.name} ({entry.kind or entry.type})"
        index = addnodes.index(entries=[("single", label, entry.anchor, "", None)])
        index["entries"] += [("see", f"{name}; {entry.name}", entry.anchor, "", None) for name in entry.names[1:]]
        facts = nodes.field_list(classes=["registry-facts"])
        facts += fact("Kind", nodes.Text(entry.kind or entry.type.capitalize()))
        if entry.aliases:
            facts += fact("Also called", nodes.Text(", ".join(entry.aliases)))
        if entry.brands:
            facts += fact("Brand names", nodes.Text(", ".join(entry.brands)))
        if entry.trials:
            links = []
            for trial in entry.trials:
                links += [nodes.Text(", ")] if links else []
                links.append(_xref("trial", trial, docname))
            facts += fact("Trials", *links)
        at = section.first_child_matching_class(nodes.title) + 1
        section[at:at] = [index, nodes.target("", "", ids=[entry.anchor]), facts]
        section += mention_list(entry=entry.docname)


def orphan_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Registry pages are reached from the registry's index page, not a toctree."""
    if layout(app).is_registry_page(app.env.docname):
        app.env.metadata[app.env.docname]["orphan"] = True


def _xref(kind: str, name: str, docname: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="ms", reftype=kind, reftarget=name, refdoc=docname, refexplicit=False)
    ref += nodes.Text(name)
    return ref


def _post_date(env: BuildEnvironment, docname: str):
    posts = getattr(env, "ablog_posts", {}).get(docname)
    return posts[0]["date"] if posts and posts[0]["date"] else None


def fill_listing(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each registry page's placeholder with the current mentions (or the entry list)."""
    for node in list(doctree.findall(mention_list)):
        if node["entry"] is None:
            node.replace_self(_entry_list(app, docname))
        else:
            node.replace_self(_mentions_section(app, docname, node["entry"]))


def _entry_list(app: Sphinx, docname: str) -> list[nodes.Node]:
    out = []
    for kind, heading in (("therapy", "Therapies"), ("trial", "Trials")):
        items = nodes.bullet_list()
        for entry in sorted((e for e in registry(app.env) if e.type == kind), key=lambda e: e.name.casefold()):
            uri = app.builder.get_relative_uri(docname, entry.docname)
            items += nodes.list_item("", nodes.paragraph("", "", nodes.reference("", entry.name, internal=True, refuri=uri)))
        out += [nodes.rubric("", heading), items]
    return out


def _mention_items(env: BuildEnvironment, found: list[tuple[str, list]]) -> list[dict]:
    """What the ``msblog/mentions.html`` template shows of each post in ``found``: plain text only."""
    items = []
    for post, mentions in found:
        date = _post_date(env, post)
        in_post = next((m for m in mentions if m.comment is None), None)
        comments = []
        for mention in sorted((m for m in mentions if m.comment is not None),
                              key=lambda m: (str(m.time or ""), m.order), reverse=True):
            comments.append({"id": mention.comment, "author": mention.author,
                             "time": long_date(mention.time) if mention.time else "time unknown",
                             "count": _count(mention.count, "mention")})
        items.append({"docname": post, "title": env.titles[post].astext(),
                      "date": long_date(date.date()) if date else "date unknown",
                      "in_post": _count(in_post.count, "mention") if in_post else None, "comments": comments})
    return items


def _mention_pages(app: Sphinx, entry: Entry) -> Iterator[tuple[list, Callable[[], dict]]]:
    """Each page of the entry's mentions, page 1 first, ``msblog_listing_size`` posts a page.

    For each: the posts it shows, and a function making its template context.
    """
    env = app.env
    found = posts_mentioning(env, entry.docname)
    posts = sum(1 for _d, ms in found if any(m.comment is None for m in ms))
    comments = sum(1 for _d, ms in found for m in ms if m.comment is not None)
    title = f"{entry.name}: where the archive mentions it"
    for number, count, heading, shown in paginate(title, found, app.config.msblog_listing_size):
        yield shown, lambda heading=heading, shown=shown, number=number: {
            "title": escape(heading), "listing_title": title, "posts": _count(posts, "post"),
            "comments": _count(comments, "comment"), "mentions": _mention_items(env, shown),
            "pager": pager(entry.docname, number, count)}


def _mentions_section(app: Sphinx, docname: str, entry_docname: str) -> nodes.section:
    """Page 1 of the entry's mentions, with the counts of all of them and a pager to the rest."""
    section = nodes.section(ids=["mentions"])
    section += nodes.title("", "Where the archive mentions it")
    if app.builder.format == "html":
        entry = next(e for e in registry(app.env) if e.docname == entry_docname)
        _shown, context = next(_mention_pages(app, entry))
        pathto = partial(app.builder.get_relative_uri, docname)  # what a page's own template gets as pathto
        html = app.builder.templates.render("msblog/mentions.html", {**context(), "pathto": pathto})
        section += nodes.raw("", html, format="html")
    return section


def mention_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Page 2 and on of each entry's mentions, written when what they show changed."""
    if app.builder.format != "html":
        return
    env = app.env
    pages = []
    for entry in registry(env):
        total = len(posts_mentioning(env, entry.docname))
        for number, (shown, context) in enumerate(islice(_mention_pages(app, entry), 1, None), start=2):
            # A post read again may show another title, date or mentions; one not read again shows the same.
            fingerprint = (entry.name, total, [(d, env.all_docs.get(d)) for d, _mentions in shown])
            pages.append(Page(page_name(entry.docname, number), context, "msblog/mentions_page.html", fingerprint))
    yield from only_changed(app, pages)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def listings_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Registry pages whose mention lists changed in this build, to be written again."""
    current = {}
    for entry in registry(env):
        current[entry.docname] = digest([(d, env.all_docs.get(d)) for d, _mentions in posts_mentioning(env, entry.docname)])
    index = layout(app).registry_index
    current[index] = digest(sorted((e.type, e.name, e.docname) for e in registry(env)))
    previous = getattr(env, "msblog_listings", {})
    env.msblog_listings = current
    return [d for d, text in current.items() if previous.get(d) != text and d in env.found_docs]


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.registry")
    app.setup_extension("msblog.sphinxext.mentions")
    app.add_domain(TherapyDomain)
    for kind in TYPES:
        app.add_role(kind, EntryRole())
    app.add_node(mention_list)
    app.add_transform(DescribeEntry)
    app.connect("doctree-read", orphan_entries)
    app.connect("doctree-resolved", fill_listing)
    app.connect("env-get-updated", listings_changed)
    app.connect("html-collect-pages", mention_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

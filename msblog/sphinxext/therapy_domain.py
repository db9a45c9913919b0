"""The ``ms`` domain: therapies and trials declared, cross-referenced and described on their pages.

Each registry entry (:mod:`msblog.sphinxext.registry`) is declared in the
``ms`` domain when its page is read: ``{therapy}`` and ``{trial}`` roles link
to it by any of its names (an unknown name is a build warning), ``genindex``
lists it under each name, kept whole (:class:`~msblog.sphinxext.compat.IndexText`), and ``objects.inv``
offers it to intersphinx. Its page shows its kind, other names and trials under
its title, and the registry's index page lists every entry, each followed by
what listeners of ``msblog-entry-summary`` add (:mod:`msblog.sphinxext.charts`:
a small chart).
Registry pages are reached from that index, not from a toctree.
"""

from __future__ import annotations

from collections.abc import Iterable

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.domains import Domain, ObjType
from sphinx.roles import XRefRole
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.nodes import make_refnode

from msblog.model.registry import EXPLICIT_TITLE, TYPES, Entry
from msblog.sphinxext import compat, stages
from msblog.sphinxext.layout import layout
from msblog.sphinxext.posts import fact
from msblog.sphinxext.registry import entry_at, registry

logger = logging.getLogger(__name__)


class EntryRole(XRefRole):
    """``{therapy}`name``` and ``{trial}`name```: a link to the entry, by any of its names (``title <name>``, as
    :func:`~msblog.model.registry.role_target` reads it)."""

    explicit_title_re = EXPLICIT_TITLE

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


class DescribeEntry(SphinxTransform):
    """Declare a registry entry in the ``ms`` domain; under its page's title, its target, index entries and names.

    Before Sphinx's domains collect index entries, so they reach ``genindex``.
    """

    default_priority = stages.DESCRIBE_ENTRY

    def apply(self, **kwargs) -> None:
        docname = self.env.docname
        entry = entry_at(self.env, docname)
        section = self.document.next_node(nodes.section)
        if entry is None or section is None:
            return
        self.env.domains["ms"].note_entry(entry)
        label = f"{entry.name} ({entry.kind or entry.type})"
        index = addnodes.index(entries=[("single", compat.IndexText(label), entry.anchor, "", None)])
        index["entries"] += [("see", compat.IndexText(name, entry.name), entry.anchor, "", None) for name in entry.names[1:]]
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


def _xref(kind: str, name: str, docname: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="ms", reftype=kind, reftarget=name, refdoc=docname, refexplicit=False)
    ref += nodes.Text(name)
    return ref


def orphan_entries(app: Sphinx, doctree: nodes.document) -> None:
    """Registry pages are reached from the registry's index page, not a toctree."""
    if layout(app).is_registry_page(app.env.docname):
        app.env.metadata[app.env.docname]["orphan"] = True


class entry_list(nodes.General, nodes.Element):
    """Where the registry's index page lists every entry, made when the page is written."""


def place_entry_list(app: Sphinx, doctree: nodes.document) -> None:
    """End the registry's index page with the list of entries."""
    section = doctree.next_node(nodes.section)
    if app.env.docname == layout(app).registry_index and section is not None:
        section += entry_list()


def fill_entry_list(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Every therapy, then every trial, by name, each linked for the builder writing the page, with what a listener of
    ``msblog-entry-summary`` adds after it.

    When the registry changes, every page is read and written again; a listener adding a summary writes the page
    again when the summary changes.
    """
    for node in list(doctree.findall(entry_list)):
        out = []
        for kind, heading in (("therapy", "Therapies"), ("trial", "Trials")):
            items = nodes.bullet_list()
            for entry in sorted((e for e in registry(app.env) if e.type == kind), key=lambda e: e.name.casefold()):
                uri = app.builder.get_relative_uri(docname, entry.docname)
                item = nodes.paragraph("", "", nodes.reference("", entry.name, internal=True, refuri=uri))
                item += app.emit_firstresult("msblog-entry-summary", entry, docname) or []
                items += nodes.list_item("", item)
            out += [nodes.rubric("", heading), items]
        node.replace_self(out)


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.registry")
    app.add_domain(TherapyDomain)
    for kind in TYPES:
        app.add_role(kind, EntryRole())
    app.add_node(entry_list)
    app.add_event("msblog-entry-summary")
    app.add_transform(DescribeEntry)
    app.connect("doctree-read", orphan_entries)
    app.connect("doctree-read", place_entry_list)
    app.connect("doctree-resolved", fill_entry_list)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

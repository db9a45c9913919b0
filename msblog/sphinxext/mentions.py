"""Mentions of therapies and trials, found in posts and comments and linked; their one owner.

Every name in the registry (canonical, alias or brand) is found in a post's
text by the registry's case and word-boundary rules and linked to its entry's
page once per section; in a comment, once per comment. Code, links, headings,
addresses written out in the text and anything inside a ``{nomentions}``
block are never linked (a mention in a heading or link still counts).

A post's mentions are recorded once, where they are found, each kind in its
own slot: those in its comments while its discussion is rendered
(``env.msblog_comment_mentions``), those in its text once the text is read
(``env.msblog_post_mentions``). Each record keeps the words around the first
mention (:func:`msblog.model.excerpts.words_around`) and the place they are
(the id of the post's section, or ``comment-ID``). Once every document is read they are indexed
by entry, newest post first (``env.msblog_mention_index``). Other components
read them only through :func:`mentions_of` and :func:`posts_mentioning`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from msblog.model.discussion import Comment
from msblog.model.excerpts import Excerpt, words_around
from msblog.model.html_links import Link
from msblog.model.registry import Entry
from msblog.sphinxext import stages
from msblog.sphinxext.compat import ablog_posts, post_copies, shown_parts
from msblog.sphinxext.deferred_links import doc_href
from msblog.sphinxext.discussions import plain_text
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout
from msblog.sphinxext.registry import registry



@dataclass(frozen=True)
class Mention:
    """``count`` mentions of the thing on page ``entry`` in a post's text, or in one comment: the words around the
    first (``excerpt``) and where they are on the post's page (``place``, an element's id).

    Any page that lists what posts and comments said of one thing (a therapy, a paper) keeps these records."""

    entry: str
    count: int
    comment: str | None = None
    author: str | None = None
    time: date | datetime | None = None
    order: int = 0
    excerpt: Excerpt | None = None
    place: str = ""


def mentions_of(env: BuildEnvironment, docname: str) -> list[Mention]:
    """Every mention in the post ``docname``: in its text (by entry), then in each of its comments."""
    return env.msblog_post_mentions.get(docname, []) + env.msblog_comment_mentions.get(docname, [])


def posts_mentioning(env: BuildEnvironment, entry_docname: str) -> list[tuple[str, list[Mention]]]:
    """``(post docname, its mentions of the entry)`` for the entry on page ``entry_docname``, newest post first."""
    return env.msblog_mention_index.get(entry_docname, [])


def index_mentions(app: Sphinx, env: BuildEnvironment) -> None:
    """Index every post's mentions by entry, newest post first, once every document is read."""
    by_entry: dict[str, dict[str, list[Mention]]] = defaultdict(lambda: defaultdict(list))
    docnames = sorted(env.msblog_post_mentions.keys() | env.msblog_comment_mentions.keys())
    for docname in docnames:
        for mention in mentions_of(env, docname):
            by_entry[mention.entry][docname].append(mention)
    posts = ablog_posts(env)
    newest_first = {d: (str(posts[d][0]["date"] or "") if posts.get(d) else "", d) for d in docnames}
    env.msblog_mention_index = {
        entry: [(d, by_post[d]) for d in sorted(by_post, key=newest_first.__getitem__, reverse=True)]
        for entry, by_post in by_entry.items()}


class nomentions(nodes.container):
    """A passage the editors keep free of automatic links."""


_SKIP = (nomentions, nodes.literal, nodes.FixedTextElement, nodes.raw, nodes.comment, nodes.target, nodes.math,
         nodes.substitution_definition, addnodes.index)
_NO_LINK = (nodes.title, nodes.rubric, nodes.reference, addnodes.pending_xref)


class NoMentionsDirective(SphinxDirective):
    """``:::{nomentions}`` ... ``:::``: no therapy or trial is linked inside."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        block = nomentions(classes=["nomentions"])
        self.set_source_info(block)
        self.state.nested_parse(self.content, self.content_offset, block)
        return [block]


def find(env: BuildEnvironment, text: str) -> list[tuple[int, int, Entry]]:
    """Mentions in ``text``, by the registry's rules."""
    return list(registry(env).find(text))


def link_post(app: Sphinx, doctree: nodes.document) -> None:
    """Link the first mention of each entry in each section of a post, and in ABlog's copies of it (which its
    feed and postlists show, made before); record every mention."""
    env = app.env
    if not layout(app).is_post(env.docname):
        return
    firsts: dict[str, tuple[Excerpt, str]] = {}
    counts = _link_mentions(env, doctree, firsts)
    if counts:
        for copy in post_copies(env, env.docname):
            _link_mentions(env, copy)
    for ref in doctree.findall(addnodes.pending_xref):
        entry = registry(env).get(ref["reftarget"]) if ref.get("refdomain") == "ms" else None
        if entry is not None and "mention" not in ref["classes"]:  # an editor's {therapy} or {trial} role
            counts[entry.docname] = counts.get(entry.docname, 0) + 1
            text = next(ref.findall(nodes.Text), None)
            if entry.docname not in firsts and text is not None:
                firsts[entry.docname] = _words_at(text, 0, len(text))
    env.msblog_post_mentions[env.docname] = [Mention(entry, count, excerpt=firsts.get(entry, (None, ""))[0],
                                                     place=firsts.get(entry, (None, ""))[1])
                                             for entry, count in sorted(counts.items())]


def _link_mentions(env: BuildEnvironment, root: nodes.Node, firsts: dict | None = None) -> dict[str, int]:
    """Link the first mention of each entry in each section under ``root``; how many of each entry's it holds.
    ``firsts`` gets, for each entry, the words around its first mention and the id of the section holding it."""
    counts: dict[str, int] = {}
    linked: set[tuple[int, str]] = set()
    for text in list(root.findall(nodes.Text)):
        ancestors = list(_ancestors(text))
        if any(isinstance(a, _SKIP) for a in ancestors):
            continue
        found = find(env, str(text))
        if not found:
            continue
        section = next((a for a in ancestors if isinstance(a, nodes.section)), root)
        can_link = not any(isinstance(a, _NO_LINK) for a in ancestors)
        parts, at = [], 0
        for start, end, entry in found:
            counts[entry.docname] = counts.get(entry.docname, 0) + 1
            if firsts is not None and entry.docname not in firsts:
                firsts[entry.docname] = _words_at(text, start, end)
            if not can_link or (id(section), entry.docname) in linked:
                continue
            linked.add((id(section), entry.docname))
            parts += [nodes.Text(str(text)[at:start]), _xref(entry, str(text)[start:end], env.docname)]
            at = end
        if parts:
            parts.append(nodes.Text(str(text)[at:]))
            text.parent.replace(text, [p for p in parts if not (isinstance(p, nodes.Text) and not str(p))])
    return counts


def _words_at(text: nodes.Text, start: int, end: int) -> tuple[Excerpt, str]:
    """The words around ``text[start:end]`` in the paragraph (or title, or other block) holding it, and the id of
    the section holding that."""
    ancestors = list(_ancestors(text))
    block = next((a for a in ancestors if isinstance(a, nodes.TextElement) and not isinstance(a, nodes.Inline)),
                 text.parent)
    section = next((a for a in ancestors if isinstance(a, nodes.section) and a["ids"]), None)
    parts = list(shown_parts(block))
    before = sum(len(shown) for _, shown in parts[:next(i for i, (part, _) in enumerate(parts) if part is text)])
    whole = "".join(shown for _, shown in parts)
    return words_around(whole, before + start, before + end), section["ids"][0] if section else ""


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _xref(entry: Entry, text: str, docname: str) -> addnodes.pending_xref:
    ref = addnodes.pending_xref("", refdomain="ms", reftype=entry.type, reftarget=entry.name,
                                refexplicit=True, refdoc=docname, classes=["mention"])
    ref += nodes.Text(text)
    return ref


def comment_linker(app: Sphinx, docname: str, comment: Comment):
    """A text linker for one comment: the first mention of each entry links to its page
    (resolved when the page is written, for the builder writing it); and what records the comment's mentions."""
    env = app.env
    counts: dict[str, int] = {}

    def link(text: str) -> list[str | Link]:
        parts, at = [], 0
        for start, end, entry in find(env, text):
            counts[entry.docname] = counts.get(entry.docname, 0) + 1
            if counts[entry.docname] > 1:
                continue
            parts += [text[at:start], Link(text[start:end], doc_href(entry.docname), ("mention",))]
            at = end
        return parts + [text[at:]]

    def record(html: str) -> None:
        """Record the comment's mentions; ``html`` is its safe HTML, whose reader's words (links and code too) are
        quoted."""
        if not counts:
            return
        text = plain_text(html)
        firsts: dict[str, Excerpt] = {}
        for start, end, entry in registry(env).find(text):
            if entry.docname in counts and entry.docname not in firsts:
                firsts[entry.docname] = words_around(text, start, end)
                if len(firsts) == len(counts):  # the rest of the text is not read
                    break
        env.msblog_comment_mentions.setdefault(docname, []).extend(
            Mention(entry, count, comment.id, comment.author, comment.time, comment.line, firsts.get(entry),
                    f"comment-{comment.id}")
            for entry, count in sorted(counts.items())
        )

    return link, record


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")  # links mentions in ABlog's copies of a post too
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.registry")
    app.setup_extension("msblog.sphinxext.therapy_domain")  # resolves the links in the text
    app.setup_extension("msblog.sphinxext.deferred_links")  # resolves the links in comments when each page is written
    app.add_node(nomentions, html=(lambda t, n: t.visit_container(n), lambda t, n: t.depart_container(n)))
    app.add_directive("nomentions", NoMentionsDirective)
    per_document(app, "msblog_post_mentions")
    per_document(app, "msblog_comment_mentions")
    app.connect("doctree-read", link_post, priority=stages.MENTIONS)
    app.connect("env-updated", index_mentions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 5}

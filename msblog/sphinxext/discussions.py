"""Render each post's discussion under the post, threaded, as semantic HTML.

The discussion file ``comments/<path>.md`` of ``posts/<path>.md`` is read when
the post is read (so editing it rebuilds the post), rendered once to
sanitised HTML and appended to the post's doctree as a ``discussion`` section.
It is added before the page outline is collected, and taken out of ABlog's
copy of the post, so neither excerpts nor feeds ever include comments. The comments never become docutils nodes, which keeps
the environment small, yet they are part of the page's searchable text.

What the source gives for none of a discussion's comments (names, times) is
said once at its top, not as "unknown" on each comment. The discussion node
keeps what the page tells machines of each comment (:func:`comment_record`),
and the environment how many comments each post has archived
(:func:`comments_archived`, for listings).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

import jinja2
import lxml.html
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from msblog.model.dates import long_date
from msblog.model.discussion import Comment, Discussion, read_discussion
from msblog.model.errors import ContentError, Problem
from msblog.model.html_links import NOTE
from msblog.model.names import balanced
from msblog.model.safe_markdown import render_comment
from msblog.sphinxext import compat, stages
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout
from msblog.sphinxext.refusals import refused_files

logger = logging.getLogger(__name__)
SECTION = "discussion"  # the id of a post's discussion; each comment's is comment-<id>

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("msblog.sphinxext", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
)
_TEMPLATES.globals["long_date"] = long_date
_TEMPLATES.filters["balanced"] = balanced
_BREAKS = ("p", "br", "li", "blockquote", "pre", "hr")  # what ends a line of a comment's text


class discussion(nodes.section):
    """A post's discussion: a section the page outline lists, with its counts."""


def before_discussion(section: nodes.section, block: nodes.Node) -> None:
    """Put ``block`` at the end of a post's text: before its discussion, or last when it has none."""
    found = next(iter(section.findall(discussion)), None)
    if found is not None:
        found.parent.insert(found.parent.index(found), block)
    else:
        section += block


def visit_discussion(translator, node: discussion) -> None:
    """A section, with its counts as data attributes."""
    attributes = {"data-archived": str(node["archived"])}
    if node["declared"] is not None:
        attributes["data-declared"] = str(node["declared"])
    compat.open_section(translator, node, **attributes)


def depart_discussion(translator, node: discussion) -> None:
    translator.depart_section(node)


def discussion_path(app: Sphinx, docname: str) -> Path | None:
    """The discussion file that belongs to ``docname``, if it is a post."""
    name = layout(app).post_name(docname)
    return Path(app.srcdir, layout(app).discussion_file(name)) if name else None


NEVER_GIVEN = {frozenset({"author"}): "names", frozenset({"time"}): "times", frozenset({"author", "time"}): "names or times"}


def render_discussion(found: Discussion, body_html: dict[str, str] | None = None) -> str:
    """The HTML inside the discussion section: the counts, then every thread; ``body_html`` is each comment's
    safe HTML by id (by default its text rendered, with no links added)."""
    if body_html is None:
        body_html = {c.id: render_comment(c.body) for c in found.comments if not c.deleted}
    never_given = found.never_given
    return _TEMPLATES.get_template("msblog/discussion.html").render(
        archived=len(found),
        declared=found.declared,
        threads=found.threads,
        body_html=body_html,
        never_given=never_given,
        never_given_words=NEVER_GIVEN.get(frozenset(never_given)),
    )


@lru_cache(maxsize=4)  # a comment's is asked for as it is linked, then just after
def plain_text(html: str) -> str:
    """The reader's words in a comment's safe HTML, as a reader sees them: a line for each paragraph, list item or
    line break; the archive's own notes after links left out. Made once for each comment: its mentions are quoted
    from it, and its page tells machines of it."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for note in root.find_class(NOTE):
        note.drop_tree()
    for element in root.iter(*_BREAKS):
        element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().splitlines())
    return "\n".join(line for line in lines if line)


def comment_record(comment: Comment, texts: dict[str, str]) -> dict:
    """What a comment's page tells machines of it and its replies (:mod:`msblog.sphinxext.sharing` writes it as
    schema.org): only what the source gives, ``None`` for the rest; ``texts``: each comment's :func:`plain_text`."""
    return {"id": comment.id, "author": comment.author, "time": comment.time.isoformat() if comment.time else None,
            "deleted": comment.deleted, "text": texts.get(comment.id),
            "replies": [comment_record(reply, texts) for reply in comment.replies]}


def comment_renderer(app: Sphinx, docname: str) -> Callable[[Comment], str]:
    """What renders each comment of ``docname`` to safe HTML: a ``msblog-comment-renderer`` listener's (which adds
    links), or else the comment's text rendered."""
    return app.emit_firstresult("msblog-comment-renderer", docname) or (lambda comment: render_comment(comment.body))


def add_discussion(app: Sphinx, doctree: nodes.document) -> None:
    """Append the post's discussion, if it has one, to the post's doctree."""
    env = app.env
    path = discussion_path(app, env.docname)
    if path is None or not path.is_file():
        return
    env.note_dependency(str(path))
    try:
        found = read_discussion(path, app.srcdir)
    except ContentError as error:
        _report(env, env.docname, error.problems)
        return
    render, body_html, texts = comment_renderer(app, env.docname), {}, {}
    for comment in found.comments:
        if not comment.deleted:
            body_html[comment.id] = render(comment)
            texts[comment.id] = plain_text(body_html[comment.id])  # made as its mentions were quoted, if any
    section = discussion(ids=[SECTION], archived=len(found), declared=found.declared,
                         comments=[comment_record(comment, texts) for comment in found.threads])
    section += nodes.title("", "Discussion")
    section += nodes.raw("", render_discussion(found, body_html), format="html")
    (doctree.next_node(nodes.section) or doctree).append(section)
    env.msblog_comments_archived[env.docname] = len(found)


def comments_archived(env: BuildEnvironment, docname: str) -> int:
    """How many comments the archive holds for the post ``docname`` (placeholders of removed ones included)."""
    return env.msblog_comments_archived.get(docname, 0)


def offer_counts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Templates (a listing's) may ask how many comments a post has archived: ``comments_archived(docname)``."""
    context["comments_archived"] = partial(comments_archived, app.env)


def keep_out_of_feeds(app: Sphinx, doctree: nodes.document) -> None:
    """Remove the discussion from the copy of the post ABlog keeps for excerpts and feeds."""
    for copy in compat.post_copies(app.env, app.env.docname):
        for node in list(copy.findall(discussion)):
            node.parent.remove(node)


def _report(env: BuildEnvironment, docname: str, problems: list[Problem]) -> None:
    for problem in problems:
        logger.error(problem.message, location=f"{problem.path}:{problem.line}", type="msblog", subtype="discussion")
    env.msblog_discussion_problems[docname] = len(problems)


def check_discussion_files(app: Sphinx, env: BuildEnvironment) -> None:
    """Fail the build for broken discussions and for discussions with no post."""
    site = layout(app)
    comments = Path(app.srcdir, site.comments)
    refused = refused_files(app)  # reported as posts already
    orphans = 0
    for path in sorted(comments.rglob("*.md")):
        docname = site.post_docname(path.relative_to(comments).with_suffix("").as_posix())
        if docname not in env.found_docs and Path(app.srcdir, f"{docname}.md") not in refused:
            orphans += 1
            logger.error(f"discussion has no post: {docname}.md does not exist",
                         location=f"{path}:1", type="msblog", subtype="discussion")
    if orphans or env.msblog_discussion_problems:
        app.statuscode = 1


def posts_to_reread(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """Posts to read again: those with broken discussions, so their errors show every
    build, and those whose discussion file is new since they were read."""
    again = [d for d in env.msblog_discussion_problems if d in env.found_docs]
    for docname in env.found_docs - added - changed:
        path = discussion_path(app, docname)
        if path is not None and path not in compat.dependencies(env, docname) and path.is_file():
            again.append(docname)
    return again


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.refusals")  # posts it refused have no discussion of their own
    app.add_node(discussion, html=(visit_discussion, depart_discussion))
    app.add_event("msblog-comment-renderer")
    per_document(app, "msblog_discussion_problems")
    per_document(app, "msblog_comments_archived")
    app.connect("env-get-outdated", posts_to_reread)
    app.connect("doctree-read", add_discussion, priority=stages.DISCUSSION)
    app.connect("doctree-read", keep_out_of_feeds, priority=stages.ADJUST_ABLOG)
    app.connect("env-updated", check_discussion_files)
    app.connect("html-page-context", offer_counts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

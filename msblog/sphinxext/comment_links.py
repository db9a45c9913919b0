"""Links in comments: blog addresses lead into the archive, mentions to their entries, papers and trials to their
resolvers.

Answers ``msblog-comment-renderer`` from :mod:`msblog.sphinxext.discussions`
with a renderer that links each comment as it renders it
(:func:`msblog.model.safe_markdown.render_comment`), and records what it
mentions and cites.
"""

from __future__ import annotations

from collections.abc import Callable

from sphinx.application import Sphinx

from msblog.model.discussion import Comment
from msblog.model.html_links import Link
from msblog.model.safe_markdown import render_comment
from msblog.sphinxext import archive_links, citations, mentions


def comment_renderer(app: Sphinx, docname: str) -> Callable[[Comment], str]:
    """What renders each comment of the post ``docname``, linked."""
    return lambda comment: linked_comment(app, docname, comment)


def linked_comment(app: Sphinx, docname: str, comment: Comment) -> str:
    """A comment's safe HTML, linked; its mentions and citations recorded."""
    mention, record_mentions = mentions.comment_linker(app, docname, comment)
    cite, cited_link, record_citations = citations.comment_linker(app, docname, comment)

    def text(value: str) -> list[str | Link]:
        parts: list[str | Link] = []
        for chunk, link in archive_links.comment_text(app, docname, value):
            if link:
                parts.append(link)
                continue
            for part in cite(chunk):
                parts += [part] if isinstance(part, Link) else mention(part)
        return parts

    def href(url: str) -> Link | None:
        return archive_links.resolve(app, docname, url) or cited_link(url)

    linked = render_comment(comment.body, text, href)
    record_mentions(linked)
    record_citations(linked)
    return linked


def setup(app: Sphinx) -> dict:
    for component in ("discussions", "archive_links", "mentions", "citations"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.connect("msblog-comment-renderer", comment_renderer)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

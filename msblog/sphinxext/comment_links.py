"""Links in comments: blog addresses lead into the archive, mentions to their entries, papers and trials to their
resolvers.

Listens to ``msblog-comment-html`` from :mod:`msblog.sphinxext.discussions`
and rewrites the comment's sanitised HTML with
:func:`msblog.model.html_links.link_html`, which sanitises it again.
"""

from __future__ import annotations

from sphinx.application import Sphinx

from msblog.model.discussion import Comment
from msblog.model.html_links import Link, link_html
from msblog.sphinxext import archive_links, citations, mentions


def link_comment(app: Sphinx, docname: str, comment: Comment, html: str) -> str:
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

    linked = link_html(html, text, href)
    record_mentions(linked)
    record_citations(linked)
    return linked


def setup(app: Sphinx) -> dict:
    for component in ("discussions", "archive_links", "mentions", "citations"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.connect("msblog-comment-html", link_comment)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

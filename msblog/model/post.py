"""A post as the archive stores it: ``posts/YYYY/MM/<slug>.md`` with front matter."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

import yaml

from msblog.model.names import clean_name
from msblog.model.safe_markdown import escape_markdown


UNTITLED = "Untitled: the source gives no title"  # the heading of a post whose source gives it none


@dataclass
class Post:
    """One post; ``None`` or empty means the source does not say."""

    path: str  # YYYY/MM/<slug>, from the original address
    title: str
    body: str  # MyST Markdown, without the title
    date: date | datetime | None = None
    date_note: str | None = None
    authors: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    original_url: str | None = None
    description: str | None = None  # the source's own summary of the post, for the page's meta description
    coi: str | None = None  # the author's conflict-of-interest statement, as written
    redirect: list[str] = field(default_factory=list)  # old paths the post is also served at (ABlog's ``redirect``)


def format_post(post: Post) -> str:
    """The post's MyST source: front matter ABlog reads, the title, then the body.

    The title is one heading line: a line break in it becomes a space, so no part
    of it leaves the heading; a post with none says so (:data:`UNTITLED`).
    """
    front: dict[str, object] = {}
    if post.date is not None:
        front["date"] = post.date.isoformat()
    if post.date_note:
        front["date_note"] = post.date_note
    if post.authors:
        front["author"] = ", ".join(post.authors)
    if post.tags:
        front["tags"] = ", ".join(post.tags)
    if post.original_url:
        front["original_url"] = post.original_url
    if post.description:
        front["description"] = post.description
    if post.coi:
        front["coi"] = post.coi
    if post.redirect:
        front["redirect"] = ", ".join(post.redirect)
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{header}---\n\n# {escape_markdown(clean_name(post.title) or UNTITLED)}\n\n{post.body.strip()}\n"

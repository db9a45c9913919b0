"""Blogger's Atom export: posts with their labels, drafts, and threaded comments.

A post entry has the kind ``#post``, its address as ``link rel="alternate"``,
labels as categories and the number of comments it declared as ``thr:total``.
A comment entry has the kind ``#comment``, names its post in
``thr:in-reply-to`` and the comment it answers as ``link rel="related"``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from lxml import etree

from msblog.importers.html_to_myst import html_to_myst
from msblog.importers.records import ExportComment, ExportPost
from msblog.importers.xml_stream import entries
from msblog.model.addresses import post_path
from msblog.model.errors import ContentError, Problem
from msblog.model.post import Post

ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
APP = "{http://purl.org/atom/app#}"
KIND = "http://schemas.google.com/g/2005#kind"
LABEL = "http://www.blogger.com/atom/ns#"
_ITEM_ID = re.compile(r"post-(\d+)\Z")
_REMOVED = re.compile(r"^This (comment|post) has been removed by (the author|a blog administrator)\.?$")


def read_blogger(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[ExportPost | ExportComment]:
    """Yield the export's posts and comments in file order."""
    for entry in entries(path, f"{ATOM}feed", f"{ATOM}entry", progress):
        kind = next((c.get("term", "") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == KIND), "")
        kind = kind.rsplit("#", 1)[-1]
        if kind == "post":
            yield _post(path, entry)
        elif kind == "comment":
            yield _comment(path, entry)
        else:
            yield ExportPost(key=_text(entry, "id"), post=None, skipped=kind or "unknown entry")


def _post(path: Path, entry: etree._Element) -> ExportPost:
    key, where = _key(path, entry)
    if (entry.findtext(f"{APP}control/{APP}draft") or "").strip() == "yes":
        return ExportPost(key=key, post=None, skipped="draft", where=where)
    url = _link(entry, "alternate")
    title = _text(entry, "title")
    published = _text(entry, "published")
    missing = [name for name, value in (("link rel=alternate", url), ("title", title), ("published", published)) if not value]
    if missing:
        raise ContentError([Problem(path, entry.sourceline or 1, f"post {key} has no {', '.join(missing)}")])
    try:
        date = datetime.fromisoformat(published)
        slug = post_path(url)
    except ValueError as error:
        raise ContentError([Problem(path, entry.sourceline or 1, f"post {key}: {error}")]) from None
    conversion = html_to_myst(_text(entry, "content"), base=url)
    labels = [c.get("term") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == LABEL]
    authors = [name for name in (a.findtext(f"{ATOM}name") for a in entry.iterfind(f"{ATOM}author")) if name]
    total = entry.findtext(f"{THR}total")
    post = Post(path=slug, title=title, body=conversion.text, date=date, authors=authors, tags=labels, original_url=url)
    return ExportPost(key=key, post=post, declared=int(total) if total and total.isdigit() else None,
                      embeds=len(conversion.embeds), removed=conversion.removed, plain_text=conversion.plain_text,
                      warnings=conversion.warnings, where=where)


def _comment(path: Path, entry: etree._Element) -> ExportComment:
    key, where = _key(path, entry)
    reply = entry.find(f"{THR}in-reply-to")
    post_key = _ITEM_ID.search(reply.get("ref", "")) if reply is not None else None
    if post_key is None:
        raise ContentError([Problem(path, entry.sourceline or 1, f"comment {key} has no thr:in-reply-to naming its post")])
    related = _link(entry, "related")
    parent = related.rstrip("/").rsplit("/", 1)[-1] if related else None
    published = _text(entry, "published")
    html = _text(entry, "content")
    deleted = bool(_REMOVED.match(re.sub(r"<[^>]+>", "", html).strip()))
    conversion = html_to_myst("" if deleted else html, base=_link(entry, "alternate"))
    author = next((a.findtext(f"{ATOM}name") for a in entry.iterfind(f"{ATOM}author")), None)
    try:
        time = datetime.fromisoformat(published) if published else None
    except ValueError:
        raise ContentError([Problem(path, entry.sourceline or 1, f"comment {key}: bad published time {published!r}")]) from None
    return ExportComment(key=key, post_key=post_key.group(1), body=conversion.text.strip(), parent_key=parent,
                         author=(author or "").strip() or None, time=time, deleted=deleted,
                         removed=conversion.removed, warnings=conversion.warnings, where=where)


def _key(path: Path, entry: etree._Element) -> tuple[str, str]:
    entry_id = _text(entry, "id")
    match = _ITEM_ID.search(entry_id)
    if not match:
        raise ContentError([Problem(path, entry.sourceline or 1, f"entry id {entry_id!r} is not a Blogger post or comment id")])
    return match.group(1), f"{path}:{entry.sourceline} ({entry_id})"


def _text(entry: etree._Element, name: str) -> str:
    return (entry.findtext(f"{ATOM}{name}") or "").strip()


def _link(entry: etree._Element, rel: str) -> str | None:
    return next((link.get("href") for link in entry.iterfind(f"{ATOM}link") if link.get("rel") == rel), None)

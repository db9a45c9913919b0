"""Blogger's Atom exports: posts with their labels and statuses, and threaded comments.

Two formats are read, each recognised by its entries' content, not by the file's name:

- The current export (Blogger's "Back up content" and Google Takeout, usually
  ``feed.atom``; namespace ``http://schemas.google.com/blogger/2018``). Each entry
  says what it is in ``blogger:type`` (``POST``, ``PAGE``, ``COMMENT``) and
  ``blogger:status`` (``LIVE``, ``DRAFT``, ``SCHEDULED``, ``SOFT_TRASHED``,
  ``SPAM_COMMENT``, ...), and ``blogger:trashed`` when it was trashed. A post's
  address is ``blogger:filename``, a path on the blog's host; labels are
  categories whose scheme is the blog's id. A comment names its post in
  ``blogger:parent`` and the comment it answers in ``blogger:inReplyTo``, each a
  full ``tag:blogger.com,...post-N`` id or the bare number. There is no declared
  count of comments; ``blogger:metaDescription`` is the post's description.
- The older export: a post entry has the kind ``#post``, its address as
  ``link rel="alternate"``, labels as categories and the number of comments it
  declared as ``thr:total``; ``app:draft`` marks a draft. A comment entry has the
  kind ``#comment``, names its post in ``thr:in-reply-to`` and the comment it
  answers as ``link rel="related"``.

Only live posts and live, untrashed comments are published; every other item is
yielded with why it is not. An export in which no post is found is an error that
says what the file looked like.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from copy import deepcopy
from html import escape
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
from lxml import etree

from msblog.importers.html_to_myst import html_to_myst
from msblog.importers.records import ExportComment, ExportPost, untitled
from msblog.importers.takeout import Albums
from msblog.importers.xml_stream import entries
from msblog.model.addresses import post_path
from msblog.model.dates import source_time
from msblog.model.errors import ContentError, Problem
from msblog.model.layout import Layout
from msblog.model.names import clean_name
from msblog.model.post import Post

ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
APP = "{http://purl.org/atom/app#}"
CURRENT = "http://schemas.google.com/blogger/2018"
B = f"{{{CURRENT}}}"
KIND = "http://schemas.google.com/g/2005#kind"
LABEL = "http://www.blogger.com/atom/ns#"
# The blog's own address: the current export gives a post's path on it, the older one the whole address.
_ITEM_ID = re.compile(r"(?:\A|(?:post|page)-)(\d+)\Z")  # a full id, of a post or page, or the bare number
_REMOVED = re.compile(r"^This (comment|post) has been removed by (the author|a blog administrator)\.?$")
# What the readers read as text: markup in any of these is refused, never cut off (xml_stream.entries).
_TEXT_FIELDS = (*(f"{ATOM}{name}" for name in ("id", "title", "content", "published", "name")),
                *(f"{B}{name}" for name in ("type", "status", "trashed", "filename", "metaDescription", "parent",
                                             "inReplyTo")),
                f"{THR}total", f"{APP}draft")
XHTML = "{http://www.w3.org/1999/xhtml}"
_SHOWN_TEXT = "descendant::text()[not(ancestor::*[local-name()='script' or local-name()='style'])]"  # what a page shows
# What a page shows on lines of its own (ins and del are words within a line too): its words apart from those beside it.
_LINES = lxml.html.defs.block_tags - {"ins", "del"} | {"br"}
# Why an item that is not live is withheld, by its blogger:status; any other status is named as it is.
_STATUS = {"DRAFT": "draft", "SCHEDULED": "scheduled", "SOFT_TRASHED": "trashed", "SPAM_COMMENT": "spam",
           "PENDING": "pending"}


def read_blogger(path: Path, layout: Layout, progress: Callable[[int], None] | None = None,
                 albums: Albums | None = None) -> Iterator[ExportPost | ExportComment]:
    """Yield the export's posts and comments in file order; ``albums``, a Takeout's images, are copied for its posts
    into the posts' folder of ``layout``, whose blog is the one the current export's addresses are on."""
    kinds: Counter = Counter()  # what the entries are, for the error when none is a post
    addresses: dict[str, str] = {}  # each post read so far: its original address, which its comments are read against
    looks_current, first_line = False, None
    for entry in entries(path, f"{ATOM}feed", f"{ATOM}entry", progress, text_fields=_TEXT_FIELDS):
        first_line = first_line or entry.sourceline
        looks_current = looks_current or CURRENT in entry.nsmap.values()
        kind = entry.find(f"{B}type")
        if kind is not None:
            kind = (kind.text or "").strip().upper()
            kinds[kind] += 1
            record = _current(path, entry, kind, layout, albums, addresses)
        else:
            kind = next((c.get("term", "") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == KIND), "")
            kind = kind.rsplit("#", 1)[-1]
            kinds[kind] += 1
            record = _older(path, entry, kind, layout, albums, addresses)
        if isinstance(record, ExportPost) and record.post is not None:
            addresses[record.key] = record.post.original_url
        yield record
    if not kinds["POST"] + kinds["post"]:
        raise ContentError([Problem(path, first_line or 1, _no_posts(kinds, looks_current))])


def _no_posts(kinds: Counter, looks_current: bool) -> str:
    """Why no post was found: which format the file looked like, what it expected, and what the entries were."""
    found = ", ".join(f"{n} {kind or 'of no known kind'}" for kind, n in kinds.most_common()) or "none"
    if looks_current or any(kind.isupper() for kind in kinds):
        return (f"no post in this export. It looks like Blogger's current export (namespace {CURRENT}), "
                f"where each post is an <entry> with <blogger:type>POST</blogger:type>; its entries: {found}")
    if kinds.keys() - {""}:
        return (f"no post in this export. It looks like Blogger's older export, where each post is an <entry> "
                f"with a <category scheme='{KIND}'> whose term ends in #post; its entries: {found}")
    return ("no post in this file. It is an Atom feed, but not a Blogger export: expected Blogger's current export "
            f"(entries with <blogger:type>, namespace {CURRENT}) or its older one (entries with a <category "
            f"scheme='{KIND}'>); its entries: {found}. A blog's public feed (/feeds/posts/default) is not an export: "
            "use Blogger's Settings, Back up content, or Google Takeout")


def _current(path: Path, entry: etree._Element, kind: str, layout: Layout, albums: Albums | None,
             addresses: dict[str, str]) -> ExportPost | ExportComment:
    if kind not in ("POST", "COMMENT"):
        return ExportPost(key=_text(entry, "id"), post=None, where=_where(path, entry),
                          skipped="page" if kind == "PAGE" else f"unknown kind {kind or '(empty)'}")
    key, where = _key(path, entry)
    status = (entry.findtext(f"{B}status") or "").strip().upper()
    withheld = None
    if (entry.findtext(f"{B}trashed") or "").strip() or status == "SOFT_TRASHED":
        withheld = "trashed"
    elif status != "LIVE":
        withheld = _STATUS.get(status, f"status {status or '(none)'}")
    if kind == "COMMENT":
        return _current_comment(path, entry, key, where, withheld, addresses)
    if withheld:
        return ExportPost(key=key, post=None, skipped=withheld, where=where)
    filename = (entry.findtext(f"{B}filename") or "").strip()
    if (filename and not filename.startswith("/")) or filename.startswith("//"):
        raise ContentError([Problem(path, entry.sourceline or 1, f"post {key}: blogger:filename {filename!r} is not a path")])
    blog = _text(entry, "id").rsplit(".post-", 1)[0]  # tag:blogger.com,1999:blog-N, the scheme of its labels
    labels = [c.get("term") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == blog]
    description = (entry.findtext(f"{B}metaDescription") or "").strip() or None
    return _post(path, entry, key, where, (layout.blog.home + filename if filename else None, "blogger:filename"), labels=labels,
                 declared=None, description=description, layout=layout, albums=albums)


def _current_comment(path: Path, entry: etree._Element, key: str, where: str, withheld: str | None,
                     addresses: dict[str, str]) -> ExportComment:
    """A comment of the current export; its text's addresses are read against its post's, as its page read them, if
    the export gave its post before it (Blogger's does; the older export gives a comment's own address)."""
    parent = (entry.findtext(f"{B}parent") or "").strip()
    post_key = _ITEM_ID.search(parent)
    if post_key is None:
        raise ContentError([Problem(path, entry.sourceline or 1, f"comment {key} has no blogger:parent naming its post")])
    answers = (entry.findtext(f"{B}inReplyTo") or "").strip()
    parent_key = _ITEM_ID.search(answers) if answers else None
    if answers and parent_key is None:
        raise ContentError([Problem(path, entry.sourceline or 1,
                                    f"comment {key}: blogger:inReplyTo {answers!r} is not a comment id")])
    if withheld:
        return ExportComment(key=key, post_key=post_key.group(1), body="", withheld=withheld, where=where)
    return _comment(path, entry, key, where, post_key.group(1), parent_key.group(1) if parent_key else None,
                    base=addresses.get(post_key.group(1)))


def _older(path: Path, entry: etree._Element, kind: str, layout: Layout, albums: Albums | None,
           addresses: dict[str, str]) -> ExportPost | ExportComment:
    if kind == "post":
        key, where = _key(path, entry)
        if (entry.findtext(f"{APP}control/{APP}draft") or "").strip() == "yes":
            return ExportPost(key=key, post=None, skipped="draft", where=where)
        labels = [c.get("term") for c in entry.iterfind(f"{ATOM}category") if c.get("scheme") == LABEL]
        total = (entry.findtext(f"{THR}total") or "").strip()
        counted = total.isascii() and total.isdigit()
        post = _post(path, entry, key, where, (_link(entry, "alternate"), "link rel=alternate"), labels=labels,
                     declared=int(total) if counted else None, description=None, layout=layout, albums=albums)
        if total and not counted:
            post.warnings.append(f"thr:total {total!r} is not a count of comments: the discussion is written "
                                 "without the count its page declared")
        return post
    if kind == "comment":
        key, where = _key(path, entry)
        reply = entry.find(f"{THR}in-reply-to")
        post_key = _ITEM_ID.search(reply.get("ref", "")) if reply is not None else None
        if post_key is None:
            raise ContentError([Problem(path, entry.sourceline or 1, f"comment {key} has no thr:in-reply-to naming its post")])
        related = _link(entry, "related")
        parent = _related_comment(path, entry, key, related) if related else None
        return _comment(path, entry, key, where, post_key.group(1), parent,
                        base=_link(entry, "alternate") or addresses.get(post_key.group(1)))
    return ExportPost(key=_text(entry, "id"), post=None, skipped=kind or "entry of no known kind", where=_where(path, entry))


def _related_comment(path: Path, entry: etree._Element, key: str, related: str) -> str:
    """The id of the comment a comment answers, the last part of its ``link rel="related"`` (a feed address ending
    in the comment's number); a link naming no comment is refused at its line, never written as an id."""
    try:
        last = urlsplit(related.strip()).path.rstrip("/").rsplit("/", 1)[-1]
    except ValueError:
        last = ""
    if not re.fullmatch(r"[0-9]+", last):
        line = next((link.sourceline for link in entry.iterfind(f"{ATOM}link") if link.get("rel") == "related"), None)
        raise ContentError([Problem(path, line or entry.sourceline or 1, f"comment {key}: link rel=related "
                                                                         f"{related[:120]!r} names no comment")])
    return last


def _post(path: Path, entry: etree._Element, key: str, where: str, address: tuple[str | None, str], labels: list[str],
          declared: int | None, description: str | None, layout: Layout, albums: Albums | None) -> ExportPost:
    """A published post; ``address`` is its original address and the field that gave it."""
    (url, url_field), title, published = address, clean_name(_title(path, entry)), _text(entry, "published")
    titled = entry.find(f"{ATOM}title") is not None  # Blogger's editor allows an empty title, not none
    missing = [name for name, value in ((url_field, url), ("title", titled), ("published", published)) if not value]
    if missing:
        raise ContentError([Problem(path, entry.sourceline or 1, f"post {key} has no {', '.join(missing)}")])
    try:
        date = source_time(published)
        slug = post_path(url)
    except ValueError as error:
        raise ContentError([Problem(path, entry.sourceline or 1, f"post {key}: {error}")]) from None
    html = _content(path, entry)
    images = albums.localise(html, slug, layout) if albums else None
    conversion = html_to_myst(html, base=url, post=slug, images=images.placeholders if images else None)
    body, copies = images.apply(conversion.text, slug.rsplit("/", 1)[-1]) if images else (conversion.text, [])
    post = Post(path=slug, title=title, body=body, date=date, authors=_authors(entry), tags=labels,
                original_url=url, description=description)
    return ExportPost(key=key, post=post, declared=declared, embeds=len(conversion.embeds), removed=conversion.removed,
                      warnings=untitled(title) + conversion.warnings, where=where,
                      images=copies, images_kept=images.kept if images else [])


def _comment(path: Path, entry: etree._Element, key: str, where: str, post_key: str, parent_key: str | None,
             base: str | None) -> ExportComment:
    published = _text(entry, "published")
    html = _content(path, entry)
    deleted = bool(_REMOVED.match(re.sub(r"<[^>]+>", "", html).strip()))
    conversion = html_to_myst("" if deleted else html, base=base)
    try:
        time = source_time(published) if published else None
    except ValueError:
        raise ContentError([Problem(path, entry.sourceline or 1, f"comment {key}: bad published time {published!r}")]) from None
    authors = _authors(entry)
    return ExportComment(key=key, post_key=post_key, body=conversion.text.strip(), parent_key=parent_key,
                         author=authors[0] if authors else None, time=time, deleted=deleted,
                         embeds=len(conversion.embeds), removed=conversion.removed, warnings=conversion.warnings,
                         where=where)


def _authors(entry: etree._Element) -> list[str]:
    """The names the entry's authors give; one the current export marks anonymous, and names not, is "Anonymous"."""
    names = []
    for author in entry.iterfind(f"{ATOM}author"):
        name = clean_name(author.findtext(f"{ATOM}name") or "")
        if not name and (author.findtext(f"{B}type") or "").strip().upper() == "ANONYMOUS":
            name = "Anonymous"
        if name:
            names.append(name)
    return names


def _key(path: Path, entry: etree._Element) -> tuple[str, str]:
    entry_id = _text(entry, "id")
    match = re.search(r"post-(\d+)\Z", entry_id)
    if not match:
        raise ContentError([Problem(path, entry.sourceline or 1, f"entry id {entry_id!r} is not a Blogger post or comment id")])
    return match.group(1), _where(path, entry)


def _where(path: Path, entry: etree._Element) -> str:
    """``file:line (entry id)``, for the report."""
    return f"{path}:{entry.sourceline} ({_text(entry, 'id')})"


def _title(path: Path, entry: etree._Element) -> str:
    """The words of the entry's title, as Atom's ``type`` says to read it: ``text`` (what Blogger writes, and read so
    when no type is given) as it is, ``html`` and ``xhtml`` as the text a page shows of them (a script's or style's
    code is none, a line break or a block's edge a space); any other type is refused at its line."""
    title = entry.find(f"{ATOM}title")
    if title is None:
        return ""
    kind = (title.get("type") or "text").strip().lower()
    if kind in ("text", "text/plain"):
        return (title.text or "").strip()
    if kind in ("html", "text/html") and (title.text or "").strip():
        shown = lxml.html.fragment_fromstring(title.text, create_parent="span")
    elif kind == "xhtml" and (division := title.find(f"{XHTML}div")) is not None:
        shown = deepcopy(division)  # its words are spaced below
    elif kind in ("html", "text/html"):
        return ""
    else:
        why = "holds no XHTML <div>" if kind == "xhtml" else "is not read (text, html or xhtml are)"
        raise ContentError([Problem(path, title.sourceline or entry.sourceline or 1,
                                    f"<title type={title.get('type')!r}> {why}")])
    for element in shown.iterdescendants():
        if isinstance(element.tag, str) and etree.QName(element).localname in _LINES:
            element.text, element.tail = f" {element.text or ''}", f" {element.tail or ''}"
    return " ".join("".join(shown.xpath(_SHOWN_TEXT)).split())


def _content(path: Path, entry: etree._Element) -> str:
    """The entry's content as HTML, as Atom's ``type`` says to read it: ``html`` (what Blogger writes, and read so
    when no type is given) as it is, ``text`` escaped (what looks like a tag in it is text), ``xhtml`` the XHTML of
    its ``div``; any other type is refused at its line."""
    content = entry.find(f"{ATOM}content")
    if content is None:
        return ""
    kind = (content.get("type") or "html").strip().lower()
    if kind in ("html", "text/html"):
        return (content.text or "").strip()
    if kind in ("text", "text/plain"):
        return escape(content.text or "").strip().replace("\n", "<br>")
    division = content.find(f"{XHTML}div") if kind == "xhtml" else None
    if division is None:
        why = "holds no XHTML <div>" if kind == "xhtml" else "is not read (html, text or xhtml are)"
        raise ContentError([Problem(path, content.sourceline or entry.sourceline or 1,
                                    f"<content type={content.get('type')!r}> {why}")])
    division = deepcopy(division)
    for element in division.iter():
        if isinstance(element.tag, str):
            element.tag = etree.QName(element).localname
    etree.cleanup_namespaces(division)
    return (escape(division.text or "") + "".join(etree.tostring(child, method="html", encoding="unicode")
                                                   for child in division)).strip()


def _text(entry: etree._Element, name: str) -> str:
    return (entry.findtext(f"{ATOM}{name}") or "").strip()


def _link(entry: etree._Element, rel: str) -> str | None:
    return next((link.get("href") for link in entry.iterfind(f"{ATOM}link") if link.get("rel") == rel), None)

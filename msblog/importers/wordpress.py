"""WordPress's WXR export: posts, their tags and categories, and threaded comments.

Only published posts are imported (drafts, pages and attachments are counted),
and only approved comments are published: spam, pending and trashed ones are
counted in the report, never published. A post brought to WordPress from
Blogger keeps its Blogger address in the ``blogger_permalink`` meta field,
which gives the slug; otherwise the WordPress address does (``/YYYY/MM/DD/slug/``).
Dates keep the blog's time zone: the local date less its ``_gmt`` twin gives the offset.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path

from lxml import etree

from msblog.importers.html_to_myst import html_to_myst
from msblog.importers.records import ExportComment, ExportPost
from msblog.importers.xml_stream import entries
from msblog.model.addresses import post_path, wordpress_path
from msblog.model.errors import ContentError, Problem
from msblog.model.post import Post

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
_WITHHELD = {"0": "pending", "spam": "spam", "trash": "trashed", "post-trashed": "trashed"}


def read_wordpress(path: Path, progress: Callable[[int], None] | None = None) -> Iterator[ExportPost | ExportComment]:
    """Yield each item's post, then its comments, in file order."""
    for item in entries(path, "rss", "item", progress):
        post = _post(path, item)
        yield post
        if post.post is not None:
            yield from _comments(path, item, post.key, post.post.original_url)


def _post(path: Path, item: etree._Element) -> ExportPost:
    key = (item.findtext(f"{WP}post_id") or "").strip()
    where = f"{path}:{item.sourceline} (post_id {key or '?'})"
    if not key:
        raise ContentError([Problem(path, item.sourceline or 1, "item has no wp:post_id")])
    kind, status = item.findtext(f"{WP}post_type") or "post", item.findtext(f"{WP}status") or ""
    if kind != "post":
        return ExportPost(key=key, post=None, skipped=kind, where=where)
    if status != "publish":
        return ExportPost(key=key, post=None, skipped=status or "unpublished", where=where)
    meta = {m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value") for m in item.iterfind(f"{WP}postmeta")}
    link = (item.findtext("link") or "").strip()
    url, slug = _address(link, meta)
    title = (item.findtext("title") or "").strip()
    date = _post_date(path, item, f"post {key}")
    missing = [n for n, v in (("title", title), ("publication date", date), ("address", slug)) if not v]
    if missing:
        raise ContentError([Problem(path, item.sourceline or 1, f"post {key} has no {', '.join(missing)}")])
    conversion = html_to_myst(item.findtext(f"{CONTENT}encoded") or "", base=url)
    tags = [c.text.strip() for c in item.iterfind("category") if c.text and c.get("domain") in ("post_tag", "category")]
    author = (meta.get("blogger_author") or item.findtext(f"{DC}creator") or "").strip()
    post = Post(path=slug, title=title, body=conversion.text, date=date, authors=[author] if author else [],
                tags=list(dict.fromkeys(tags)), original_url=url)
    return ExportPost(key=key, post=post, embeds=len(conversion.embeds), removed=conversion.removed,
                      plain_text=conversion.plain_text, warnings=conversion.warnings, where=where)


def _address(link: str, meta: dict) -> tuple[str, str | None]:
    """The original address and ``YYYY/MM/<slug>``: Blogger's where WordPress kept it, else WordPress's."""
    if blogger := meta.get("blogger_permalink"):
        try:
            url = f"http://{meta.get('blogger_blog') or 'multiple-sclerosis-research.blogspot.com'}{blogger}"
            return url, post_path(url)
        except ValueError:  # not a Blogger post's path
            pass
    path = wordpress_path(link)
    if path is None:
        return link, None
    year, month, *_day, slug = path.split("/")
    return link, f"{year}/{month}/{slug}"


def _post_date(path: Path, item: etree._Element, what: str) -> datetime | None:
    if date := _time(path, item, "post_date", what):
        return date
    published = (item.findtext("pubDate") or "").strip()
    try:
        return parsedate_to_datetime(published) if published else None
    except (TypeError, ValueError):
        line = item.find("pubDate").sourceline or 1
        raise ContentError([Problem(path, line, f"{what}: pubDate {published!r} is not an RFC 822 date")]) from None


def _time(path: Path, element: etree._Element, name: str, what: str) -> datetime | None:
    """``wp:<name>`` in the blog's time zone, told by ``wp:<name>_gmt``; ``None`` without the latter."""
    local, gmt = _field(path, element, name, what), _field(path, element, f"{name}_gmt", what)
    if gmt is None:
        return None
    if local is None:
        return gmt.replace(tzinfo=timezone.utc)
    if abs(local - gmt) >= timedelta(days=1):
        line = element.find(f"{WP}{name}").sourceline or 1
        raise ContentError([Problem(path, line, f"{what}: wp:{name} '{local}' is not within a day of wp:{name}_gmt '{gmt}'")])
    return local.replace(tzinfo=timezone(local - gmt))


def _field(path: Path, element: etree._Element, name: str, what: str) -> datetime | None:
    field = element.find(f"{WP}{name}")
    value = (field.text or "").strip() if field is not None else ""
    if not value or value.startswith("0000"):
        return None
    try:
        time = datetime.fromisoformat(value)
    except ValueError:
        time = None
    if time is None or time.tzinfo is not None:
        raise ContentError([Problem(path, field.sourceline or 1,
                                    f"{what}: wp:{name} {value!r} is not a date and time (YYYY-MM-DD hh:mm:ss)")])
    return time


def _comments(path: Path, item: etree._Element, post_key: str, base: str) -> Iterator[ExportComment]:
    for element in item.iterfind(f"{WP}comment"):
        key = (element.findtext(f"{WP}comment_id") or "").strip()
        if not key:
            raise ContentError([Problem(path, element.sourceline or 1, f"a comment of post {post_key} has no wp:comment_id")])
        approved = (element.findtext(f"{WP}comment_approved") or "").strip()
        parent = (element.findtext(f"{WP}comment_parent") or "0").strip()
        conversion = html_to_myst(_paragraphs(element.findtext(f"{WP}comment_content") or ""), base=base)
        yield ExportComment(
            key=key, post_key=post_key, body=conversion.text.strip(), parent_key=None if parent == "0" else parent,
            author=(element.findtext(f"{WP}comment_author") or "").strip() or None,
            time=_time(path, element, "comment_date", f"comment {key}"),
            withheld=None if approved == "1" else _WITHHELD.get(approved, f"status {approved!r}"),
            removed=conversion.removed, warnings=conversion.warnings,
            where=f"{path}:{element.sourceline} (comment_id {key})",
        )


def _paragraphs(text: str) -> str:
    """WordPress stores comments with bare line breaks, which its pages show as paragraphs."""
    if re.search(r"<(p|br|div)\b", text, re.I):
        return text
    return "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in re.split(r"\n\s*\n", text.strip()) if p)

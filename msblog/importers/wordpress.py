"""WordPress's WXR export: posts, their tags and categories, and threaded comments.

Only published posts without a password are imported (drafts, password-protected
posts, pages and attachments are counted, and their comments withheld), and only
approved comments are published: spam, pending and trashed ones are counted in
the report, never published. A post brought to WordPress from Blogger keeps its
Blogger address in the ``blogger_permalink`` meta field, which gives the slug (on
the host in ``blogger_blog``, else on the site's original blog, its layout's);
otherwise the WordPress address does (``/YYYY/MM/DD/slug/``): a slug that is not
a portable file name is made one, and the report says so. An address that is not
http or https is refused. Dates keep the blog's time zone: the local date less
its ``_gmt`` twin gives the offset; a local date without its twin (nor, for a
post, an RSS date) is kept with no zone. Names and titles are cleaned as
:func:`~msblog.model.names.clean_name` does. A post or comment kept as written
in the classic editor, with bare line breaks, has the paragraphs and line breaks
WordPress's pages show (:func:`as_wordpress_shows`). Titles, tags, categories and commenters' names are HTML, as
WordPress writes and shows them (a category "Diet &amp; Lifestyle", a title in CDATA escaped since WordPress 5.7): their
character references are read as a page reads them (:func:`_html_text`). A post's author is the name WordPress shows
(the ``wp:author`` whose login the post's ``dc:creator`` gives), or Blogger's ``blogger_author``. The block
editor's footnotes, kept in the ``footnotes`` meta field, are listed where its footnotes block stands. A pingback or
trackback names the address it came from, as WordPress's pages show it. A comment's addresses are links where
WordPress's make_clickable, which its pages show comments through, makes them ones (:func:`_clickable`). A post's
``[audio]`` and ``[video]`` shortcodes are links to their files (without one, to the first of their kind uploaded to
the post), and its ``[gallery]`` the images of the attachments it names, or that were uploaded to the post, which
the export holds as items of their own (:func:`_media_shortcode`); its ``[caption]`` is its image and caption, its
``[embed]`` a link, in either editor's posts. WordPress runs no shortcode in a comment: they stay text there.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

from msblog.importers.html_to_myst import html_to_myst
from msblog.importers.records import ExportComment, ExportPost, untitled
from msblog.importers.xml_stream import entries
from msblog.model.addresses import (is_web_address, portable_slug, post_path, slug_problem, wordpress_address,
                                    wordpress_path)
from msblog.model.dates import source_time
from msblog.model.discussion import COMMENT_ID
from msblog.model.errors import ContentError, Problem
from msblog.model.layout import Layout
from msblog.model.names import clean_name
from msblog.model.post import Post
from msblog.model.safe_markdown import NOT_XML, not_xml, replace_not_xml

WP = "{http://wordpress.org/export/1.2/}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
DC = "{http://purl.org/dc/elements/1.1/}"
EXCERPT = "{http://wordpress.org/export/1.2/excerpt/}"
# What the reader reads as text: markup in any of these is refused, never cut off (xml_stream.entries).
_TEXT_FIELDS = ("title", "link", "pubDate", "category", f"{CONTENT}encoded", f"{EXCERPT}encoded", f"{DC}creator",
                *(f"{WP}{name}" for name in ("post_id", "post_type", "status", "post_password", "meta_key", "meta_value",
                                              "post_date", "post_date_gmt", "comment_id", "comment_approved",
                                              "comment_parent", "comment_content", "comment_author", "comment_date",
                                              "comment_date_gmt", "comment_type", "comment_author_url", "author_login",
                                              "author_display_name", "attachment_url", "post_parent", "menu_order")))
_WITHHELD = {"0": "pending", "spam": "spam", "trash": "trashed", "post-trashed": "trashed"}


def read_wordpress(path: Path, layout: Layout,
                   progress: Callable[[int], None] | None = None) -> Iterator[ExportPost | ExportComment]:
    """Yield each item's post, then its comments, in file order; ``layout`` gives the original Blogger blog. The
    channel's authors, which WordPress writes before its items, give the names its pages show for their logins. The
    export's attachments, which WordPress writes after the post they were uploaded to as often as before it, are read
    in a reading of the whole file of their own, once, when a post's media shortcode first needs them."""
    names: dict[str, str] = {}  # each author's login (the items' dc:creator) -> the name WordPress shows
    attachments: dict[str, Attachment] | None = None

    def all_attachments() -> dict[str, Attachment]:
        nonlocal attachments
        if attachments is None:
            attachments = {}
            for attachment in _attachments(path):
                attachments.setdefault(attachment.key, attachment)
        return attachments

    for item in entries(path, "rss", ("item", f"{WP}author"), progress, text_fields=_TEXT_FIELDS):
        if item.tag == f"{WP}author":
            login, shown = item.findtext(f"{WP}author_login"), _html_text(item.findtext(f"{WP}author_display_name") or "")
            if login and shown:
                names[login] = shown
            continue
        post = _post(path, item, layout, names, all_attachments)
        yield post
        yield from _comments(path, item, post)


def _post(path: Path, item: etree._Element, layout: Layout, names: dict[str, str],
          attachments: Callable[[], Mapping[str, Attachment]]) -> ExportPost:
    key = (item.findtext(f"{WP}post_id") or "").strip()
    where = f"{path}:{item.sourceline} (post_id {key or '?'})"
    if not key:
        raise ContentError([Problem(path, item.sourceline or 1, "item has no wp:post_id")])
    kind, status = item.findtext(f"{WP}post_type") or "post", item.findtext(f"{WP}status") or ""
    if kind != "post":
        return ExportPost(key=key, post=None, skipped=kind, where=where)
    if status != "publish":
        return ExportPost(key=key, post=None, skipped=status or "unpublished", where=where)
    if item.findtext(f"{WP}post_password"):  # WordPress shows such a post only to readers who have the password
        return ExportPost(key=key, post=None, skipped="password-protected", where=where)
    meta = {m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value") for m in item.iterfind(f"{WP}postmeta")}
    warnings: list[str] = []
    url, slug, redirect = _address(path, item, f"post {key}", meta, layout, warnings)
    title = _html_text(item.findtext("title") or "")
    date = _post_date(path, item, f"post {key}")
    titled = item.find("title") is not None  # WordPress allows an empty title, not none
    missing = [n for n, v in (("title", titled), ("publication date", date), ("address", slug)) if not v]
    if missing:
        raise ContentError([Problem(path, item.sourceline or 1, f"post {key} has no {', '.join(missing)}")])
    content = _with_footnotes(item.findtext(f"{CONTENT}encoded") or "", meta.get("footnotes"), warnings)
    conversion = html_to_myst(as_wordpress_shows(content, media=Media(warnings, _number(key), attachments)), base=url,
                              post=slug)
    tags = [_html_text(c.text) for c in item.iterfind("category") if c.text and c.get("domain") in ("post_tag", "category")]
    if not all(tags):
        warnings.append("a tag or category of invisible characters only is left out")
    creator = item.findtext(f"{DC}creator") or ""
    author = _html_text(meta.get("blogger_author") or names.get(creator) or creator)
    post = Post(path=slug, title=title, body=conversion.text, date=date, authors=[author] if author else [],
                tags=list(dict.fromkeys(tag for tag in tags if tag)), original_url=url, redirect=redirect)
    return ExportPost(key=key, post=post, embeds=len(conversion.embeds), removed=conversion.removed,
                      warnings=untitled(title) + warnings + conversion.warnings, where=where)


@dataclass(frozen=True)
class Attachment:
    """A file uploaded to WordPress (an image, say), which its export holds as an item of its own."""

    key: str  # its wp:post_id
    url: str  # its wp:attachment_url
    alt: str = ""  # its alt text, else its caption, else its title: the alt text WordPress gave it in a gallery
    parent: str = "0"  # the post it was uploaded to (wp:post_parent)
    order: int = 0  # its wp:menu_order, by which (then by id) a gallery shows a post's attached images


def _attachments(path: Path) -> Iterator[Attachment]:
    """The attachments of the export at ``path``, read from the whole file."""
    for item in entries(path, "rss", "item", text_fields=_TEXT_FIELDS):
        if item.findtext(f"{WP}post_type") == "attachment":
            yield _attachment(item)


def _attachment(item: etree._Element) -> Attachment:
    meta = {m.findtext(f"{WP}meta_key"): m.findtext(f"{WP}meta_value") for m in item.iterfind(f"{WP}postmeta")}
    caption = re.sub(r"<[^>]*>", "", item.findtext(f"{EXCERPT}encoded") or "")  # HTML, its tags left out (strip_tags)
    texts = (meta.get("_wp_attachment_image_alt") or "", caption, item.findtext("title") or "")
    order = (item.findtext(f"{WP}menu_order") or "").strip()
    return Attachment(key=_number(item.findtext(f"{WP}post_id") or ""),
                      url=(item.findtext(f"{WP}attachment_url") or "").strip(),
                      alt=next((text for text in map(_html_text, texts) if text), ""),
                      parent=_number(item.findtext(f"{WP}post_parent") or "0"),
                      order=int(order) if re.fullmatch(r"-?[0-9]{1,9}", order) else 0)


def _number(text: str) -> str:
    """An id as WordPress reads it, a number (``007`` is 7); other text as it is."""
    text = text.strip()
    return str(int(text)) if re.fullmatch(r"[0-9]{1,18}", text) else text


def _html_text(text: str) -> str:
    """The text a page shows for a title or name WordPress keeps as HTML, cleaned (:func:`clean_name`): WordPress
    stores a term's or commenter's "&" as "&amp;", and since 5.7 exports a title escaped inside CDATA. A reference
    HTML does not define stays as written."""
    return clean_name(html.unescape(text))


_FOOTNOTES_BLOCK = re.compile(r"<!-- wp:footnotes\b[^<>]*/-->")
# A footnote's mark as the block editor writes it: <sup data-fn="id" class="fn"><a href="#id" id="id-link">1</a></sup>.
_FOOTNOTE_MARK = re.compile(r"<sup\b[^<>]*\bdata-fn=(?:\"([^\"<>]*)\"|'([^'<>]*)'|([^\s\"'<>=`]+))[^<>]*>"
                            r"\s*<a\b[^<>]*>([^<>]*)</a>\s*</sup>", re.I)
_BACK = "\u21a9\ufe0e"  # the arrow of WordPress's link from a note back to its mark


def _with_footnotes(content: str, footnotes: str | None, warnings: list[str]) -> str:
    """``content`` with its footnotes block as WordPress (6.3 and later) shows it: the notes' text, which WordPress
    keeps in the ``footnotes`` meta field (JSON), as a numbered list where the block stands, each item of the note's
    ``id`` and ending in a link back to its mark ("↩︎"); each mark, its note's number raised, links to its note. A
    mark whose note is not listed is its number alone."""
    if not _FOOTNOTES_BLOCK.search(content):
        return content
    marks = {_note_id(mark) for mark in _FOOTNOTE_MARK.finditer(content)}
    try:
        given = json.loads(footnotes or "[]")
        notes = [note for note in given if isinstance(note.get("content"), str)]
    except (ValueError, TypeError, AttributeError, RecursionError):
        warnings.append("the footnotes meta field is not WordPress's list of footnotes (JSON); the notes are left out")
        return _FOOTNOTES_BLOCK.sub("", _FOOTNOTE_MARK.sub(r"<sup>\4</sup>", content))
    if len(notes) < len(given):
        warnings.append(f"{len(given) - len(notes)} of the footnotes in the footnotes meta field have no text; "
                        "they are left out")
    texts = [note["content"] for note in notes]
    # JSON can write what XML cannot hold (U+0000, a lone surrogate): shown as U+FFFD, as html_to_myst shows it
    warnings += [f"{not_xml(character)} is a character XML cannot hold (the Atom feed is XML); it is shown as '\ufffd'"
                 for character in dict.fromkeys(NOT_XML.findall("".join(texts)))]
    texts = [replace_not_xml(text) for text in texts]
    linked = {note["id"] for note in notes if isinstance(note.get("id"), str) and note["id"] in marks}
    content = _FOOTNOTE_MARK.sub(lambda mark: mark.group() if _note_id(mark) in linked else
                                 f"<sup>{mark.group(4)}</sup>", content)
    listed = "".join(f'<li id="{html.escape(note["id"])}">{text} <a href="#{html.escape(note["id"])}-link">{_BACK}</a>'
                     "</li>" if note.get("id") in linked else f"<li>{text}</li>" for note, text in zip(notes, texts))
    return _FOOTNOTES_BLOCK.sub(lambda _: f'<ol class="wp-block-footnotes">{listed}</ol>' if listed else "", content, count=1)


def _note_id(mark: re.Match) -> str:
    """The id of the note a footnote's mark (:data:`_FOOTNOTE_MARK`) names in its ``data-fn``."""
    return html.unescape(next((value for value in mark.group(1, 2, 3) if value is not None), ""))


def _address(path: Path, item: etree._Element, what: str, meta: dict, layout: Layout,
             warnings: list[str]) -> tuple[str, str | None, list[str]]:
    """The original address and ``YYYY/MM/<slug>``: Blogger's where WordPress kept it (on the layout's blog unless
    ``blogger_blog`` names another), else WordPress's,
    its slug made portable (with a warning) if it is not; ``None`` for an address that is not a post's. Then the old
    paths to serve the post at too: its WordPress address, when its Blogger one is kept."""
    if blogger := (meta.get("blogger_permalink") or "").strip():
        host = (meta.get("blogger_blog") or "").strip()
        url = (f"http://{host}" if host else layout.blog.home) + blogger
        try:
            return url, post_path(url), _wordpress_redirect(item, warnings)
        except ValueError as error:
            warnings.append(f"blogger_permalink {blogger!r} is not used ({error}); the WordPress address is kept")
    element = item.find("link")
    link = (element.text or "").strip() if element is not None else ""
    if link and not is_web_address(link):
        raise ContentError([Problem(path, element.sourceline or 1, f"{what}: <link> is not a web address "
                                                                   f"(http or https, with a host, in URL characters): {link!r}")])
    found = wordpress_address(link)
    if found is None and link:
        raise ContentError([Problem(path, element.sourceline or 1, f"{what}: <link> {link} is not a post's address "
                                                                   "(/YYYY/MM/DD/<slug>/ or /YYYY/MM/<slug>/), which "
                                                                   "gives its file's name, and no blogger_permalink "
                                                                   "gives one")])
    if found is None:
        return link, None, []
    folders, slug = found
    try:
        portable = portable_slug(slug)
    except ValueError as error:
        raise ContentError([Problem(path, element.sourceline or 1, f"{what}: the slug of <link> {link}: {error}")]) from None
    if portable != slug:
        warnings.append(f"the slug {slug!r} of {link} is not a portable file name: {slug_problem(slug)}. "
                        f"The post is written as {portable}, and its old address does not lead to it")
    year_month = folders[:7]  # without WordPress's day
    return link, f"{year_month}/{portable}", []


def _wordpress_redirect(item: etree._Element, warnings: list[str]) -> list[str]:
    """The old path of the WordPress address of a post kept at its Blogger address (``YYYY/MM/DD/<slug>/index``,
    as :func:`~msblog.model.front_matter.old_paths` serves an address's directory), if it is one the site can serve."""
    link = (item.findtext("link") or "").strip()
    if wordpress_address(link) is None:
        return []
    if (old := wordpress_path(link)) is None:
        warnings.append(f"the WordPress address {link} does not lead to the post: its slug is not a portable file name")
        return []
    return [f"{old}/index"]


def _post_date(path: Path, item: etree._Element, what: str) -> date | datetime | None:
    """The post's local date with its zone, else the RSS date, else its local date with no zone (or its day)."""
    date = _time(path, item, "post_date", what)
    if getattr(date, "tzinfo", None) is not None:
        return date
    published = (item.findtext("pubDate") or "").strip()
    try:
        return parsedate_to_datetime(published) if published else date
    except (TypeError, ValueError):
        line = item.find("pubDate").sourceline or 1
        raise ContentError([Problem(path, line, f"{what}: pubDate {published!r} is not an RFC 822 date")]) from None


def _time(path: Path, element: etree._Element, name: str, what: str) -> date | datetime | None:
    """``wp:<name>`` in the blog's time zone, told by ``wp:<name>_gmt``; without the latter, the local time
    with no zone (the source gives none, and none is invented); UTC when only the latter is given. A day given
    without its time stays a day."""
    local, gmt = _field(path, element, name, what), _field(path, element, f"{name}_gmt", what)
    if gmt is None or not isinstance(gmt, datetime):
        return local or gmt
    if local is None:
        return gmt.replace(tzinfo=timezone.utc)
    if not isinstance(local, datetime):
        return local
    if abs(local - gmt) >= timedelta(days=1):
        line = element.find(f"{WP}{name}").sourceline or 1
        raise ContentError([Problem(path, line, f"{what}: wp:{name} '{local}' is not within a day of wp:{name}_gmt '{gmt}'")])
    if (local - gmt) % timedelta(minutes=1):  # no time zone is seconds: one would be made up
        line = element.find(f"{WP}{name}").sourceline or 1
        written = [(element.findtext(f"{WP}{field}") or "").strip() for field in (name, f"{name}_gmt")]
        raise ContentError([Problem(path, line, f"{what}: wp:{name} {written[0]!r} and wp:{name}_gmt {written[1]!r} are "
                                                "not apart by whole minutes, as a time zone is")])
    return local.replace(tzinfo=timezone(local - gmt))


def _field(path: Path, element: etree._Element, name: str, what: str) -> date | datetime | None:
    field = element.find(f"{WP}{name}")
    value = (field.text or "").strip() if field is not None else ""
    if not value or value.startswith("0000"):
        return None
    try:
        time = source_time(value)
    except ValueError:
        time = None
    if time is None or getattr(time, "tzinfo", None) is not None:
        raise ContentError([Problem(path, field.sourceline or 1,
                                    f"{what}: wp:{name} {value!r} is not a date and time (YYYY-MM-DD hh:mm:ss)")])
    return time


def _comments(path: Path, item: etree._Element, post: ExportPost) -> Iterator[ExportComment]:
    """The item's comments; those of an item that is not imported are withheld, unread."""
    for element in item.iterfind(f"{WP}comment"):
        key = (element.findtext(f"{WP}comment_id") or "").strip()
        if not key:
            raise ContentError([Problem(path, element.sourceline or 1, f"a comment of post {post.key} has no wp:comment_id")])
        _comment_id(path, element, "comment_id", key)
        where = f"{path}:{element.sourceline} (comment_id {key})"
        if post.post is None:
            yield ExportComment(key=key, post_key=post.key, body="", where=where,
                                withheld=f"for a post that is not imported ({post.skipped})")
            continue
        approved = (element.findtext(f"{WP}comment_approved") or "").strip()
        parent = (element.findtext(f"{WP}comment_parent") or "0").strip() or "0"
        _comment_id(path, element, "comment_parent", parent)
        content = as_wordpress_shows(element.findtext(f"{WP}comment_content") or "", comment=True)
        kind, source = ((element.findtext(f"{WP}{name}") or "").strip() for name in ("comment_type", "comment_author_url"))
        unlinked = []
        if kind in ("pingback", "trackback") and is_web_address(source):  # WordPress shows where it came from
            content = f'<p>{kind.capitalize()} from <a href="{html.escape(source)}">{html.escape(source)}</a></p>\n{content}'
        elif kind in ("pingback", "trackback") and source:
            unlinked.append(f"the {kind}'s comment_author_url {source[:80]!r} is not a web address (http or https, with "
                            "a host, in URL characters): the page it came from is left out")
        conversion = html_to_myst(content, base=post.post.original_url)
        yield ExportComment(
            key=key, post_key=post.key, body=conversion.text.strip(), parent_key=None if parent == "0" else parent,
            author=_html_text(element.findtext(f"{WP}comment_author") or "") or None,
            time=_time(path, element, "comment_date", f"comment {key}"),
            withheld=None if approved == "1" else _WITHHELD.get(approved, f"status {approved!r}"),
            embeds=len(conversion.embeds), removed=conversion.removed, warnings=unlinked + conversion.warnings,
            where=where,
        )


def _comment_id(path: Path, element: etree._Element, name: str, value: str) -> None:
    """Refuse a ``wp:<name>`` that is not a comment id (WordPress's are numbers), at its line: it is written into the
    discussion file, where anything else (a line break) could write lines of its own."""
    if not COMMENT_ID.match(value):
        field = element.find(f"{WP}{name}")
        raise ContentError([Problem(path, field.sourceline or 1, f"wp:{name} {value[:80]!r} is not a comment id "
                                                                 "(letters, digits, '.', '_' or '-')")])


# Elements WordPress's wpautop keeps out of paragraphs (wp-includes/formatting.php, $allblocks).
_BLOCKS = ("table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|"
           "address|math|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|"
           "figcaption|details|menu|summary")
_BLOCK_OPENS = re.compile(rf"(<(?:{_BLOCKS})\b[^<>]*>)", re.I)
_BLOCK_CLOSES = re.compile(rf"(</(?:{_BLOCKS})\s*>)", re.I)
_BLOCK_FIRST = re.compile(rf"</?(?:{_BLOCKS})\b", re.I)
_AS_WRITTEN = re.compile(r"<(pre|script|style|textarea)\b|<!--", re.I)  # what wpautop leaves as written
_CAPTION, _CAPTION_END = re.compile(r"\[caption\b[^\[\]]*\]", re.I), re.compile(r"\[/caption\]", re.I)
_EMBED_ADDRESS = re.compile(r'https?://[^\s\[<>"\x00]+', re.I)  # an [embed]'s, or a media file's: no part kept aside
_EMBED = re.compile(rf"\[embed\]\s*({_EMBED_ADDRESS.pattern})\s*\[/embed\]", re.I)


@dataclass
class Media:
    """What a post's media shortcodes need: the warnings of its import report, the post's id, and the export's
    attachments by id (read when a media shortcode first needs them)."""

    warnings: list[str] = field(default_factory=list)
    post: str = ""
    attachments: Callable[[], Mapping[str, Attachment]] = dict


def as_wordpress_shows(text: str, comment: bool = False, media: Media | None = None) -> str:
    """The HTML WordPress shows for a post or comment kept as written in its classic editor, with bare line breaks
    (wpautop): a blank line, or two ``<br>`` in a row, parts paragraphs; a line break is one (none beside a ``<br>``
    or a block element's tag, and none in ``<pre>`` or inside a tag, whose attributes may stand on lines of their
    own); block elements stand apart. The block editor's posts (``<!-- wp:`` comments) hold their paragraphs already,
    as WordPress shows them. In either, a ``[caption]`` shortcode is its image and caption, an ``[embed]`` its address,
    and an address alone on its line or in its paragraph, which WordPress shows as what it embeds (its embed block
    holds one so), or as a link, is a link to it. A ``comment``'s addresses are links where WordPress's make_clickable
    makes them ones (:func:`_clickable`), which it shows comments through instead. A post's ``[audio]`` and
    ``[video]`` shortcodes are links to their files, its ``[gallery]`` its images (:func:`_media_shortcode`); what of
    them cannot be read stays text, and ``media``'s warnings say so. WordPress runs no shortcode in a comment: there
    they all stay text."""
    blocks = "<!-- wp:" in text
    text = text.replace("\x00", "\ufffd")  # as a page reads it; and no text stands for a placeholder below
    kept: list[str] = []

    def keep(whole: str, inner: str = "") -> str:
        kept.append(whole)
        return f"\x00{len(kept) - 1}\x00"

    text = _replace_enclosed(text.replace("\r\n", "\n").replace("\r", "\n"), _AS_WRITTEN, lambda opening: re.compile(
        "-->" if opening.group() == "<!--" else rf"</{opening.group(1)}\s*>", re.I), keep)
    if comment:  # comment_text runs make_clickable, and no shortcode
        text = _clickable(text)
    else:  # the_content runs [embed] and do_shortcode on a block editor's post too, after its blocks
        text = _replace_enclosed(_media_shortcodes(text, media or Media()), _CAPTION, lambda opening: _CAPTION_END,
                                 lambda whole, inner: f"<div>{inner}</div>")
        text = _EMBED.sub(lambda embed: _link(embed.group(1)), text)

    def restore(match: re.Match) -> str:  # a tag kept for its line breaks may hold a comment kept before it
        return _KEPT.sub(restore, kept[int(match.group(1))])

    def linked(text: str) -> str:  # each tag holding a line break kept first, as WordPress keeps it
        text = _TAG.sub(lambda tag: keep(tag.group()) if "\n" in tag.group() else tag.group(), text)
        if comment:  # WordPress embeds nothing in a comment: make_clickable has linked its addresses
            return text
        return _URL_PARAGRAPH.sub(_autoembed, _URL_LINE.sub(_autoembed, text))
    if blocks:
        return _KEPT.sub(restore, linked(text))
    text = _BREAKS.sub("\n\n", text)
    text = _BLOCK_CLOSES.sub(r"\1\n\n", _BLOCK_OPENS.sub(r"\n\n\1", text))
    text = linked(text)
    parts = [_line_breaks(part.strip(), kept) for part in re.split(r"\n\s*\n", text) if part.strip()]
    html = "\n".join(part if _BLOCK_FIRST.match(_edge(part, kept, first=True)) else f"<p>{part}</p>" for part in parts)
    return _KEPT.sub(restore, html)


# The shortcodes of a post's media (wp-includes/media.php), as do_shortcode finds them (get_shortcode_regex): one in
# double brackets ("[[audio]]") writes the shortcode itself, and one may enclose text up to its closing tag, which
# WordPress's editor writes ("[video mp4=...][/video]") and these shortcodes do not show.
_MEDIA = re.compile(r"\[(\[?)(audio|video|gallery)(?![\w-])([^\]/]*(?:/(?!\])[^\]/]*)*?)"
                    r"(?:/\]|\](?:([^\[]*+(?:\[(?!/\2\])[^\[]*+)*+)\[/\2\])?)(\]?)")
# A shortcode's attributes, as shortcode_parse_atts reads them: name="value", name='value', name=value, or a value.
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|"""
                        r"""([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|("[^"]*"|'[^']*'|\S+)(?:\s|$)""")
# The attributes naming a media file, in the order WordPress reads them (wp_get_audio_extensions, and video's).
_FILES = {"audio": ("src", "mp3", "ogg", "flac", "m4a", "wav"), "video": ("src", "mp4", "m4v", "webm", "ogv", "flv")}
# The files WordPress gives an image/, audio/ or video/ type on upload (wp_get_mime_types), by which a gallery shows
# images only, and [audio] and [video] pick the post's attached files: the export gives no file's type.
_FILE_TYPES = {kind: re.compile(rf"\.(?:{extensions})\Z", re.I) for kind, extensions in (
    ("image", "jpe?g|jpe|gif|png|bmp|tiff?|ico|heic|heif|webp|avif"),
    ("audio", "mp3|m4a|m4b|aac|ra|ram|wav|ogg|oga|flac|midi?|wma|wax|mka"),
    ("video", "asf|asx|wmv|wmx|wm|avi|divx|flv|mov|qt|mpeg|mpg|mpe|mp4|m4v|ogv|webm|mkv|3gp|3gpp|3g2|3gp2"))}


_MEDIA_NAME = re.compile(r"\[\[?(audio|video|gallery)(?![\w-])")  # where _MEDIA can match: its start


def _media_shortcodes(text: str, media: Media) -> str:
    """``text`` with each media shortcode :data:`_MEDIA` finds as a post shows it (:func:`_media_shortcode`), in time
    linear in the text: each is matched only as far as the first ``]`` after its name and the first closing tag after
    that, which are looked for once, not again from each shortcode (a search from each would scan the rest of the text
    for every shortcode never closed)."""
    first: dict[str, int] = {}  # where the text looked for was found last (-1: nowhere after where it was looked for)

    def find(what: str, start: int) -> int:  # the starts asked for only grow
        if (where := first.get(what)) is None or -1 < where < start:
            first[what] = where = text.find(what, start)
        return where

    parts, done = [], 0
    for name in _MEDIA_NAME.finditer(text):
        if name.start() < done:
            continue
        if (bracket := find("]", name.end())) == -1:
            break  # no shortcode without its "]"
        closing = find(f"[/{name.group(1)}]", bracket)
        end = (bracket if closing == -1 else closing + len(name.group(1)) + 2) + 2  # and a "]" escaping it
        if shortcode := _MEDIA.match(text, name.start(), end):
            parts += [text[done:shortcode.start()], _media_shortcode(shortcode, media)]
            done = shortcode.end()
    return "".join(parts) + text[done:]


class _Unreadable(ValueError):
    """Why a shortcode is kept as text."""


def _media_shortcode(shortcode: re.Match, media: Media) -> str:
    """What a post shows for a media shortcode: ``[audio]`` or ``[video]`` a link to its file ("Audio: talk.mp3"),
    as WordPress shows one when it cannot play it (:func:`_media_file`), ``[gallery]`` its images (:func:`_gallery`);
    one that cannot be read stays as written, and the warnings say why. Text it encloses, up to its closing tag,
    WordPress does not show: it is left out, and the warnings say so."""
    before, name, enclosed, after = shortcode.group(1), shortcode.group(2), shortcode.group(4), shortcode.group(5)
    if before and after:
        return shortcode.group()[1:-1]
    try:
        attributes = _attributes(shortcode.group(3))
        shown = before + (_gallery(attributes, media) if name == "gallery" else _media_file(name, attributes, media)) + after
    except _Unreadable as why:
        written = _KEPT.sub("…", shortcode.group()[len(before):len(shortcode.group()) - len(after)])
        media.warnings.append(f"the shortcode {written[:120]!r} is kept as text: {why}")
        return shortcode.group()
    if text := " ".join(_KEPT.sub("…", re.sub(r"<[^<>]*>", " ", enclosed or "")).split()):
        media.warnings.append(f"the text a [{name}] shortcode encloses up to its [/{name}], {text[:80]!r}, is left out, "
                              "as WordPress shows it")
    return shown


def _attributes(text: str) -> dict[str, str]:
    """A shortcode's attributes by name (in lower case), as WordPress reads them; none may be a value alone, which no
    media shortcode reads, nor hold a part kept aside (a comment or code)."""
    if "\x00" in text:
        raise _Unreadable("it holds a comment or code")
    attributes = {}
    for attribute in _ATTRIBUTE.finditer(re.sub("[\xa0\u200b]+", " ", text)):
        if attribute.group(7) is not None:
            raise _Unreadable(f"{attribute.group(7)[:80]!r} is no attribute (name=\"value\")")
        name, value = next((attribute.group(n), attribute.group(n + 1)) for n in (1, 3, 5) if attribute.group(n))
        attributes[name.lower()] = value
    return attributes


def _media_file(kind: str, attributes: dict[str, str], media: Media) -> str:
    """A link to the file an ``[audio]`` or ``[video]`` shortcode plays, named by the first of its attributes that
    WordPress reads, else the first file of its kind uploaded to the post, by menu order, then id (wp_audio_shortcode,
    wp_video_shortcode); an address as an ``[embed]``'s is (http or https). With neither, WordPress shows nothing:
    nor does the archive, and the warnings say so."""
    names = _FILES[kind]
    address = next((attributes[name].strip() for name in names if attributes.get(name, "").strip()), None)
    if address is None:
        attached = [attachment for attachment in media.attachments().values()
                    if attachment.parent == media.post and _is_file(kind, attachment)]
        if not attached:
            media.warnings.append(f"the [{kind}] shortcode names no file ({', '.join(f'{name}=' for name in names)}), "
                                  f"and the export holds no {kind} file attached to post {media.post}, which WordPress "
                                  "then plays: it shows nothing")
            return ""
        address = html.escape(min(attached, key=_menu_order).url)
    if not _EMBED_ADDRESS.fullmatch(address):
        raise _Unreadable(f"{address[:80]!r} is not a web address (http or https, without white space, '<', '>', "
                          "'\"' or '[')")
    file = clean_name(unquote(re.split(r"[?#]", html.unescape(address), maxsplit=1)[0].rsplit("/", 1)[-1]))
    return f'<a href="{address}">{kind.capitalize()}: {html.escape(file or address)}</a>'


def _gallery(attributes: dict[str, str], media: Media) -> str:
    """The images a ``[gallery]`` shows (gallery_shortcode): the attachments its ``ids`` name, in their order (or
    ``include`` names); else the images attached to the post (or to the post its ``id`` names), but those ``exclude``
    names, by their menu order, then id (``order="DESC"``: the other way). Each shows its alt text, caption or title
    as its alt text. What the export does not hold, or cannot be shown (a file that is not an image, an address that
    is not an [embed]'s), is left out, and the warnings say so; and so is another order than these (a random one is
    any order)."""
    ids, include, exclude, parent = (_ids(attributes, name) for name in ("ids", "include", "exclude", "id"))
    attachments, listed = media.attachments(), ids or include
    if listed:
        if missing := [key for key in listed if key not in attachments]:
            media.warnings.append(f"the gallery's {_counted_ids(missing)} not in the export; left out")
        chosen = [attachments[key] for key in listed if key in attachments]
        if others := [attachment for attachment in chosen if not _is_file("image", attachment)]:
            media.warnings.append(f"the gallery's {_counted_ids([a.key for a in others])} no image "
                                  f"({', '.join(repr(a.url[:80]) for a in others)}), which a gallery shows only; left out")
    else:
        parent = parent[0] if parent else media.post
        chosen = [attachment for attachment in attachments.values()
                  if attachment.parent == parent and attachment.key not in exclude and _is_file("image", attachment)]
        if not chosen:
            media.warnings.append(f"the gallery shows the images attached to post {parent}, and the export holds none; "
                                  "it shows nothing")
    orderby = attributes.get("orderby", "").strip() or ("post__in" if ids else "menu_order ID")
    if orderby == "menu_order ID" or not listed:
        descending = attributes.get("order", "").strip().upper() == "DESC"
        chosen.sort(key=_menu_order, reverse=descending)
    if orderby not in ("menu_order ID", "rand") and not (orderby == "post__in" and listed):
        media.warnings.append(f"the gallery's order (orderby={orderby!r}) is not kept: its images are shown "
                              + ("in the order of its ids" if listed else "by menu order and id"))
    images = []
    for attachment in [attachment for attachment in chosen if _is_file("image", attachment)]:
        if _EMBED_ADDRESS.fullmatch(attachment.url):
            images.append(f'<p><img src="{html.escape(attachment.url)}" alt="{html.escape(attachment.alt)}" /></p>')
        else:
            media.warnings.append(f"the gallery's attachment {attachment.key} has the address {attachment.url[:80]!r}, "
                                  "not a web address (http or https); left out")
    return f"<div>{''.join(images)}</div>" if images else ""


def _ids(attributes: dict[str, str], name: str) -> list[str]:
    """The ids a gallery's attribute lists (``ids="3,1, 2"``), each once, in order; a list of other than numbers
    cannot be read."""
    ids = [_number(part) for part in re.split(r"[\s,]+", attributes.get(name, "")) if part]
    if not all(re.fullmatch(r"[0-9]+", key) for key in ids):
        raise _Unreadable(f"{name}={attributes[name][:80]!r} is not a list of ids")
    return list(dict.fromkeys(key for key in ids if key != "0"))


def _counted_ids(ids: list[str]) -> str:
    return f"attachment {ids[0]} is" if len(ids) == 1 else f"attachments {', '.join(ids)} are"


def _is_file(kind: str, attachment: Attachment) -> bool:
    """Whether the attachment is a file of the kind (:data:`_FILE_TYPES`) as WordPress tells it, by its name."""
    return bool(_FILE_TYPES[kind].search(re.split(r"[?#]", attachment.url, maxsplit=1)[0]))


def _menu_order(attachment: Attachment) -> tuple[int, int, str]:
    """The order in which WordPress lists a post's attachments: by menu order, then by id (a number)."""
    return attachment.order, len(attachment.key), attachment.key


_KEPT = re.compile(r"\x00(\d+)\x00")
# An address alone on its line, or in its paragraph: WordPress embeds it (WP_Embed::autoembed), or links it.
_URL_LINE = re.compile(r'^([ \t]*)(https?://[^\s<>"\x00]+)([ \t]*)$', re.M | re.I)
_URL_PARAGRAPH = re.compile(r'(<p(?:\s[^<>]*)?>[ \t]*)(https?://[^\s<>"\x00]+)([ \t]*</p>)', re.I)
_TAG = re.compile(r"<[A-Za-z/][^<>]*>")


def _link(address: str) -> str:
    """A link to ``address``, which holds no white space, '<', '>' or '"', and is HTML as WordPress writes it (an
    address's ``&`` may stand as ``&amp;``): html_to_myst checks it as it checks every link (a web address, or text)."""
    return f'<a href="{address}">{address}</a>'


def _autoembed(line: re.Match) -> str:
    return line.group(1) + _link(line.group(2)) + line.group(3)


# WordPress's make_clickable (wp-includes/formatting.php), which its pages show a comment's text through: an address's
# characters, and its punctuation, part of it only when more of it follows. It ends at white space (WordPress's, which
# reads bytes, takes a no-break space for part of an address, and shows a link that leads nowhere).
_URL_CHARACTER = r"(?:[A-Za-z0-9_#%~/@\[\]*(+=&$-]|[^\x00-\x7f\s])"
_CLICKABLE = re.compile(rf"([\s(<.,;:!?])((?i:https?)://(?=\S{{1,2000}}\s){_URL_CHARACTER}*+"
                        rf"(?:['.,;:!?)]{_URL_CHARACTER}++)*)(\)?)")
# A www. (or ftp.) address, or an e-mail address, in one pass: WordPress links an e-mail address inside a www. one's
# link (one holding an "@") in a pass of its own, then unlinks a link inside a link, so the www. one's link stays.
_CLICKABLE_WWW_OR_EMAIL = re.compile(r"([\s>])(?:((?i:www|ftp)\.(?:[A-Za-z0-9_#$%&~/.\-;:=,?@\[\]+]|[^\x00-\x7f\s])+)"
                                     r"|([.0-9A-Za-z_+-]+@(?:[0-9A-Za-z-]+\.)+[0-9A-Za-z]{2,}))")
_TAG_APART = re.compile(rf"({_TAG.pattern})")
_CLICKABLE_TAG = re.compile(r"<\s*\w{1,20}+://")  # "<http://...>": make_clickable reads it as text, not a tag
_CODE_OPENS, _CODE_CLOSES = re.compile(r"<(?:code|pre|script|style)[\s>]", re.I), re.compile(r"</(?:code|pre|script|style)>", re.I)
_LINK_OPENS, _LINK_CLOSES = re.compile(r"<a[\s>]", re.I), re.compile(r"</a\s*>", re.I)


def _clickable(text: str) -> str:
    """``text`` with each address in its text a link, as WordPress's make_clickable makes a comment's: one of http or
    https after white space or punctuation (``(``, ``.``, ``,``...), its punctuation (``.``, ``,``, ``;``, ``:``,
    ``!``, ``?``, ``'``, ``)``) part of it only when more of it follows, and a ``)`` only when a ``(`` in it pairs
    it; a ``www.`` one after white space, less one last ``.``, ``,``, ``;``, ``:`` or ``)``, leading to
    ``http://``; and an e-mail address after white space or a tag, to the last of its letters and digits, leading to
    ``mailto:``. None in a tag, a link or code (``<code>``, ``<pre>``, ``<script>``, ``<style>``), and no web address
    of over 2,000 characters. Other schemes (``ftp://``), which WordPress links too, stay text."""
    pieces, code, linked = [], 0, 0
    for piece in _TAG_APART.split(text):
        tag = piece.startswith("<")
        if tag and _CODE_OPENS.match(piece):
            code += 1
        elif tag and code and _CODE_CLOSES.fullmatch(piece):
            code -= 1
        if tag and _LINK_OPENS.match(piece):
            linked += 1
        elif tag and linked and _LINK_CLOSES.fullmatch(piece):
            linked -= 1
        if code or linked or (tag and not _CLICKABLE_TAG.match(piece)):
            pieces.append(piece)
            continue
        padded = _CLICKABLE_WWW_OR_EMAIL.sub(_clickable_www_or_email, _CLICKABLE.sub(_clickable_url, f" {piece} "))
        pieces.append(padded[1:-1])
    return "".join(pieces)


def _clickable_url(match: re.Match) -> str:
    address, after = match.group(2), match.group(3)
    if after == ")" and "(" in address:
        address, after = address + after, ""
    while address.count("(") < address.count(")"):  # a ")" is part of the address only when a "(" pairs it
        end = address.rindex(")")
        address, after = address[:end], address[end:] + after
    return match.group(1) + _link(address) + after


def _clickable_www_or_email(match: re.Match) -> str:
    if email := match.group(3):
        return f'{match.group(1)}<a href="mailto:{email}">{email}</a>'
    address, after = "http://" + match.group(2), ""
    if address[-1] in ".,;:)":
        address, after = address[:-1], address[-1]
    return match.group(1) + _link(address) + after
_BREAKS = re.compile(r"<br\s*/?>\s*<br\s*/?>", re.I)
_BREAK = re.compile(r"<br\b[^<>]*>", re.I)
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCKS})\b[^<>]*>|<pre\b", re.I)


def _line_breaks(part: str, kept: list[str]) -> str:
    """A paragraph's line breaks as wpautop shows them: each a ``<br />``, but beside a ``<br>``, a block element's
    tag or ``<pre>``."""
    lines = [line.strip(" \t") for line in part.split("\n")]
    out = [lines[0]]
    for before, after in zip(lines, lines[1:]):
        last, first = _edge(before, kept, first=False), _edge(after, kept, first=True)
        out += ["" if _BREAK.fullmatch(last) else "\n" if _BLOCK_TAG.match(last) or _BLOCK_TAG.match(first) else "<br />",
                after]
    return "".join(out)


def _edge(line: str, kept: list[str], first: bool) -> str:
    """The line's first (or last) tag or text, what was kept for it if a placeholder stands there."""
    match = _KEPT.match(line) if first else re.search(rf"{_KEPT.pattern}\Z", line)
    if match:
        return kept[int(match.group(1))]
    if first:
        return line
    return line[line.rfind("<"):] if line.endswith(">") else ""


def _replace_enclosed(text: str, opening: re.Pattern, closing: Callable[[re.Match], re.Pattern],
                      replace: Callable[[str, str], str]) -> str:
    """``text`` with each span from an ``opening`` to the first ``closing`` (made from the opening) after it replaced
    by ``replace(span, what it encloses)``; an opening never closed, and what follows it, stay as they are. One pass,
    however many openings are never closed."""
    parts, at = [], 0
    while (start := opening.search(text, at)) is not None and (end := closing(start).search(text, start.end())):
        parts += [text[at:start.start()], replace(text[start.start():end.end()], text[start.end():end.start()])]
        at = end.end()
    return "".join(parts) + text[at:]

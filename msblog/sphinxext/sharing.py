"""How pages show when shared and searched for: their description, Open Graph, and a post's linked data.

A page's meta and Open Graph description is the ``description`` its source
gives (a post's Blogger search description), or else the page's own first
words (:func:`first_words`), noted when the page is read: a post's text, not
its facts; a registry page's description, not its names. A page the site makes
(a listing, a page of mentions or of a paper's citations) describes what it
lists. sphinxext-opengraph writes the Open Graph tags of pages read from
sources; those of the pages the site makes, which it leaves out, are written here.

A post is an Open Graph ``article``, with its date, authors and tags where its
source gives them, and carries schema.org's linked data (JSON-LD): a
``BlogPosting`` with its archived discussion as ``Comment`` items, replies
nested in the comment they answer, as Google documents for threaded
discussions, and ``commentCount``. A post is its author's article that readers
commented on, not a thread a community started, so it is a ``BlogPosting``,
not a ``DiscussionForumPosting``. Authors and dates are given only where the
source gives them; nothing is filled in. Every value is escaped: in the linked
data, ``<``, ``>`` and ``&`` are written as ``\\u003c``..., so no text closes its
``<script>``.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from docutils import nodes
from markupsafe import Markup
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.model.addresses import is_web_address
from msblog.model.dates import given_date
from msblog.sphinxext import stages
from msblog.sphinxext.compat import ablog_posts, shown_text
from msblog.sphinxext.discussions import discussion
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout

DESCRIPTION_LENGTH = 160  # what search engines show of a description
WHOLE_SENTENCES = 0.6  # whole sentences are kept when they fill this much of it; else the words are cut, with "…"
# The end of a sentence: its mark, any closing quotes or brackets, then a space or the end of the text.
SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s|$)")
NOT_TEXT = (nodes.field_list, nodes.system_message)  # a page's facts, and build messages, are not its words


def first_words(paragraphs: Iterable[str], limit: int = DESCRIPTION_LENGTH) -> str:
    """The first words of ``paragraphs``, at most ``limit`` characters: all of them if they fit; else whole
    sentences if they fill most of it; else cut after a word, with "…"."""
    text, ends = "", []
    for paragraph in paragraphs:
        words = " ".join(paragraph.split())
        if not words:
            continue
        start = len(text) + 1 if text else 0
        text = f"{text} {words}" if text else words
        ends += [start + match.end() for match in SENTENCE_END.finditer(words)] + [len(text)]  # a paragraph ends one
        if len(text) > limit:
            break
    if len(text) <= limit:
        return text
    whole = [end for end in ends if end <= limit]
    if whole and whole[-1] >= limit * WHOLE_SENTENCES:
        return text[:whole[-1]]
    cut = text[:limit - 1]  # and room for "…"
    if not text[limit - 1].isspace() and " " in cut:  # a word is cut: leave it out
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def note_description(app: Sphinx, doctree: nodes.document) -> None:
    """A page's first words: those of its paragraphs, not of its facts."""
    left_out = {id(paragraph) for node in doctree.findall(lambda node: isinstance(node, NOT_TEXT))
                for paragraph in node.findall(nodes.paragraph)}
    paragraphs = (shown_text(paragraph) for paragraph in doctree.findall(nodes.paragraph) if id(paragraph) not in left_out)
    app.env.msblog_first_words[app.env.docname] = first_words(paragraphs)


def page_description(env: BuildEnvironment, pagename: str, context: dict) -> str:
    """The description of a page: its source's, its own first words, or, for a page the site makes, what it says it
    lists (``msblog_description``, :func:`msblog.sphinxext.listings.description`)."""
    given = (context.get("meta") or {}).get("description")
    if given:
        return " ".join(str(given).split())
    if pagename in env.msblog_first_words:
        return env.msblog_first_words[pagename]
    return first_words([context.get("msblog_description", "")])


def _meta(attribute: str, name: str, content: str) -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(content)}" />\n'


def _open_graph(app: Sphinx, context: dict, description: str) -> str:
    """The Open Graph tags sphinxext-opengraph leaves out, of a page the site makes (a listing, a page of mentions or
    citations)."""
    tags = {"og:title": Markup(context.get("title", "")).striptags(), "og:type": "website"}
    if context.get("pageurl"):
        tags["og:url"] = context["pageurl"]
    site_name = app.config.ogp_site_name if app.config.ogp_site_name is not None else app.config.project
    if site_name:
        tags["og:site_name"] = site_name
    tags["og:description"] = description
    return "".join(_meta("property", name, value) for name, value in tags.items())


def _article(published: str | None, post: dict) -> str:
    """A post's Open Graph article tags: its date, authors and tags, as far as its source gives them."""
    tags = [("article:published_time", published)] if published else []
    tags += [("article:author", name) for name in post["author"]] + [("article:tag", tag) for tag in post["tags"]]
    return "".join(_meta("property", name, value) for name, value in tags)


def _comment(record: dict, page_url: str) -> dict:
    """A comment (:func:`~msblog.sphinxext.discussions.comment_record`) and its replies as schema.org ``Comment``."""
    item = {"@type": "Comment", "url": f"{page_url}#comment-{record['id']}"}
    if record["deleted"]:
        item["creativeWorkStatus"] = "Deleted"  # a placeholder, kept so that its replies keep their place
    else:
        item["text"] = record["text"]
    if record["author"]:
        item["author"] = {"@type": "Person", "name": record["author"]}
    if record["time"]:
        item["datePublished"] = record["time"]
    if record["replies"]:
        item["comment"] = [_comment(reply, page_url) for reply in record["replies"]]
    return item


def linked_data(app: Sphinx, pagename: str, context: dict, doctree: nodes.document, description: str,
                published: str | None, post: dict) -> dict:
    """A post's schema.org ``BlogPosting``, with its discussion."""
    page_url = context.get("pageurl") or ""  # without a canonical address, a comment's is relative to the page
    data = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": app.env.titles[pagename].astext()}
    if page_url:
        data["url"] = page_url
    if published:
        data["datePublished"] = published
    if post["author"]:
        data["author"] = [{"@type": "Person", "name": name} for name in post["author"]]
    if post["tags"]:
        data["keywords"] = list(post["tags"])
    if description:
        data["description"] = description
    original = str((context.get("meta") or {}).get("original_url", ""))
    if is_web_address(original):
        data["isBasedOn"] = original
    found = next(iter(doctree.findall(discussion)), None)
    data["commentCount"] = found["archived"] if found is not None else 0
    if found is not None and found["comments"]:
        data["comment"] = [_comment(record, page_url) for record in found["comments"]]
    return data


def script_json(data: dict) -> str:
    """``data`` as JSON to stand inside ``<script>``: no text in it can end the script or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def describe_for_sharing(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A page's description, a post's article tags and linked data, the Open Graph tags of a page the site makes.

    sphinxext-opengraph writes a page's ``og:`` front matter into the page's head as it is: here it is escaped; and it
    takes a page's title from its HTML, tags stripped (``</script>`` in a title is lost): here it is the title's text.
    """
    meta = context.get("meta") or {}
    shared = {key: html.escape(str(value)) for key, value in meta.items() if key.startswith("og:")}
    if doctree is not None and pagename in app.env.titles and "og:title" not in shared:  # its text, whole
        shared["og:title"] = html.escape(app.env.titles[pagename].astext())
    description = page_description(app.env, pagename, context)
    tags = _meta("name", "description", description) if description else ""
    if description:
        shared["og:description"] = html.escape(description)
        if doctree is None and "sphinxext.opengraph" in app.extensions:
            tags += _open_graph(app, context, description)
    posts = ablog_posts(app.env).get(pagename)
    if doctree is not None and layout(app).is_post(pagename) and posts:  # none: the build refused its front matter
        shared["og:type"] = "article"
        when = given_date(meta)
        published = when.isoformat() if when else None
        tags += _article(published, posts[0])
        data = linked_data(app, pagename, context, doctree, description, published, posts[0])
        tags += f'<script type="application/ld+json">{script_json(data)}</script>\n'
    context["metatags"] = context.get("metatags", "") + tags
    if shared:
        context["meta"] = {**meta, **shared}  # a copy: the environment's metadata stays as the source gave it


def setup(app: Sphinx) -> dict:
    for component in ("layout", "discussions", "ablog_records"):  # posts, their discussions, ABlog's records of them
        app.setup_extension(f"msblog.sphinxext.{component}")
    per_document(app, "msblog_first_words")
    app.connect("doctree-read", note_description)
    app.connect("html-page-context", describe_for_sharing, priority=stages.BEFORE_WRITERS)  # sphinxext-opengraph
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 1}

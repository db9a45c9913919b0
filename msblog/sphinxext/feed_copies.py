"""ABlog's full copy of each post, kept only for the posts its full-text feed can show.

ABlog copies every post's document into the environment for its full-text Atom
feed, which shows only the newest ``blog_feed_length`` posts: at 10,000 posts
those copies were 53 of the environment's 85 MB, loaded and saved by every
build. Once read, the copies of posts older than twice the feed's length are
dropped. Only the posts ABlog publishes count: to ABlog a post dated after the
day of the build is a draft, which its feed leaves out (and the build refuses).
A post that comes that near the top again (newer posts deleted, a longer feed)
is read again for its copy; should the feed still reach a post without one, it
shows that post's excerpt and says so.

Once ABlog has written the feed, the links in an entry's text are made absolute:
ABlog resolves them from the page at ``blog_path`` (``blog.html``), and a feed
reader from the feed's own address (``blog/atom.xml``). Only the ``href`` and
``src`` of the entry's elements change, as the standard library's HTML parser
finds them: the text, and the HTML a code block shows, stay as written. Each
entry's times are its post's, in the post's own time zone (updated: the day of
its newest ``{update}`` note, as its page shows): ABlog writes the time of day
a post was written in the zone of the machine building the site
(:func:`~msblog.sphinxext.compat.naive_post_dates`). A post dated by its day
alone is at midnight UTC, and a time given without its zone is read as UTC,
the same on every machine (Atom requires both). The feed was updated when its
newest entry was, not at each build.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timezone
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from lxml import etree
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from msblog.model.dates import given_date
from msblog.model.names import isolated
from msblog.sphinxext import compat, stages

logger = logging.getLogger(__name__)
ATOM = "{http://www.w3.org/2005/Atom}"
_LINKS = ("href", "src")


def kept(env: BuildEnvironment, config) -> set[str] | None:
    """The published posts whose full copy is kept: those with fewer than twice the feed's length newer than them.

    ``None`` keeps every copy (a feed without a length).
    """
    if not config.blog_feed_fulltext or config.blog_feed_titles:
        return set()
    if not config.blog_feed_length:
        return None
    dated = sorted(((info["date"], docname) for docname, infos in compat.ablog_posts(env).items()
                    for info in infos if compat.published(info)), reverse=True)
    keep = 2 * config.blog_feed_length
    if len(dated) <= keep:
        return {docname for _, docname in dated}
    oldest = dated[keep - 1][0]
    return {docname for date, docname in dated if date >= oldest}


def missing_copies(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Posts near enough the top of the feed whose copy was dropped: read them again."""
    posts = compat.ablog_posts(env)
    wanted = kept(env, app.config)
    return sorted(docname for docname in (posts if wanted is None else wanted)
                  if docname in posts and not all(compat.has_full_copy(info) for info in posts[docname]))


def drop_copies(app: Sphinx, env: BuildEnvironment) -> None:
    """Drop the full copies of the posts the feed cannot reach."""
    wanted = kept(env, app.config)
    if wanted is None:
        return
    for docname, infos in compat.ablog_posts(env).items():
        if docname not in wanted:
            for info in infos:
                compat.drop_full_copy(info)


def excerpt_for_missing_copies(app: Sphinx) -> list:
    """Before ABlog writes the feed: a post in it without its full copy shows its excerpt, with a warning."""
    config = app.config
    if not config.blog_feed_fulltext or config.blog_feed_titles or not compat.ablog_posts(app.env):
        return []
    blog = compat.ablog_blog(app)
    newest = sorted(blog.posts, key=lambda post: post.date, reverse=True)[:config.blog_feed_length or None]
    for post in newest:
        if compat.excerpt_for_missing_copy(post):
            logger.warning(f"the feed shows only the excerpt of {post.docname}: its full text was not kept; "
                           "a clean build (make clean html) restores it", type="msblog", subtype="feed",
                           location=post.docname)
    return []


def finish_feeds(app: Sphinx) -> Iterator:
    """Each link in the text of the feeds' entries, absolute; one to an anchor, to that anchor in the entry's post.
    Each entry's title and author's name, from a source, isolated as a page's ``<title>`` isolates them
    (:func:`~msblog.model.names.isolated`): a feed reader shows them as plain text beside other text. Each entry's
    times, its post's (:func:`feed_time`); the feed's, its newest entry's.

    A generator, as ABlog's writer of the feeds is: Sphinx runs both as it collects the pages, ABlog's first.
    """
    yield from ()
    config = app.config
    if not config.blog_baseurl:
        return
    site = config.blog_baseurl.rstrip("/")
    page = f"{site}/{app.builder.get_target_uri(config.blog_path)}"  # ABlog's pagename
    posts = {f"{site}/{app.builder.get_target_uri(docname)}": docname for docname in compat.ablog_posts(app.env)}
    for root in config.blog_feed_templates:
        path = Path(app.outdir, config.blog_path, f"{root}.xml")
        if not path.is_file():
            continue
        feed = etree.parse(str(path))
        for entry in feed.iter(f"{ATOM}entry"):
            post = entry.find(f"{ATOM}link").get("href")
            for content in entry.iter(f"{ATOM}content"):
                if content.text:
                    content.text = rewrite_links(content.text, lambda address: _absolute(page, post, address))
            for text in [*entry.iterfind(f"{ATOM}title"), *entry.iterfind(f"{ATOM}author/{ATOM}name")]:
                if text.text:
                    text.text = isolated(text.text)
            if (docname := posts.get(post.partition("#")[0])) is not None:
                _post_times(entry, app.env.metadata.get(docname, {}), compat.ablog_posts(app.env)[docname][0])
        updated = [entry.findtext(f"{ATOM}updated") for entry in feed.iter(f"{ATOM}entry")]
        if updated:
            feed.getroot().find(f"{ATOM}updated").text = max(updated, key=datetime.fromisoformat)
        feed.write(str(path), encoding="utf-8", xml_declaration=True)


def _post_times(entry: etree._Element, front: dict, info: dict) -> None:
    """An entry's times, its post's: published, and updated when its newest ``{update}`` note says (ABlog's record
    ``info`` holds that day), else when it was published."""
    published = given_date(front)
    if published is None:  # the build refused the date, and ABlog's is a guess: the entry keeps it
        return
    entry.find(f"{ATOM}published").text = feed_time(published)
    entry.find(f"{ATOM}updated").text = feed_time(published if info["update"] == info["date"] else info["update"])


def feed_time(when: date | datetime) -> str:
    """A post's date as Atom writes a time (RFC 3339), in the post's own time zone; a day, at midnight UTC; a time
    without its zone, as UTC."""
    if not isinstance(when, datetime):
        when = datetime.combine(when, time())
    return (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()


def _absolute(page: str, post: str, address: str) -> str:
    return post.partition("#")[0] + address if address.startswith("#") else urljoin(page, address)


def rewrite_links(html: str, rewrite: Callable[[str], str]) -> str:
    """``html`` with ``rewrite`` applied to the ``href`` and ``src`` of each element; all else as written."""
    tags = _LinkTags()
    tags.feed(html)
    tags.close()
    lines = [0, *(newline.end() for newline in re.finditer("\n", html))]  # where each line starts, as HTMLParser counts
    parts, at = [], 0
    for (line, column), written, tag, attributes in tags.found:
        start = lines[line - 1] + column
        rewritten = [(name, rewrite(value) if name in _LINKS and value is not None else value)
                     for name, value in attributes]
        if rewritten != attributes:
            parts += [html[at:start], _start_tag(tag, rewritten, closed=written.endswith("/>"))]
            at = start + len(written)
    return "".join(parts) + html[at:]


class _LinkTags(HTMLParser):
    """The start tags of an HTML fragment with an ``href`` or ``src``: where each starts, as written, and parsed."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[tuple[int, int], str, str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        if any(name in _LINKS for name, _ in attrs):
            self.found.append((self.getpos(), self.get_starttag_text(), tag, attrs))

    handle_startendtag = handle_starttag


def _start_tag(tag: str, attributes: list[tuple[str, str | None]], closed: bool) -> str:
    text = "".join(f' {name}="{escape(value)}"' if value is not None else f" {name}" for name, value in attributes)
    return f"<{tag}{text}{' /' if closed else ''}>"


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")
    app.connect("env-get-outdated", missing_copies)
    app.connect("env-updated", drop_copies)
    app.connect("html-collect-pages", excerpt_for_missing_copies, priority=stages.BEFORE_WRITERS)  # ABlog's feeds
    app.connect("html-collect-pages", finish_feeds, priority=stages.AFTER_WRITERS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

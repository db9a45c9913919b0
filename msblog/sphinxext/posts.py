"""A post's facts under its title: date, author, original address, discussion.

Each fact comes from the post's front matter as the source gave it; a fact the
source does not give is shown as unknown, never guessed. Added after ABlog has
taken the post's excerpt and feed text.
"""

from __future__ import annotations

import re
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx

from msblog.model.dates import long_date, parse_date
from msblog.sphinxext.discussions import discussion

WORDS_PER_MINUTE = 200


def fact(name: str, *body: nodes.Node) -> nodes.field:
    """One fact of a page's facts (a field list): its name and what it is."""
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *body)))


def _published(metadata: dict, info: dict) -> list[nodes.Node]:
    """The date as the source gives it: a day, or a time with its time zone; any other
    form in the day ABlog read from it (``post_date_format``), as the listings show it."""
    value = str(metadata.get("date", "")).strip()
    try:
        when = parse_date(value)
    except ValueError:
        when = info["date"].date() if info.get("date") else None
    text = [nodes.Text(long_date(when) if when else "Unknown")]
    if metadata.get("date_note"):
        text.append(nodes.inline("", f" ({metadata['date_note']})", classes=["post-date-note"]))
    return text


def _discussion(doctree: nodes.document) -> list[nodes.Node]:
    found = next(iter(doctree.findall(discussion)), None)
    if found is None:
        return [nodes.Text("No comments are archived for this post.")]
    archived, declared = found["archived"], found["declared"]
    count = f"{archived} {'comment' if archived == 1 else 'comments'} archived"
    if declared is not None:
        count += f" of {declared} declared by the original page"
    jump = nodes.reference("", "Jump to the discussion", refuri="#discussion", classes=["jump-to-discussion"])
    return [nodes.Text(count + ". "), jump]


def _minutes(words: int) -> str:
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    return f"about {minutes} {'minute' if minutes == 1 else 'minutes'}"


def _reading_time(section: nodes.section) -> list[nodes.Node]:
    """Reading time of the post, and of its discussion, at an unhurried pace."""
    found = next(iter(section.findall(discussion)), None)
    comments = len(re.sub(r"<[^>]+>", " ", found.astext()).split()) if found else 0
    post = len(section.astext().split()) - comments
    text = f"The post: {_minutes(post)}."
    if found is not None:
        text += f" The discussion: {_minutes(comments)}."
    return [nodes.Text(text)]


def add_post_facts(app: Sphinx, doctree: nodes.document) -> None:
    """Insert the facts list after the title of every ABlog post."""
    posts = getattr(app.env, "ablog_posts", {}).get(app.env.docname)
    section = doctree.next_node(nodes.section)
    if not posts or section is None:
        return
    info, metadata = posts[0], app.env.metadata[app.env.docname]
    authors = ", ".join(info["author"]) or "Unknown: the source does not name the author"
    facts = nodes.field_list(classes=["post-facts"])
    facts += fact("Published", *_published(metadata, info))
    facts += fact("Author", nodes.Text(authors))
    if metadata.get("original_url"):
        url = metadata["original_url"]
        facts += fact("Original address", nodes.reference("", url, refuri=url))
    if metadata.get("coi"):
        coi = nodes.abbreviation("", "CoI", explanation="Conflict of interest statement")
        facts += nodes.field("", nodes.field_name("", "", coi), nodes.field_body("", nodes.paragraph("", metadata["coi"])))
    facts += fact("Discussion", *_discussion(doctree))
    facts += fact("Reading time", *_reading_time(section))
    section.insert(section.first_child_matching_class(nodes.title) + 1, facts)


def configure_posts(app: Sphinx, config) -> None:
    """Every page at ``posts/YYYY/MM/<slug>`` is a post, unless conf.py says otherwise,
    and posts may use ``:::`` fences (``{opinion}`` blocks are written that way)."""
    if not config.blog_post_pattern:
        config.blog_post_pattern = [f"{config.msblog_posts_dir.strip('/')}/*/*/*"]
    if "colon_fence" not in config.myst_enable_extensions:
        config.myst_enable_extensions = [*config.myst_enable_extensions, "colon_fence"]


def local_dates_for_ablog(app: Sphinx, doctree: nodes.document) -> None:
    """ABlog compares dates without time zones: give it each post's own local time."""
    for info in getattr(app.env, "ablog_posts", {}).get(app.env.docname, []):
        for key in ("date", "update"):
            if isinstance(info.get(key), datetime) and info[key].tzinfo is not None:
                info[key] = info[key].replace(tzinfo=None)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", local_dates_for_ablog, priority=501)
    app.connect("config-inited", configure_posts, priority=400)  # before ABlog and MyST read them
    # After ABlog (500) has registered the post and the discussion (450) is in place.
    app.connect("doctree-read", add_post_facts, priority=610)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

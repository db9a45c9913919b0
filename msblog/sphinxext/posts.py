"""A post's page: its facts under its title, its dates as ABlog compares them.

Each fact comes from the post's front matter as the source gave it; a fact the
source does not give is shown as unknown, never guessed. Added after ABlog has
taken the post's excerpt and feed text. What a post may not hold is refused
before then (:mod:`msblog.sphinxext.refusals`). How a post shows when shared
is :mod:`msblog.sphinxext.sharing`'s.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx

from msblog.model.addresses import is_web_address
from msblog.model.dates import long_date, post_date
from msblog.sphinxext import stages
from msblog.sphinxext.compat import ablog_posts
from msblog.sphinxext.discussions import discussion
from msblog.sphinxext.layout import layout

WORDS_PER_MINUTE = 200


def fact(name: str, *body: nodes.Node) -> nodes.field:
    """One fact of a page's facts (a field list): its name and what it is."""
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *body)))


def source_name(name: str) -> nodes.inline:
    """A name as a source gives it, marked so that the page's styles isolate its writing direction."""
    return nodes.inline("", name, classes=["source-name"])


def _published(metadata: dict) -> list[nodes.Node]:
    """The date as the source gives it: a day, or a time with its time zone."""
    try:
        when = post_date(str(metadata["date"]))
    except (KeyError, ValueError):  # no date, or one the build refused
        when = None
    text = [nodes.Text(long_date(when) if when else "Unknown")]
    if metadata.get("date_note"):
        text.append(nodes.inline("", f" ({metadata['date_note']})", classes=["post-date-note"]))
    return text


def _authors(names: list[str]) -> list[nodes.Node]:
    if not names:
        return [nodes.Text("Unknown: the source does not name the author")]
    shown: list[nodes.Node] = []
    for name in names:
        shown += [nodes.Text(", ")] if shown else []
        shown.append(source_name(name))
    return shown


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
    """Insert the facts list after the title of every post."""
    docname = app.env.docname
    section = doctree.next_node(nodes.section)
    if not layout(app).is_post(docname) or section is None:
        return
    posts, metadata = ablog_posts(app.env).get(docname), app.env.metadata[docname]
    facts = nodes.field_list(classes=["post-facts"])
    facts += fact("Published", *_published(metadata))
    facts += fact("Author", *_authors(posts[0]["author"] if posts else []))  # none: the build refused its front matter
    if metadata.get("original_url"):
        url = str(metadata["original_url"])  # never a link unless a web address (any other is refused)
        facts += fact("Original address", nodes.reference("", url, refuri=url) if is_web_address(url) else nodes.Text(url))
    if metadata.get("coi"):
        coi = nodes.abbreviation("", "CoI", explanation="Conflict of interest statement")
        facts += nodes.field("", nodes.field_name("", "", coi), nodes.field_body("", nodes.paragraph("", metadata["coi"])))
    facts += fact("Discussion", *_discussion(doctree))
    facts += fact("Reading time", *_reading_time(section))
    section.insert(section.first_child_matching_class(nodes.title) + 1, facts)


def configure_posts(app: Sphinx, config) -> None:
    """Posts may use ``:::`` fences (``{opinion}`` blocks are written that way)."""
    if "colon_fence" not in config.myst_enable_extensions:
        config.myst_enable_extensions = [*config.myst_enable_extensions, "colon_fence"]


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.discussions")  # the facts count the discussion
    app.setup_extension("msblog.sphinxext.refusals")  # ABlog reads only what the rules let through
    app.connect("config-inited", configure_posts, priority=stages.CONFIGURE)
    app.connect("doctree-read", add_post_facts, priority=stages.FACTS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

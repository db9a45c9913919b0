"""A post's page: its facts under its title, a note on its age, links to the posts before and after it.

Each fact comes from the post's front matter as the source gave it; a fact the
source does not give is shown as unknown, never guessed. Added after ABlog has
taken the post's excerpt and feed text. What a post may not hold is refused
before then (:mod:`msblog.sphinxext.refusals`). How a post shows when shared
is :mod:`msblog.sphinxext.sharing`'s.

When a page is written: a post older than five years (before the day of the
build, five years back) says so under its title, naming the therapies and
trials its text mentions, linked to their pages; and each published post links
the one published before it and the one after (``rel="prev"``, ``"next"``),
in its head and after its text. Each post's neighbours and age are planned
once everything is read (:func:`plan_neighbours`), and a post is written again
when they changed (a post added, removed or retitled next to it, or five
years passed), so an incremental build gives what a clean one does.
"""

from __future__ import annotations

import html
import re
from datetime import date
from functools import partial

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.model.addresses import is_web_address
from msblog.model.dates import given_date, long_date
from msblog.sphinxext import citations, compat, discussions, related, stages
from msblog.sphinxext.blog_theme import source
from msblog.sphinxext.compat import ablog_posts
from msblog.sphinxext.deferred_links import doc_href
from msblog.sphinxext.discussions import before_discussion, discussion
from msblog.sphinxext.layout import layout
from msblog.sphinxext.mentions import mentions_of
from msblog.sphinxext.pages import written_again
from msblog.sphinxext.registry import entry_at

ADDED_IDS = (discussions.SECTION, related.SECTION, citations.SECTION)  # and comment-<id>, each comment's
WORDS_PER_MINUTE = 200
YEARS_UNTIL_OLD = 5


def fact(name: str, *body: nodes.Node) -> nodes.field:
    """One fact of a page's facts (a field list): its name and what it is."""
    return nodes.field("", nodes.field_name("", name), nodes.field_body("", nodes.paragraph("", "", *body)))


def source_name(name: str) -> nodes.inline:
    """A name as a source gives it, marked so that the page's styles isolate its writing direction."""
    return nodes.inline("", name, classes=["source-name"])


def _published(metadata: dict) -> list[nodes.Node]:
    """The date as the source gives it: a day, or a time with its time zone."""
    when = given_date(metadata)
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


def free_added_ids(app: Sphinx, doctree: nodes.document) -> None:
    """A post's own ids make way for those msblog gives what it adds to the page (its discussion, each comment,
    its related posts, the papers it cites), so that a link to one leads there: a heading "Discussion" is
    ``discussion-in-post``, a target ``(comment-11)=`` is ``comment-11-in-post``, and what points at them follows."""
    if not layout(app).is_post(app.env.docname):
        return
    for node in list(doctree.findall(nodes.Element)):
        for old in [i for i in node["ids"] if i in ADDED_IDS or i.startswith("comment-")]:
            new, number = f"{old}-in-post", 1
            while new in doctree.ids:
                number += 1
                new = f"{old}-in-post-{number}"
            node["ids"][node["ids"].index(old)] = new
            doctree.ids[new] = doctree.ids.pop(old, node)
            doctree.nameids.update({name: new for name, refid in doctree.nameids.items() if refid == old})
            for pointer in doctree.findall(lambda n: isinstance(n, nodes.Element) and n.get("refid") == old):
                pointer["refid"] = new


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


def five_years_before(day: date) -> date:
    """The same day :data:`YEARS_UNTIL_OLD` years earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - YEARS_UNTIL_OLD)
    except ValueError:
        return day.replace(year=day.year - YEARS_UNTIL_OLD, day=28)


def archived_year(env: BuildEnvironment, docname: str) -> int | None:
    """The year of the post ``docname`` if it is older than five years on the day of the build, else ``None``."""
    posts = ablog_posts(env).get(docname)
    when = posts[0]["date"] if posts else None
    if when is None or when.date() >= five_years_before(compat.BUILD_DAY):
        return None
    return when.year


def posts_in_time(env: BuildEnvironment) -> list[str]:
    """The published posts, oldest first (posts of the same moment by name)."""
    dated = [(infos[0]["date"], docname) for docname, infos in ablog_posts(env).items()
             if infos and compat.published(infos[0])]
    return [docname for _, docname in sorted(dated)]


def neighbours(env: BuildEnvironment, docname: str) -> tuple[str | None, str | None]:
    """The posts published just before and just after the post ``docname``, where there are such."""
    return getattr(env, "msblog_neighbours", {}).get(docname, (None, None))


def plan_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Each post's neighbours, once every document is read; the posts whose neighbours, their titles, or whose
    age changed since this output was written are written again."""
    order = posts_in_time(env)
    env.msblog_neighbours = {docname: (order[i - 1] if i else None, order[i + 1] if i + 1 < len(order) else None)
                             for i, docname in enumerate(order)}
    # A link shows its post's title, so an edit of a neighbour's text alone writes nothing again.
    return written_again(app, "neighbours and age", {
        docname: ([(other, _title(env, other)) for other in pair], archived_year(env, docname))
        for docname, pair in env.msblog_neighbours.items()})


def _title(env: BuildEnvironment, docname: str | None) -> str | None:
    return env.titles[docname].astext() if docname in env.titles else None


def _link(docname: str, *children: nodes.Node) -> nodes.reference:
    """A link to ``docname``, resolved for the builder writing the page (:mod:`~msblog.sphinxext.deferred_links`)."""
    return nodes.reference("", "", *children, refuri=doc_href(docname))


def _listed(items: list[nodes.Node]) -> list[nodes.Node]:
    """``a``, ``a and b``, ``a, b and c``."""
    shown: list[nodes.Node] = []
    for number, item in enumerate(items):
        if number:
            shown.append(nodes.Text(" and " if number == len(items) - 1 else ", "))
        shown.append(item)
    return shown


def add_age_note(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Under an old post's title, one line: when it was archived from, and the therapies and trials it names."""
    env = app.env
    section = doctree.next_node(nodes.section)
    year = archived_year(env, docname) if layout(app).is_post(docname) and app.builder.format == "html" else None
    if year is None or section is None:
        return
    counts = {m.entry: m.count for m in mentions_of(env, docname) if m.comment is None}  # in its text
    mentioned = sorted((entry for entry in map(partial(entry_at, env), counts) if entry is not None),
                       key=lambda entry: (-counts[entry.docname], entry.name.casefold(), entry.docname))
    note = nodes.paragraph("", f"Archived from {year}. Treatments and evidence may have changed since",
                           classes=["archive-age"])
    if mentioned:  # most mentioned first
        note += nodes.Text(": see ")
        note += _listed([_link(entry.docname, nodes.Text(entry.name)) for entry in mentioned])
    note += nodes.Text(".")
    section.insert(section.first_child_matching_class(nodes.title) + 1, note)


class post_neighbours(nodes.General, nodes.Element):
    """Links to the posts before and after this one: ``<nav class="post-neighbours">``."""


def _visit_post_neighbours(translator, node: post_neighbours) -> None:
    translator.body.append(translator.starttag(node, "nav", "", **{"aria-label": "Previous and next posts"}))


def _depart_post_neighbours(translator, node: post_neighbours) -> None:
    translator.body.append("</nav>\n")


def add_neighbours(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """After the post's text (before what follows it, and its discussion): the posts before and after it."""
    env = app.env
    found = neighbours(env, docname)
    section = doctree.next_node(nodes.section)
    if not any(found) or section is None or app.builder.format != "html":
        return
    block = post_neighbours(classes=["post-neighbours"])
    for label, other in zip(("Previous post", "Next post"), found):
        if other is not None:
            title = source(nodes.Text(env.titles[other].astext()))
            block += nodes.paragraph("", "", nodes.inline("", label, classes=["post-neighbour-label"]), nodes.Text(" "),
                                     _link(other, title), classes=["post-neighbour"])
    before_discussion(section, block)


def link_neighbours(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The posts before and after a post, in its head."""
    links = [f'<link rel="{rel}" href="{html.escape(context["pathto"](other))}" />\n'
             for rel, other in zip(("prev", "next"), neighbours(app.env, pagename)) if other is not None]
    if links and layout(app).is_post(pagename):
        context["metatags"] = context.get("metatags", "") + "".join(links)


def configure_posts(app: Sphinx, config) -> None:
    """Posts may use ``:::`` fences (``{opinion}`` blocks are written that way), and strike words out (``~~5 mg~~``,
    as the importers write struck-out text; :func:`~msblog.sphinxext.compat.strike_out_as_a_node`)."""
    config.myst_enable_extensions = [*config.myst_enable_extensions,
                                     *(name for name in ("colon_fence", "strikethrough")
                                       if name not in config.myst_enable_extensions)]


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.layout")
    app.setup_extension("msblog.sphinxext.discussions")  # the facts count the discussion
    app.setup_extension("msblog.sphinxext.refusals")  # ABlog reads only what the rules let through
    app.setup_extension("msblog.sphinxext.mentions")  # an old post names the therapies it mentions
    app.setup_extension("msblog.sphinxext.deferred_links")  # resolves the links to them, and to the neighbours
    app.setup_extension("msblog.sphinxext.blog_theme")  # isolates the neighbours' titles
    app.setup_extension("msblog.sphinxext.pages")  # what each output holds, to write again what changed
    app.add_node(post_neighbours, html=(_visit_post_neighbours, _depart_post_neighbours))
    compat.strike_out_as_a_node(app)
    app.connect("config-inited", configure_posts, priority=stages.CONFIGURE)
    app.connect("doctree-read", free_added_ids, priority=stages.CLEAN)  # before the discussion and Sphinx's collectors
    app.connect("doctree-read", add_post_facts, priority=stages.FACTS)
    app.connect("env-get-updated", plan_neighbours)
    # Before deferred_links resolves the links they add, and before related places its list before the discussion.
    app.connect("doctree-resolved", add_age_note, priority=stages.BEFORE_WRITERS)
    app.connect("doctree-resolved", add_neighbours, priority=stages.BEFORE_WRITERS)
    app.connect("html-page-context", link_neighbours)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

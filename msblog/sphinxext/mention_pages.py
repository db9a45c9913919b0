"""Where the archive mentions each therapy and trial: a chart under the facts of its page, the list at its end, and
pages 2 and on.

Each registry entry's page opens with a chart of its mentions a year
(:func:`msblog.sphinxext.charts.year_chart`) and ends with the posts and
comments that mention it (:func:`msblog.sphinxext.mentions.posts_mentioning`),
grouped by the year of the post, newest first, each with the words around it
and a link to where they are: the newest ``msblog_listing_size`` posts, then
pages ``<entry>/page/2`` and on, made like the listings of
:mod:`msblog.sphinxext.listings`, from the same template
(``msblog/mentions.html``). :func:`said_items` makes what that template shows
of any posts and comments naming one thing. Links are made when each page is written, by the
builder writing it (on the entry's page, through
:mod:`msblog.sphinxext.deferred_links`, so a single page links only the posts
it holds); an entry's pages are written again when what they show changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.model.dates import long_date
from msblog.model.registry import Entry
from msblog.model.names import counted
from msblog.sphinxext.charts import year_chart, years
from msblog.sphinxext.compat import ablog_posts, documents_read
from msblog.sphinxext.deferred_links import page_links, resolve_html
from msblog.sphinxext.discussions import NEVER_GIVEN
from msblog.sphinxext.listings import description, page_name, pager, paginate
from msblog.sphinxext.mentions import Mention, posts_mentioning
from msblog.sphinxext.pages import Page, only_changed, written_again
from msblog.sphinxext.registry import entry_at, registry


class mention_list(nodes.General, nodes.Element):
    """Where an entry's page lists the posts and comments that mention it, made when the page is written."""


class mention_chart(nodes.General, nodes.Element):
    """Where an entry's page charts its mentions a year, made when the page is written."""


def place_mention_list(app: Sphinx, doctree: nodes.document) -> None:
    """Open each entry's page, after its title and facts, with the chart of its mentions; end it with their list."""
    section = doctree.next_node(nodes.section)
    if entry_at(app.env, app.env.docname) is None or section is None:
        return
    facts = next((n for n in section.children if isinstance(n, nodes.field_list) and "registry-facts" in n["classes"]), None)
    at = section.index(facts) + 1 if facts is not None else section.first_child_matching_class(nodes.title) + 1
    section.insert(at, mention_chart(entry=app.env.docname))
    section += mention_list(entry=app.env.docname)


def fill_mention_list(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each entry page's placeholders with the chart and page 1 of its current mentions."""
    for node in list(doctree.findall(mention_chart)):
        entry = entry_at(app.env, node["entry"])
        html = year_chart(app, posts_mentioning(app.env, entry.docname), entry.name, f"mentions-chart-{entry.anchor}") \
            if app.builder.format == "html" else ""
        node.replace_self(nodes.raw("", html, format="html") if html else [])
    for node in list(doctree.findall(mention_list)):
        node.replace_self(_mentions_section(app, doctree, docname, node["entry"]))


def _post_date(env: BuildEnvironment, docname: str):
    posts = ablog_posts(env).get(docname)
    return posts[0]["date"] if posts and posts[0]["date"] else None


def said_items(env: BuildEnvironment, found: list[tuple[str, list[Mention]]], noun: str = "mention") -> list[dict]:
    """What the ``msblog/mentions.html`` template shows of the posts and comments in ``found`` (each post naming one
    thing, with its records of it; ``noun``: what each record counts, "mention" or "citation"), grouped by the year
    of the post as ``found`` orders them: plain text only."""
    groups: list[dict] = []
    for post, mentions in found:
        date = _post_date(env, post)
        year = str(date.year) if date else "Date unknown"
        if not groups or groups[-1]["year"] != year:
            groups.append({"year": year, "posts": []})
        in_post = next((m for m in mentions if m.comment is None), None)
        comments = []
        for mention in sorted((m for m in mentions if m.comment is not None),
                              key=lambda m: (str(m.time or ""), m.order), reverse=True):
            comments.append({"id": mention.comment, "author": mention.author, "place": mention.place,
                             "time": long_date(mention.time) if mention.time else None,
                             "count": counted(mention.count, noun), "excerpt": mention.excerpt})
        authors = ", ".join(ablog_posts(env)[post][0]["author"] or []) if post in ablog_posts(env) else ""
        groups[-1]["posts"].append({
            "docname": post, "title": env.titles[post].astext(), "author": authors,
            "date": long_date(date.date()) if date else "date unknown", "comments": comments,
            "in_post": {"count": counted(in_post.count, noun), "excerpt": in_post.excerpt,
                        "place": in_post.place} if in_post else None})
    return groups


def said(env: BuildEnvironment, found: list[tuple[str, list[Mention]]], noun: str = "mention") -> dict:
    """The ``msblog/mentions.html`` template's ``years`` (:func:`said_items`), and what the sources give for none of
    the comments shown (names, times): said once at the top, as a discussion says it, not as "unknown" on each."""
    years = said_items(env, found, noun)
    comments = [comment for group in years for post in group["posts"] for comment in post["comments"]]
    never_given = {key for key in ("author", "time") if comments and all(c[key] is None for c in comments)}
    return {"years": years, "never_given": never_given, "never_given_words": NEVER_GIVEN.get(frozenset(never_given))}


def read_when(env: BuildEnvironment, found: list[tuple[str, list[Mention]]]) -> list[tuple[str, int | None]]:
    """Each post in ``found`` with when it was read. What :func:`said_items` shows of a post changes only when the
    post is read again: pages 2 and on, which hold most of an archive's records, compare this instead, quicker by
    far, and are written again when one of their posts was read again."""
    read = documents_read(env)
    return [(post, read.get(post)) for post, _ in found]


def _mention_pages(app: Sphinx, entry: Entry) -> Iterator[tuple[list, Callable[[], dict]]]:
    """Each page of the entry's mentions, page 1 first, ``msblog_listing_size`` posts a page.

    For each: the posts it shows, and a function making its template context.
    """
    env = app.env
    found = posts_mentioning(env, entry.docname)
    posts, comments = totals(found)
    title = f"{entry.name}: where the archive mentions it"
    about = (f"Where the {app.config.project} mentions {entry.name}: in the text of {counted(posts, 'post')} and in "
             f"{counted(comments, 'comment')}, newest first.")
    for number, count, heading, shown in paginate(title, found, app.config.msblog_listing_size):
        yield shown, lambda heading=heading, shown=shown, number=number: {
            "title": escape(heading), "listing_title": title, "posts": counted(posts, "post"),
            "comments": counted(comments, "comment"), **said(env, shown),
            "year_ids": f"mentions-{entry.anchor}", "pager": (pages := pager(entry.docname, number, count)),
            "msblog_description": description(about, pages)}


def _mentions_section(app: Sphinx, doctree: nodes.document, docname: str, entry_docname: str) -> nodes.section:
    """Page 1 of the entry's mentions, with the counts of all of them and a pager to the rest, linked as the
    builder writing ``docname``'s page (``doctree``) places the posts and pages: on a single page, a post not on it
    and the pages after the first, which it does not have, are named, not linked."""
    entry = entry_at(app.env, entry_docname)
    section = nodes.section(ids=[f"mentions-{entry.anchor}"], classes=["mentions"])  # one page may hold every entry's
    section += nodes.title("", "Where the archive mentions it")
    if app.builder.format == "html":
        _shown, context = next(_mention_pages(app, entry))
        html = app.builder.templates.render("msblog/mentions.html",
                                            {**context(), "heading": "h3", "pathto": page_links(app, docname)})
        section += nodes.raw("", resolve_html(app, doctree, docname, html), format="html")
    return section


def mention_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    """Page 2 and on of each entry's mentions, written when what they show changed."""
    if app.builder.format != "html":
        return
    env = app.env
    pages = []
    for entry in registry(env):
        found = posts_mentioning(env, entry.docname)
        counts = (len(found), totals(found))  # its pager, and the counts every page shows
        for number, (shown, context) in enumerate(islice(_mention_pages(app, entry), 1, None), start=2):
            fingerprint = (entry.name, counts, read_when(env, shown))  # what the page shows of each post
            pages.append(Page(page_name(entry.docname, number), context, "msblog/mentions_page.html", fingerprint))
    yield from only_changed(app, pages)


def totals(found: list[tuple[str, list[Mention]]]) -> tuple[int, int]:
    """How many posts' texts, and how many comments, ``found`` holds."""
    return (sum(1 for _d, ms in found if any(m.comment is None for m in ms)),
            sum(1 for _d, ms in found for m in ms if m.comment is not None))


def mention_lists_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Entry pages whose chart, counts or first page of mentions changed since this output was written, to be
    written again."""
    size, shown = app.config.msblog_listing_size, {}
    for entry in registry(env):
        found = posts_mentioning(env, entry.docname)
        shown[entry.docname] = (years(env, found), totals(found), len(found), said_items(env, found[:size]))
    return written_again(app, "mentions", shown)


def setup(app: Sphinx) -> dict:
    # templates, pages, the pager, mentions, their links
    for component in ("blog_theme", "pages", "listings", "registry", "mentions", "charts", "deferred_links"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.add_node(mention_list)
    app.add_node(mention_chart)
    app.connect("doctree-read", place_mention_list)
    app.connect("doctree-resolved", fill_mention_list)
    app.connect("env-get-updated", mention_lists_changed)
    app.connect("html-collect-pages", mention_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "env_version": 2}

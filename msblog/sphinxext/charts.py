"""Charts of what the archive said of one thing, year by year: posts and comments as bars, static SVG.

:func:`year_chart` charts any list of the posts and comments naming one thing
(``(post, its records)``, as :func:`msblog.sphinxext.mentions.posts_mentioning`
gives them) by the year of the post: a bar chart (``msblog/chart.html``), its
numbers printed by each bar and again as a table, for a thing's own page; and
a small one (``msblog/sparkline.html``) for an index of such things, its numbers
as text for screen readers. Both are coloured by the theme's own colours
(CSS custom properties), so they read as the page does in either scheme.

The registry's index page shows a small chart after each entry
(``msblog-entry-summary``, from :mod:`msblog.sphinxext.therapy_domain`), all
on the years of the whole registry; the page is written again when one of
their numbers changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.model.charts import Year, bar_width, per_year
from msblog.model.registry import Entry
from msblog.sphinxext.compat import ablog_posts
from msblog.sphinxext.layout import layout
from msblog.sphinxext.mentions import Mention, posts_mentioning
from msblog.sphinxext.pages import written_again
from msblog.sphinxext.registry import registry

Found = Sequence[tuple[str, Sequence[Mention]]]  # each post naming the thing, with its records of it


def years(env: BuildEnvironment, found: Found) -> list[Year]:
    """The posts and comments of ``found`` naming the thing, by the year of the post (each year from the first to
    the last; a post without a date under "date unknown")."""
    posts = ablog_posts(env)
    named = []
    for docname, records in found:
        record = posts.get(docname)
        year = record[0]["date"].year if record and record[0]["date"] else None
        named += [(year, mention.comment is not None) for mention in records]
    return per_year(named)


def year_chart(app: Sphinx, found: Found, name: str, chart_id: str, verb: str = "mentioning") -> str:
    """The chart of ``found`` (the posts and comments ``verb`` ``name``), with its table, its ids starting
    ``chart_id``: HTML, every value escaped."""
    rows = years(app.env, found)
    largest = max((max(row.posts, row.comments) for row in rows), default=0)
    bars = [{"label": row.label, "posts": row.posts, "comments": row.comments,
             "posts_width": bar_width(row.posts, largest), "comments_width": bar_width(row.comments, largest)}
            for row in rows]
    return app.builder.templates.render("msblog/chart.html", {"name": name, "verb": verb, "id": chart_id, "rows": bars})


def sparkline(app: Sphinx, found: Found, span: range) -> str:
    """A small chart of ``found``, a column a year of ``span`` (posts and comments together), with its numbers as
    text for screen readers: HTML, every value escaped."""
    by_year = {row.year: row for row in years(app.env, found)}
    rows = [by_year.get(year, Year(year, 0, 0)) for year in span]
    largest = max((row.posts + row.comments for row in rows), default=0)
    columns = [{"year": row.year, "posts": row.posts, "comments": row.comments,
                "height": round(20 * (row.posts + row.comments) / largest, 1) if largest else 0}
               for row in rows]
    undated = by_year.get(None)
    return app.builder.templates.render("msblog/sparkline.html", {"columns": columns, "undated": undated})


def entry_summary(app: Sphinx, entry: Entry, docname: str) -> list[nodes.Node] | None:
    """After the registry index's link to ``entry``, its small chart, on the years of the whole registry."""
    if app.builder.format != "html":
        return None
    return [nodes.raw("", sparkline(app, posts_mentioning(app.env, entry.docname), app.msblog_registry_years),
                      format="html")]


def registry_index_changed(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The registry's index page, to be written again when the numbers of one of its charts changed; and the years
    of every post naming an entry, first to last, the common axis of its charts (before any page is written, in every
    writing process)."""
    shown = [(entry.docname, years(env, posts_mentioning(env, entry.docname))) for entry in registry(env)]
    known = [row.year for _, rows in shown for row in rows if row.year is not None]
    app.msblog_registry_years = range(min(known), max(known) + 1) if known else range(0)
    return written_again(app, "entry-charts", {layout(app).registry_index: (app.msblog_registry_years, shown)})


def setup(app: Sphinx) -> dict:
    for component in ("blog_theme", "pages", "layout", "registry", "mentions", "therapy_domain"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.connect("msblog-entry-summary", entry_summary)
    app.connect("env-get-updated", registry_index_changed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""ABlog on furo: ABlog's page-level templates off, accessible templates on.

ABlog's own ``page.html`` replaces furo's with an error stub, so it is never
injected. This package's templates come first: ``templates/ablog`` holds the
post sidebar and post facts, ``templates/msblog`` the listings that replace
ABlog's archives and collections. The Atom feed is linked from every page's
head.

Names and titles from sources are isolated from the text around them, so that
one written right to left, or with a direction override left open, reorders
nothing but itself: ``<bdi>`` in templates and :class:`source_text` in
doctrees, and, in a page's ``<title>``, Unicode's isolate characters
(:func:`~msblog.model.names.isolated`, also the templates' ``isolated`` filter).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.writers.html5 import HTML5Translator

from msblog.model.dates import long_date
from msblog.model.names import balanced, isolated
from msblog.sphinxext import compat, stages
from msblog.sphinxext.layout import layout

TEMPLATES = Path(__file__).parent / "templates"


def use_templates(app: Sphinx, config: Config) -> None:
    config.skip_injecting_base_ablog_templates = True
    if str(TEMPLATES) not in config.templates_path:  # a new list: never change the option's default
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


class source_text(nodes.inline):
    """Text from a source (a name, a title), isolated from the text around it: ``<bdi class="source-name">``."""


def source(*children: nodes.Node) -> source_text:
    return source_text("", "", *children, classes=["source-name"])


def _visit_source_text(translator: HTML5Translator, node: source_text) -> None:
    translator.body.append(translator.starttag(node, "bdi", ""))
    node.body_start = len(translator.body)


def _depart_source_text(translator: HTML5Translator, node: source_text) -> None:
    """Close the ``<bdi>``, its text's direction controls balanced: browsers pair a stray PDI in it with the
    element's own isolate (Chromium then reverses what follows the ``<bdi>`` after an RLO)."""
    translator.body[node.body_start:] = [balanced("".join(translator.body[node.body_start:]))]
    translator.body.append("</bdi>")


def isolate_post_title(app: Sphinx, doctree: nodes.document) -> None:
    """A post's title, as its source gives it, is isolated in its heading and wherever Sphinx shows it."""
    section = doctree.next_node(nodes.section)
    if layout(app).is_post(app.env.docname) and section is not None and isinstance(section[0], nodes.title):
        title = section[0]
        inner = source(*title.children)
        title.clear()
        title += inner


def isolate_post_page_title(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A post's title in its page's ``<title>``, before the site's name."""
    if layout(app).is_post(pagename) and context.get("title"):
        context["title"] = isolated(context["title"])


def use_isolated_filter(app: Sphinx) -> None:
    """The templates' ``isolated`` and ``balanced`` filters, also where a component renders one itself."""
    compat.add_template_filters(app.builder, isolated=isolated, balanced=balanced)


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Link the site's Atom feed from the head of every page; give templates the registry's index page, if any."""
    context["long_date"] = long_date
    index = layout(app).registry_index
    context["registry_index"] = index if index in app.env.found_docs else None
    if not app.config.blog_baseurl:
        return
    href = context["pathto"](f"{app.config.blog_path}/atom.xml", 1)
    title = escape(app.config.blog_title)
    link = f'<link rel="alternate" type="application/atom+xml" href="{href}" title="{title}" />\n'
    context["metatags"] = context.get("metatags", "") + link


def keep_asset_checksums(app: Sphinx) -> None:
    """Each stylesheet's and script's checksum (``?v=`` in its address) worked out once for the build's pages."""
    compat.checksum_assets_once()


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")
    app.setup_extension("msblog.sphinxext.layout")
    app.add_node(source_text, html=(_visit_source_text, _depart_source_text))
    compat.remove_ablog_archive_pages(app)  # they need ABlog's templates, turned off here (listings replace them)
    app.connect("config-inited", use_templates)
    app.connect("builder-inited", use_isolated_filter)
    app.connect("builder-inited", keep_asset_checksums)
    app.connect("doctree-read", isolate_post_title, priority=stages.CLEAN)  # before Sphinx and ABlog copy titles
    app.connect("html-page-context", link_feed)
    app.connect("html-page-context", isolate_post_page_title)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

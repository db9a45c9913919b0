"""ABlog on furo: ABlog's page-level templates off, accessible templates on.

ABlog's own ``page.html`` replaces furo's with an error stub, so it is never
injected. This package's templates come first: ``templates/ablog`` holds the
post sidebar and post facts, ``templates/msblog`` the listings that replace
ABlog's archives and collections. The Atom feed is linked from every page's
head.
"""

from __future__ import annotations

from pathlib import Path

from ablog.blog import Blog
from markupsafe import escape
from sphinx.application import Sphinx
from sphinx.config import Config

from msblog.model.dates import long_date

TEMPLATES = Path(__file__).parent / "templates"


def use_templates(app: Sphinx, config: Config) -> None:
    config.skip_injecting_base_ablog_templates = True
    if str(TEMPLATES) not in config.templates_path:  # a new list: never change the option's default
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def forget_previous_build(app: Sphinx, env=None) -> None:
    """ABlog keeps its posts in process-wide state; start each build, and its writing, from this build's posts."""
    Blog._dict.clear()


def link_feed(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Link the site's Atom feed from the head of every page."""
    context["long_date"] = long_date
    if not app.config.blog_baseurl:
        return
    href = context["pathto"](f"{app.config.blog_path}/atom.xml", 1)
    title = escape(app.config.blog_title)
    link = f'<link rel="alternate" type="application/atom+xml" href="{href}" title="{title}" />\n'
    context["metatags"] = context.get("metatags", "") + link


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", use_templates)
    app.connect("builder-inited", forget_previous_build)
    app.connect("env-updated", forget_previous_build)  # a build again in the same process (sphinx-autobuild)
    app.connect("html-page-context", link_feed)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

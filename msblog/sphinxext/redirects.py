"""Old addresses keep working: each leads to the archived post.

For every post whose front matter has its ``original_url``, a small page at the
old path (Blogger's ``/YYYY/MM/<slug>.html`` or WordPress's ``/YYYY/MM/DD/<slug>/``,
relative to the site's root) sends readers on to the new page; so does each path
in ABlog's ``redirect`` front matter.
An old path not written as portable slugs joined by ``/`` (``./index``,
``a//b``), the file of a page of the site under any builder (``<page>`` for
html, ``<page>/index`` for dirhtml, the root ``index``), in a folder the site
writes its own pages in (``blog/``, ``search``, ``genindex``...), or one another
post has already, is refused by the model's rule
(:func:`~msblog.model.front_matter.old_path_problems`), as ``msblog check``
refuses it: an error at ``path:line``, and no page is written there, so nothing
the site generates is replaced and every build sends an old address to the same
post. The pages are written only when they change and are left out of the sitemap.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.osutil import relative_uri

from msblog.model.front_matter import key_line, old_path_problems, old_paths
from msblog.sphinxext import compat
from msblog.sphinxext.layout import layout
from msblog.sphinxext.pages import Page, only_changed

logger = logging.getLogger(__name__)


def refused_old_paths(app: Sphinx) -> list[tuple[str, str, str, str]]:
    """The model's problems with the posts' old paths: each one's post, front matter key, old path and message."""
    env = app.env
    posts = {docname: env.metadata.get(docname, {}) for docname in compat.ablog_posts(env)}
    return old_path_problems(posts, env.found_docs, layout(app).site_folders)


def report_refused_old_paths(app: Sphinx, env: BuildEnvironment) -> None:
    """Every refused old path, on every build: an error at ``path:line``, and the build fails."""
    for docname, key, _, message in refused_old_paths(app):
        path = Path(env.doc2path(docname))
        line = key_line(path.read_text(encoding="utf-8"), key)
        logger.error(message, location=f"{path}:{line}", type="msblog", subtype="post")
        app.statuscode = 1


def old_path_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    pages = []
    base = app.config.html_baseurl
    refused = {(docname, old) for docname, _, old, _ in refused_old_paths(app)}
    for docname in sorted(compat.ablog_posts(app.env)):
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        canonical = f"{base.rstrip('/')}/{app.builder.get_target_uri(docname)}" if base else None
        for old in dict.fromkeys(old for _, old in old_paths(docname, app.env.metadata.get(docname, {}))):
            if (docname, old) in refused:
                continue
            file = f"{old}.html"  # the old address's own file, whatever the builder
            context = {"title": title, "href": relative_uri(file, app.builder.get_target_uri(docname)), "canonical": canonical}
            pages.append(Page(old, context, "msblog/redirect.html", sorted(context.items()), listed=False, file=file))
    yield from only_changed(app, pages)


def setup(app: Sphinx) -> dict:
    for component in ("msblog.sphinxext.ablog_records", "msblog.sphinxext.blog_theme", "msblog.sphinxext.layout", "msblog.sphinxext.pages"):
        app.setup_extension(component)
    app.connect("env-updated", report_refused_old_paths)
    app.connect("html-collect-pages", old_path_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

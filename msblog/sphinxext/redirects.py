"""Old addresses keep working: each leads to the archived post.

For every post whose front matter has its ``original_url``, a small page at the
old path (Blogger's ``/YYYY/MM/<slug>.html`` or WordPress's ``/YYYY/MM/DD/<slug>/``,
relative to the site's root) sends readers on to the new page; so does each path
in ABlog's ``redirect`` front matter.
They are written only when they change and are left out of the sitemap.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from msblog.model.addresses import post_path, wordpress_path
from msblog.sphinxext.pages import Page, only_changed


def _old_paths(app: Sphinx, docname: str, post: dict) -> Iterator[str]:
    yield from post.get("redirect") or []
    url = app.env.metadata.get(docname, {}).get("original_url")
    if not url:
        return
    try:
        old = post_path(url)
    except ValueError:
        old = wordpress_path(url)
        old = old and f"{old}/index"  # served for the address's directory
    if old and urlsplit(url).path.strip("/") != f"{docname}.html":
        yield old


def old_path_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    pages = []
    base = app.config.html_baseurl
    for docname, infos in sorted(getattr(app.env, "ablog_posts", {}).items()):
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        canonical = f"{base.rstrip('/')}/{app.builder.get_target_uri(docname)}" if base else None
        for old in _old_paths(app, docname, infos[0]):
            if old in app.env.found_docs:
                continue
            context = {"title": title, "target": docname, "canonical": canonical}
            pages.append(Page(old, context, "msblog/redirect.html", sorted(context.items()), listed=False))
    yield from only_changed(app, pages)


def setup(app: Sphinx) -> dict:
    app.connect("html-collect-pages", old_path_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Old addresses keep working: ``/YYYY/MM/<slug>.html`` leads to the archived post.

For every post whose front matter has its ``original_url``, a small page at
the old path (relative to the site's root) sends readers on to the new page.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from sphinx.application import Sphinx

from msblog.model.addresses import post_path


def old_path_pages(app: Sphinx) -> Iterator[tuple[str, dict, str]]:
    metadata = app.env.metadata
    for docname in sorted(getattr(app.env, "ablog_posts", {})):
        url = metadata.get(docname, {}).get("original_url")
        if not url:
            continue
        try:
            old = post_path(url)
        except ValueError:
            continue
        if old in app.env.found_docs or urlsplit(url).path.strip("/") == f"{docname}.html":
            continue
        title = app.env.titles[docname].astext() if docname in app.env.titles else docname
        base = app.config.html_baseurl
        canonical = f"{base.rstrip('/')}/{app.builder.get_target_uri(docname)}" if base else None
        yield old, {"title": title, "target": docname, "canonical": canonical}, "msblog/redirect.html"


def setup(app: Sphinx) -> dict:
    app.connect("html-collect-pages", old_path_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

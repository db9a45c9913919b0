"""``sitemap.xml`` with every page of the site, after a full or an incremental build, and ``robots.txt`` naming it.

sphinx-sitemap lists only the pages the current build wrote
(jdillard/sphinx-sitemap#13), so after an edit it would publish a sitemap of one
post. This lists every document and every listing page, at ``html_baseurl``.

``robots.txt``, at the top of the output, lets every crawler in and names the
sitemap. A host reads it at the root of its domain: Read the Docs serves the
default version's ``robots.txt`` there, in place of its own, which names only its
sitemap of versions. A ``robots.txt`` the site ships (``html_extra_path``) is kept.
Both are files this build makes (:func:`~msblog.sphinxext.pages.made_file`): a
build without ``html_baseurl`` deletes those an earlier one wrote.

``html_baseurl``, which ``conf.py`` may take from the environment, is the
site's address: empty, or an http or https address of a folder (ending in
``/``, with no query or fragment), in URL characters only
(:func:`~msblog.model.addresses.is_web_address`). Anything else is a
configuration error at the line of ``conf.py`` that sets it, before anything
is read or written: a quote or a line break in it would reach every page's
canonical link and ``robots.txt``.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from msblog.model.addresses import is_web_address
from msblog.model.layout import setting_line
from msblog.sphinxext.pages import listed_pages, made_file

logger = logging.getLogger(__name__)
NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"


def is_site_address(base: str) -> bool:
    """Whether ``base`` is an http or https address of a folder, without query or fragment."""
    return is_web_address(base) and base.endswith("/") and not urlsplit(base).query and not urlsplit(base).fragment


def check_baseurl(app: Sphinx, config: Config) -> None:
    """An ``html_baseurl`` that is set and is no site address stops the build at the line of ``conf.py`` setting it."""
    if config.html_baseurl and not is_site_address(config.html_baseurl):
        conf = Path(app.confdir, "conf.py")
        raise ConfigError(f"{conf}:{setting_line(conf, 'html_baseurl')}: html_baseurl {config.html_baseurl!r} is not "
                          "the site's address: an http or https address ending in /, without query or fragment")


def write_sitemap(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html" or isinstance(app.builder, SingleFileHTMLBuilder):
        return  # singlehtml writes one page, not the site at html_baseurl
    base = app.config.html_baseurl
    if not base:
        logger.info("no sitemap.xml: html_baseurl is not set")
        return
    root = ElementTree.Element("urlset", xmlns=NAMESPACE)
    for page in sorted(app.env.found_docs | listed_pages(app)):
        ElementTree.SubElement(ElementTree.SubElement(root, "url"), "loc").text = base.rstrip("/") + "/" + app.builder.get_target_uri(page)
    ElementTree.ElementTree(root).write(app.outdir / "sitemap.xml", encoding="utf-8", xml_declaration=True)
    made_file(app, "sitemap.xml")
    write_robots(app, base.rstrip("/") + "/sitemap.xml")


def write_robots(app: Sphinx, sitemap: str) -> None:
    if ships_robots(app):
        logger.info("robots.txt is the site's own (html_extra_path): it should name %s", sitemap)
        return
    (app.outdir / "robots.txt").write_text(f"User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n", encoding="utf-8")
    made_file(app, "robots.txt")


def ships_robots(app: Sphinx) -> bool:
    """Whether ``html_extra_path`` copies a ``robots.txt`` of the site's own to the top of the output."""
    for extra in map(app.confdir.joinpath, app.config.html_extra_path):
        if (extra / "robots.txt").is_file() or (extra.name == "robots.txt" and extra.is_file()):
            return True
    return False


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.pages")
    app.connect("config-inited", check_baseurl)
    app.connect("build-finished", write_sitemap)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

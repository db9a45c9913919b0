"""Sphinx configuration for the MS Blog Archive."""

import contextlib
import io
import os
from urllib.parse import urlsplit

from sphinx_design.extension import STATIC_DIR as SPHINX_DESIGN_STATIC

# sphinxext-opengraph prints "matplotlib is not installed, social cards will not be generated" as it is imported,
# whatever ogp_social_cards says (every release to 0.13.0): social cards are off here, so that line is left out,
# and anything else the import prints still shows.
OPENGRAPH_NOTICE = "matplotlib is not installed, social cards will not be generated\n"
with contextlib.redirect_stdout(io.StringIO()) as printed:
    import sphinxext.opengraph  # noqa: F401
print(printed.getvalue().replace(OPENGRAPH_NOTICE, "", 1), end="")

project = "MS Blog Archive"
author = "The MS Blog Archive editors"
copyright = "the original authors and commenters"
language = "en"

extensions = ["msblog.sphinxext", "sphinx_design", "sphinxext.opengraph", "notfound.extension"]

# Content lives in index.md (msblog adds the folders of posts and of the registry); comments/ is read by msblog,
# never as pages.
root_doc = "index"
include_patterns = ["index.md"]
exclude_patterns = ["_build", ".venv"]
nitpicky = True
# What a source says is kept whole: straight quotes, "--" and "..." are not made typographic.
smartquotes = False

myst_heading_anchors = 3

# Titles of the papers posts cite come only from a BibTeX file editors keep (msblog.sphinxext.citations): by default
# papers.bib, if the site has one; msblog_bibliography names another file in the site. Without it, or for a paper it
# lacks, a citation is titled by its identifier. Nothing is fetched as the site builds.

# Canonical address: Read the Docs gives it; MSBLOG_BASEURL overrides it locally.
html_baseurl = os.environ.get(
    "MSBLOG_BASEURL",
    os.environ.get("READTHEDOCS_CANONICAL_URL", "https://ms-blog-archive.readthedocs.io/en/latest/"),
)

# ABlog: posts are every page under posts/, reached through archives, tags and the index page.
blog_title = "MS Blog Archive"
blog_path = "blog"
blog_baseurl = html_baseurl
blog_feed_fulltext = True
blog_feed_archives = False
blog_feed_length = 50
blog_feed_subtitle = "Posts from Prof G's MS research blog, archived with their discussions"
post_auto_excerpt = 1
post_date_format = "%d %B %Y"
post_date_format_short = "%d %b %Y"

# Open Graph cards and a 404 page, from the ecosystem's extensions (the sitemap is msblog's).
ogp_site_url = html_baseurl
ogp_site_name = "MS Blog Archive"
ogp_enable_meta_description = True
ogp_social_cards = {"enable": False}
notfound_urls_prefix = urlsplit(html_baseurl).path or "/"
notfound_template = "404.html"  # its links at the addresses of the builder (html or dirhtml)
notfound_context = {"title": "Page not found", "home": html_baseurl}

html_theme = "furo"
# Text and links at 7:1 contrast or more in both schemes (WCAG 1.4.6).
html_theme_options = {
    "light_css_variables": {
        "color-foreground-secondary": "#3b3d42",
        "color-foreground-muted": "#454850",
        "color-brand-primary": "#163a94",
        "color-brand-content": "#163a94",
        "color-brand-visited": "#5e1fa3",
    },
    "dark_css_variables": {
        "color-foreground-primary": "#e3e4e6",
        "color-foreground-secondary": "#c6c9ce",
        "color-foreground-muted": "#b8bcc2",
        "color-brand-primary": "#9cc8ff",
        "color-brand-content": "#9cc8ff",
        "color-brand-visited": "#d4b0f5",
    },
}
html_title = "MS Blog Archive"
# sphinx-design adds its folder to html_static_path as the builder starts, after Sphinx has compared this
# configuration with the last build's: it is here from the start (setup() drops sphinx-design's second copy).
html_static_path = ["_static", str(SPHINX_DESIGN_STATIC)]
# Sphinx writes a stylesheet's default priority (800) into html_css_files as the builder starts: given here, the
# setting reads the same before and after, and a build with nothing changed says nothing changed.
html_css_files = [("msblog.css", {"priority": 800})]
templates_path = ["_templates"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/archive-links.html",
        "ablog/postcard.html",
        "sidebar/scroll-end.html",
    ]
}


def keep_each_static_folder_once(app):
    """html_static_path as conf.py set it, less the folders extensions added again."""
    app.config.html_static_path[:] = list(dict.fromkeys(app.config.html_static_path))


def setup(app):
    # furo, the theme, is set up with the extensions: its option pygments_dark_style then exists when Sphinx compares
    # this configuration with the last build's (a theme is set up later, so the option seemed new every build).
    app.setup_extension("furo")
    app.connect("builder-inited", keep_each_static_folder_once, priority=900)  # after sphinx-design's (500)

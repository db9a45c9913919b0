"""Sphinx configuration for the MS Blog Archive."""

import os

project = "MS Blog Archive"
author = "The MS Blog Archive editors"
copyright = "the original authors and commenters"
language = "en"

extensions = ["msblog.sphinxext", "sphinx_design"]

# Content lives in index.md and posts/; comments/ is read by msblog, never as pages.
root_doc = "index"
include_patterns = ["index.md", "posts/**"]
exclude_patterns = ["_build", ".venv"]
nitpicky = True

myst_heading_anchors = 3

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

html_theme = "furo"
html_title = "MS Blog Archive"
html_static_path = ["_static"]
html_css_files = ["msblog.css"]
templates_path = ["_templates"]
html_sidebars = {
    "**": [
        "sidebar/brand.html",
        "sidebar/search.html",
        "sidebar/scroll-start.html",
        "sidebar/archive-links.html",
        "ablog/postcard.html",
        "ablog/recentposts.html",
        "ablog/archives.html",
        "ablog/tagcloud.html",
        "sidebar/scroll-end.html",
    ]
}

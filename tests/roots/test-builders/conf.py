from tests.roots.shared_conf import *  # noqa: F403

# Served from the top of a host, as the real site is on Read the Docs.
html_baseurl = blog_baseurl = "https://archive.example/"
msblog_listing_size = 2  # listings and mention lists of two pages and more

from tests.roots.shared_conf import *  # noqa: F403

extensions = ["msblog.sphinxext", "msblog.sphinxext.citation_pages", "sphinxext.opengraph"]  # pages; how they share
project = "Test Archive"
html_baseurl = "https://example.org/"
ogp_site_url = html_baseurl

from tests.roots.shared_conf import *  # noqa: F403

extensions = [*extensions, "sphinxext.opengraph"]  # noqa: F405
project = "Test Archive"
html_baseurl = "https://example.org/"
ogp_site_url = html_baseurl

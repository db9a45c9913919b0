from tests.roots.shared_conf import *  # noqa: F403

html_sidebars = {"**": ["ablog/postcard.html"]}
html_baseurl = "https://example.org/"

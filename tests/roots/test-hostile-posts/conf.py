from tests.roots.shared_conf import *  # noqa: F403
from tests.roots.shared_conf import extensions

extensions = [*extensions, "sphinxext.opengraph"]
ogp_site_url = "https://example.org/"
ogp_social_cards = {"enable": False}
blog_feed_length = 1

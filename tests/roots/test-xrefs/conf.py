extensions = ["msblog.sphinxext"]
html_theme = "furo"
include_patterns = ["index.md", "posts/**"]
blog_baseurl = "https://example.org/"
blog_feed_fulltext = True
nitpicky = True
myst_enable_extensions = ["colon_fence"]
blog_post_pattern = "posts/*/*/*"

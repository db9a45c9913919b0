"""What every test root's conf.py shares: msblog on furo with a feed."""

extensions = ["msblog.sphinxext"]
html_theme = "furo"
include_patterns = ["index.md", "posts/**"]
blog_baseurl = "https://example.org/"
blog_feed_fulltext = True
nitpicky = True
smartquotes = False  # as conf.py: what a source says is kept whole

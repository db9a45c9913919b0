"""msblog: archive a blog and its reader discussions as a Sphinx site."""

__version__ = "0.1.0"

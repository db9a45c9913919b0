"""Every reach of msblog into ABlog's or Sphinx's internals, in one place.

Each entry says what it relies on, the upstream issue or pull request that
would make it unnecessary, and the versions it was checked against; a test in
``tests/sphinxext/test_compat.py`` fails, naming the entry, when what it relies
on has changed.
"""

from __future__ import annotations

from datetime import date, timedelta

import ablog.post
from ablog.blog import TOMORROW, Blog
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

# --- ABlog's record of the posts (ablog 0.11) ---------------------------------------------------------------
# ABlog keeps what it read of each post in ``env.ablog_posts`` (docname -> list of dicts: title, date,
# author, excerpt, doctree...), with no accessor of its own.


def ablog_posts(env: BuildEnvironment) -> dict[str, list[dict]]:
    """ABlog's record of each post read, by docname (empty before ABlog has read one)."""
    return getattr(env, "ablog_posts", {})


def ablog_blog(app: Sphinx) -> Blog:
    """ABlog's catalogs of this build's posts, made from ``env.ablog_posts`` if ABlog has not made them yet."""
    blog = Blog(app)
    if not blog:
        ablog.post.register_posts(app)  # undocumented: what ABlog's own writers call first
    return blog


# The day ABlog publishes posts up to: it treats a post dated after it as a draft (ablog.blog.TOMORROW).
BUILD_DAY: date = (TOMORROW - timedelta(days=1)).date()

"""ABlog's full copy of each post, kept only for the posts its full-text feed can show.

ABlog copies every post's document into the environment for its full-text Atom
feed, which shows only the newest ``blog_feed_length`` posts: at 10,000 posts
those copies were 53 of the environment's 85 MB, loaded and saved by every
build. Once read, the copies of posts older than twice the feed's length are
dropped. Only the posts ABlog publishes count: to ABlog a post dated after the
day of the build is a draft, which its feed leaves out (and the build refuses).
A post that comes that near the top again (newer posts deleted, a longer feed)
is read again for its copy; should the feed still reach a post without one, it
shows that post's excerpt and says so.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from msblog.sphinxext import compat, stages

logger = logging.getLogger(__name__)


def kept(env: BuildEnvironment, config) -> set[str] | None:
    """The published posts whose full copy is kept: those with fewer than twice the feed's length newer than them.

    ``None`` keeps every copy (a feed without a length).
    """
    if not config.blog_feed_fulltext or config.blog_feed_titles:
        return set()
    if not config.blog_feed_length:
        return None
    dated = sorted(((info["date"], docname) for docname, infos in compat.ablog_posts(env).items()
                    for info in infos if compat.published(info)), reverse=True)
    keep = 2 * config.blog_feed_length
    if len(dated) <= keep:
        return {docname for _, docname in dated}
    oldest = dated[keep - 1][0]
    return {docname for date, docname in dated if date >= oldest}


def missing_copies(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Posts near enough the top of the feed whose copy was dropped: read them again."""
    posts = compat.ablog_posts(env)
    wanted = kept(env, app.config)
    return sorted(docname for docname in (posts if wanted is None else wanted)
                  if docname in posts and not all(compat.has_full_copy(info) for info in posts[docname]))


def drop_copies(app: Sphinx, env: BuildEnvironment) -> None:
    """Drop the full copies of the posts the feed cannot reach."""
    wanted = kept(env, app.config)
    if wanted is None:
        return
    for docname, infos in compat.ablog_posts(env).items():
        if docname not in wanted:
            for info in infos:
                compat.drop_full_copy(info)


def excerpt_for_missing_copies(app: Sphinx) -> list:
    """Before ABlog writes the feed: a post in it without its full copy shows its excerpt, with a warning."""
    config = app.config
    if not config.blog_feed_fulltext or config.blog_feed_titles or not compat.ablog_posts(app.env):
        return []
    blog = compat.ablog_blog(app)
    newest = sorted(blog.posts, key=lambda post: post.date, reverse=True)[:config.blog_feed_length or None]
    for post in newest:
        if compat.excerpt_for_missing_copy(post):
            logger.warning(f"the feed shows only the excerpt of {post.docname}: its full text was not kept; "
                           "a clean build (make clean html) restores it", type="msblog", subtype="feed",
                           location=post.docname)
    return []


def setup(app: Sphinx) -> dict:
    app.setup_extension("ablog")
    app.connect("env-get-outdated", missing_copies)
    app.connect("env-updated", drop_copies)
    app.connect("html-collect-pages", excerpt_for_missing_copies, priority=stages.BEFORE_WRITERS)  # ABlog's feeds
    return {"parallel_read_safe": True, "parallel_write_safe": True}

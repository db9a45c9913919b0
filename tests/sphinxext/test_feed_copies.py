"""ABlog's full copy of a post is kept only where the full-text feed can reach it, and the feed stays whole."""

from __future__ import annotations

import shutil
from pathlib import Path

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.sphinxext import compat, feed_copies
from tests.helpers import built_app, copy_root, parse_html, rebuild, write_files
from tests.sphinxext.feed_entries import feed_entry

POSTS = ["posts/2016/01/first", "posts/2016/02/second", "posts/2016/03/third"]  # oldest first


def with_feed_of_one(build_root) -> SphinxTestApp:
    app = build_root()
    (app.srcdir / "conf.py").write_text((app.srcdir / "conf.py").read_text() + "blog_feed_length = 1\n")
    app.cleanup()
    again = SphinxTestApp("html", srcdir=app.srcdir, builddir=app.outdir.parent, freshenv=True)
    again.build()
    return again


def copies(app) -> dict[str, bool]:
    return {docname: compat.has_full_copy(infos[0]) for docname, infos in sorted(compat.ablog_posts(app.env).items())}


def feed_text(app) -> str:
    return feedparser.parse((app.outdir / "blog" / "atom.xml").read_text()).entries[0].content[0].value


def test_only_posts_within_twice_the_feed_keep_their_full_copy(build_root):
    app = with_feed_of_one(build_root)
    assert copies(app) == {POSTS[0]: False, POSTS[1]: True, POSTS[2]: True}
    assert feedparser.parse((app.outdir / "blog" / "atom.xml").read_text()).entries[0].title == "The third post"
    app.cleanup()


def test_a_post_that_comes_near_the_top_again_is_read_again_for_its_copy(build_root, tmp_path):
    app = with_feed_of_one(build_root)
    for docname in POSTS[1:]:  # the two newest posts are deleted: the first is now the feed
        (app.srcdir / f"{docname}.md").unlink()
        (app.srcdir / docname.replace("posts/", "comments/")).with_suffix(".md").unlink()
    warnings = rebuild(app).splitlines()
    assert warnings and all("[myst.xref_missing]" in line for line in warnings)  # the first links to the second
    assert copies(app) == {POSTS[0]: True}
    incremental = feed_text(app)
    app.cleanup()
    shutil.copytree(app.srcdir, tmp_path / "clean")
    clean = SphinxTestApp("html", srcdir=tmp_path / "clean", builddir=tmp_path / "clean" / "_build")
    clean.build()
    assert incremental == feed_text(clean) and incremental.strip()
    clean.cleanup()


def test_a_feed_that_reaches_a_post_without_its_copy_shows_the_excerpt_and_says_so(build_root, monkeypatch):
    app = with_feed_of_one(build_root)
    monkeypatch.setattr(feed_copies, "kept", lambda env, config: set())  # nothing kept, nothing read again
    post = app.srcdir / f"{POSTS[0]}.md"
    post.write_text(post.read_text() + "\nAn edit.\n")
    warnings = rebuild(app)
    assert f"the feed shows only the excerpt of {POSTS[2]}" in warnings
    assert feed_text(app).strip()
    app.cleanup()


QUOTED = '<img src="photo.jpg"> and <a href="#top">top</a> and <a href="../about.html">about</a>'
CODE_POST = f"""---
date: 2016-03-06
author: Ed
---

# Quoting HTML

How the old blog embedded a picture, [quoted](#quoting-html) exactly, after [the first post](../01/first.md):

```text
{QUOTED}
```

Indented code, as an imported `<pre>` becomes:

    {QUOTED}
"""


@pytest.fixture(scope="module")
def quoting(tmp_path_factory):
    site = copy_root("xrefs", tmp_path_factory.mktemp("quoting"),
                     lambda root: write_files(root, {"posts/2016/03/code.md": CODE_POST}))
    yield from built_app(site)


def test_the_feed_shows_quoted_html_as_written_and_its_own_links_absolute(quoting):
    entry = feed_entry(quoting.outdir, "posts/2016/03/code")
    page = parse_html(quoting.outdir / "posts/2016/03/code.html")
    assert [pre.get_text() for pre in entry.select("pre")] == [pre.get_text() for pre in page.select("article pre")] \
        == [f"{QUOTED}\n"] * 2
    assert [a["href"] for a in entry.select("a")] == ["https://example.org/posts/2016/03/code.html#quoting-html",
                                                      "https://example.org/posts/2016/01/first.html"]

"""The layout in the build: a setting it cannot use stops the build at its line in conf.py."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp


@pytest.mark.parametrize(("settings", "line", "setting"), [
    ("msblog_posts_dir = '../outside'", 3, "msblog_posts_dir"),
    ("msblog_blog = 'my.blog'", 3, "msblog_blog"),
    ("msblog_comments_dir = 'posts/comments'", 3, "msblog_comments_dir"),  # an overlap
    ("msblog_comments_dir = '*'", 3, "msblog_comments_dir"),  # a glob, which would leave every folder out
    ("blog_path = '../../escaped'", 3, "blog_path"),  # ABlog's listings and feed out of the output folder
    ("blog_path = '/tmp/escaped'", 3, "blog_path"),
    ("msblog_registry_dir = 'blog'", 3, "msblog_registry_dir"),  # dirhtml's "All posts" over the registry's index
    ("msblog_posts_dir = 'posts'\nmsblog_posts_dir = '/etc'", 4, "msblog_posts_dir"),  # the last, which holds
    ("msblog_posts_dir = 'comments/posts'", 3, "msblog_posts_dir"),  # not the default comments, which no line sets
])
@pytest.mark.parametrize("builder", ["html", "dirhtml"])
def test_a_setting_the_layout_cannot_use_stops_the_build_at_its_line(tmp_path, settings, line, setting, builder):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(f'extensions = ["msblog.sphinxext"]\n\n{settings}\n', encoding="utf-8")
    (site / "index.md").write_text("# Home\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{site / 'conf.py'}:{line}: {setting} "):
        SphinxTestApp(builder, srcdir=site, builddir=site / "_build")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]

"""The layout in the build: a setting it cannot use stops the build at its line in conf.py."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp


@pytest.mark.parametrize("setting, value", [("msblog_posts_dir", "'../outside'"), ("msblog_blog", "'my.blog'"),
                                            ("msblog_comments_dir", "'posts/comments'")])
def test_a_setting_the_layout_cannot_use_stops_the_build_at_its_line(tmp_path, setting, value):
    (tmp_path / "conf.py").write_text(f'extensions = ["msblog.sphinxext"]\n\n{setting} = {value}\n', encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"^{tmp_path / 'conf.py'}:3: {setting} "):
        SphinxTestApp("html", srcdir=tmp_path, builddir=tmp_path / "_build")

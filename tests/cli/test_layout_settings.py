"""``msblog import`` and ``msblog check`` refuse a folder setting the build refuses, at the line whose value holds."""

from __future__ import annotations

import pytest

from msblog.cli import main
from tests.helpers import TESTS

CURRENT = TESTS / "fixtures" / "exports" / "blogger-current.atom"
INSIDE = "must name a folder inside the site, written as portable slugs joined by / (as archive/posts)"
OWN = "posts, discussions, the registry and ABlog's listings (blog_path) each need a folder of their own"
# conf.py after its first line: the line reported, and the message.
SETTINGS = {
    'blog_path = "../../escaped"': (2, f"blog_path {INSIDE}: '../../escaped': '..': it holds ., which a slug may not "
                                       "(it has only lower-case letters, digits, marks, - and _)"),
    'blog_path = "/srv/www/news"': (2, f"blog_path {INSIDE}: '/srv/www/news': it begins with /"),
    'msblog_comments_dir = "*"': (2, f"msblog_comments_dir {INSIDE}: '*': it holds *, which a slug may not "
                                     "(it has only lower-case letters, digits, marks, - and _)"),
    'msblog_registry_dir = "blog"': (2, f"msblog_registry_dir 'blog' overlaps blog_path 'blog': {OWN}"),
    'msblog_posts_dir = "posts"\n# at last:\nmsblog_posts_dir = "/etc"': (4, f"msblog_posts_dir {INSIDE}: '/etc': it begins with /"),
    '\nmsblog_posts_dir = "comments/posts"': (3, f"msblog_posts_dir 'comments/posts' overlaps msblog_comments_dir 'comments': {OWN}"),
}


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("command", ["import", "check"])
def test_a_folder_setting_the_build_refuses_is_refused_at_the_line_that_holds_and_nothing_is_written(
        tmp_path, capsys, settings, command):
    site = tmp_path / "site"
    site.mkdir()
    (site / "conf.py").write_text(f'project = "A diary"\n{settings}\n')
    argv = ["import", "blogger", str(CURRENT)] if command == "import" else ["check"]
    assert main([*argv, "--site", str(site)]) == 1
    line, message = SETTINGS[settings]
    assert capsys.readouterr() == ("", f"{site / 'conf.py'}:{line}: {message}\n")
    assert [path.name for path in tmp_path.rglob("*")] == ["site", "conf.py"]

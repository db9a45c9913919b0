"""Reading the archive's content: only from the site's folder, found as Sphinx finds pages."""

from __future__ import annotations

import pytest

from msblog.model.errors import ContentError, content_files, read_utf8

LINKED_OUT = "the file is a symbolic link to a file outside the site's folder"


def test_a_file_linked_from_outside_the_site_is_refused_at_its_first_line(tmp_path):
    site = tmp_path / "site"
    (site / "posts").mkdir(parents=True)
    (tmp_path / "secret.md").write_text("SECRET\n")
    (site / "posts/in.md").write_text("Mine\n")
    (site / "posts/out.md").symlink_to(tmp_path / "secret.md")
    (site / "posts/alias.md").symlink_to(site / "posts/in.md")  # a link within the site is the site's own
    assert read_utf8(site / "posts/alias.md", site) == "Mine\n"
    with pytest.raises(ContentError) as error:
        read_utf8(site / "posts/out.md", site)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (site / "posts/out.md", 1) and problem.message.startswith(LINKED_OUT)


def test_content_files_follow_linked_folders_once_and_end_at_a_loop(tmp_path):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/far.md").write_text("x")
    posts = tmp_path / "posts"
    (posts / "2016").mkdir(parents=True)
    (posts / "2016/a.md").write_text("x")
    (posts / "2016/notes.txt").write_text("x")
    (posts / "2017").symlink_to(tmp_path / "outside")
    (posts / "2016/loop").symlink_to(posts)  # back up to where it started
    assert [path.relative_to(posts).as_posix() for path in content_files(posts)] == ["2016/a.md", "2017/far.md"]



def test_a_file_is_read_as_sphinx_reads_a_page(tmp_path):
    """Without a byte order mark before it, Windows's line ends read as line ends: msblog's rules, reading the file
    as it was, saw no front matter where Sphinx read one."""
    (tmp_path / "page.md").write_bytes(b"\xef\xbb\xbf---\r\ndate: 2016-01-01\r\n---\r\n")
    assert read_utf8(tmp_path / "page.md", tmp_path) == "---\ndate: 2016-01-01\n---\n"


def test_a_line_ended_by_a_carriage_return_alone_is_a_line_as_sphinx_reads_it(tmp_path):
    """docutils opens a page with Python's universal newlines: an old Mac's ``\r`` ends a line too."""
    (tmp_path / "page.md").write_bytes(b"---\rdate: 2016-01-01\r\n---\rText\r")
    assert read_utf8(tmp_path / "page.md", tmp_path) == "---\ndate: 2016-01-01\n---\nText\n"
    assert read_utf8(tmp_path / "page.md", tmp_path) == (tmp_path / "page.md").read_text(encoding="utf-8")

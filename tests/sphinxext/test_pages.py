"""An incremental build deletes only what the output held and this build no longer writes."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import build, incremental_and_clean, new_site, parse_html, write_files


def post(title: str, date: str, redirect: str = "") -> str:
    old_path = f"redirect: {redirect}\n" if redirect else ""
    return f"---\ndate: {date}\n{old_path}---\n\n# {title}\n\nText.\n"


def two_posts(tmp_path: Path, redirect: str = "", pagefind: bool = False) -> Path:
    """A site of two posts, the first with the old path ``redirect``, if any; searched by Pagefind or Sphinx."""
    site = new_site(tmp_path)
    (site / "conf.py").write_text((site / "conf.py").read_text() + f"msblog_pagefind = {pagefind}\n")
    return write_files(site, {"posts/2016/01/first.md": post("The first post", "2016-01-01", redirect),
                              "posts/2016/03/third.md": post("The third post", "2016-03-03")})


def files(root: Path) -> dict[str, str]:
    """Every file of a built site but Sphinx's .buildinfo (and .bak), with the title of each page (a moved post's says
    so)."""
    return {path.relative_to(root).as_posix(): parse_html(path).title.get_text() if path.suffix == ".html" else ""
            for path in root.rglob("*") if path.is_file() and not path.name.startswith(".buildinfo")}


def test_an_old_path_given_to_the_address_of_a_deleted_post_is_written_and_kept(tmp_path):
    """Two posts merged: the first deleted, the third takes its address as an old path."""
    def merge(site: Path) -> None:
        (site / "posts/2016/01/first.md").unlink()
        write_files(site, {"posts/2016/03/third.md": post("The third post", "2016-03-03", "posts/2016/01/first")})

    incremental, clean = incremental_and_clean(tmp_path, two_posts(tmp_path), merge)
    assert files(incremental)["posts/2016/01/first.html"] == "The third post (moved)"
    assert files(incremental) == files(clean)


def test_a_page_the_site_ships_in_place_of_a_deleted_post_is_kept(tmp_path):
    def replace(site: Path) -> None:
        (site / "posts/2016/03/third.md").unlink()
        write_files(site, {"extra/posts/2016/03/third.html": "<title>Written by hand</title>"})
        (site / "conf.py").write_text((site / "conf.py").read_text() + "html_extra_path = ['extra']\n")

    incremental, clean = incremental_and_clean(tmp_path, two_posts(tmp_path), replace)
    assert files(incremental)["posts/2016/03/third.html"] == "Written by hand"
    assert files(incremental) == files(clean)


def test_a_post_at_an_old_path_given_up_in_the_same_edit_is_kept(tmp_path):
    def give_up(site: Path) -> None:
        write_files(site, {"posts/2016/01/first.md": post("The first post", "2016-01-01"),
                           "posts/2016/03/new.md": post("The new post", "2016-03-04")})

    incremental, clean = incremental_and_clean(tmp_path, two_posts(tmp_path, "posts/2016/03/new"), give_up)
    assert files(incremental)["posts/2016/03/new.html"].startswith("The new post")
    assert files(incremental) == files(clean)


def test_sphinx_s_own_search_page_written_in_place_of_msblog_s_is_kept(tmp_path):
    def search_off(site: Path) -> None:
        (site / "conf.py").write_text((site / "conf.py").read_text() + "msblog_pagefind = False\n")

    incremental, clean = incremental_and_clean(tmp_path, two_posts(tmp_path, pagefind=True), search_off)
    sphinx_s = "Search - Project name not set  documentation"
    assert files(incremental)["search.html"] == files(clean)["search.html"] == sphinx_s

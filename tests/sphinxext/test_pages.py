"""An incremental build deletes only what the output held and this build no longer writes, and never through a link."""

from __future__ import annotations

from pathlib import Path

from sphinx.testing.util import SphinxTestApp

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


def linked_output(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A site whose output's posts folder is a symbolic link to a folder elsewhere: the site, its output, the folder."""
    site, out, outside = two_posts(tmp_path), tmp_path / "_build", tmp_path / "outside/posts"
    outside.mkdir(parents=True)
    (out / "html").mkdir(parents=True)
    (out / "html/posts").symlink_to(outside)
    return site, out, outside


def build_warnings(site: Path, out: Path) -> str:
    """The warnings of one build of ``site`` into ``out``, which must end without an error."""
    app = SphinxTestApp("html", srcdir=site, builddir=out)
    try:
        app.build()
    finally:
        app.cleanup()
    assert app.statuscode == 0
    return app.warning.getvalue()


def test_nothing_is_deleted_through_a_symbolic_link_in_the_output_and_the_build_says_so(tmp_path):
    site, out, outside = linked_output(tmp_path)
    build(site, out)
    (site / "posts/2016/03/third.md").unlink()
    warnings = build_warnings(site, out)
    assert (f"posts/2016/03/third.html is not deleted: a symbolic link in the output folder leads it to "
            f"{outside.resolve()}/2016/03/third.html") in warnings
    assert (outside / "2016/03/third.html").is_file() and (out / "html/posts").is_symlink()
    assert "posts/2016/03/third.html is not deleted" in build_warnings(site, out)  # said again until dealt with
    (outside / "2016/03/third.html").unlink()
    assert "not deleted" not in build_warnings(site, out)
    assert (outside / "2016/03").is_dir()  # no folder behind the link is removed


def test_a_linked_folder_left_empty_stays_and_the_build_ends_well(tmp_path):
    site, out, outside = linked_output(tmp_path)
    build(site, out)
    for path in ("outside/posts/2016/01/first.html", "outside/posts/2016/03/third.html"):
        (tmp_path / path).unlink()  # as if deleted by hand
    for name in ("first", "third"):
        (site / "posts/2016" / ("01" if name == "first" else "03") / f"{name}.md").unlink()
    assert "not deleted" not in build_warnings(site, out)
    assert (out / "html/posts").is_symlink() and outside.is_dir()


def test_a_page_that_is_a_symbolic_link_is_not_deleted(tmp_path):
    site = two_posts(tmp_path)
    out = build(site, tmp_path / "_build")
    kept = tmp_path / "kept.html"
    kept.write_text("<title>Kept</title>")
    (out / "posts/2016/03/third.html").unlink()
    (out / "posts/2016/03/third.html").symlink_to(kept)
    (site / "posts/2016/03/third.md").unlink()
    assert "posts/2016/03/third.html is not deleted" in build_warnings(site, tmp_path / "_build")
    assert kept.is_file() and (out / "posts/2016/03/third.html").is_symlink()

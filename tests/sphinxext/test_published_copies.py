"""Sphinx's copies of a site's files (sources, downloads, images) go when no page has them: incremental equals clean."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import build, incremental_and_clean, new_site, write_files

# The smallest PNG: one transparent pixel.
PIXEL = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8cfc0f01f0005"
                      "0001ff5ca1d6bb0000000049454e44ae426082")


def post(site: Path, path: str, day: int, body: str) -> None:
    page = site / f"posts/{path}.md"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"---\ndate: 2016-01-{day:02d}\n---\n\n# Post {path}\n\n{body}\n")


def files(root: Path) -> set[str]:
    """The files of a built site, but its search index (Pagefind's own: tests/sphinxext/test_search.py)."""
    return {path.relative_to(root).as_posix() for path in root.rglob("*")
            if path.is_file() and path.relative_to(root).parts[0] != "pagefind"}


def copies(root: Path) -> set[str]:
    return {path for path in files(root) if path.startswith(("_sources/", "_downloads/", "_images/"))}


def test_copies_of_a_deleted_post_and_of_a_removed_image_go_in_an_incremental_build(tmp_path):
    site = new_site(tmp_path)
    post(site, "2016/01/kept", 1, "![A dot](dot.png)")
    post(site, "2016/01/gone", 2, "![A chart](chart.png)")
    for name in ("dot.png", "chart.png"):
        (site / "posts/2016/01" / name).write_bytes(PIXEL)

    def edit(site: Path) -> None:
        (site / "posts/2016/01/gone.md").unlink()
        post(site, "2016/01/kept", 1, "Its image taken out.")

    incremental, clean = incremental_and_clean(tmp_path, site, edit)
    assert copies(incremental) == {"_sources/index.md.txt", "_sources/posts/2016/01/kept.md.txt"}
    assert files(incremental) == files(clean)


def test_a_download_an_earlier_build_copied_is_deleted_when_no_page_offers_it(tmp_path):
    """The archive's pages offer no downloads (the build refuses them); a site of pages alone may."""
    site = write_files(tmp_path / "site", {
        "conf.py": "extensions = ['myst_parser', 'msblog.sphinxext.pages']\n",
        "index.md": "# Home\n\nThe {download}`table <table.csv>`.\n", "table.csv": "a,b\n"})
    out = build(site, tmp_path / "out")
    assert [path.name for path in (out / "_downloads").rglob("*.csv")] == ["table.csv"]
    (site / "index.md").write_text("# Home\n\nNo table.\n")
    build(site, tmp_path / "out")
    assert not list((out / "_downloads").iterdir())


def test_files_in_downloads_no_build_copied_are_kept(tmp_path):
    """A file the site ships there (html_extra_path), or an editor put there, is no copy of Sphinx's."""
    site = new_site(tmp_path)
    post(site, "2016/01/kept", 1, "Text.")
    write_files(site, {"extra/_downloads/press-kit.txt": "Press kit\n"})
    (site / "conf.py").write_text((site / "conf.py").read_text() + "html_extra_path = ['extra']\n")
    out = build(site, tmp_path / "out")
    assert (out / "_downloads/press-kit.txt").read_text() == "Press kit\n"
    (out / "_downloads/notes.txt").write_text("An editor's\n")
    post(site, "2016/01/kept", 1, "Text, edited.")
    build(site, tmp_path / "out")
    assert {path.name for path in (out / "_downloads").iterdir()} == {"press-kit.txt", "notes.txt"}

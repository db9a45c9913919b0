"""Sphinx's copies of a site's files (sources, downloads, images) go when no page has them: incremental equals clean."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import incremental_and_clean, new_site

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


def test_copies_of_a_deleted_post_and_of_a_removed_link_go_in_an_incremental_build(tmp_path):
    site = new_site(tmp_path)
    post(site, "2016/01/kept", 1, "A [table](table.csv) and ![a dot](dot.png).")
    post(site, "2016/01/gone", 2, "The [data](data.csv) and ![a chart](chart.png).")
    for name in ("table.csv", "data.csv"):
        (site / "posts/2016/01" / name).write_text("a,b\n")
    for name in ("dot.png", "chart.png"):
        (site / "posts/2016/01" / name).write_bytes(PIXEL)

    def edit(site: Path) -> None:
        (site / "posts/2016/01/gone.md").unlink()
        post(site, "2016/01/kept", 1, "Its links taken out.")

    incremental, clean = incremental_and_clean(tmp_path, site, edit)
    copies = {path for path in files(incremental) if path.startswith(("_sources/", "_downloads/", "_images/"))}
    assert copies == {"_sources/index.md.txt", "_sources/posts/2016/01/kept.md.txt"}
    assert files(incremental) == files(clean)
    assert not [folder for folder in (incremental / "_downloads").iterdir()]

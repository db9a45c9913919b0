"""A post's page when it is written: a note on its age, the posts before and after it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from msblog.sphinxext import compat
from msblog.sphinxext.posts import five_years_before
from tests.helpers import build, copy_root, incremental_and_clean, pagefind_pages, parse_html, words, write_files

OLDEST, QUIET, MIDDLE, UNDATED = ("posts/2010/03/oldest", "posts/2012/01/quiet", "posts/2012/06/middle",
                                  "posts/2014/01/undated")


def neighbours(outdir, post: str) -> dict:
    """What a post's page links before and after it: in its head, and after its text."""
    html = parse_html(outdir / f"{post}.html")
    shown = [(words(p.select_one(".post-neighbour-label").get_text()), words(p.a.get_text()), p.a["href"])
             for p in html.select("nav.post-neighbours p")]
    return {"head": [(link["rel"][0], link["href"]) for link in html.head.select('link[rel="prev"], link[rel="next"]')],
            "shown": shown}


def age_note(outdir, post: str) -> tuple[str, list[str]] | None:
    note = parse_html(outdir / f"{post}.html").select_one("p.archive-age")
    return (words(note.get_text()), [a["href"] for a in note.find_all("a")]) if note else None


# --- Previous and next posts -----------------------------------------------------------------------------------------

def test_each_post_links_the_posts_before_and_after_it(post_pages):
    assert neighbours(post_pages, OLDEST) == {
        "head": [("next", "../../2012/01/quiet.html")],
        "shown": [("Next post", "A post nobody commented on", "../../2012/01/quiet.html")]}
    assert neighbours(post_pages, QUIET) == {
        "head": [("prev", "../../2010/03/oldest.html"), ("next", "../06/middle.html")],
        "shown": [("Previous post", "The oldest post </script><!--", "../../2010/03/oldest.html"),
                  ("Next post", "The middle post", "../06/middle.html")]}
    assert neighbours(post_pages, MIDDLE)["head"] == [("prev", "../01/quiet.html")]
    assert neighbours(post_pages, UNDATED) == {"head": [], "shown": []}  # a draft is no post in time


def test_the_links_follow_the_text_before_related_posts_and_the_discussion(post_pages):
    html = parse_html(post_pages / f"{MIDDLE}.html")
    nav = html.select_one("nav.post-neighbours")
    assert nav["aria-label"] == "Previous and next posts"
    assert [sibling.get("id") for sibling in nav.find_next_siblings("section")] == ["related-posts", "discussion"]
    assert nav.find_previous_sibling("p").get_text().startswith("Short first sentence.")


def _add_a_post_between(site):
    write_files(site, {"posts/2011/05/between.md": "---\ndate: '2011-05-01'\n---\n\n# A post in between\n\nText.\n"})


def _retitle_a_neighbour(site):
    quiet = site / f"{QUIET}.md"
    quiet.write_text(quiet.read_text().replace("# A post nobody commented on", "# A quiet post, retitled"))


def _remove_a_post(site):
    (site / f"{QUIET}.md").unlink()


@pytest.mark.parametrize("edit, after_the_oldest", [(_add_a_post_between, "A post in between"),
                                                     (_retitle_a_neighbour, "A quiet post, retitled"),
                                                     (_remove_a_post, "The middle post")])
def test_an_edit_next_to_a_post_writes_it_again_as_a_clean_build_writes_it(tmp_path, edit, after_the_oldest):
    incremental, clean = incremental_and_clean(tmp_path, copy_root("post-pages", tmp_path / "site"), edit)
    assert neighbours(incremental, OLDEST)["shown"][0][1] == after_the_oldest  # the oldest post was not edited
    for path in sorted(clean.glob("posts/**/*.html")):
        post = path.relative_to(clean).with_suffix("").as_posix()
        assert neighbours(incremental, post) == neighbours(clean, post), post


# --- Old posts ------------------------------------------------------------------------------------------------------

def test_an_old_post_says_so_under_its_title_naming_what_it_mentions(post_pages):
    assert age_note(post_pages, OLDEST) == (
        "Archived from 2010. Treatments and evidence may have changed since: see HSCT and alemtuzumab.",
        ["../../../therapies/hsct.html", "../../../therapies/alemtuzumab.html"])  # most mentioned first
    note = parse_html(post_pages / f"{OLDEST}.html").select_one("p.archive-age")
    assert note.find_previous_sibling().name == "h1" and "post-facts" in note.find_next_sibling()["class"]
    assert age_note(post_pages, MIDDLE) == ("Archived from 2012. Treatments and evidence may have changed since.", [])
    assert age_note(post_pages, UNDATED) is None


def test_five_years_back_from_the_day_of_the_build():
    assert five_years_before(date(2026, 5, 17)) == date(2021, 5, 17)
    assert five_years_before(date(2028, 2, 29)) == date(2023, 2, 28)


def test_a_post_turns_old_when_the_day_of_the_build_moves_and_is_written_again(tmp_path, monkeypatch):
    site = copy_root("post-pages", tmp_path / "site")
    day = five_years_before(compat.BUILD_DAY)
    young = f"posts/{day:%Y/%m}/young"
    write_files(site, {f"{young}.md": f"---\ndate: '{day.isoformat()}'\n---\n\n# Five years old today\n\nText.\n"})
    out = build(site, tmp_path / "out")
    assert age_note(out, young) is None  # five years old, not older
    monkeypatch.setattr(compat, "BUILD_DAY", compat.BUILD_DAY + timedelta(days=1))
    out = build(site, tmp_path / "out")  # nothing edited: a day later
    assert age_note(out, young) == (
        f"Archived from {day.year}. Treatments and evidence may have changed since.", [])


def test_the_age_note_and_the_neighbours_are_not_searched(post_pages):
    [record] = [record for url, record in pagefind_pages(post_pages).items() if url.endswith("/2012/01/quiet.html")]
    assert "It has no discussion file." in record["content"]
    assert [phrase for phrase in ("Archived from", "Treatments and evidence", "Previous post", "The oldest post")
            if phrase in record["content"]] == []


COLLIDING = """---
date: 2016-05-01
---

# Headings like the page's own parts

(comment-2)=
## Discussion

Text of the post.

## Related posts

## Papers and trials cited

Cites PMID: 21175342.

## Comment 1
"""


def test_a_post_s_headings_make_way_for_the_parts_msblog_adds(tmp_path):
    """A post's heading "Discussion" (or "Comment 1", a target "comment-2") keeps its place, under another id: the
    discussion, each comment, the related posts and the papers cited keep theirs, so links to them lead there."""
    def colliding_post(site: Path) -> None:
        (site / "posts/2016/05").mkdir(parents=True, exist_ok=True)
        (site / "posts/2016/05/colliding.md").write_text(COLLIDING)
        (site / "comments/2016/05").mkdir(parents=True, exist_ok=True)
        (site / "comments/2016/05/colliding.md").write_text(":::{comment} 1\n\nFirst.\n:::\n\n:::{comment} 2\n\nSecond.\n:::\n")

    out = build(copy_root("post-pages", tmp_path, colliding_post), tmp_path / "out")
    page = parse_html(out / "posts/2016/05/colliding.html")
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids))
    assert page.find(id="discussion").name == "section" and "comment-list" not in ids
    assert page.find(id="comment-1").name == page.find(id="comment-2").name == "article"
    assert page.find(id="papers-and-trials-cited").name == "section"
    headings = [(h.get_text(strip=True).rstrip("¶"), h.find_parent("section")["id"]) for h in page.select("h2")]
    assert headings == [("Discussion", "comment-2-in-post"), ("Related posts", "related-posts-in-post"),
                        ("Papers and trials cited", "papers-and-trials-cited-in-post"), ("Comment 1", "comment-1-in-post"),
                        ("Papers and trials cited", "papers-and-trials-cited"), ("Discussion", "discussion")]
    assert page.find(id="discussion-in-post").find_parent("section")["id"] == "comment-2-in-post"  # its own, kept

"""Related posts at the end of each post."""

from tests.helpers import parse_html, rebuild


def related(outdir, post: str) -> list[str]:
    return [a.get_text() for a in parse_html(outdir / post).select("#related-posts li a")]


def test_posts_sharing_entries_and_tags_are_related_before_the_discussion(xrefs):
    assert related(xrefs.outdir, "posts/2016/01/first.html") == ["The second post"]
    assert related(xrefs.outdir, "posts/2016/02/second.html") == ["The first post"]
    page = parse_html(xrefs.outdir / "posts/2016/01/first.html")
    assert page.select_one("#related-posts").find_next_sibling("section")["id"] == "discussion"


def test_a_post_sharing_nothing_has_no_related_posts(xrefs):
    assert not parse_html(xrefs.outdir / "posts/2016/03/third.html").select("#related-posts")


def test_related_posts_rank_by_shared_entries_then_tags(build_root):
    app = build_root()
    third = app.srcdir / "posts/2016/03/third.md"
    # Shares alemtuzumab and two tags with the first post (4 points); alemtuzumab and one tag with the second (3).
    third.write_text(third.read_text().replace("tags: Diet", "tags: Stem cells, Trials")
                     .replace("Nothing from the registry here, not even vitamin D.", "About Lemtrada."))
    assert rebuild(app) == ""
    assert related(app.outdir, "posts/2016/03/third.html") == ["The first post", "The second post"]
    # The first post was not edited, yet its list now holds the third post, after the second (5 points).
    assert related(app.outdir, "posts/2016/01/first.html") == ["The second post", "The third post"]

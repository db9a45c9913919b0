"""Related posts at the end of each post."""

from datetime import datetime, timezone

from hypothesis import given, settings
from hypothesis import strategies as st

from msblog.sphinxext.related import newest_first, rank_posts, rerank
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


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdefghij"), st.frozensets(st.sampled_from(["entry:x", "entry:y", "tag:t",
                                                                                   "tag:u", "tag:v"])), max_size=10),
       st.integers(min_value=1, max_value=4), st.lists(st.integers(min_value=0, max_value=3), min_size=10, max_size=10))
def test_ranking_equals_scoring_every_pair(features, limit, dates):
    order = {d: (dates["abcdefghij".index(d)], d) for d in features}  # equal dates: the name decides

    def by_pairs(docname):
        scores = {other: sum(2 if f.startswith("entry:") else 1 for f in features[docname] & found)
                  for other, found in features.items() if other != docname}
        return sorted((o for o, s in scores.items() if s), key=lambda o: (-scores[o], order[o]))[:limit]

    assert rank_posts(features, order, limit) == {d: by_pairs(d) for d in features}


FEATURES = st.frozensets(st.sampled_from(["entry:x", "entry:y", "tag:t", "tag:u", "tag:v"]))
POSTS = st.dictionaries(st.sampled_from("abcdefghij"), st.tuples(FEATURES, st.integers(0, 3)), max_size=10)


@settings(max_examples=500, deadline=None)
@given(POSTS, st.dictionaries(st.sampled_from("abcdefghij"), st.tuples(FEATURES, st.integers(0, 3)), max_size=2),
       st.sets(st.sampled_from("abcdefghij"), max_size=2), st.integers(min_value=1, max_value=4))
def test_an_update_after_edits_equals_a_new_ranking(before, edits, removed, limit):
    """Posts added, removed, retagged or redated: the lists kept up to date equal lists ranked anew."""
    after = {d: post for d, post in {**before, **edits}.items() if d not in removed}

    def inputs(posts):
        return {d: f for d, (f, _) in posts.items()}, {d: (date, d) for d, (_, date) in posts.items()}

    old_features, old_order = inputs(before)
    features, order = inputs(after)
    previous = rank_posts(old_features, old_order, limit)
    kept = {d: (old_features[d], old_order[d]) for d in before}
    assert rerank(features, order, limit, kept, previous) == rank_posts(features, order, limit)


def test_posts_are_ordered_newest_first_for_any_date_ablog_reads():
    dates = {"first": datetime(1, 1, 1), "undated": None, "zoned": datetime(2015, 5, 17, 10, tzinfo=timezone.utc),
             "later": datetime(2015, 5, 17, 11), "last": datetime(9999, 12, 31, 23, 59)}
    order = {d: newest_first(d, when) for d, when in dates.items()}
    assert sorted(dates, key=order.__getitem__) == ["last", "later", "zoned", "first", "undated"]

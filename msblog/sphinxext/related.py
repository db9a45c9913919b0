"""Related posts at the end of each post, before its discussion.

Posts are related by the therapies and trials their text mentions (two points
each) and the tags they share (one point each). Each post lists the
``msblog_related_posts`` best (default 5), newer first among equals. The lists
are brought up to date after every read (only the posts an edit can affect are
ranked again), and posts whose list changed are written again, so an
incremental build leaves none stale.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.sphinxext import compat
from msblog.sphinxext.blog_theme import source
from msblog.sphinxext.compat import ablog_posts
from msblog.sphinxext.discussions import before_discussion
from msblog.sphinxext.mentions import mentions_of
from msblog.sphinxext.pages import written_again

SECTION = "related-posts"  # the id of a post's related posts

def _features(env: BuildEnvironment, docname: str, post: dict) -> frozenset[str]:
    entries = {f"entry:{m.entry}" for m in mentions_of(env, docname) if m.comment is None}
    return frozenset(entries | {f"tag:{tag}" for tag in post["tags"]})


def _weight(feature: str) -> int:
    return 2 if feature.startswith("entry:") else 1


def _score(one: frozenset[str], other: frozenset[str]) -> int:
    return sum(_weight(feature) for feature in one & other)


def rank_posts(features: dict[str, frozenset[str]], order: dict[str, tuple], limit: int,
               targets: Iterable[str] | None = None) -> dict[str, list[str]]:
    """The ``limit`` best others of each post (or of ``targets``): most points first, then by ``order``.

    Posts with the same features score the same against any post, so scores are
    counted per set of features, not per pair of posts.
    """
    groups: dict[frozenset[str], list[str]] = defaultdict(list)
    for docname, found in features.items():
        groups[found].append(docname)
    for members in groups.values():
        members.sort(key=order.__getitem__)
    by_feature = defaultdict(list)
    for found in groups:
        for feature in found:
            by_feature[feature].append(found)
    related = {}
    for docname in features if targets is None else targets:
        scores: dict[frozenset[str], int] = defaultdict(int)
        for feature in features[docname]:
            weight = _weight(feature)
            for group in by_feature[feature]:
                scores[group] += weight
        best: list[str] = []
        for score in sorted(set(scores.values()), reverse=True):
            tied = [d for group, s in scores.items() if s == score for d in groups[group][:limit + 1] if d != docname]
            best += sorted(tied, key=order.__getitem__)
            if len(best) >= limit:
                break
        related[docname] = best[:limit]
    return related


def rerank(features: dict[str, frozenset[str]], order: dict[str, tuple], limit: int,
           before: dict[str, tuple], related: dict[str, list[str]]) -> dict[str, list[str]]:
    """``related`` (ranked from ``before``, each post's features and order) brought up to date.

    Only the posts that changed, and those whose list held one, are ranked again
    in full; any other post's list stays the best of its old list and the
    changed posts, so an edit costs a pass over the posts, not a new ranking.
    """
    changed = {d for d in features.keys() | before.keys() if before.get(d) != (features.get(d), order.get(d))}
    if not changed:
        return related
    again = {d for d in features if d in changed or d not in related or not changed.isdisjoint(related[d])}
    result = rank_posts(features, order, limit, again)
    for docname in features.keys() - again:
        found = features[docname]
        candidates = related[docname] + [d for d in changed if d in features and d != docname and found & features[d]]
        result[docname] = sorted(candidates, key=lambda d: (-_score(found, features[d]), order[d]))[:limit]
    return result


def newest_first(docname: str, when: datetime | None) -> tuple:
    """A post's place in the order ``rank_posts`` breaks ties by: newest first, undated last, then by name.

    Any date ABlog reads is ordered, the year 1 too (which has no timestamp).
    """
    return (when is None, -(when.replace(tzinfo=None) - datetime.min).total_seconds() if when else 0, docname)


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Bring every post's list up to date; posts whose list changed since this output was written are written again."""
    posts = {d: infos[0] for d, infos in ablog_posts(env).items() if infos}
    order = {d: newest_first(d, post["date"]) for d, post in posts.items()}
    features = {d: _features(env, d, post) for d, post in posts.items()}
    limit = app.config.msblog_related_posts
    ranked_with, before = getattr(env, "msblog_related_inputs", (limit, {}))
    env.msblog_related = rerank(features, order, limit, before if ranked_with == limit else {},
                                getattr(env, "msblog_related", {}))
    env.msblog_related_inputs = limit, {d: (features[d], order[d]) for d in features}
    # A list shows titles: it changed when another post is in it, or a post in it was read again.
    return written_again(app, "related posts", {d: [(other, compat.documents_read(env).get(other)) for other in found]
                                                for d, found in env.msblog_related.items()})


def add_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the related posts before the discussion, or at the end of the post."""
    env = app.env
    found = getattr(env, "msblog_related", {}).get(docname)
    section = doctree.next_node(nodes.section)
    if not found or section is None:
        return
    block = nodes.section(ids=[SECTION], classes=["related-posts"])
    block += nodes.title("", "Related posts")
    items = nodes.bullet_list()
    for other in found:
        uri = app.builder.get_relative_uri(docname, other)
        title = source(nodes.Text(env.titles[other].astext()))
        items += nodes.list_item("", nodes.paragraph("", "", nodes.reference("", "", title, internal=True, refuri=uri)))
    block += items
    before_discussion(section, block)


def setup(app: Sphinx) -> dict:
    for component in ("blog_theme", "discussions", "mentions", "pages"):
        app.setup_extension(f"msblog.sphinxext.{component}")
    app.add_config_value("msblog_related_posts", 5, "html", int)
    app.connect("env-get-updated", update)
    app.connect("doctree-resolved", add_related)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

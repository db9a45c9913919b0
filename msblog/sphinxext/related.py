"""Related posts at the end of each post, before its discussion.

Posts are related by the therapies and trials their text mentions (two points
each) and the tags they share (one point each). Each post lists the
``msblog_related_posts`` best (default 5), newer first among equals. The lists
are worked out after every read, and posts whose list changed are written
again, so an incremental build leaves none stale.
"""

from __future__ import annotations

from collections import defaultdict

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from msblog.sphinxext.discussions import discussion


def _features(env: BuildEnvironment, docname: str, post: dict) -> frozenset[str]:
    entries = {f"entry:{m.entry}" for m in env.msblog_mentions.get(docname, []) if m.comment is None}
    return frozenset(entries | {f"tag:{tag}" for tag in post["tags"]})


def _weight(feature: str) -> int:
    return 2 if feature.startswith("entry:") else 1


def rank_posts(features: dict[str, frozenset[str]], order: dict[str, tuple], limit: int) -> dict[str, list[str]]:
    """Each post's ``limit`` best others: most points first, then by ``order`` (newest first).

    Posts with the same features score the same against any post, so scores are
    counted per set of features, not per pair of posts: the work grows with the
    posts times the sets sharing a feature, not with the square of the posts.
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
    for docname, found in features.items():
        scores: dict[frozenset[str], int] = defaultdict(int)
        for feature in found:
            for group in by_feature[feature]:
                scores[group] += _weight(feature)
        best: list[str] = []
        for score in sorted(set(scores.values()), reverse=True):
            tied = [d for group, s in scores.items() if s == score for d in groups[group][:limit + 1] if d != docname]
            best += sorted(tied, key=order.__getitem__)
            if len(best) >= limit:
                break
        related[docname] = best[:limit]
    return related


def rank(env: BuildEnvironment, limit: int) -> dict[str, list[str]]:
    """Every post's related posts, best first."""
    posts = {d: infos[0] for d, infos in getattr(env, "ablog_posts", {}).items() if infos}
    order = {d: (-(post["date"].timestamp() if post["date"] else 0), d) for d, post in posts.items()}
    return rank_posts({d: _features(env, d, post) for d, post in posts.items()}, order, limit)


def update(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Work out every list again; posts whose list changed are written again."""
    previous = getattr(env, "msblog_related", {})
    env.msblog_related = rank(env, app.config.msblog_related_posts)
    return [d for d, found in env.msblog_related.items() if previous.get(d) != found and d in env.found_docs]


def add_related(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Insert the related posts before the discussion, or at the end of the post."""
    env = app.env
    found = getattr(env, "msblog_related", {}).get(docname)
    section = doctree.next_node(nodes.section)
    if not found or section is None:
        return
    block = nodes.section(ids=["related-posts"], classes=["related-posts"])
    block += nodes.title("", "Related posts")
    items = nodes.bullet_list()
    for other in found:
        uri = app.builder.get_relative_uri(docname, other)
        items += nodes.list_item("", nodes.paragraph("", "", nodes.reference("", env.titles[other].astext(), internal=True, refuri=uri)))
    block += items
    place = next(iter(section.findall(discussion)), None)
    if place is not None:
        place.parent.insert(place.parent.index(place), block)
    else:
        section += block


def setup(app: Sphinx) -> dict:
    app.add_config_value("msblog_related_posts", 5, "html", int)
    app.connect("env-get-updated", update)
    app.connect("doctree-resolved", add_related)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

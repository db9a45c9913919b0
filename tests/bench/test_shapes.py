"""The benchmark's export shapes: ``dense`` is heavier than ``typical`` on each thing that drives a build's cost."""

from __future__ import annotations

import hashlib
import re
import statistics
from dataclasses import dataclass

import pytest

from msblog.bench.generate import REGISTRY, SHAPES, _registry_names, generate
from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.importers.records import ExportComment, ExportPost
from msblog.importers.run import import_export
from msblog.model.discussion import read_discussion
from msblog.model.identifiers import Identifier, find
from msblog.model.layout import Layout
from msblog.model.registry import load_registry
from tests.helpers import new_site

POSTS = 50
REGULAR = "José Sjögren"


@dataclass
class Statistics:
    """What drives a build's cost, counted in an export as the importer reads it."""

    comments_per_post: float
    posts_naming: float  # share of posts whose text names a therapy or trial of the registry
    entries: set[str]  # the therapies and trials named anywhere
    mentions_per_1000_words: float  # in posts and comments
    mean_depth: float  # of comments: 0 at the top of a thread, 1 for a reply to it, ...
    max_depth: int
    comment_words: float  # mean, of comments not deleted
    regular_share: float  # of comments, those by the frequent commenter
    accented_per_1000_words: float

    def __str__(self) -> str:
        return (f"{self.comments_per_post:.1f} | {self.posts_naming:.0%} | {len(self.entries)} | "
                f"{self.mentions_per_1000_words:.1f} | {self.mean_depth:.2f} | {self.max_depth} | "
                f"{self.comment_words:.0f} | {self.regular_share:.1%} | {self.accented_per_1000_words:.1f}")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def export_statistics(export) -> Statistics:
    records = list(read_blogger(export, Layout()))
    posts = [r.post.body for r in records if isinstance(r, ExportPost)]
    comments = [r for r in records if isinstance(r, ExportComment)]
    registry = load_registry(REGISTRY, Layout().registry)
    texts = posts + [c.body for c in comments]
    written = sum(len(words(text)) for text in texts)
    parents = {c.key: c.parent_key for c in comments}

    def depth(key: str) -> int:
        return 1 + depth(parents[key]) if parents[key] else 0

    depths = [depth(c.key) for c in comments]
    return Statistics(
        comments_per_post=len(comments) / len(posts),
        posts_naming=sum(any(registry.find(post)) for post in posts) / len(posts),
        entries={entry.name for text in texts for *_, entry in registry.find(text)},
        mentions_per_1000_words=1000 * sum(len(list(registry.find(text))) for text in texts) / written,
        mean_depth=statistics.mean(depths), max_depth=max(depths),
        comment_words=statistics.mean(len(words(c.body)) for c in comments if not c.deleted),
        regular_share=sum(c.author == REGULAR for c in comments) / len(comments),
        accented_per_1000_words=1000 * sum(not word.isascii() for text in texts for word in words(text)) / written,
    )


@pytest.fixture(scope="module")
def shape_statistics(tmp_path_factory) -> dict[str, Statistics]:
    folder = tmp_path_factory.mktemp("shapes")
    found = {}
    for name, shape in SHAPES.items():
        generate(POSTS, folder / f"{name}.xml", shape=shape)
        found[name] = export_statistics(folder / f"{name}.xml")
    return found


# What the generator adds citing papers and trials, as the export writes it (its HTML escaped).
CITING = re.compile(r'&lt;p&gt;See (?:doi:10\.1177/\d+|&lt;a href="https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/"&gt;the paper on '
                    r'PubMed&lt;/a&gt;)\.&lt;/p&gt;|&lt;p&gt;The trial is registered as NCT\d{8}\.&lt;/p&gt;|'
                    r' What about (?:NCT\d{8}|doi:10\.1177/\d+|&lt;a href="https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/"&gt;'
                    r'the paper on PubMed&lt;/a&gt;)\?')


def test_without_its_citations_the_typical_shape_writes_the_export_the_first_benchmarks_measured(tmp_path):
    """Byte for byte what the generator wrote before it had shapes and citations (so earlier BENCHMARKS.md figures
    compare), in both formats: citations come from a random stream of their own. A change of the archive's default
    blog changes these bytes too."""
    digests = {False: "021b7a273a4073adb9355110b946387187b719c74091f005bb3ff6b5915e49ae",
               True: "74013d8ec043ddbd6f2b8a7ac42796e0f6b423f68864b089548a1828b473b7d5"}
    for current, digest in digests.items():
        generate(20, tmp_path / "export", comments_per_post=8, seed=5, current=current)
        text = (tmp_path / "export").read_text(encoding="utf-8")
        assert len(CITING.findall(text)) > 10
        assert hashlib.sha256(CITING.sub("", text).encode()).hexdigest() == digest


@pytest.mark.parametrize("current", [False, True])
@pytest.mark.parametrize("shape", SHAPES)
def test_the_same_seed_writes_the_same_bytes(tmp_path, shape, current):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for out, seed in ((first, 4), (second, 4), (other, 5)):
        generate(20, out, comments_per_post=8, seed=seed, current=current, shape=SHAPES[shape])
    assert first.read_bytes() == second.read_bytes() != other.read_bytes()


@pytest.mark.parametrize("shape", SHAPES)
def test_posts_and_comments_cite_papers_and_trials_as_the_blog_does(tmp_path, shape):
    """A PubMed link or a DOI in about 6 posts in 10, an NCT number in about 15 in 100, one in about 3 comments in 100;
    some identifiers cited by several posts."""
    generate(300, tmp_path / "export.xml", comments_per_post=10, seed=7, shape=SHAPES[shape])
    records = list(read_blogger(tmp_path / "export.xml", Layout()))
    posts = [r.post.body for r in records if isinstance(r, ExportPost)]
    comments = [r.body for r in records if isinstance(r, ExportComment)]

    def kinds(text: str) -> set[str]:
        return {found.kind for *_, found in find(text) if isinstance(found, Identifier)}

    def share(texts: list[str], wanted: set[str]) -> float:
        return sum(bool(kinds(text) & wanted) for text in texts) / len(texts)

    assert 0.5 < share(posts, {"pmid", "doi"}) < 0.7 and 0.09 < share(posts, {"nct"}) < 0.21
    assert share(posts, {"pmid"}) > 0.2 and share(posts, {"doi"}) > 0.2  # links and plain text
    assert 0.015 < share(comments, {"pmid", "doi", "nct"}) < 0.045
    cited = [found for text in posts for *_, found in find(text)]
    assert len(set(cited)) < len(cited) and not [found for found in cited if not isinstance(found, Identifier)]


def test_the_dense_shape_is_heavier_on_each_thing_that_drives_the_cost(shape_statistics):
    typical, dense = shape_statistics["typical"], shape_statistics["dense"]
    assert dense.posts_naming >= 0.8 > 0.5 >= typical.posts_naming > 0.2
    assert dense.mentions_per_1000_words > 3 * typical.mentions_per_1000_words > 0
    assert dense.mean_depth > 1.5 * typical.mean_depth > 0 and dense.max_depth > typical.max_depth
    assert dense.comment_words > 1.5 * typical.comment_words
    assert typical.accented_per_1000_words == typical.regular_share == 0
    assert dense.accented_per_1000_words > 20 and 0.08 < dense.regular_share < 0.16
    assert 15 < typical.comments_per_post < 25 and 15 < dense.comments_per_post < 25  # the real blog: about 19


def test_the_dense_shape_names_the_registry_s_therapies_and_trials_by_their_names(shape_statistics):
    """Acronyms too (typical writes HSCT in lower case, so it is not found), and trials as well as therapies."""
    registry = load_registry(REGISTRY, Layout().registry)
    named = shape_statistics["dense"].entries
    assert len(named) >= len(list(registry)) - 2 and {"HSCT", "MIST", "ZEUS", "MS-STAT2"} <= named
    assert "HSCT" not in shape_statistics["typical"].entries and len(shape_statistics["typical"].entries) <= 8


def test_a_shape_of_the_registry_s_names_needs_the_registry(tmp_path, monkeypatch):
    monkeypatch.setattr("msblog.bench.generate.REGISTRY", tmp_path / "therapies")
    _registry_names.cache_clear()
    try:
        with pytest.raises(ValueError, match=f"{tmp_path / 'therapies'}: no therapy or trial to name"):
            generate(1, tmp_path / "export.xml", shape=SHAPES["dense"])
    finally:
        _registry_names.cache_clear()


@pytest.mark.parametrize("current", [False, True])
@pytest.mark.parametrize("shape", SHAPES)
def test_each_shape_imports_cleanly(tmp_path, shape, current):
    """Every post and comment published, each reply under the comment it answers, accented names kept whole."""
    export = tmp_path / ("feed.atom" if current else "export.xml")
    generate(POSTS, export, seed=2, current=current, shape=SHAPES[shape])
    records = list(read_blogger(export, Layout()))
    site = new_site(tmp_path)
    report = import_export(read_blogger, export, site)
    assert report.problems == [] and report.orphans == 0 and not report.withheld and not report.removed
    assert report.posts == POSTS and report.comments == sum(isinstance(r, ExportComment) for r in records)
    discussions = [read_discussion(path, site) for path in (site / "comments").rglob("*.md")]
    comments = [comment for discussion in discussions for comment in discussion.comments]
    assert len(comments) == report.comments and not any(comment.flag for comment in comments)
    assert sum(bool(c.reply_to) for c in comments) == sum(bool(r.parent_key) for r in records if isinstance(r, ExportComment))
    by_regular = [comment for comment in comments if comment.author == REGULAR]
    assert bool(by_regular) == (shape == "dense")


@pytest.mark.parametrize("shape", SHAPES)
def test_some_dense_posts_are_signed_on_lines_of_their_own_as_blogger_writes_them(tmp_path, shape):
    """A signature under the text, after a line break within its paragraph (a hard break, once imported)."""
    generate(200, tmp_path / "feed.atom", seed=3, current=True, shape=SHAPES[shape])
    posts = [r.post.body for r in read_blogger(tmp_path / "feed.atom", Layout()) if isinstance(r, ExportPost)]
    signed = sum(body.endswith("\n\nBest wishes,  \nProf G\n") for body in posts) / len(posts)
    assert (0.2 < signed < 0.4) if shape == "dense" else signed == 0


def test_msblog_bench_generate_writes_the_shape_it_is_given(tmp_path, capsys):
    assert main(["bench", "generate", "5", str(tmp_path / "dense.xml"), "--shape", "dense", "--seed", "3"]) == 0
    assert "5 posts, about 20 comments each, of the dense shape" in capsys.readouterr().out
    generate(5, tmp_path / "expected.xml", seed=3, shape=SHAPES["dense"])
    assert (tmp_path / "dense.xml").read_bytes() == (tmp_path / "expected.xml").read_bytes()
    assert main(["bench", "generate", "5", str(tmp_path / "typical.xml"), "--seed", "3"]) == 0
    generate(5, tmp_path / "expected.xml", seed=3)
    assert (tmp_path / "typical.xml").read_bytes() == (tmp_path / "expected.xml").read_bytes()


def test_msblog_bench_run_measures_the_shapes_it_is_given_and_by_default_every_one(monkeypatch, tmp_path):
    measured = []
    monkeypatch.setattr("msblog.bench.run.run_benchmarks",
                        lambda sizes, runs, output, current, shapes: measured.append((sizes, shapes)) or "")
    assert main(["bench", "run", "--sizes", "10", "--shape", "dense", "--output", str(tmp_path / "b.md")]) == 0
    assert main(["bench", "run", "--sizes", "10", "--output", str(tmp_path / "b.md")]) == 0  # every shape: none flatters
    assert measured == [([10], ["dense"]), ([10], ["typical", "dense"])]
    with pytest.raises(SystemExit):
        main(["bench", "run", "--shape", "sparse"])

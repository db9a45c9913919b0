"""The benchmark's export is realistic, deterministic and read by the real importer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from msblog.bench.generate import generate
from msblog.bench.run import make_site, run_benchmarks
from msblog.bench.search import SHARES, word_shares, words_by_share
from msblog.importers.blogger import read_blogger
from msblog.importers.records import ExportComment, ExportPost
from tests.helpers import pagefind_pages


@pytest.mark.parametrize("current", [False, True])
def test_generated_export_is_deterministic_and_importable(tmp_path, current):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    generate(30, first, comments_per_post=8, seed=3, current=current)
    generate(30, second, comments_per_post=8, seed=3, current=current)
    assert first.read_bytes() == second.read_bytes()
    assert ("schemas.google.com/blogger/2018" in first.read_text()) == current
    records = list(read_blogger(first))
    posts = [r for r in records if isinstance(r, ExportPost)]
    comments = [r for r in records if isinstance(r, ExportComment)]
    assert len(posts) == 30 and all(p.post and p.post.tags for p in posts)
    assert len(comments) > 100
    assert any(c.parent_key for c in comments) and any(c.deleted for c in comments)
    assert any("an earlier post" in p.post.body for p in posts)


def test_both_formats_hold_the_same_posts_and_comments(tmp_path):
    """All but the declared counts, which the current format does not give."""
    older, current = tmp_path / "export.xml", tmp_path / "feed.atom"
    generate(30, older, comments_per_post=8, seed=3)
    generate(30, current, comments_per_post=8, seed=3, current=True)

    def archived(export):
        records = list(read_blogger(export))
        posts = [r for r in records if isinstance(r, ExportPost)]
        return ([(r.key, r.post, r.warnings) for r in posts],
                [replace(r, where="") for r in records if isinstance(r, ExportComment)], [r.declared for r in posts])

    (older_posts, older_comments, declared), (current_posts, current_comments, none) = archived(older), archived(current)
    assert older_posts == current_posts and older_comments == current_comments
    assert all(n is not None for n in declared) and set(none) == {None}


def test_the_bench_imports_a_current_format_export_with_the_real_importer(tmp_path):
    export = tmp_path / "feed.atom"
    generate(5, export, comments_per_post=4, current=True)
    site, imported = make_site(tmp_path, export)
    assert len(list((site / "posts").rglob("*.md"))) == 5 and imported.peak_mb > 0


def test_bench_writes_a_table_and_keeps_the_notes(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("old table\n\n## Where the time goes\n\nNotes kept.\n")
    run_benchmarks([3], 1, output)
    text = output.read_text()
    assert text.startswith("# Benchmarks")
    assert "| 3 |" in text and "## Where the time goes\n\nNotes kept." in text
    assert "A first search by how much of all the text its word makes up, at 3 posts" in text
    assert "| under 0.01% |" in text and "| 0.05% to 0.2% |" in text and "| 1% and more |" in text


def test_words_are_picked_by_their_share_of_all_the_words_written(xrefs):
    written, found = word_shares(xrefs.outdir)
    posts = [page for url, page in pagefind_pages(xrefs.outdir).items() if url.startswith("/posts/")]
    counted = Counter(word for page in posts for word in re.findall(r"\w+", page["content"].lower()))
    assert written == sum(page["word_count"] for page in posts)
    assert found["tysabri"] == counted["tysabri"] > 1 and found["vitamin"] == counted["vitamin"] > 0

    picked = words_by_share(xrefs.outdir, per_share=3)
    assert list(picked) == SHARES and picked == words_by_share(xrefs.outdir, per_share=3)  # the same words each time
    assert all(len(words) == min(3, count) for count, words in picked.values())
    tysabri = found["tysabri"] / written
    rarer, tysabri_or_commoner = words_by_share(xrefs.outdir, [(0.0, tysabri), (tysabri, 1.0)], per_share=10_000).values()
    assert "vitamin" in rarer[1] and "tysabri" in tysabri_or_commoner[1] and "the" in tysabri_or_commoner[1]
    assert rarer[0] + tysabri_or_commoner[0] == len([word for word in found if word.isalpha()])

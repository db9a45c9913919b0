"""The benchmark's export is realistic, deterministic and read by the real importer."""

from __future__ import annotations

from msblog.bench.generate import generate
from msblog.bench.run import run_benchmarks
from msblog.bench.search import SHARES, words_by_share
from msblog.importers.blogger import read_blogger
from msblog.importers.records import ExportComment, ExportPost


def test_generated_export_is_deterministic_and_importable(tmp_path):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    generate(30, first, comments_per_post=8, seed=3)
    generate(30, second, comments_per_post=8, seed=3)
    assert first.read_bytes() == second.read_bytes()
    records = list(read_blogger(first))
    posts = [r for r in records if isinstance(r, ExportPost)]
    comments = [r for r in records if isinstance(r, ExportComment)]
    assert len(posts) == 30 and all(p.post and p.post.tags for p in posts)
    assert len(comments) > 100
    assert any(c.parent_key for c in comments) and any(c.deleted for c in comments)
    assert any("an earlier post" in p.post.body for p in posts)


def test_bench_writes_a_table_and_keeps_the_notes(tmp_path):
    output = tmp_path / "BENCHMARKS.md"
    output.write_text("old table\n\n## Where the time goes\n\nNotes kept.\n")
    run_benchmarks([3], 1, output)
    text = output.read_text()
    assert text.startswith("# Benchmarks")
    assert "| 3 |" in text and "## Where the time goes\n\nNotes kept." in text
    assert "A first search by how many post pages its word is on, at 3 posts" in text
    assert "| 90% to 100% |" in text


def test_words_are_picked_by_the_share_of_post_pages_they_are_on(xrefs):
    picked = words_by_share(xrefs.outdir, per_share=3)
    assert list(picked) == SHARES and picked == words_by_share(xrefs.outdir, per_share=3)  # the same words each time
    assert all(len(words) == min(3, count) for count, words in picked.values())
    everything = words_by_share(xrefs.outdir, per_share=10_000)
    assert "post" in everything[0.9, 1.0][1]  # each of the three posts: "The first post", ...
    assert "mist" in everything[0.1, 0.5][1] and "vitamin" in everything[0.1, 0.5][1]  # one post each
    assert "hsct" in everything[0.5, 0.9][1]  # two of the three posts
    assert everything[0.0, 0.01] == (0, [])

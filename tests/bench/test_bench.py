"""The benchmark's export is realistic, deterministic and read by the real importer."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest
import yaml

from msblog.bench import LINEAR_RUNS
from msblog.bench.generate import SHAPES, generate
from msblog.bench.linear import Linearity, linearity_table
from msblog.bench.run import (READTHEDOCS_MEMORY_MB, Checkout, Measure, bench_size, clean_clone, fill,
                               newest_and_middle_posts, readthedocs_installs, report, targets, with_notes)
from msblog.bench.search import SHARES, word_shares, words_by_share
from msblog.importers.blogger import read_blogger
from msblog.importers.records import ExportComment, ExportPost
from msblog.model.layout import Layout
from tests.helpers import REPO, pagefind_pages, write_files


@pytest.fixture
def checkout(tmp_path) -> Checkout:
    """A clean clone of the repository, its environments this one's (`fresh_checkout` installs new ones): marked
    installed after the clone's files were written, so that `make` in the clone never installs into this one."""
    root = clean_clone(tmp_path)
    (root / ".venv").mkdir()
    for part in ("bin", "lib", "pyvenv.cfg"):
        (root / ".venv" / part).symlink_to(REPO / ".venv" / part)
    (root / ".venv" / ".installed").touch()
    return Checkout(root, REPO / ".venv" / "bin" / "python")


@pytest.mark.parametrize("current", [False, True])
def test_generated_export_is_deterministic_and_importable(tmp_path, current):
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    generate(30, first, comments_per_post=8, seed=3, current=current)
    generate(30, second, comments_per_post=8, seed=3, current=current)
    assert first.read_bytes() == second.read_bytes()
    assert ("schemas.google.com/blogger/2018" in first.read_text()) == current
    records = list(read_blogger(first, Layout()))
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
        records = list(read_blogger(export, Layout()))
        posts = [r for r in records if isinstance(r, ExportPost)]
        return ([(r.key, r.post, r.warnings) for r in posts],
                [replace(r, where="") for r in records if isinstance(r, ExportComment)], [r.declared for r in posts])

    (older_posts, older_comments, declared), (current_posts, current_comments, none) = archived(older), archived(current)
    assert older_posts == current_posts and older_comments == current_comments
    assert all(n is not None for n in declared) and set(none) == {None}


def test_the_bench_imports_a_current_format_export_with_the_real_importer_in_place_of_the_clone_s_posts(tmp_path, checkout):
    export = tmp_path / "feed.atom"
    generate(5, export, comments_per_post=4, current=True)
    own = sorted((checkout.root / "posts").rglob("*.md"))
    fill(checkout, export)
    imported = fill(checkout, export)  # again: what the first imported is gone, and nothing is imported twice
    assert len(list((checkout.root / "posts").rglob("*.md"))) == len(own) + 5 and imported.peak_mb > 0
    assert set(own) <= set((checkout.root / "posts").rglob("*.md"))  # the repository's own posts, which its pages link to


def test_read_the_docs_is_measured_running_what_its_configuration_says(checkout, tmp_path):
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert readthedocs_installs(config) == [["-r", "requirements-docs.lock"], ["."]]
    assert checkout.readthedocs_commands() == config["build"]["jobs"]["build"]["html"]
    env = checkout.readthedocs_env(tmp_path / "out")
    assert env["READTHEDOCS_OUTPUT"] == str(tmp_path / "out")
    assert env["PATH"].split(":")[0] == str(REPO / ".venv" / "bin")  # its `python` is the environment's


def test_the_edits_are_to_the_newest_post_by_its_date_and_to_one_in_the_middle(tmp_path):
    write_files(tmp_path, {
        "posts/2009/01/zz.md": "---\ndate: '2009-01-05'\n---\n# Old\n",
        "posts/2016/03/a.md": "---\ndate: '2016-03-02T10:00:00+00:00'\n---\n# Newest\n",
        "posts/2016/03/b.md": "---\ndate: '2016-03-01'\n---\n# Older\n",
    })
    assert newest_and_middle_posts(tmp_path, Layout()) == (tmp_path / "posts/2016/03/a.md", tmp_path / "posts/2016/03/a.md")


def results(posts: int, build: float, searched: list[float], shape: str = "typical") -> dict:
    """Made-up results of one size, as bench_size gives them: every figure different, to tell the columns apart."""
    whole = posts >= 10_000
    return {
        "shape": shape, "posts": posts, "comments": posts * 19, "export_mb": 1.26, "import": Measure(2.04, 80.4),
        "build": Measure(build, 400.2), "readthedocs": Measure(build * 1.5, 3200.0), "readthedocs_ratio": 1.48,
        "edit_newest": Measure(9.54, 300.0), "edit_middle": Measure(5.54, 300.0),
        "baseline": None if whole else Measure(20.0, 350.0), "baseline_rebuild": None if whole else Measure(15.0, 320.0),
        "page_kb": 40.4, "base_page_kb": None if whole else 120.6,
        "first_search_kb": 101.6, "next_search_kb": 3.2, "base_search_kb": None if whole else 900.4,
        "first_search_by_share": {(0.0, 0.0001): (120, searched), (0.0005, 0.002): (7, [31.0]), (0.01, 1.0): (0, [])},
    }


LINEAR = [Linearity("a DOI closed by n brackets", 200_000, 0.0245, 0.0906)]  # made up, as measure_linearity gives it


def table_rows(text: str, heading: str) -> list[list[str]]:
    """The cells of each row of the table whose header row starts with ``heading``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {heading} |"))
    rows = []
    for line in lines[start:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_table_shows_each_size_in_its_columns_and_the_searches_by_share_of_the_largest():
    text = report([results(200, 30.0, [50.0]), results(1000, 52.5, [10.0, 20.0, 12.0])], LINEAR, 3, "2 cores (a test CPU)",
                  current=True)
    assert text.startswith("# Benchmarks\n\nMeasured by `msblog bench run --format current --shape typical --sizes 200 1000` "
                           "(`make bench BENCHOPTS=\"--format current --shape typical --sizes 200 1000\"` runs it) "
                           "on 2 cores (a test CPU);\neach figure is the median of 3 run(s).\n")
    assert "whole blog's size: one import" not in text  # no run at 10,000 posts
    assert "a synthetic export in Blogger's current format (feed.atom)" in text
    header, rule, *sizes = table_rows(text, "shape")
    assert len(rule) == len(header) and all(len(row) == len(header) for row in sizes)
    assert dict(zip(header, sizes[1])) == {
        "shape": "typical", "posts": "1000", "comments": "19000", "export": "1.3 MB", "import": "2.0 s", "import memory": "80 MB",
        "make html": "52.5 s", "make html memory": "400 MB", "Read the Docs": "78.8 s", "Read the Docs memory": "3200 MB",
        "Read the Docs / make html": "1.48", "edit: newest post": "9.5 s", "edit: a middle post": "5.5 s",
        "baseline build": "20.0 s", "baseline memory": "350 MB", "make html / baseline": "2.62", "baseline rebuild": "15.0 s"}
    header, _, *sizes = table_rows(text[text.index("| shape | posts | post page"):], "shape")
    assert dict(zip(header, sizes[1])) == {"shape": "typical", "posts": "1000", "post page": "40 KB", "baseline post page": "121 KB",
                                           "first search": "102 KB", "further query": "3 KB", "baseline search": "900 KB"}
    assert "Targets" not in text
    assert "- typical: half the posts are about one or two of eight therapies" in text and "dense" not in text
    assert "A first search by how much of all the text its word makes up, at 1,000 posts of the typical shape" in text
    header, _, *bands = table_rows(text, "share of all the words written")
    assert bands == [["under 0.01%", "120", "3", "12 KB", "20 KB"], ["0.05% to 0.2%", "7", "1", "31 KB", "31 KB"],
                     ["1% and more", "0", "0", "–", "–"]]
    assert report([results(200, 30.0, [50.0])], LINEAR, 1, "a machine").count("Blogger's older format") == 1
    assert text.endswith("\n\n" + "\n".join(linearity_table(LINEAR, LINEAR_RUNS)) + "\n")  # the hostile inputs last


def test_at_the_whole_blog_s_size_the_table_says_each_target_met_or_not_and_has_no_baseline():
    whole = results(10_000, 290.0, [50.0], "dense")
    text = report([whole], LINEAR, 3, "a machine")
    _, _, row = table_rows(text, "shape")
    assert row[-4:] == ["–", "–", "–", "–"]
    assert "one import, and 2 pair(s) of builds" in text
    assert targets(whole) == [
        "- `make html`, a full build: 290 s, limit 300 s: met",
        "- Read the Docs' commands, a full build: 435 s, limit 600 s: met",
        "- Read the Docs' commands, within the 15 minutes Read the Docs gives a build: 435 s, limit 900 s: met",
        f"- Read the Docs' commands, memory: 3,200 MB, limit {READTHEDOCS_MEMORY_MB:,} MB: **not met**",
        "- `make html` after editing one post (the slower of the two edits): 10 s, limit 8 s: **not met**",
    ]
    assert "Targets at 10,000 posts of the dense shape:\n\n" + "\n".join(targets(whole)) in text


def test_the_table_names_the_shape_of_each_row_and_searches_the_largest_of_each_shape():
    text = report([results(100, 10.0, [40.0]), results(1000, 52.5, [50.0]),
                   results(100, 20.0, [60.0], "dense"), results(1000, 80.0, [70.0], "dense")], LINEAR, 1, "a machine")
    assert ("Measured by `msblog bench run --sizes 100 1000 --runs 1` (`make bench BENCHOPTS=\"--sizes 100 1000 --runs 1\"` "
            "runs it)") in text  # every shape
    assert f"- typical: {SHAPES['typical'].about}.\n- dense: {SHAPES['dense'].about}.\n" in text
    _, _, *rows = table_rows(text, "shape")
    assert [row[:3] + row[6:7] for row in rows] == [["typical", "100", "1900", "10.0 s"], ["typical", "1000", "19000", "52.5 s"],
                                                    ["dense", "100", "1900", "20.0 s"], ["dense", "1000", "19000", "80.0 s"]]
    by_share = re.findall(r"at ([\d,]+) posts of the (\w+) shape(?:.*\n)+?\| under 0\.01% \| 120 \| 1 \| (\d+) KB", text)
    assert by_share == [("1,000", "typical", "50"), ("1,000", "dense", "70")]


def test_a_new_table_keeps_the_notes_written_under_the_old_one():
    previous = "# Benchmarks\n\n| old | table |\n\n## Where the time goes\n\nNotes kept.\n\n## More\n"
    assert with_notes("# Benchmarks\n\nnew\n", previous) == "# Benchmarks\n\nnew\n\n## Where the time goes\n\nNotes kept.\n\n## More\n"
    assert with_notes("# Benchmarks\n\nnew\n", "") == with_notes("# Benchmarks\n\nnew\n", "old table only\n") == \
        "# Benchmarks\n\nnew\n"


def test_a_small_real_run_measures_every_figure_the_table_shows(tmp_path, checkout):
    """The benchmark end to end, at 3 posts of the dense shape: import, both builds, edits and searches in Chromium each
    measured, none zero."""
    result = bench_size(3, 1, tmp_path, checkout, shape="dense")
    assert "José Sjögren" in (tmp_path / "dense-n3" / "export.xml").read_text()  # the shape's frequent commenter
    assert result["shape"] == "dense" and result["posts"] == 3 and result["comments"] > 0 and result["export_mb"] > 0
    for step in ("import", "build", "readthedocs", "edit_newest", "edit_middle", "baseline", "baseline_rebuild"):
        assert result[step].seconds > 0 and result[step].peak_mb > 0, step
    assert result["readthedocs_ratio"] == result["readthedocs"].seconds / result["build"].seconds
    assert (tmp_path / "dense-n3" / "readthedocs" / "html" / "index.html").is_file()
    assert (tmp_path / "dense-n3" / "make" / "doctrees").is_dir()
    assert all(result[size] > 0 for size in ("page_kb", "base_page_kb", "base_search_kb", "next_search_kb"))
    assert result["first_search_kb"] > result["next_search_kb"]  # the first also loads the search code
    assert list(result["first_search_by_share"]) == SHARES
    assert all(len(kbs) == min(3, count) and all(kb > 0 for kb in kbs) for count, kbs in result["first_search_by_share"].values())
    assert "| dense | 3 |" in report([result], LINEAR, 1, "this machine")


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

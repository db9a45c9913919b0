"""The dataset published with the site: made with the build, linked from the home page, written only when
content changed."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.exporters.dataset import COMMENTS, POSTS, dataset_files
from msblog.model.errors import Problem
from msblog.model.layout import Layout
from msblog.sphinxext import dataset as dataset_component
from msblog.sphinxext.citations import citations_of
from msblog.sphinxext.dataset import FILE, size_text
from msblog.sphinxext.mentions import mentions_of
from msblog.sphinxext.registry import registry
from tests.exporters.test_dataset import AS_THE_SITE_READS, SICI, rows, small_site
from tests.helpers import REPO, build, incremental_and_clean, parse_html, words, write_files

CONF = 'from tests.roots.shared_conf import *  # noqa: F403\n\nextensions = [*extensions, "msblog.sphinxext.dataset"]\n'
INDEX = "# Test archive\n\n```{dataset-download}\n```\n"


def site_with_dataset(root: Path) -> Path:
    return write_files(small_site(root), {"conf.py": CONF, "index.md": INDEX})


def published(out: Path) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO((out / FILE).read_bytes())) as tar:
        return {member.name.removeprefix("dataset/"): tar.extractfile(member).read() for member in tar.getmembers()}


def link(out: Path, page: str = "index.html"):
    return parse_html(out / page).select_one(".dataset-download")


def test_the_site_publishes_the_export_and_the_home_page_says_what_and_how_large(tmp_path):
    site = site_with_dataset(tmp_path)
    out = build(site, msblog_pagefind=False)
    assert published(out) == dataset_files(site, Layout())  # what msblog export dataset writes
    paragraph = link(out)
    assert paragraph.a["href"] == FILE
    size = size_text((out / FILE).stat().st_size)
    assert words(paragraph.get_text()) == (
        f"Download the archive as a dataset ({FILE}, {size}): every post and comment as JSON Lines, with the "
        "therapies and the papers and trials each names, described field by field in a Frictionless datapackage.json.")


def test_the_dataset_names_the_therapies_and_identifiers_the_site_records(tmp_path):
    site = write_files(site_with_dataset(tmp_path), {f"{name.replace('__', '/')}.md": text
                                                     for name, text in AS_THE_SITE_READS.items()})
    app = SphinxTestApp("html", srcdir=site, confoverrides={"msblog_pagefind": False})
    try:
        app.build()
        assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
        entries = {entry.docname: entry.name for entry in registry(app.env)}
        site_rows = defaultdict(lambda: {"therapies": set(), "identifiers": set()})  # the post's text, then by comment
        for citation in citations_of(app.env, "posts/2015/02/second"):
            site_rows[citation.comment]["identifiers"].add(f"{citation.identifier.kind}:{citation.identifier.id}")
        for mention in mentions_of(app.env, "posts/2015/02/second"):
            site_rows[mention.comment]["therapies"].add(entries[mention.entry])
        data = published(app.outdir)
    finally:
        app.cleanup()
    dataset_rows = {row["id"].partition("#comment-")[2] or None: row for name in (POSTS, COMMENTS)
                    for row in rows({name: data[name]}, name) if row["id"].startswith("2015/02/second")}
    assert {place: {key: set(row[key]) for key in ("therapies", "identifiers")} for place, row in dataset_rows.items()
            if row["therapies"] or row["identifiers"]} == site_rows
    assert f"doi:{SICI.lower()}" in site_rows[None]["identifiers"] and set(dataset_rows) == {None, "1", "2"}


def test_a_build_with_nothing_changed_writes_neither_the_dataset_nor_the_home_page(tmp_path):
    site = site_with_dataset(tmp_path)
    out = build(site, msblog_pagefind=False)
    before = {name: (out / name).stat().st_mtime_ns for name in (FILE, "index.html")}
    build(site, msblog_pagefind=False)
    assert {name: (out / name).stat().st_mtime_ns for name in (FILE, "index.html")} == before


def test_an_edited_discussion_gives_the_same_dataset_and_link_as_a_clean_build(tmp_path):
    site = site_with_dataset(tmp_path / "site")
    before = published(build(site, tmp_path / "first", msblog_pagefind=False))

    def edit(site: Path) -> None:
        comments = site / "comments/2016/01/first.md"
        comments.write_text(comments.read_text() + "\n:::{comment} 3\n:author: Bob\n\nA much longer comment.\n:::\n")

    incremental, clean = incremental_and_clean(tmp_path, site, edit)
    assert published(incremental) == published(clean) != before
    assert b"A much longer comment." in published(incremental)["comments.jsonl"]
    assert (incremental / FILE).read_bytes() == (clean / FILE).read_bytes()
    assert str(link(incremental)) == str(link(clean))


def test_the_link_leads_to_the_file_from_any_page_and_under_dirhtml(tmp_path):
    site = write_files(site_with_dataset(tmp_path), {"posts/2015/02/second.md": f"---\ndate: 2015-02-01\n---\n\n# Second\n\n{INDEX.split(chr(10), 2)[2]}"})
    out = build(site, msblog_pagefind=False)
    assert link(out, "posts/2015/02/second.html").a["href"] == f"../../../{FILE}"
    dirhtml = build(site, tmp_path / "dirhtml", builder="dirhtml", msblog_pagefind=False)
    assert link(dirhtml, "index.html").a["href"] == FILE and (dirhtml / FILE).is_file()
    assert link(dirhtml, "posts/2015/02/second/index.html").a["href"] == f"../../../../{FILE}"


def test_the_home_page_links_the_dataset():
    assert "```{dataset-download}\n```" in (REPO / "index.md").read_text(encoding="utf-8")


def test_the_dataset_is_never_written_through_a_symbolic_link_in_the_output(tmp_path):
    """A link at the dataset's place (left by someone, or an earlier step) would lead the build to write a file of
    the machine: the build leaves it, and says so."""
    from sphinx.testing.util import SphinxTestApp

    site, victim = site_with_dataset(tmp_path / "site"), tmp_path / "victim.txt"
    victim.write_text("a file of the machine\n")
    (tmp_path / "_build" / "html").mkdir(parents=True)
    (tmp_path / "_build" / "html" / FILE).symlink_to(victim)
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build", confoverrides={"msblog_pagefind": False})
    try:
        app.build()
    finally:
        app.cleanup()
    assert victim.read_text() == "a file of the machine\n"
    assert f"{FILE} is a symbolic link" in app.warning.getvalue()
    assert (app.outdir / FILE).is_symlink() and "published with the site" in link(app.outdir).get_text()


def test_a_build_after_an_edit_reads_again_only_the_file_edited(tmp_path, monkeypatch):
    from msblog.exporters import dataset

    site = write_files(site_with_dataset(tmp_path), {"comments/2015/02/second.md": ":::{comment} 1\n\nHello.\n:::\n"})
    out = build(site, msblog_pagefind=False)
    read = []
    for name in ("_post", "read_discussion"):
        original = getattr(dataset, name)
        monkeypatch.setattr(dataset, name, lambda *args, original=original, name=name:
                            read.append((name, str(args[0] if name == "read_discussion" else args[1]))) or original(*args))
    comments = site / "comments/2016/01/first.md"
    comments.write_text(comments.read_text() + "\n:::{comment} 3\n\nLemtrada again.\n:::\n")
    build(site, msblog_pagefind=False)
    assert read == [("read_discussion", str(comments))]
    assert b"Lemtrada again." in published(out)["comments.jsonl"]


def test_an_edited_registry_entry_gives_the_same_dataset_as_a_clean_build(tmp_path):
    site = site_with_dataset(tmp_path / "site")

    def edit(site: Path) -> None:  # "Ann" is now a name of HSCT: every text naming it mentions HSCT
        (site / "therapies/hsct.md").write_text("---\ntherapy: HSCT\nbrands: [Ann, Second]\n---\n\n# HSCT\n")

    incremental, clean = incremental_and_clean(tmp_path, site, edit)
    assert published(incremental) == published(clean)
    assert b'"therapies": ["HSCT"]' in published(incremental)["posts.jsonl"]


def reads(monkeypatch) -> list[str]:
    """The posts and discussions the dataset reads from now on."""
    from msblog.exporters import dataset

    read = []
    for name in ("_post", "read_discussion"):
        original = getattr(dataset, name)
        monkeypatch.setattr(dataset, name, lambda *args, original=original, name=name:
                            read.append(str(args[0] if name == "read_discussion" else args[1])) or original(*args))
    return read


def test_rows_kept_are_read_again_when_the_code_changes_or_the_build_starts_afresh(tmp_path, monkeypatch):
    from msblog.sphinxext import dataset as component

    site = site_with_dataset(tmp_path)
    build(site, msblog_pagefind=False)
    read = reads(monkeypatch)
    monkeypatch.setattr(component, "_code", lambda: "another msblog")
    (site / "posts/2015/02/second.md").write_text("---\ndate: 2015-02-01\n---\n\n# Second, edited\n")
    build(site, msblog_pagefind=False)
    assert sorted(read) == sorted(["2015/02/second", "2016/01/first", str(site / "comments/2016/01/first.md")])
    read.clear()
    (site / "posts/2015/02/second.md").write_text("---\ndate: 2015-02-01\n---\n\n# Second, edited again\n")
    app = SphinxTestApp("html", srcdir=site, freshenv=True, confoverrides={"msblog_pagefind": False})  # sphinx-build -E
    app.build()
    app.cleanup()
    assert len(read) == 3


def test_a_file_written_back_at_its_old_size_and_time_is_read_again(tmp_path, monkeypatch):
    site = site_with_dataset(tmp_path)
    out = build(site, msblog_pagefind=False)
    read = reads(monkeypatch)
    post = site / "posts/2015/02/second.md"
    before = post.stat()
    post.write_text(post.read_text().replace("No therapy here.", "No HSCT, here."))  # as cp -p or touch -d leave it
    os.utime(post, ns=(before.st_atime_ns, before.st_mtime_ns))
    (site / "index.md").write_text(INDEX + "\nA change the build sees.\n")
    build(site, msblog_pagefind=False)
    assert read == ["2015/02/second"] and b"No HSCT, here." in published(out)["posts.jsonl"]


def test_rows_kept_by_another_msblog_or_damaged_are_made_again(tmp_path):
    site = site_with_dataset(tmp_path)
    out = build(site, msblog_pagefind=False)
    kept = site / "_build/doctrees/msblog-dataset-rows.pickle"
    for foreign in (b"\x80\x04\x95\x1d\x00\x00\x00\x00\x00\x00\x00\x8c\x10msblog.elsewhere\x8c\x04Rows\x93.", b"junk"):
        kept.write_bytes(foreign)
        (site / "posts/2015/02/second.md").write_text(f"---\ndate: 2015-02-01\n---\n\n# Second {len(foreign)}\n")
        build(site, msblog_pagefind=False)
        assert f'"title": "Second {len(foreign)}"'.encode() in published(out)["posts.jsonl"]


def warned_build(site: Path, out: Path) -> SphinxTestApp:
    """A build that may warn; the application, once built."""
    app = SphinxTestApp("html", srcdir=site, builddir=out, confoverrides={"msblog_pagefind": False})
    try:
        app.build()
    finally:
        app.cleanup()
    return app


@pytest.fixture(params=["in the build's process", "in a process of its own"])
def made(request, monkeypatch):
    """Each way the dataset is made: a small archive's in the build's process; a large one's beside it, while the
    documents are read (here every archive's, however small)."""
    from msblog.sphinxext import dataset as component

    if request.param == "in a process of its own":
        monkeypatch.setattr(component, "BESIDE_READING", 0)
        monkeypatch.setattr(component.Job, "run", lambda job: pytest.fail("made in the build's process"))
    return request.param


def test_either_way_the_dataset_is_the_export_and_made_again_only_for_a_change(tmp_path, made):
    site = site_with_dataset(tmp_path)
    out = build(site, msblog_pagefind=False)
    assert published(out) == dataset_files(site, Layout())
    before = (out / FILE).stat().st_mtime_ns
    (site / "index.md").write_text(INDEX + "\nA change the build sees.\n")
    build(site, msblog_pagefind=False)
    assert (out / FILE).stat().st_mtime_ns == before
    post = site / "posts/2015/02/second.md"
    post.write_text(post.read_text().replace("No therapy here.", "No HSCT here."))
    build(site, msblog_pagefind=False)
    assert b"No HSCT here." in published(out)["posts.jsonl"] and published(out) == dataset_files(site, Layout())


def test_either_way_content_the_check_refuses_is_not_published_and_each_problem_is_named(tmp_path, made):
    site = write_files(site_with_dataset(tmp_path), {"posts/2015/02/second.md": "---\ndate: 2015-02-01\n---\n\nNo title.\n"})
    app = warned_build(site, tmp_path / "_build")
    assert not (app.outdir / FILE).exists()
    assert f"{site / 'posts/2015/02/second.md'}:4: WARNING: the dataset is not published: " in app.warning.getvalue()
    assert "published with the site's HTML pages, when its content passes msblog check" in link(app.outdir).get_text()


def test_either_way_a_dataset_that_cannot_be_made_fails_the_build_saying_why(tmp_path, made):
    site = site_with_dataset(tmp_path)
    (tmp_path / "_build/doctrees/msblog-dataset-rows.pickle").mkdir(parents=True)  # where its rows are kept
    with pytest.raises(Exception, match="msblog-dataset-rows.pickle"):
        warned_build(site, tmp_path / "_build")


def test_a_dataset_made_beside_the_build_runs_nothing_of_the_script_that_started_the_build(tmp_path):
    """A script building the site at its top level, unguarded by ``if __name__ == "__main__"``: the process making the
    dataset imports msblog alone, so it neither builds again nor fails."""
    site = site_with_dataset(tmp_path / "site")
    script = tmp_path / "build.py"
    script.write_text("from sphinx.cmd.build import build_main\nfrom msblog.sphinxext import dataset\n\n"
                      "dataset.BESIDE_READING = 0\nprint('the script ran')\n"
                      f"raise SystemExit(build_main(['-q', '-D', 'msblog_pagefind=0', {str(site)!r}, {str(tmp_path / 'out')!r}]))\n")
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=600,
                         env={**os.environ, "PYTHONPATH": str(REPO)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("the script ran") == 1
    assert published(tmp_path / "out") == dataset_files(site, Layout())


class NoisyJob(dataset_component.Job):
    """A job whose code writes to standard output, as Python and as a library in C would."""

    def run(self):
        print("noise from Python", flush=True)
        os.write(1, b"noise from C\n")
        return [Problem(Path("posts/a.md"), 3, "a problem")]


def test_the_process_beside_sends_its_result_whatever_else_writes_to_its_output(tmp_path, capfd):
    job = NoisyJob(tmp_path, Layout(), date(2026, 1, 1), tmp_path / FILE, tmp_path / "record", tmp_path / "rows", "key")
    assert dataset_component.Beside(job).result() == [Problem(Path("posts/a.md"), 3, "a problem")]
    written = capfd.readouterr()
    assert written.out == "noise from Python\nnoise from C\n" and written.err == ""  # the build's own output


class SlowJob(dataset_component.Job):
    """A job that would take two minutes."""

    def run(self):
        time.sleep(120)
        return []


def a_job(tmp_path: Path, kind=dataset_component.Job, site: Path | None = None):
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return kind(site or tmp_path, Layout(), date.today(), out / FILE, tmp_path / "record", tmp_path / "rows", "key")


def test_the_process_beside_ends_with_the_build_that_started_it(tmp_path):
    """A build that fails before taking the dataset stops it; a build that dies (its end of the process's standard
    input closed) ends it too: neither writes the dataset after its build."""
    stopped = dataset_component.Beside(a_job(tmp_path, SlowJob))
    stopped.stop()
    assert stopped.process.returncode is not None and stopped.results.closed
    orphan = dataset_component.Beside(a_job(tmp_path, SlowJob))
    orphan.process.stdin.close()
    assert orphan.process.wait(timeout=60) == 1
    orphan.results.close()


def test_the_process_beside_runs_the_build_s_msblog_not_one_in_the_current_folder(tmp_path, monkeypatch):
    shadow = tmp_path / "checkout"
    write_files(shadow, {"msblog/__init__.py": "", "msblog/sphinxext/__init__.py": "",
                         "msblog/sphinxext/dataset.py": "raise ImportError('another msblog')\n"})
    monkeypatch.chdir(shadow)
    assert dataset_component.Beside(a_job(tmp_path, NoisyJob)).result() == [Problem(Path("posts/a.md"), 3, "a problem")]


def test_a_link_put_at_the_dataset_s_place_while_it_is_made_is_not_written_through(tmp_path):
    job = a_job(tmp_path, site=site_with_dataset(tmp_path / "site"))
    victim = tmp_path / "victim.txt"
    victim.write_text("a file of the machine\n")
    job.out.symlink_to(victim)
    assert job.run() == []
    assert victim.read_text() == "a file of the machine\n" and job.out.is_symlink() and not job.record.exists()


def test_a_build_failing_before_taking_the_dataset_leaves_nothing_to_the_next_build(tmp_path, monkeypatch):
    """The same application builds again (no builder-inited): its dataset is made afresh, edits included."""
    monkeypatch.setattr(dataset_component, "BESIDE_READING", 0)
    site = site_with_dataset(tmp_path)
    app = SphinxTestApp("html", srcdir=site, confoverrides={"msblog_pagefind": False})
    failures = ["the first build fails while reading"]

    def fail_once(*args):
        if failures:
            raise RuntimeError(failures.pop())

    app.connect("env-before-read-docs", fail_once)
    try:
        with pytest.raises(Exception, match="the first build fails"):
            app.build()
        post = site / "posts/2015/02/second.md"
        post.write_text(post.read_text().replace("No therapy here.", "Edited after the failure."))
        app.build()
    finally:
        app.cleanup()
    assert b"Edited after the failure." in published(app.outdir)["posts.jsonl"]

"""Parallel and serial builds produce the same pages (ABlog included)."""

from __future__ import annotations

import gc
import pickle
import shutil
import weakref

from sphinx.testing.util import SphinxTestApp

from msblog.sphinxext import parallel
from msblog.sphinxext.compat import ablog_posts
from tests.helpers import TESTS, new_site, parse_html


def build(tmp_path, name: str, parallel: int, keep=None):
    src = tmp_path / name / "src"
    shutil.copytree(TESTS / "roots" / "test-xrefs", src)
    app = SphinxTestApp("html", srcdir=src, parallel=parallel)
    app.build()
    assert app.statuscode == 0
    assert "parallel" not in app.warning.getvalue(), app.warning.getvalue()  # no fallback to serial reading
    if keep is not None:
        keep.append(app.env)
    app.cleanup()
    return app.outdir


def page(out, relative):
    html = parse_html(out / relative)
    return [" ".join(part.get_text().split()) for part in html.select('article[role="main"], .sidebar-drawer')]


def test_parallel_reading_builds_the_same_site(tmp_path):
    serial, parallel = build(tmp_path, "serial", 0), build(tmp_path, "parallel", 2)
    pages = sorted(p.relative_to(serial) for p in serial.rglob("*.html"))
    assert pages == sorted(p.relative_to(parallel) for p in parallel.rglob("*.html"))
    assert any("blog" in str(p) for p in pages)
    for relative in pages:
        assert page(parallel, relative) == page(serial, relative), relative
    assert (serial / "blog" / "atom.xml").read_text() == (parallel / "blog" / "atom.xml").read_text()


def test_ablog_copies_of_posts_do_not_carry_the_environment(tmp_path):
    """Each post's copy pickles on its own: no document, settings or reader environment comes with it."""
    envs = []
    build(tmp_path, "parallel", 2, keep=envs)
    posts = [info for infos in ablog_posts(envs[0]).values() for info in infos]
    assert posts
    for info in posts:
        assert all(node.document is None for node in info["doctree"].findall(include_self=True))
        assert b"BuildEnvironment" not in pickle.dumps(info), info["docname"]


def test_a_few_edited_documents_are_read_without_reader_processes(tmp_path):
    """Under -j 2 an edit is read in the main process; a build that reads most documents uses readers."""
    site = new_site(tmp_path)
    for n in range(30):
        post = site / f"posts/2016/01/post-{n:02d}.md"
        post.parent.mkdir(parents=True, exist_ok=True)
        post.write_text(f"---\ndate: 2016-01-{1 + n % 28:02d}\ntags: Trials\n---\n\n# Post {n}\n\nText {n}.\n")

    def build_counting_merges() -> list[set[str]]:
        app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build", parallel=2)
        merged: list[set[str]] = []
        app.connect("env-merge-info", lambda _app, _env, docnames, _other: merged.append(docnames))
        app.build()
        assert app.statuscode == 0 and app.parallel == 2
        app.cleanup()
        return merged

    assert build_counting_merges()  # the first build reads every post in reader processes
    post = site / "posts/2016/01/post-07.md"
    post.write_text(post.read_text().replace("# Post 7", "# Post seven"))
    assert build_counting_merges() == []
    assert "Post seven" in parse_html(tmp_path / "_build" / "html" / "blog/page/2.html").get_text()


def test_a_serial_build_keeps_no_more_than_one_document_read_in_memory(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-xrefs", src)
    app = SphinxTestApp("html", srcdir=src)
    held = []
    app.connect("doctree-read", lambda app, doctree: held.append(len(app.env._write_doc_doctree_cache)))
    app.build()
    app.cleanup()
    assert app.statuscode == 0 and len(held) > 3 and max(held) <= 1, held  # Sphinx keeps every one, until written


def test_the_environment_is_loaded_without_the_collector_then_frozen_out_of_it(tmp_path, monkeypatch):
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-xrefs", src)
    app = SphinxTestApp("html", srcdir=src)
    app.build()
    app.cleanup()
    collecting, load = [], pickle.load
    monkeypatch.setattr(pickle, "load", lambda file: (collecting.append(gc.isenabled()), load(file))[1])
    try:
        app = SphinxTestApp("html", srcdir=src)  # loads the environment the first build saved
        assert collecting == [False]
        assert gc.isenabled() and gc.get_freeze_count() > 10_000
        app.build()
        app.cleanup()
        assert app.statuscode == 0
    finally:
        gc.unfreeze()


class Cycle:
    """Garbage only the collector frees: an object that refers to itself."""

    def __init__(self):
        self.itself = self


def test_what_reading_kept_is_frozen_out_of_the_collector_every_few_documents_and_no_garbage_with_it(
        tmp_path, monkeypatch):
    monkeypatch.setattr(parallel, "FREEZE_EVERY", 2)
    src = tmp_path / "src"
    shutil.copytree(TESTS / "roots" / "test-xrefs", src)
    app = SphinxTestApp("html", srcdir=src)
    frozen, garbage = [], []

    def read(app, doctree):
        frozen.append(gc.get_freeze_count())
        garbage.append(weakref.ref(Cycle()))  # garbage as soon as it is made

    app.connect("doctree-read", read)
    try:
        app.build()
        app.cleanup()
        assert app.statuscode == 0 and len(frozen) > 4
        assert len(set(frozen)) >= len(frozen) // 2, frozen  # more frozen every second document read
        gc.collect()
        assert not [ref for ref in garbage if ref() is not None]  # collected before each freeze, not frozen
    finally:
        gc.unfreeze()

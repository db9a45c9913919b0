"""Parallel and serial builds produce the same pages (ABlog included)."""

from __future__ import annotations

import pickle
import shutil

from sphinx.testing.util import SphinxTestApp

from tests.helpers import TESTS, parse_html


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
    entries = [line for line in (serial / "blog" / "atom.xml").read_text().splitlines() if "<updated>" not in line]
    assert entries == [line for line in (parallel / "blog" / "atom.xml").read_text().splitlines() if "<updated>" not in line]


def test_ablog_copies_of_posts_do_not_carry_the_environment(tmp_path):
    """Each post's copy pickles on its own: no document, settings or reader environment comes with it."""
    envs = []
    build(tmp_path, "parallel", 2, keep=envs)
    posts = [info for infos in envs[0].ablog_posts.values() for info in infos]
    assert posts
    for info in posts:
        assert all(node.document is None for node in info["doctree"].findall(include_self=True))
        assert b"BuildEnvironment" not in pickle.dumps(info), info["docname"]

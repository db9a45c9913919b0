"""A release of ABlog that changed what msblog relies on stops the build, naming the compat entry to check."""

from __future__ import annotations

import ablog
import ablog.post
import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.sphinxext import compat
from tests.helpers import copy_root


def build_fails(tmp_path, entry: str) -> None:
    app = SphinxTestApp("html", srcdir=copy_root("xrefs", tmp_path))
    try:
        with pytest.raises(compat.InternalsChanged, match=rf"^msblog\.sphinxext\.compat\.{entry}: "):
            app.build()
    finally:
        app.cleanup()
        compat.forget_ablog_blog()  # ABlog's process-wide state of a build stopped halfway: no other test's


def test_posts_recorded_elsewhere(tmp_path, monkeypatch):
    read = ablog.process_posts  # as ABlog's setup connects it

    def process_posts(app, doctree):
        read(app, doctree)
        app.env.ablog_records = app.env.__dict__.pop("ablog_posts")

    monkeypatch.setattr(ablog, "process_posts", process_posts)
    build_fails(tmp_path, "ablog_posts")


def test_register_posts_removed(tmp_path, monkeypatch):
    monkeypatch.delattr(ablog.post, "register_posts")
    build_fails(tmp_path, "ablog_blog")

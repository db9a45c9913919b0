"""Shared fixtures: Sphinx test roots under tests/roots, parsed HTML, the real site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from tests.helpers import REPO, SITE_URL, TESTS

pytest_plugins = ("sphinx.testing.fixtures",)


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run the way `make html` builds it; returns the output folder."""
    from sphinx.cmd.build import build_main

    work = tmp_path_factory.mktemp("site")
    source = work / "src"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__"))
    out = work / "html"
    # Served from the top of a host, as the browser tests serve it.
    previous = os.environ.get("MSBLOG_BASEURL")
    os.environ["MSBLOG_BASEURL"] = SITE_URL
    try:
        status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", str(source), str(out),
                             "-d", str(work / "doctrees")])
    finally:
        if previous is None:
            os.environ.pop("MSBLOG_BASEURL")
        else:
            os.environ["MSBLOG_BASEURL"] = previous
    assert status == 0, "the real site must build cleanly with -W --keep-going -n"
    return out


def _build(source: Path, builddir: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=source, builddir=builddir)
    app.build()
    return app


@pytest.fixture
def build_root(rootdir, tmp_path):
    """Build a fresh copy of ``tests/roots/test-<name>``; edit it and :func:`rebuild` freely."""
    apps = []

    def build(name: str = "xrefs"):
        shutil.copytree(rootdir / f"test-{name}", tmp_path / "src")
        apps.append(_build(tmp_path / "src", tmp_path / "_build"))
        return apps[-1]

    yield build
    for app in apps:
        app.cleanup()


@pytest.fixture(scope="session")
def xrefs(rootdir, tmp_path_factory):
    """The cross-reference test root, built once per run; its output and warnings stay to be read."""
    work = tmp_path_factory.mktemp("xrefs")
    shutil.copytree(rootdir / "test-xrefs", work / "src")
    app = _build(work / "src", work / "_build")
    app.cleanup()
    return app

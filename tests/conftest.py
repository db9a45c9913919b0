"""Shared fixtures: Sphinx test roots under tests/roots, parsed HTML, the real site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers import REPO, TESTS

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
    status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", str(source), str(out), "-d", str(work / "doctrees")])
    assert status == 0, "the real site must build cleanly with -W --keep-going -n"
    return out

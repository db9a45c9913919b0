"""Shared fixtures: Sphinx test roots under tests/roots, parsed HTML, the real site.

Also what makes a test slow. A test that builds a Sphinx project, runs another
process or a browser, runs the benchmark, or asks Hypothesis for hundreds of
examples is marked ``slow`` when it is collected, by its folder, its settings,
and what its code, its fixtures' code and the tests' own helpers they call name
(:func:`is_slow`); ``make test-fast`` leaves those out. A test that is not marked
and builds a Sphinx project all the same fails, saying so.
"""

from __future__ import annotations

import inspect
import subprocess
import types
from pathlib import Path

import pytest
from hypothesis import settings
from sphinx.application import Sphinx
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp

from tests.helpers import TESTS, build, build_real_site, copy_root

pytest_plugins = ("sphinx.testing.fixtures",)

# Example counts stay Hypothesis's (or a test's own); a shared machine's pauses are no failure.
settings.register_profile("archive", deadline=None)
settings.load_profile("archive")

# What a slow test's code names: a Sphinx build (here or in another process), any other process, a browser.
SLOW_CALLS = (Sphinx, SphinxTestApp, build_main, subprocess)
SLOW_IMPORTS = {"sphinx.cmd.build", "subprocess", "playwright.sync_api"}  # imported inside a function
FOLLOWED = ("tests.", "msblog.bench.")  # whose functions a test's code is followed into
SLOW_FOLDERS = {TESTS / "browser"}


def _names_slow(code: types.CodeType, namespace: dict, seen: set) -> bool:
    """Whether ``code`` (and the code nested in it, and the tests' and benchmark's functions it calls) names a slow call."""
    if code in seen:
        return False
    seen.add(code)
    for name in code.co_names:
        found = namespace.get(name)
        if name in SLOW_IMPORTS or any(found is call for call in SLOW_CALLS):
            return True
        function = inspect.unwrap(found) if callable(found) else None
        if isinstance(function, types.FunctionType) and function.__module__.startswith(FOLLOWED) and \
                _names_slow(function.__code__, function.__globals__, seen):
            return True
    return any(_names_slow(const, namespace, seen) for const in code.co_consts if isinstance(const, types.CodeType))


def is_slow(item: pytest.Function) -> bool:
    """Whether the test ``item`` builds a Sphinx project, runs a process or a browser, or runs more examples
    than Hypothesis's default: by its folder, its ``sphinx`` mark, its settings, or the code of the test and of
    every fixture it uses."""
    if item.get_closest_marker("sphinx") or SLOW_FOLDERS & set(item.path.parents):
        return True
    # A property test asking for hundreds of examples (Hypothesis keeps a test's settings on it, privately).
    if getattr(item.function, "_hypothesis_internal_use_settings", settings.default).max_examples > settings.default.max_examples:
        return True
    test = getattr(getattr(item.function, "hypothesis", None), "inner_test", item.function)
    functions = [inspect.unwrap(test)] + [definition.func for definitions in item._fixtureinfo.name2fixturedefs.values()
                                          for definition in definitions]
    seen: set = set()
    return any(_names_slow(f.__code__, f.__globals__, seen) for f in functions if isinstance(f, types.FunctionType))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if isinstance(item, pytest.Function) and is_slow(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _only_slow_tests_build(request, monkeypatch):
    """A test not marked slow that builds a Sphinx project fails: :func:`is_slow` did not see it build."""
    if request.node.get_closest_marker("slow"):
        return

    def refused(*args, **kwargs):
        pytest.fail(f"{request.node.nodeid} builds a Sphinx project but is not marked slow: mark it "
                    "@pytest.mark.slow, or call the build where tests/conftest.py's is_slow sees it", pytrace=False)

    monkeypatch.setattr("sphinx.application.Sphinx.__init__", refused)  # named as text: is_slow reads this code too


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return TESTS / "roots"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once per test run the way `make html` builds it; returns the output folder."""
    return build_real_site(tmp_path_factory.mktemp("site"))


def _build(source: Path, builddir: Path) -> SphinxTestApp:
    app = SphinxTestApp("html", srcdir=source, builddir=builddir)
    app.build()
    return app


@pytest.fixture
def build_root(tmp_path):
    """Build a fresh copy of ``tests/roots/test-<name>``; edit it and :func:`rebuild` freely."""
    apps = []

    def build(name: str = "xrefs"):
        apps.append(_build(copy_root(name, tmp_path), tmp_path / "_build"))
        return apps[-1]

    yield build
    for app in apps:
        app.cleanup()


@pytest.fixture(scope="session")
def xrefs(tmp_path_factory):
    """The cross-reference test root, built once per run; its output and warnings stay to be read."""
    work = tmp_path_factory.mktemp("xrefs")
    app = _build(copy_root("xrefs", work), work / "_build")
    app.cleanup()
    return app


@pytest.fixture(scope="session")
def post_pages(tmp_path_factory) -> Path:
    """The post pages test root (neighbours, ages, discussions that name no one), built once: its output folder."""
    work = tmp_path_factory.mktemp("post-pages")
    return build(copy_root("post-pages", work), work / "out")

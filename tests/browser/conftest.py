"""The built site served on localhost and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from msblog.bench.search import CHROMIUM, FLAGS
from tests.helpers import TESTS, served

ARTIFACTS = TESTS / "artifacts"


@pytest.fixture(scope="session")
def base_url(site: Path):
    """The site at http://127.0.0.1:PORT/, as Read the Docs would serve it."""
    with served(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, launched once for the whole run: Playwright's synchronous driver runs one at a time."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: run `apt-get install chromium` "
                    "(.ci/run installs it).", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser(base_url, chromium):
    """The browser, once the real site is built and served (a module serving another site overrides this)."""
    return chromium


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS

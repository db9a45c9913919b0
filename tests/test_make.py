"""The README's commands: `make html` publishes only what readers fetch and says nothing needless; `make serve`
previews the same site with live reload."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def plain(printed: str) -> str:
    """What a build printed, without the colours it adds when a terminal (or FORCE_COLOR) asks for them."""
    return re.sub(r"\x1b\[[0-9;]*m", "", printed)


def make_html(folder: Path) -> str:
    """`make html` with ``folder`` as the build folder; what it printed."""
    result = subprocess.run(["make", "--no-print-directory", "html", f"BUILDDIR={folder}"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return plain(result.stdout + result.stderr)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, list[str]]:
    """`make html` run twice into a new build folder, nothing changed in between: the folder, and what each run printed."""
    folder = tmp_path_factory.mktemp("make")
    return folder, [make_html(folder), make_html(folder)]


def test_make_html_publishes_only_what_readers_fetch(built):
    folder, _printed = built
    site = folder / "html"
    assert (site / "index.html").is_file()
    assert [path.relative_to(site) for path in site.rglob("*") if path.name == ".doctrees" or
            path.suffix in (".pickle", ".doctree")] == []
    assert (folder / "doctrees" / "environment.pickle").is_file()  # Sphinx's doctrees beside it, as Read the Docs keeps them


def test_a_build_says_nothing_needless_and_a_build_with_nothing_changed_reads_nothing(built):
    _folder, (first, second) = built
    for printed in (first, second):
        assert "social cards" not in printed and "matplotlib" not in printed
    assert "The configuration has changed" not in second
    assert "updating environment: 0 added, 0 changed, 0 removed" in second


def test_make_serve_previews_the_site_make_html_built_with_live_reload(built):
    folder, _printed = built
    build_info = (folder / "html" / ".buildinfo").read_text()
    port, log = free_port(), folder / "serve.log"
    with log.open("w") as output:
        server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}", f"BUILDDIR={folder}"],
                                  cwd=REPO, stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        page = None
        while time.monotonic() < deadline and page is None:
            assert server.poll() is None, "make serve stopped"
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
            except OSError:
                time.sleep(1)
        assert page is not None, "make serve never answered"
        assert "<title>MS Blog Archive" in page
        assert "websocket-reload" in page  # sphinx-autobuild's live reload script
        # Its first build is `make html`'s, into the same folders: nothing to read or write, the same build info.
        first_build = plain(log.read_text()).partition("Serving on")[0]
        assert "updating environment: 0 added, 0 changed, 0 removed" in first_build, first_build
        assert "no targets are out of date" in first_build, first_build
        assert (folder / "html" / ".buildinfo").read_text() == build_info
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_make_html_with_a_python_older_than_3_11_says_which_to_use(tmp_path):
    old = tmp_path / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # what asking an older Python for 3.11 answers
    old.chmod(0o755)
    result = subprocess.run(["make", "--no-print-directory", "html", f"PYTHON={old}", f"VENV={tmp_path / 'venv'}",
                             f"BUILDDIR={tmp_path / 'build'}"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode != 0 and not (tmp_path / "venv").exists()
    assert f"msblog needs Python 3.11 or newer, and {old} is older (or missing): make html PYTHON=python3.11" in result.stderr

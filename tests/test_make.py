"""The README's commands: `make serve` previews the site with live reload."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request

from tests.helpers import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_serve_previews_the_site_with_live_reload(tmp_path):
    port = free_port()
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", f"PORT={port}", f"BUILDDIR={tmp_path}"],
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
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
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

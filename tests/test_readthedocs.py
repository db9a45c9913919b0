"""Read the Docs builds the same site, warnings as errors, at its canonical address."""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys

import yaml

from tests.helpers import REPO, SEED_POST, parse_html

CANONICAL = "https://msblog-test.readthedocs.io/en/stable/"


def test_config_is_version_2_and_fails_on_warnings():
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
    assert config["version"] == 2
    assert config["sphinx"] == {"configuration": "conf.py", "builder": "html", "fail_on_warning": True}
    installs = config["python"]["install"]
    assert {"requirements": "requirements.lock"} in installs
    assert {"method": "pip", "path": "."} in installs


def test_conf_takes_the_canonical_address_from_read_the_docs(monkeypatch):
    monkeypatch.delenv("MSBLOG_BASEURL", raising=False)
    monkeypatch.setenv("READTHEDOCS_CANONICAL_URL", CANONICAL)
    assert runpy.run_path(str(REPO / "conf.py"))["html_baseurl"] == CANONICAL
    monkeypatch.delenv("READTHEDOCS_CANONICAL_URL")
    default = runpy.run_path(str(REPO / "conf.py"))["html_baseurl"]
    assert default.startswith("https://") and default.endswith("/")


def test_the_command_read_the_docs_runs_builds_the_site(tmp_path):
    source = tmp_path / "checkout"
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__"))
    output = tmp_path / "output"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": CANONICAL,
           "READTHEDOCS_OUTPUT": str(output)}
    env.pop("MSBLOG_BASEURL", None)
    command = [sys.executable, "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html",
               "-d", "_build/doctrees", "-D", "language=en", ".", f"{output}/html"]
    result = subprocess.run(command, cwd=source, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    page = parse_html(output / "html" / f"{SEED_POST}.html")
    assert page.find("link", rel="canonical")["href"] == f"{CANONICAL}{SEED_POST}.html"
    feed = (output / "html" / "blog" / "atom.xml").read_text()
    assert f'<link href="{CANONICAL}blog/atom.xml" rel="self"/>' in feed

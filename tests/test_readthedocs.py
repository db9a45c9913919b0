"""Read the Docs builds the same site, warnings as errors, at its canonical address, with only what the site needs."""

from __future__ import annotations

import os
import runpy
import shlex
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.helpers import REPO, SEED_POST, parse_html

CANONICAL = "https://msblog-test.readthedocs.io/en/stable/"
CONFIG = yaml.safe_load((REPO / ".readthedocs.yaml").read_text())
PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
# Read the Docs' own command for `sphinx: builder: html, fail_on_warning: true` (readthedocs.org,
# doc_builder/backends/sphinx.py); `-j auto` is the one change the configuration may make to it.
DEFAULT_COMMAND = ["python", "-m", "sphinx", "-T", "-W", "--keep-going", "-b", "html", "-d", "_build/doctrees",
                   "-D", "language=en", ".", "$READTHEDOCS_OUTPUT/html"]


def pins(lock: str) -> dict[str, str]:
    """Each package a lock file pins, by its normalised name: its version."""
    lines = (line.strip() for line in (REPO / lock).read_text().splitlines())
    return {canonicalize_name(name): version for name, _, version in
            (line.partition("==") for line in lines if line and not line.startswith("#"))}


def needed(requirements: list[str]) -> set[str]:
    """The packages ``requirements`` need, with everything those need in turn, as installed here (by normalised name)."""
    seen: set[tuple[str, str]] = set()  # (package, extra)
    todo = [(text, "") for text in requirements]  # (requirement, the extra its package is installed with)
    while todo:
        text, extra = todo.pop()
        requirement = Requirement(text)
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        for wanted in ("", *requirement.extras):
            if (name, wanted) not in seen:
                seen.add((name, wanted))
                todo += [(each, wanted) for each in metadata.requires(name) or []]
    return {name for name, _extra in seen}


def html_command() -> list[str]:
    """The command Read the Docs runs to build the HTML, as .readthedocs.yaml gives it."""
    [command] = CONFIG["build"]["jobs"]["build"]["html"]
    return shlex.split(command)


def test_config_is_version_2_and_fails_on_warnings():
    assert CONFIG["version"] == 2
    assert CONFIG["sphinx"] == {"configuration": "conf.py", "builder": "html", "fail_on_warning": True}
    command = html_command()
    assert "-W" in command and "--keep-going" in command


def test_read_the_docs_runs_its_own_command_or_it_in_parallel():
    """The build job writes Read the Docs' default command out, so that `-j auto` is one change away."""
    command = html_command()
    if "-j" in command:
        at = command.index("-j")
        assert command[at + 1] == "auto"
        del command[at:at + 2]
    assert command == DEFAULT_COMMAND


def test_read_the_docs_installs_the_docs_lock_and_the_package():
    assert CONFIG["python"]["install"] == [{"requirements": "requirements-docs.lock"}, {"method": "pip", "path": "."}]


def test_the_docs_lock_pins_what_the_site_needs_and_nothing_else():
    """requirements-docs.lock is the site's share of requirements.lock: the same pins, no test tools."""
    docs, everything = pins("requirements-docs.lock"), pins("requirements.lock")
    assert {name: (version, everything.get(name)) for name, version in docs.items()
            if everything.get(name) != version} == {}
    assert set(docs) == needed(PROJECT["dependencies"])
    test_tools = needed(PROJECT["optional-dependencies"]["dev"]) - needed(PROJECT["dependencies"])
    assert {"pytest", "playwright", "hypothesis", "feedparser", "sphinx-autobuild"} <= test_tools
    assert set(docs) & test_tools == set()


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
    output = tmp_path / "_readthedocs"
    env = {**os.environ, "READTHEDOCS": "True", "READTHEDOCS_CANONICAL_URL": CANONICAL,
           "READTHEDOCS_OUTPUT": str(output)}
    env.pop("MSBLOG_BASEURL", None)
    python, *arguments = [part.replace("$READTHEDOCS_OUTPUT", str(output)) for part in html_command()]
    assert python == "python"
    result = subprocess.run([sys.executable, *arguments], cwd=source, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    site = output / "html"
    page = parse_html(site / f"{SEED_POST}.html")
    assert page.find("link", rel="canonical")["href"] == f"{CANONICAL}{SEED_POST}.html"
    feed = (site / "blog" / "atom.xml").read_text()
    assert f'<link href="{CANONICAL}blog/atom.xml" rel="self"/>' in feed
    assert (site / "robots.txt").read_text().splitlines()[-1] == f"Sitemap: {CANONICAL}sitemap.xml"
    assert not list(site.rglob(".doctrees")) and (source / "_build" / "doctrees" / "environment.pickle").is_file()


def test_make_html_reads_as_read_the_docs_does_serially_or_both_in_parallel():
    """Both build the faster way, one way: what BENCHMARKS.md measured at the whole blog's size."""
    printed = subprocess.run(["make", "--no-print-directory", "-n", "html"], cwd=REPO, capture_output=True,
                             text=True, check=True).stdout
    make = shlex.split(next(line for line in printed.splitlines() if "sphinx-build" in line))
    assert ("-j" in make) == ("-j" in html_command())

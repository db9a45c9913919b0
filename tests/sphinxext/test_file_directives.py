"""Directives that read a file or an address into a page are refused, in the build and by msblog check."""

from __future__ import annotations

import re

import feedparser
import pytest
from sphinx.util.console import strip_colors

from msblog.check import check_site
from tests.helpers import built_app, copy_root, msblog_errors, parse_html, rebuild

SECRETS = ("root:x:0:0", "conf-py-secret-4711", "imports-secret-4711")
POST = "posts/2016/01/reads-files.md"
# Each directive that reads a file or an address: where it is (and the {csv-table}s at 19 and 23 and the {eval-rst}
# at 35, read as code).
REFUSED = [("therapies/index.md", 3), *((POST, line) for line in (9, 12, 15, 19, 20, 23, 24, 27, 28, 31, 35, 36))]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_app(copy_root("file-directives", tmp_path_factory.mktemp("file-directives")), failing=True)


def errors(warnings: str, srcdir) -> list[tuple[str, int]]:
    """Each error of a build about a post: its path (relative to the site) and line."""
    return [(path, line) for path, line, _message in msblog_errors(warnings, srcdir, kinds=("post",))]


def test_each_directive_that_reads_a_file_is_an_error_at_its_path_and_line_on_every_build(built):
    warnings = built.warning.getvalue()
    assert "Traceback" not in warnings and built.statuscode == 1
    assert errors(warnings, built.srcdir) == sorted(REFUSED)
    # Reading is switched off at the root as well: each directive says so itself, at its line.
    text = strip_colors(warnings).replace(f"{built.srcdir}/", "")
    disabled = re.findall(r"^([\w/.-]+\.md):(\d+): WARNING: .*(?:disabled|deactivated)", text, re.M)
    assert sorted({(path, int(line)) for path, line in disabled}) == \
        sorted([("therapies/index.md", 3), *((POST, line) for line in (9, 12, 15, 27, 31))])
    assert errors(rebuild(built), built.srcdir) == sorted(REFUSED)


def test_no_file_is_read_into_the_site(built):
    for file in built.outdir.rglob("*"):
        if file.is_file() and file.suffix in {".html", ".xml", ".txt", ".js", ".json"}:
            text = file.read_text(encoding="utf-8", errors="replace")
            assert not [secret for secret in SECRETS if secret in text], file
    page = parse_html(built.outdir / "posts/2016/01/reads-files.html")
    assert "Text before." in page.get_text() and "Text after." in page.get_text()
    assert page.find(id="raw-html") is None
    [entry] = feedparser.parse((built.outdir / "blog/atom.xml").read_text()).entries
    assert "Text after." in entry.content[0].value


def test_msblog_check_refuses_the_same_directives(built):
    found = sorted((str(p.path), p.line) for p in check_site(built.srcdir))
    assert found == sorted(REFUSED)

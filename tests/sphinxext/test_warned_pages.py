"""A page that warned is read again, so a build with nothing changed gives its warnings again and fails as before."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from sphinx.cmd.build import build_main

from msblog.sphinxext.warned_pages import WARNED_FILE
from tests.helpers import new_site, write_files

GLOSSARY = "# {title}\n\n```{{glossary}}\nEDSS\n  A scale.\n{again}```\n"
POSTED = "---\ndate: 2015-06-0{day}\n---\n\n"


def make_html(site: Path, *options: str) -> tuple[int, str]:
    """``site`` built as ``make html`` builds it; its exit status and warnings."""
    warnings = io.StringIO()
    with contextlib.redirect_stderr(warnings):
        status = build_main(["-b", "html", "-W", "--keep-going", "-n", "-q", *options, "-d",
                             str(site.parent / "doctrees"), str(site), str(site.parent / "html")])
    return status, warnings.getvalue()


def warned_lines(warnings: str) -> list[str]:
    return sorted(set(re.findall(r"(posts/2015/06/\w+\.md:\d+): WARNING", warnings)))


def test_a_build_after_one_that_warned_warns_again_until_the_page_is_mended(tmp_path):
    """A warning Sphinx gives while reading a page (a term defined twice) and one it gives while writing a page (a
    link to no page) fail every build until the page changes, not only the first."""
    site = write_files(new_site(tmp_path), {
        "posts/2015/06/terms.md": POSTED.format(day=1) + GLOSSARY.format(title="Terms", again="\nEDSS\n  Again.\n"),
        "posts/2015/06/link.md": POSTED.format(day=2) + "# Link\n\nSee {doc}`the missing page <../../2099/01/none>`.\n",
        "posts/2015/06/fine.md": POSTED.format(day=3) + "# Fine\n\nNothing to say.\n"})
    expected = ["posts/2015/06/link.md:7", "posts/2015/06/terms.md:11"]
    first = make_html(site)
    assert (first[0], warned_lines(first[1])) == (1, expected)
    again = make_html(site)
    assert (again[0], warned_lines(again[1])) == (1, expected)

    (site / "posts/2015/06/terms.md").write_text(POSTED.format(day=1) + GLOSSARY.format(title="Terms", again=""))
    (site / "posts/2015/06/link.md").write_text(POSTED.format(day=2) + "# Link\n\nSee {doc}`/posts/2015/06/fine`.\n")
    assert make_html(site) == (0, "")
    assert not (tmp_path / "doctrees" / WARNED_FILE).exists()
    assert make_html(site, "-v")[0] == 0  # nothing read: the pages mended are not read again


def test_a_warning_suppressed_reads_no_page_again(tmp_path):
    site = write_files(new_site(tmp_path), {
        "posts/2015/06/link.md": POSTED.format(day=2) + "# Link\n\nSee {doc}`the missing page <../../2099/01/none>`.\n"})
    with (site / "conf.py").open("a") as conf:
        conf.write('\nsuppress_warnings = ["ref.doc"]\n')
    assert make_html(site) == (0, "")
    assert not (tmp_path / "doctrees" / WARNED_FILE).exists()


@pytest.mark.parametrize("kept", ["5", "null", "true", '{"posts/2015/06/fine": 1}', "[1, null]", "not JSON", '"fine"'])
def test_a_record_of_warned_pages_not_written_by_the_build_is_ignored(tmp_path, kept):
    site = write_files(new_site(tmp_path), {"posts/2015/06/fine.md": POSTED.format(day=3) + "# Fine\n\nText.\n"})
    assert make_html(site) == (0, "")
    (tmp_path / "doctrees" / WARNED_FILE).write_text(kept)
    assert make_html(site) == (0, "")

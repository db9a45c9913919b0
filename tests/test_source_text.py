"""What a source says is kept whole: Sphinx's smart quotes never rewrite a post's quotes, dashes or dots."""

from __future__ import annotations

import shutil

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.helpers import REPO, TESTS, build, parse_html

TEXT = '"quoted" -- dashes... and \'single\' --- three'
TITLE = 'A "quoted" title -- with dashes...'


def root_site(folder):
    """A site with the test roots' shared configuration."""
    shutil.copytree(TESTS / "roots" / "test-import-site", folder)


def real_site(folder):
    """The real site: its configuration and content."""
    shutil.copytree(REPO, folder, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__"))


@pytest.mark.parametrize("make_site", [root_site, real_site])
def test_quotes_dashes_and_dots_stay_as_written_in_a_post_its_title_and_the_feed(tmp_path, make_site):
    site = tmp_path / "src"
    make_site(site)
    (site / "posts/2015/05").mkdir(parents=True, exist_ok=True)
    (site / "posts/2015/05/quotes.md").write_text(f"---\ndate: '2015-05-17'\n---\n\n# {TITLE}\n\n{TEXT}\n",
                                                  encoding="utf-8")
    out = build(site, tmp_path / "_build")
    page = parse_html(out / "posts/2015/05/quotes.html")
    assert TEXT in page.article.get_text()
    assert page.h1.bdi.get_text() == TITLE
    assert page.title.get_text().startswith(f"{TITLE} - ")
    listed = parse_html(out / "blog.html").get_text()
    assert TITLE in listed
    [entry] = [e for e in feedparser.parse((out / "blog/atom.xml").read_text(encoding="utf-8")).entries
               if e.link.endswith("quotes.html")]
    assert entry.title == TITLE
    assert TEXT in BeautifulSoup(entry.content[0].value, "lxml").get_text()

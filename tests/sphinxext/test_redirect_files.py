"""A post's old path never replaces a page, under html or dirhtml: the build and msblog check refuse it alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from msblog.check import check_site
from tests.helpers import copy_root, msblog_errors, parse_html

# Not written normalised, or the file of a page under one builder or another (dirhtml writes a page d at d/index.html).
OLD_PATHS = "./index, posts/2016/01//first, posts/2016/01/first/index, index, 2016/03/kept"
REFUSED = [
    ("posts/2016/03/third.md", 5, "redirect './index' is not a path of portable slugs in the site: "
                                  "'.': it holds ., which a slug may not (it has only lower-case letters, digits, "
                                  "marks, - and _)"),
    ("posts/2016/03/third.md", 5, "redirect 'posts/2016/01//first' is not a path of portable slugs in the site: "
                                  "'': it is empty"),
    ("posts/2016/03/third.md", 5, "old path 'index' (redirect) is a page of the site: the page sending readers "
                                  "on to this post would replace it"),
    ("posts/2016/03/third.md", 5, "old path 'posts/2016/01/first/index' (redirect) is the page "
                                  "'posts/2016/01/first', dirhtml writes at posts/2016/01/first/index.html: "
                                  "the page sending readers on to this post would replace it"),
]
# Where each builder writes the home page and the first post.
PAGES = {"html": ["index.html", "posts/2016/01/first.html"],
         "dirhtml": ["index.html", "posts/2016/01/first/index.html"]}


def add_old_paths(site: Path) -> None:
    post = site / "posts/2016/03/third.md"
    post.write_text(post.read_text().replace("tags: Diet\n", f"tags: Diet\nredirect: {OLD_PATHS}\n"))


@pytest.fixture(scope="module", params=["html", "dirhtml"])
def built(request, tmp_path_factory):
    app = SphinxTestApp(request.param, srcdir=copy_root("xrefs", tmp_path_factory.mktemp(request.param), add_old_paths))
    app.build()
    yield app
    app.cleanup()


def is_redirect(page: Path) -> bool:
    return parse_html(page).find("meta", attrs={"http-equiv": "refresh"}) is not None


def test_an_old_path_that_would_replace_a_page_is_an_error_at_its_line_and_the_page_stays(built):
    errors = msblog_errors(built.warning.getvalue(), built.srcdir)
    assert sorted(error for error in errors if error[0] == "posts/2016/03/third.md") == sorted(REFUSED)
    assert built.statuscode == 1
    for page in PAGES[built.builder.name]:
        assert not is_redirect(built.outdir / page), page
    assert is_redirect(built.outdir / "2016/03/kept.html")  # an old path refused beside it is still served


def test_msblog_check_refuses_the_same_old_paths(built):
    assert sorted((str(p.path), p.line, p.message) for p in check_site(built.srcdir)
                  if str(p.path) == "posts/2016/03/third.md") == sorted(REFUSED)

"""The old paths a post is served at: each written as portable slugs, none the file of a page of the site under
any builder, none shared by two posts."""

from __future__ import annotations

from datetime import date
from pathlib import PurePosixPath

import pytest

from msblog.model.front_matter import old_path_problems, old_paths, post_problems
from msblog.model.layout import Layout

BLOGGER = "http://multiple-sclerosis-research.blogspot.com/2015/05/slug.html"
WORDPRESS = "https://example.wordpress.com/2015/05/17/slug/"


def test_a_post_is_served_at_its_redirects_and_its_original_address():
    front = {"redirect": "2015/05/old, 2015/05/old, ../out", "original_url": WORDPRESS}
    assert list(old_paths("posts/2015/05/slug", front)) == [("redirect", "2015/05/old"), ("original_url", "2015/05/17/slug/index")]
    assert list(old_paths("posts/2015/05/slug", {"original_url": BLOGGER})) == [("original_url", "2015/05/slug")]
    assert list(old_paths("2015/05/slug", {"original_url": BLOGGER})) == []  # the page's own address


def test_an_old_path_that_is_a_page_of_the_site_is_refused():
    posts = {"posts/a": {"redirect": "index, blog, blog/tag/c, search, genindex, 404, pagefind/x, therapies/hsct/page/2, "
                                     "notes/kept, posts/a"}}
    refused = [old for _, _, old, _ in old_path_problems(posts, {"index", "posts/a"}, Layout().site_folders)]
    assert refused == ["index", "blog", "blog/tag/c", "search", "genindex", "404", "pagefind/x", "therapies/hsct/page/2", "posts/a"]


def test_the_folders_of_the_registry_and_listings_are_the_layouts():
    site = Layout.from_settings({"msblog_registry_dir": "treatments/registry", "blog_path": "news"})
    posts = {"posts/a": {"redirect": "treatments/hsct/page/2, news/2015, therapies/hsct, blog/tag/c"}}
    refused = [old for _, _, old, _ in old_path_problems(posts, {"posts/a"}, site.site_folders)]
    assert refused == ["treatments/hsct/page/2", "news/2015"]


def test_the_first_post_by_name_keeps_a_shared_old_path_whatever_the_order_given():
    posts = {"posts/b": {"original_url": WORDPRESS}, "posts/a": {"original_url": WORDPRESS, "redirect": "2015/05/17/slug/index"}}
    assert old_path_problems(posts, set(), Layout().site_folders) == [("posts/b", "original_url", "2015/05/17/slug/index",
                                                "old path '2015/05/17/slug/index' (original_url) is already one of posts/a: "
                                                "two posts cannot share an old address")]


@pytest.mark.parametrize(("redirect", "problem"), [
    ("./index", "'.': it holds ., which a slug may not"),
    ("posts/2016/01//first", "'': it is empty"),
    ("posts/2016/01/first/", "'': it is empty"),
    ("posts/./2016", "'.': it holds ."),
    ("posts/2016/../2016/01/first", "'..': it holds ."),
    ("/index", "it begins with /"),
])
def test_an_old_path_is_refused_unless_written_as_portable_slugs_joined_by_one_slash(redirect, problem):
    [(key, message)] = post_problems(PurePosixPath("2016/03/third"), {"redirect": redirect}, date(2024, 1, 1))
    assert key == "redirect"
    assert message.startswith(f"redirect {redirect!r} is not a path of portable slugs in the site: {problem}")
    assert list(old_paths("posts/2016/03/third", {"redirect": redirect})) == []


@pytest.mark.parametrize(("old", "page"), [
    ("index", "index"),  # the root page, whether the site has its document or not
    ("posts/2016/01/first", "posts/2016/01/first"),  # html writes it at posts/2016/01/first.html
    ("posts/2016/01/first/index", "posts/2016/01/first"),  # dirhtml, at posts/2016/01/first/index.html
    ("notes/index", "notes/index"),  # dirhtml writes a page */index at its own name
    ("about", "About"),  # the same file on a disk that ignores case
    ("about/index", "About"),
])
def test_an_old_path_that_is_the_file_of_a_page_under_any_builder_is_refused(old, page):
    pages = {"posts/2016/01/first", "notes/index", "About"}
    [(_, key, refused, message)] = old_path_problems({"posts/2016/03/third": {"redirect": old}}, pages, set())
    assert (key, refused) == ("redirect", old)
    assert message.endswith("the page sending readers on to this post would replace it")
    assert (f"is the page {page!r}, " in message) == (page != old)


def test_an_old_path_beside_a_page_is_not_its_file():
    pages = {"posts/2016/01/first", "notes/index", "index"}
    olds = "posts/2016/01, posts/2016/01/first/x, notes, notes/index/index, index/x"
    assert old_path_problems({"posts/2016/03/third": {"redirect": olds}}, pages, set()) == []


def test_the_old_path_of_an_original_url_is_refused_where_a_page_is_written_under_dirhtml():
    front = {"original_url": "https://example.wordpress.com/2016/01/first/"}  # served at 2016/01/first/index.html
    assert old_path_problems({"posts/2016/03/third": front}, {"2016/01/first"}, set()) == [
        ("posts/2016/03/third", "original_url", "2016/01/first/index",
         "old path '2016/01/first/index' (original_url) is the page '2016/01/first', dirhtml writes at "
         "2016/01/first/index.html: the page sending readers on to this post would replace it")]

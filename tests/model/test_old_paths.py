"""The old paths a post is served at: none is a page of the site, none is shared by two posts."""

from __future__ import annotations

from msblog.model.front_matter import old_path_problems, old_paths
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
    site = Layout.from_settings({"msblog_registry_dir": "treatments/registry", "blog_path": "/news/"})
    posts = {"posts/a": {"redirect": "treatments/hsct/page/2, news/2015, therapies/hsct, blog/tag/c"}}
    refused = [old for _, _, old, _ in old_path_problems(posts, {"posts/a"}, site.site_folders)]
    assert refused == ["treatments/hsct/page/2", "news/2015"]


def test_the_first_post_by_name_keeps_a_shared_old_path_whatever_the_order_given():
    posts = {"posts/b": {"original_url": WORDPRESS}, "posts/a": {"original_url": WORDPRESS, "redirect": "2015/05/17/slug/index"}}
    assert old_path_problems(posts, set(), Layout().site_folders) == [("posts/b", "original_url", "2015/05/17/slug/index",
                                                "old path '2015/05/17/slug/index' (original_url) is already one of posts/a: "
                                                "two posts cannot share an old address")]

from pathlib import Path, PurePosixPath

import pytest

from msblog.model.addresses import OriginalBlog
from msblog.model.layout import Layout


def test_the_default_layout_is_the_archives():
    site = Layout()
    assert (site.posts, site.comments, site.registry) == ("posts", "comments", "therapies")
    assert site.blog == OriginalBlog("multiple-sclerosis-research")


def test_a_post_is_any_page_in_the_posts_folder():
    site = Layout(posts="archive/posts")
    assert site.post_name("archive/posts/2015/05/hsct") == PurePosixPath("2015/05/hsct")
    assert site.is_post("archive/posts/2015/05/hsct")
    assert not site.is_post("archive/posts")
    assert not site.is_post("archive/postscript/x")
    assert site.post_file("2015/05/hsct") == "archive/posts/2015/05/hsct.md"
    assert site.discussion_file("2015/05/hsct") == "comments/2015/05/hsct.md"


def test_settings_are_read_from_the_sites_conf_py(tmp_path: Path):
    (tmp_path / "conf.py").write_text('msblog_posts_dir = "/articles/"\nmsblog_blog = "my-ms-diary"\n')
    site = Layout.of_site(tmp_path)
    assert site.posts == "articles" and site.comments == "comments"
    assert site.blog.name == "my-ms-diary"


@pytest.mark.parametrize("folder", ["", "/", "../elsewhere", "posts/../../x"])
def test_a_folder_outside_the_site_is_refused(folder):
    with pytest.raises(ValueError, match="msblog_posts_dir must name a folder inside the site"):
        Layout.from_settings({"msblog_posts_dir": folder})

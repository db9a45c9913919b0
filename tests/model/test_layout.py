from pathlib import Path, PurePosixPath

import pytest

from msblog.model.addresses import OriginalBlog
from msblog.model.errors import ContentError
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


def test_conf_py_runs_as_sphinx_runs_it_in_its_folder_with_tags(tmp_path: Path):
    (tmp_path / "blog.txt").write_text("my-ms-diary")
    (tmp_path / "conf.py").write_text(
        "from pathlib import Path\n"
        "msblog_blog = Path('blog.txt').read_text()  # relative to conf.py's folder, as sphinx-build reads it\n"
        "msblog_posts_dir = 'drafts' if tags.has('drafts') else Path(__file__).parent.name and 'articles'\n"
        "blog_path = 'news'\n")
    site = Layout.of_site(tmp_path)
    assert (site.blog.name, site.posts, site.listings) == ("my-ms-diary", "articles", "news")


@pytest.mark.parametrize(("conf", "line", "message"), [
    ("project = 'x'\nmsblog_posts_dir = '../x'\n", 2, "msblog_posts_dir must name a folder inside the site: '../x'"),
    ("msblog_blog = 'my.ms.diary'\n", 1, "msblog_blog must be a Blogger blog's name, the <name> of <name>.blogspot.com "
                                         "(lower-case letters, digits and -): 'my.ms.diary'"),
    ("msblog_registry_dir = 3\n", 1, "msblog_registry_dir must be text (a str), not 3"),
    ("msblog_posts_dir = 'site'\n\nmsblog_comments_dir = 'site/comments'\n", 3,
     "msblog_comments_dir 'site/comments' overlaps msblog_posts_dir 'site': posts, discussions and the registry "
     "each need a folder of their own"),
    ("msblog_registry_dir = 'posts'\n", 1, "msblog_registry_dir 'posts' overlaps msblog_posts_dir 'posts': posts, "
                                           "discussions and the registry each need a folder of their own"),
    ("x = 1\nraise RuntimeError('no theme')\n", 2, "conf.py failed: RuntimeError: no theme"),
    ("import json\nsettings = json.loads('{')\n", 2,  # the line of conf.py that led to the error
     "conf.py failed: JSONDecodeError: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"),
    ("import sys\nsys.exit(1)\n", 1, "conf.py (or a module it imports) called sys.exit()"),
    ("project = 'x'\nextensions = [\n", 2, "conf.py is not valid Python: '[' was never closed"),
])
def test_a_conf_py_that_fails_or_sets_a_layout_the_archive_cannot_use_is_named_at_its_line(tmp_path, conf, line, message):
    (tmp_path / "conf.py").write_text(conf)
    with pytest.raises(ContentError) as raised:
        Layout.of_site(tmp_path)
    assert [str(problem) for problem in raised.value.problems] == [f"{tmp_path / 'conf.py'}:{line}: {message}"]


def test_the_folders_the_site_writes_pages_in_are_the_layouts():
    assert Layout().site_folders == {"blog", "therapies", "search", "pagefind", "genindex", "py-modindex", "404"}
    site = Layout.from_settings({"msblog_registry_dir": "treatments/registry", "blog_path": "/news/archive/"})
    assert site.site_folders == {"news", "treatments", "search", "pagefind", "genindex", "py-modindex", "404"}

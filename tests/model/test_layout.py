from pathlib import Path, PurePosixPath

import pytest

from msblog.model.addresses import OriginalBlog
from msblog.model.errors import ContentError
from msblog.model.layout import Layout, SettingError


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
    (tmp_path / "conf.py").write_text('msblog_posts_dir = "articles"\nmsblog_blog = "my-ms-diary"\n')
    site = Layout.of_site(tmp_path)
    assert site.posts == "articles" and site.comments == "comments"
    assert site.blog.name == "my-ms-diary"


FOLDERS = ["msblog_posts_dir", "msblog_comments_dir", "msblog_registry_dir", "blog_path"]


@pytest.mark.parametrize("setting", FOLDERS)
@pytest.mark.parametrize(("folder", "problem"), [
    ("", "it is empty"),
    ("/", "it begins with /"),
    ("/etc", "it begins with /"),  # never read as etc, in the site
    ("/posts/", "it begins with /"),
    ("posts/", "'': it is empty"),
    ("a//b", "'': it is empty"),
    ("./posts", "'.': it holds ."),
    ("../elsewhere", "'..': it holds ."),
    ("posts/../../x", "'..': it holds ."),
    ("*", "it holds *"),  # a glob: the build would leave out every folder of the site
    ("p*", "it holds *"),
    ("[p]osts", "it holds [ ]"),
    ("p\x00", "it holds U+0000"),
    ("po\nsts", "it holds U+000A"),
    ("posts\\..\\x", "it holds \\ ."),  # a way out on Windows
    ("Posts", "it holds P"),
    ("archive/con", "'con': Windows keeps that name for a device"),
])
def test_a_folder_that_is_not_portable_slugs_inside_the_site_is_refused(setting, folder, problem):
    with pytest.raises(SettingError) as raised:
        Layout.from_settings({setting: folder})
    assert raised.value.setting == setting
    assert str(raised.value).startswith(f"{setting} must name a folder inside the site, written as portable slugs "
                                        f"joined by / (as archive/posts): {folder!r}: {problem}")


@pytest.mark.parametrize(("settings", "blamed", "kept"), [
    ({"msblog_registry_dir": "blog"}, "msblog_registry_dir", "blog_path"),  # dirhtml would write "All posts" over its index
    ({"msblog_posts_dir": "blog/posts"}, "msblog_posts_dir", "blog_path"),
    ({"blog_path": "therapies/news"}, "blog_path", "msblog_registry_dir"),
    ({"msblog_posts_dir": "comments/posts"}, "msblog_posts_dir", "msblog_comments_dir"),  # not the default left as it is
    ({"msblog_posts_dir": "ς", "msblog_comments_dir": "σ/x"}, "msblog_comments_dir", "msblog_posts_dir"),  # one to a disk that ignores case
])
def test_no_folder_lies_in_another_nor_in_ablogs_listings(settings, blamed, kept):
    defaults = {"msblog_posts_dir": "posts", "msblog_comments_dir": "comments", "msblog_registry_dir": "therapies",
                "blog_path": "blog"}
    folders = {**defaults, **settings}
    with pytest.raises(SettingError) as raised:
        Layout.from_settings(settings)
    assert raised.value.setting == blamed
    assert str(raised.value) == (f"{blamed} {folders[blamed]!r} overlaps {kept} {folders[kept]!r}: posts, discussions, "
                                 "the registry and ABlog's listings (blog_path) each need a folder of their own")


def test_conf_py_runs_as_sphinx_runs_it_in_its_folder_with_tags(tmp_path: Path):
    (tmp_path / "blog.txt").write_text("my-ms-diary")
    (tmp_path / "conf.py").write_text(
        "from pathlib import Path\n"
        "msblog_blog = Path('blog.txt').read_text()  # relative to conf.py's folder, as sphinx-build reads it\n"
        "msblog_posts_dir = 'drafts' if tags.has('drafts') else Path(__file__).parent.name and 'articles'\n"
        "blog_path = 'news'\n")
    site = Layout.of_site(tmp_path)
    assert (site.blog.name, site.posts, site.listings) == ("my-ms-diary", "articles", "news")


INSIDE = "must name a folder inside the site, written as portable slugs joined by / (as archive/posts)"
OWN = "posts, discussions, the registry and ABlog's listings (blog_path) each need a folder of their own"


@pytest.mark.parametrize(("conf", "line", "message"), [
    ("project = 'x'\nmsblog_posts_dir = '../x'\n", 2, f"msblog_posts_dir {INSIDE}: '../x': '..': it holds ., which a "
                                                     "slug may not (it has only lower-case letters, digits, marks, - and _)"),
    ("project = 'x'\nblog_path = '/srv/www'\n", 2, f"blog_path {INSIDE}: '/srv/www': it begins with /"),
    # set twice: the last, whose value holds
    ("msblog_posts_dir = 'posts'\n# later\nmsblog_posts_dir = '/etc'\n", 3, f"msblog_posts_dir {INSIDE}: '/etc': it begins with /"),
    ("if True:\n    blog_path: str = 'news'\n    blog_path += '/'\n", 3, f"blog_path {INSIDE}: 'news/': '': it is empty"),
    ("msblog_blog = 'my.ms.diary'\n", 1, "msblog_blog must be a Blogger blog's name, the <name> of <name>.blogspot.com "
                                         "(lower-case letters, digits and -): 'my.ms.diary'"),
    ("project = 'x'\nmsblog_wordpress = 'https://ms.example/'\n", 2,
     "msblog_wordpress must be the host of the WordPress site the blog moved to (a host name, as "
     "blog.example.org), or empty: 'https://ms.example/'"),
    ("msblog_registry_dir = 3\n", 1, "msblog_registry_dir must be text (a str), not 3"),
    ("msblog_posts_dir = 'site'\n\nmsblog_comments_dir = 'site/comments'\n", 3,
     f"msblog_comments_dir 'site/comments' overlaps msblog_posts_dir 'site': {OWN}"),
    ("project = 'x'\nmsblog_registry_dir = 'posts'\n", 2, f"msblog_registry_dir 'posts' overlaps msblog_posts_dir 'posts': {OWN}"),
    # the setting conf.py writes, not the default it overlaps (which no line sets)
    ("project = 'x'\n\nmsblog_posts_dir = 'comments/posts'\n", 3,
     f"msblog_posts_dir 'comments/posts' overlaps msblog_comments_dir 'comments': {OWN}"),
    ("project = 'x'\nmsblog_registry_dir = 'blog'\n", 2, f"msblog_registry_dir 'blog' overlaps blog_path 'blog': {OWN}"),
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
    assert Layout().site_folders == {"blog", "therapies", "cited", "search", "pagefind", "genindex", "py-modindex", "404"}
    site = Layout.from_settings({"msblog_registry_dir": "treatments/registry", "blog_path": "news/archive"})
    assert site.site_folders == {"news", "treatments", "cited", "search", "pagefind", "genindex", "py-modindex", "404"}


@pytest.mark.parametrize("setting, folder", [("blog_path", "genindex"), ("blog_path", "search"), ("blog_path", "index"),
                                             ("msblog_registry_dir", "search"), ("msblog_posts_dir", "404/posts"),
                                             ("msblog_comments_dir", "pagefind"), ("msblog_posts_dir", "cited")])
def test_a_folder_where_the_site_writes_its_own_pages_is_refused(setting, folder):
    with pytest.raises(ValueError, match=rf"^{setting} '{folder}' is where the site writes a page of its own"):
        Layout.from_settings({setting: folder})


def test_the_root_page_is_the_sites_own_whatever_its_name():
    with pytest.raises(ValueError, match="is where the site writes a page of its own"):
        Layout.from_settings({"blog_path": "home", "root_doc": "home"})
    assert Layout.from_settings({"blog_path": "index"}.copy() | {"root_doc": "home"}).listings == "index"

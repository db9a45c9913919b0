"""What each entry of msblog.sphinxext.compat relies on is still so: each test fails naming its entry.

They build small projects with ABlog alone, or Sphinx alone, and run Pagefind,
so that what they see is upstream's behaviour, not msblog's. A test that fails
says that an upgrade of ABlog, Sphinx, docutils or Pagefind changed what the
entry relies on (or fixed what it works around): check the entry, and the
patch in docs/upstream/, before anything else.
"""

from __future__ import annotations

import inspect
import json
import pickle
import re
import subprocess
import sys
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace

import ablog.post
import pytest
import sphinx.builders.html
from bs4 import BeautifulSoup
from ablog.blog import Blog, Post
from docutils import nodes
import myst_parser.mdit_to_docutils.base
import myst_parser.parsers.sphinx_
from docutils.frontend import OptionParser, get_default_settings
from docutils.parsers.rst import Parser as RstParser
from docutils.parsers.rst.directives.admonitions import Note
from docutils.transforms.references import Footnotes
from docutils.utils import new_document
from docutils.writers.html5_polyglot import HTMLTranslator, Writer
from myst_parser.mdit_to_docutils.base import DocutilsRenderer
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.domains.std import StandardDomain
from sphinx.testing.util import SphinxTestApp
from sphinx.util.index_entries import split_index_msg

from msblog.sphinxext import compat, stages
from msblog.sphinxext.pagefind_chunks import UnknownFormat, fingerprints, read_entry, read_index
from tests.helpers import parse_html

POST = """{title}
{underline}

.. post:: {date}
   :tags: {tags}
   :author: Ann

{text}
"""


def post(title: str, date: str, tags: str = "C, C++", text: str = "The text.") -> str:
    return POST.format(title=title, underline="=" * len(title), date=date, tags=tags, text=text)


def ablog_project(folder, posts: int = 3):
    """A project with ABlog alone: ``posts`` posts (two sharing a slug: C and C++), a postlist and a page of its own."""
    src = folder / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text('extensions = ["ablog"]\nblog_baseurl = "https://example.org/"\n'
                                 'blog_feed_fulltext = True\n')
    (src / "index.rst").write_text("Home\n====\n\n.. postlist::\n   :tags: C\n\n.. toctree::\n   :glob:\n\n   *\n")
    (src / "whole.rst").write_text(post("A whole page", "Jan 09, 2020", tags="Whole", text="Without sections."))
    for n in range(posts):
        (src / f"post{n}.rst").write_text(post(f"Post {n}", f"Jan 0{n + 1}, 2020",
                                               text=f"Excerpt {n}.\n\nSection\n-------\n\nFull text {n}."))
    return src


@pytest.fixture(scope="module")
def ablog_app(tmp_path_factory):
    """The ABlog project, built once (the names on its post and postlist nodes noted before ABlog read them)."""
    folder = tmp_path_factory.mktemp("ablog")
    compat.forget_ablog_blog()  # ABlog alone keeps the last build's posts in process-wide state
    app = SphinxTestApp("html", srcdir=ablog_project(folder), builddir=folder / "_build")
    app.seen_names, app.seen_postlists, app.seen_posts = [], set(), set()

    def note_names(app, doctree):
        if compat.post_nodes(doctree):
            app.seen_posts.add(app.env.docname)
        app.seen_names += [(type(node).__name__, {key: node.get(key) for key in compat.NAMED})
                           for node in compat.named_nodes(doctree)]
        if compat.has_postlist(doctree):
            app.seen_postlists.add(app.env.docname)
            app.seen_formats = [node["format"] for node in compat.postlists(doctree)]

    app.connect("doctree-read", note_names, priority=400)
    app.recorded = {}

    def note_record(app, doctree):  # whether ABlog's record is there once it has read the document
        app.recorded[app.env.docname] = hasattr(app.env, "ablog_posts")

    app.connect("doctree-read", note_record, priority=600)
    app.build()
    compat.forget_ablog_blog()
    yield app
    app.cleanup()
    compat.forget_ablog_blog()


# --- ABlog ---------------------------------------------------------------------------------------------------

def test_ablog_posts(ablog_app):
    posts = compat.ablog_posts(ablog_app.env)
    assert set(posts) == {"post0", "post1", "post2", "whole"}, \
        "compat.ablog_posts: ABlog no longer records its posts in env.ablog_posts"
    for docname, infos in posts.items():
        assert isinstance(infos, list) and len(infos) == 1, f"compat.ablog_posts: {docname} is not a list of records"
        missing = set(compat.POST_RECORD) - set(infos[0])
        assert not missing, f"compat.ablog_posts: ABlog's record of a post has no {sorted(missing)}"
        assert isinstance(infos[0]["date"], datetime) and isinstance(infos[0]["excerpt"], list), \
            "compat.ablog_posts: ABlog's record holds its date or excerpt in another form"


def test_ablog_posts_made_as_any_document_is_read(ablog_app):
    assert ablog_app.recorded == dict.fromkeys(["index", "post0", "post1", "post2", "whole"], True), \
        "compat.ablog_posts: ABlog no longer makes env.ablog_posts as it reads each document (a post or not): " \
        f"its absence no longer means that no document has been read {ablog_app.recorded}"


def test_ablog_posts_refuses_a_record_kept_elsewhere():
    assert compat.ablog_posts(SimpleNamespace(all_docs={})) == {}  # nothing read yet
    for env in (SimpleNamespace(all_docs={"index": 1}), SimpleNamespace(all_docs={}, ablog_posts=[])):
        with pytest.raises(compat.InternalsChanged, match=r"compat\.ablog_posts: .* env\.ablog_posts"):
            compat.ablog_posts(env)


@pytest.mark.parametrize("register", [None, lambda app: None, lambda app, blog: None])
def test_ablog_blog_names_itself_when_register_posts_fails(ablog_app, monkeypatch, register):
    if register is None:
        monkeypatch.delattr(ablog.post, "register_posts")
    else:
        monkeypatch.setattr(ablog.post, "register_posts", register)
    compat.forget_ablog_blog()
    with pytest.raises(compat.InternalsChanged, match=r"compat\.ablog_blog: ablog\.post\.register_posts"):
        compat.ablog_blog(ablog_app)
    compat.forget_ablog_blog()


def test_ablog_blog(ablog_app):
    assert list(inspect.signature(ablog.post.register_posts).parameters) == ["app"], \
        "compat.ablog_blog: ablog.post.register_posts(app) takes other arguments"
    compat.forget_ablog_blog()
    assert not Blog(ablog_app), "compat.ablog_blog: ABlog's Blog has posts before they are registered"
    blog = compat.ablog_blog(ablog_app)
    assert sorted(post.docname for post in blog.posts) == ["post0", "post1", "post2", "whole"], \
        "compat.ablog_blog: register_posts no longer fills Blog(app) from env.ablog_posts"
    compat.forget_ablog_blog()


def test_forget_ablog_blog(ablog_app):
    assert isinstance(Blog.__dict__.get("_dict"), dict), "compat.forget_ablog_blog: ABlog's Blog has no Blog._dict"
    blog = compat.ablog_blog(ablog_app)
    assert blog.__dict__ is Blog._dict and Blog(ablog_app).posts is blog.posts, \
        "compat.forget_ablog_blog: ABlog's Blog no longer shares its state through Blog._dict: the entry may go"
    compat.forget_ablog_blog()
    assert not Blog._dict, "compat.forget_ablog_blog: emptying Blog._dict did not forget the catalogs"


def test_read_ablog_in_parallel(tmp_path):
    app = SphinxTestApp("html", srcdir=ablog_project(tmp_path, posts=6), builddir=tmp_path / "_build", parallel=2)
    ablog_module = sys.modules["ablog"]
    assert app.extensions["ablog"].parallel_read_safe is False, \
        "compat.read_ablog_in_parallel: ABlog now declares itself safe for parallel reading: the entry may go"
    assert not [listener for listener in app.events.listeners["env-merge-info"]
                if getattr(listener.handler, "__module__", "").startswith(ablog_module.__name__)], \
        "compat.read_ablog_in_parallel: ABlog now merges what reader processes read: the entry may go"
    merged = []
    app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(docnames))
    compat.read_ablog_in_parallel(app)
    app.build()
    assert merged and "parallel" not in app.warning.getvalue(), \
        "compat.read_ablog_in_parallel: Sphinx read serially although ABlog's flag says it is safe"
    assert sorted(compat.ablog_posts(app.env)) == ["post0", "post1", "post2", "post3", "post4", "post5", "whole"], \
        "compat.read_ablog_in_parallel: posts read in reader processes were not merged"
    app.cleanup()
    compat.forget_ablog_blog()


def test_post_copies(ablog_app):
    env = pickle.loads(pickle.dumps(ablog_app.env))  # records of its own to change
    info = compat.ablog_posts(env)["post1"][0]
    copies = compat.post_copies(env, "post1")
    assert copies == [*info["excerpt"], info["doctree"]] and compat.post_copies(env, "index") == []
    for copy in copies:
        for text in list(copy.findall(nodes.Text)):
            text.parent.replace(text, nodes.Text(str(text).replace("text", "copy").replace("Excerpt", "Copied")))
    post = Post(compat.ablog_blog(ablog_app), "post1", info)
    assert "Full copy 1." in post.to_html("index", fulltext=True) and "Copied 1." in post.to_html("index"), \
        "compat.post_copies: ABlog's feeds and postlists no longer show the copies in its record"
    compat.forget_ablog_blog()


def test_detach_post_copies(ablog_app):
    env = pickle.loads(pickle.dumps(ablog_app.env))  # the records as a build saves them, without the app
    for docname in ("post0", "whole"):
        info = compat.ablog_posts(env)[docname][0]
        carried = [node for copy in [*info["excerpt"], info["doctree"]] for node in copy.findall(include_self=True)
                   if node.document is not None]
        assert carried, f"compat.detach_post_copies: ABlog's copies of {docname} no longer keep their document: " \
                        "the entry may go"
        compat.detach_post_copies(env, docname)
        assert all(node.document is None for copy in [*info["excerpt"], info["doctree"]]
                   for node in copy.findall(include_self=True)), \
            "compat.detach_post_copies: setting Node.document to None no longer lets a copy go of its document"
        assert b"BuildEnvironment" not in pickle.dumps(info), \
            f"compat.detach_post_copies: ABlog's copy of {docname} still carries the environment"
    assert isinstance(compat.ablog_posts(env)["whole"][0]["doctree"], nodes.document), \
        "compat.detach_post_copies: ABlog no longer copies a post that is a whole page as a document"


def test_remove_ablog_archive_pages(tmp_path):
    app = SphinxTestApp("html", srcdir=ablog_project(tmp_path), builddir=tmp_path / "_build")
    compat.remove_ablog_archive_pages(app)
    assert not [listener for listener in app.events.listeners["html-collect-pages"]
                if listener.handler is ablog.post.generate_archive_pages], \
        "compat.remove_ablog_archive_pages: ABlog's archive pages are still connected"
    app.build()
    made = {path.relative_to(app.outdir).as_posix() for path in (app.outdir / "blog").rglob("*.html")}
    assert not made, f"compat.remove_ablog_archive_pages: ABlog made archive pages all the same: {sorted(made)}"
    assert (app.outdir / "blog" / "atom.xml").is_file(), "compat.remove_ablog_archive_pages: ABlog's feed went too"
    with pytest.raises(compat.InternalsChanged, match="compat.remove_ablog_archive_pages"):
        compat.remove_ablog_archive_pages(app)  # nothing left to remove: an error, never a silent no-op
    app.cleanup()
    compat.forget_ablog_blog()


def test_ablog_slug_and_place_collections(ablog_app):
    assert compat.ablog_slug("C") == compat.ablog_slug("C++") == "c" and compat.ablog_slug("Prof G") == "prof-g", \
        "compat.ablog_slug: ABlog makes slugs by another rule (msblog's pages for names follow it)"
    compat.forget_ablog_blog()
    blog = compat.ablog_blog(ablog_app)
    assert blog.tags["C"].docname == blog.tags["C++"].docname == "blog/tag/c", \
        "compat.place_collections: ABlog now gives names sharing a slug pages of their own: the entry may go"
    compat.place_collections(blog, blog.tags, {"C": "c", "C++": "c-plus", "Whole": "whole"})
    assert (blog.tags["C++"].docname, blog.tags["C++"].path) == ("blog/tag/c-plus", "blog/tag/c-plus"), \
        "compat.place_collections: ABlog's Collection no longer takes its page from _path"
    assert blog.references["tag-c-plus"] == ("blog/tag/c-plus", "C++") and blog.references["tag-c"][0] == "blog/tag/c", \
        "compat.place_collections: ABlog's labels for collections are not what Blog.references holds"
    compat.forget_ablog_blog()


def test_place_collections_refuses_a_page_ablog_would_not_use(ablog_app, monkeypatch):
    compat.forget_ablog_blog()
    blog = compat.ablog_blog(ablog_app)
    monkeypatch.setattr(type(blog.tags["C"]), "docname", property(lambda collection: "elsewhere"))
    with pytest.raises(compat.InternalsChanged, match="compat.place_collections"):
        compat.place_collections(blog, blog.tags, {"C": "c", "C++": "c-plus", "Whole": "whole"})
    compat.forget_ablog_blog()


def test_published_and_build_day(ablog_app):
    info = dict(compat.ablog_posts(ablog_app.env)["post0"][0])
    blog = compat.ablog_blog(ablog_app)
    for day, expected in ((compat.BUILD_DAY, True), (compat.BUILD_DAY + timedelta(days=1), False)):
        info["date"] = info["update"] = datetime.combine(day, datetime.max.time())
        assert compat.published(info) is expected and bool(Post(blog, "post0", info).published) is expected, \
            f"compat.published: ABlog no longer publishes exactly the posts dated up to BUILD_DAY ({day})"
    compat.forget_ablog_blog()


def test_naive_post_dates(ablog_app):
    info = dict(compat.ablog_posts(ablog_app.env)["post0"][0])
    info["date"] = info["update"] = datetime(2020, 1, 1, 7, tzinfo=timezone(timedelta(hours=-5)))
    blog = compat.ablog_blog(ablog_app)
    with pytest.raises(TypeError):  # ABlog compares dates without time zones: the entry is still needed
        Post(blog, "post0", info)
    compat.naive_post_dates(info)
    assert Post(blog, "post0", info).date == datetime(2020, 1, 1, 7), \
        "compat.naive_post_dates: ABlog no longer takes its record's dates as they are"
    compat.forget_ablog_blog()


def test_template_api(ablog_app):
    blog = compat.ablog_blog(ablog_app)
    collection = next(iter(blog.catalogs["tags"]))
    for name, example in (("Blog", blog), ("Collection", collection), ("Post", blog["post0"])):
        missing = [attribute for attribute in compat.TEMPLATE_API[name] if not hasattr(example, attribute)]
        assert not missing, f"compat.TEMPLATE_API: ABlog's {name} has no {missing}"
    assert set(blog.catalogs) >= set(compat.NAMED) and getattr(blog, "tags") is blog.catalogs["tags"], \
        "compat.TEMPLATE_API: ABlog's catalogs are no longer named by what they catalog"
    assert collection.name == "C" and len(collection) == 3 and [p.docname for p in collection] == ["post2", "post1", "post0"], \
        "compat.TEMPLATE_API: an ABlog collection no longer counts and lists its posts, newest first"
    compat.forget_ablog_blog()


def test_full_copy(ablog_app):
    compat.forget_ablog_blog()
    blog = compat.ablog_blog(ablog_app)
    post = blog["post1"]
    assert post.doctree is compat.ablog_posts(ablog_app.env)["post1"][0]["doctree"] and compat.has_full_copy(post.options), \
        "compat.drop_full_copy: ABlog's Post no longer takes its full copy from its record's doctree"
    assert "Full text 1." in post.to_html("index", fulltext=True), \
        "compat.drop_full_copy: ABlog's full text is no longer the Post's doctree"
    post.doctree = None
    assert compat.excerpt_for_missing_copy(post) and not compat.excerpt_for_missing_copy(post)
    html = post.to_html("index", fulltext=True)
    assert "Excerpt 1." in html and "Full text 1." not in html, \
        "compat.excerpt_for_missing_copy: ABlog's full-text feed does not show the Post's doctree"
    compat.forget_ablog_blog()


def test_post_nodes_named_nodes_and_has_postlist(ablog_app):
    assert ablog_app.seen_posts == set(compat.ablog_posts(ablog_app.env)), \
        "compat.post_nodes: the pages ABlog records as posts are not those with a PostNode before it reads them"
    kinds = {kind for kind, _ in ablog_app.seen_names}
    assert kinds == {"PostNode", "PostList"}, \
        f"compat.named_nodes: ABlog's post and postlist nodes are not in the doctree before it reads them: {kinds}"
    for kind, names in ablog_app.seen_names:
        assert all(isinstance(value, list) for value in names.values()), \
            f"compat.named_nodes: ABlog's {kind} holds its names in another form: {names}"
    assert ("PostNode", {"tags": ["C", "C++"], "author": ["Ann"], "category": [], "location": [], "language": []}) \
        in ablog_app.seen_names, "compat.named_nodes: ABlog's PostNode holds other names"
    assert ablog.post.CheckFrontMatter.default_priority > stages.POST_DIRECTIVE and \
        "PostNode()" in inspect.getsource(ablog.post.CheckFrontMatter.apply) and \
        "set_source_info" in inspect.getsource(ablog.post.PostDirective.run), \
        "compat.post_nodes: ABlog makes a post of the front matter before stages.POST_DIRECTIVE, or its post " \
        "directive's PostNode has no line"
    assert ablog_app.seen_postlists == {"index"}, "compat.has_postlist: ABlog's postlist is not a PostList node"
    assert ablog_app.seen_formats == ["{date} - {title}"], "compat.postlists: a postlist keeps its format elsewhere"


def test_update_nodes():
    assert ablog.post.UpdateDirective.node_class is ablog.post.UpdateNode and \
        "date" in inspect.getsource(ablog.post.UpdateDirective.run), \
        "compat.update_nodes: ABlog's update directive no longer makes an UpdateNode holding its date as written"
    assert 'update_node["date"]' in inspect.getsource(ablog.post._get_update_dates), \
        "compat.update_nodes: ABlog no longer dates an update from the date its node holds"


# --- Sphinx --------------------------------------------------------------------------------------------------

def sphinx_project(folder):
    """A project with Sphinx alone: six pages, an image and a download."""
    src = folder / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text("")
    (src / "dot.png").write_bytes(bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                                                "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"))
    (src / "notes.txt").write_text("Notes.\n")
    (src / "index.rst").write_text("Home\n====\n\n.. image:: dot.png\n\n:download:`notes <notes.txt>`\n\n"
                                   ".. toctree::\n   :glob:\n\n   page*\n")
    for n in range(5):
        (src / f"page{n}.rst").write_text(f"Page {n}\n======\n\nText {n}.\n")
    return src


def test_read_in_this_process_and_restore_parallel(tmp_path):
    src = sphinx_project(tmp_path)

    def build(flip: bool) -> tuple[list, SphinxTestApp]:
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build", parallel=2)
        merged = []
        app.connect("env-merge-info", lambda app, env, docnames, other: merged.append(docnames))
        if flip:
            app.connect("env-before-read-docs", lambda app, env, docnames: compat.read_in_this_process(app))
            app.connect("env-updated", lambda app, env: compat.restore_parallel(app))
        app.build()
        app.cleanup()
        return merged, app

    merged, _ = build(flip=False)
    assert merged, "compat.read_in_this_process: Sphinx did not read in parallel, so the test shows nothing"
    (src / "page1.rst").write_text("Page 1\n======\n\nEdited.\n")
    merged, _ = build(flip=False)
    assert merged, "compat.read_in_this_process: Sphinx now reads one document in this process of its own"
    (src / "page2.rst").write_text("Page 2\n======\n\nEdited.\n")
    merged, app = build(flip=True)
    assert merged == [], "compat.read_in_this_process: Sphinx no longer reads app.parallel after env-before-read-docs"
    assert app.parallel == 2, "compat.restore_parallel: the build's parallel writing was not restored"


def test_config_changed(tmp_path):
    src, seen = sphinx_project(tmp_path), []
    for overrides in ({}, {}, {"rst_prolog": ".. |word| replace:: another"}):  # a value read with the documents
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build", confoverrides=overrides)
        app.connect("env-get-outdated", lambda app, env, *changes: seen.append(compat.config_changed(env)) or [])
        app.build()
        app.cleanup()
    assert seen == [True, False, True], \
        f"compat.config_changed: env.config_status no longer says a configuration is new or changed: {seen}"


def test_has_and_turn_off_sphinx_search(tmp_path):
    assert StandaloneHTMLBuilder.search is True, "compat.turn_off_sphinx_search: HTML builders have no search flag"
    src = sphinx_project(tmp_path)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")  # its builder made, as at builder-inited
    compat.turn_off_sphinx_search(app.builder)
    app.build()
    app.cleanup()
    made = [name for name in ("searchindex.js", "search.html") if (app.outdir / name).exists()]
    assert not compat.has_sphinx_search(app.builder) and not made, \
        f"compat.turn_off_sphinx_search: Sphinx made its search all the same: {made}"
    with pytest.raises(compat.InternalsChanged, match="compat.turn_off_sphinx_search"):
        compat.turn_off_sphinx_search(object())


def test_published_copies(tmp_path):
    app = SphinxTestApp("html", srcdir=sphinx_project(tmp_path), builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    on_disk = {path.relative_to(app.outdir).as_posix() for folder in ("_sources", "_images", "_downloads")
               for path in (app.outdir / folder).rglob("*") if path.is_file()}
    assert compat.published_copies(app) == on_disk, \
        "compat.published_copies: Sphinx copies files into the site under other names"
    assert {"_images/dot.png", "_sources/index.rst.txt"} <= on_disk and any(p.startswith("_downloads/") for p in on_disk)


def test_documents_read_and_dependencies(tmp_path):
    app = SphinxTestApp("html", srcdir=sphinx_project(tmp_path), builddir=tmp_path / "_build")
    app.connect("doctree-read", lambda app, doctree: app.env.note_dependency("notes.txt"))
    app.build()
    app.cleanup()
    read = compat.documents_read(app.env)
    assert set(read) == app.env.found_docs and all(isinstance(when, int) for when in read.values()), \
        "compat.documents_read: env.all_docs no longer holds each document read, with when"
    assert {Path(path).name for path in compat.dependencies(app.env, "page1")} == {"notes.txt"}, \
        "compat.dependencies: env.dependencies no longer holds the files a document depends on"


def test_read_without_files(tmp_path):
    src = sphinx_project(tmp_path)
    (src / "page0.rst").write_text("Page 0\n======\n\n.. raw:: html\n\n   <b>raw</b>\n\n.. include:: notes.txt\n")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    compat.read_without_files(app.env)  # as at builder-inited, which the test app has emitted
    app.build()
    app.cleanup()
    page = (app.outdir / "page0.html").read_text()
    assert "<b>raw</b>" not in page and "Notes." not in page and \
        '"raw" directive disabled' in app.warning.getvalue() and '"include" directive disabled' in app.warning.getvalue(), \
        "compat.read_without_files: Sphinx no longer reads documents with the environment's docutils settings"


def test_myst_reads_no_page_settings(tmp_path):
    src = sphinx_project(tmp_path)
    (src / "conf.py").write_text("extensions = ['myst_parser']\n")
    (src / "page0.rst").unlink()
    (src / "page0.md").write_text(
        "---\nmyst:\n  html_meta:\n    http-equiv=refresh: '0; url=https://example.org/'\n"
        "  enable_extensions: [substitution]\n  substitutions:\n    answer: '{{ 6 * 7 }}'\n---\n\n# Page 0\n\n"
        "The answer: {{ answer }}.\n")
    assert "merge_file_level(" in inspect.getsource(myst_parser.parsers.sphinx_.MystParser.parse), \
        "compat.myst_reads_no_page_settings: MyST's parser no longer merges a page's settings with merge_file_level"
    compat.myst_reads_no_page_settings()
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    page = parse_html(app.outdir / "page0.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None and "42" not in page.get_text(), \
        "compat.myst_reads_no_page_settings: MyST still reads a page's own settings"
    assert "The answer: {{ answer }}." in page.get_text()


def test_clear_only_documents_read(tmp_path, monkeypatch):
    src = sphinx_project(tmp_path)
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.clear_only_documents_read(app)\n"
    (src / "conf.py").write_text(conf)
    for n in range(5):
        (src / f"page{n}.rst").write_text(f".. _old{n}:\n\nPage {n}\n======\n\nText {n}.\n")
    cleared = []
    original = StandardDomain.clear_doc
    monkeypatch.setattr(StandardDomain, "clear_doc", lambda domain, docname: cleared.append(docname) or original(domain, docname))

    def build(parallel=0):
        app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build", parallel=parallel)
        app.build()
        app.cleanup()
        return app.env.domains.standard_domain.labels

    assert {f"old{n}" for n in range(5)} <= build(parallel=2).keys() and cleared == [], \
        "compat.clear_only_documents_read: the standard domain cleared documents no build had read"
    (src / "page2.rst").write_text(".. _new2:\n\nPage 2\n======\n\nChanged.\n")
    labels = build()
    assert cleared == ["page2"] and "old2" not in labels and "new2" in labels, \
        "compat.clear_only_documents_read: a document read before is no longer cleared before it is read again"
    cleared.clear()
    (src / "conf.py").write_text(conf + "rst_epilog = 'A new configuration.'\n")  # every document read again
    (src / "page3.rst").write_text("Page 3\n======\n\nChanged.\n")
    labels = build()
    assert sorted(cleared) == sorted(["index", *(f"page{n}" for n in range(5))]) and "old3" not in labels, \
        "compat.clear_only_documents_read: with a new configuration, documents read before are not cleared"


def test_checksum_assets_once(tmp_path, monkeypatch):
    src = sphinx_project(tmp_path)
    (src / "conf.py").write_text("from msblog.sphinxext import compat\n\ndef setup(app):\n"
                                 "    app.connect('builder-inited', lambda app: compat.checksum_assets_once())\n")
    assert "_file_checksum(outdir, css.filename)" in inspect.getsource(StandaloneHTMLBuilder.handle_page), \
        "compat.checksum_assets_once: Sphinx no longer works out each stylesheet's checksum with _file_checksum"
    checksum = sphinx.builders.html._file_checksum
    asked, original = [], getattr(checksum, "msblog_original", checksum)  # Sphinx's own
    monkeypatch.setattr(sphinx.builders.html, "_file_checksum",
                        lambda outdir, filename: asked.append(filename) or original(outdir, filename))
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    assert app.statuscode == 0
    assert asked and len(asked) == len(set(asked)), asked  # each once, not once a page
    pages = [parse_html(page) for page in Path(app.outdir).glob("page*.html")]
    assert len(pages) == 5
    for html in pages:
        for link in html.select('link[rel="stylesheet"]'):
            path, _, given = link["href"].partition("?v=")
            assert given == f"{zlib.crc32((Path(app.outdir) / path).read_bytes()):08x}", link["href"]


def test_make_settings_once(tmp_path, monkeypatch):
    src = sphinx_project(tmp_path)
    (src / "conf.py").write_text("from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.make_settings_once()\n")
    made, read = [], {}
    original = OptionParser.__init__
    monkeypatch.setattr(OptionParser, "__init__", lambda parser, *args, **kwargs: made.append(kwargs.get("components"))
                        or original(parser, *args, **kwargs))
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    made.clear()  # the builder's own, for writing
    app.connect("doctree-read", lambda app, doctree: read.update({app.env.docname: doctree.settings}))
    app.build()
    app.cleanup()
    assert len(read) == 6 and len([components for components in made if components and len(components) == 2]) == 1, \
        "compat.make_settings_once: Sphinx no longer makes each document's settings with _get_settings"
    first, second = read["page1"], read["page2"]
    assert first is not second and first.record_dependencies is not second.record_dependencies
    assert {**vars(first), "_source": "", "record_dependencies": None} == {**vars(second), "_source": "", "record_dependencies": None}
    assert "make_document()" in inspect.getsource(DocutilsRenderer.setup_render), \
        "compat.make_settings_once: MyST no longer makes a document of its own for each it is given"
    made_twice = [myst_parser.mdit_to_docutils.base.make_document().settings for _ in range(2)]
    default = vars(get_default_settings(RstParser))
    assert all({**vars(made), "record_dependencies": None} == {**default, "record_dependencies": None} for made in made_twice)
    assert made_twice[0] is not made_twice[1] and made_twice[0].record_dependencies is not made_twice[1].record_dependencies


def test_leave_out(tmp_path):
    src = sphinx_project(tmp_path)
    SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build").build()
    (src / "page2.rst").write_text("Page 2\n======\n\nChanged.\n")
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    seen = []

    def leave_out(app, env, added, changed, removed):
        seen.append(sorted(changed))
        for docname in ("page1", "page2"):
            compat.leave_out(env, docname, added, changed, removed)
        return []

    app.connect("env-get-outdated", leave_out)
    app.build()
    app.cleanup()
    assert seen == [["page2"]], "compat.leave_out: env-get-outdated no longer receives the documents to read"
    assert not {"page1", "page2"} & (set(compat.documents_read(app.env)) | app.env.found_docs), \
        "compat.leave_out: a document taken out of the sets env-get-outdated gives is still read, or remembered"
    assert "Changed." not in (app.outdir / "page2.html").read_text()


def test_index_entries_and_page_file(tmp_path):
    app = SphinxTestApp("html", srcdir=sphinx_project(tmp_path), builddir=tmp_path / "_build")
    app.connect("html-collect-pages", lambda app: [("made", {"title": "Made", "body": '<p id="zebra">Z</p>'}, "page.html")])
    app.connect("env-get-updated", lambda app, env: compat.index_entries(env).update(
        made=[("single", "Zebra", "zebra", "", None)]) or [])
    app.build()
    app.cleanup()
    assert Path(compat.page_file(app.builder, "made")) == Path(app.outdir, "made.html") and (app.outdir / "made.html").is_file(), \
        "compat.page_file: the HTML builder writes a page elsewhere than get_outfilename says"
    links = [a["href"] for a in BeautifulSoup((app.outdir / "genindex.html").read_text(), "html.parser").select("a")
             if a.get_text() == "Zebra"]
    assert links == ["made.html#zebra"], "compat.index_entries: genindex no longer shows the index domain's entries"


def test_add_template_filters(tmp_path):
    app = SphinxTestApp("html", srcdir=sphinx_project(tmp_path), builddir=tmp_path / "_build")
    compat.add_template_filters(app.builder, shout=str.upper)
    template = tmp_path / "_templates" / "shout.html"
    template.parent.mkdir()
    template.write_text("{{ word|shout }}")
    assert app.builder.templates.render_string(template.read_text(), {"word": "quiet"}) == "QUIET", \
        "compat.add_template_filters: the HTML builders' templates do not see filters added to .environment"
    app.cleanup()


# --- docutils ------------------------------------------------------------------------------------------------

def test_open_section():
    document = new_document("test", get_default_settings(Writer))
    document += nodes.section("", nodes.title("", "Outer"), nodes.section("", nodes.title("", "Inner"), ids=["inner"]),
                              ids=["outer"])
    as_docutils_writes = HTMLTranslator(document)
    document.walkabout(as_docutils_writes)
    translator = HTMLTranslator(document)
    section = document[0]
    compat.open_section(translator, section, **{"data-pagefind-body": ""})
    for child in section.children:
        child.walkabout(translator)
    translator.depart_section(section)
    html = "".join(translator.body)
    assert html.startswith('<section data-pagefind-body="" id="outer">'), \
        f"compat.open_section: docutils writes a section's start tag otherwise: {html[:60]!r}"
    assert html.replace(' data-pagefind-body=""', "") == "".join(as_docutils_writes.body), \
        "compat.open_section: docutils' visit_section does more than count section_level and open the tag"
    assert translator.section_level == 0


def test_forget_footnote_references():
    def numbered(forget: bool) -> list[str]:
        """docutils' messages as it numbers the footnotes of a page whose one reference was taken out of it."""
        settings = get_default_settings(RstParser)
        settings.report_level = 5
        document = new_document("page", settings)
        RstParser().parse("A note [#missing]_.\n", document)
        reference = next(document.findall(nodes.footnote_reference))
        reference.replace_self(nodes.inline(reference.rawsource, reference.rawsource))
        if forget:
            compat.forget_footnote_references(document, [reference])
        messages = []
        document.reporter.attach_observer(messages.append)
        Footnotes(document).apply()
        return [message.astext() for message in messages]

    assert any("Too many autonumbered footnote references" in message for message in numbered(forget=False)), \
        "compat.forget_footnote_references: docutils no longer numbers a footnote reference taken out of the page"
    assert numbered(forget=True) == [], \
        "compat.forget_footnote_references: docutils numbers footnote references it keeps elsewhere"


# --- Pagefind ------------------------------------------------------------------------------------------------

def pagefind(site, out, env=None):
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(out), "--silent"],
                   env=env, check=True)
    return len(read_index(out, next(iter(read_entry(out)["languages"])))[2])


def test_pagefind_environment_and_index(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    for n in range(3):
        words = " ".join(f"word{n}{m}" for m in range(40))
        (site / f"page{n}.html").write_text(f'<html lang="en"><body><main><h1>Page {n}</h1><p>{words}</p></main></body></html>')
    try:
        chunks = pagefind(site, tmp_path / "default"), pagefind(site, tmp_path / "small", compat.pagefind_environment(5))
    except UnknownFormat as error:
        pytest.fail(f"compat.PAGEFIND_INDEX: pagefind_chunks cannot read the index this Pagefind writes: {error}")
    assert chunks[0] == 1 and chunks[1] > 10, \
        f"compat.pagefind_environment: Pagefind no longer cuts its index at the size the variable sets: {chunks}"
    version = read_entry(tmp_path / "default")["version"]
    assert version.startswith(f"{compat.PAGEFIND_INDEX}."), \
        f"compat.PAGEFIND_INDEX: Pagefind {version} wrote the index; pagefind_chunks was checked with " \
        f"{compat.PAGEFIND_INDEX}: check its format, then the entry"



def test_pagefind_fragments_fingerprint_what_it_indexed(tmp_path):
    """The fragment of a page holds all Pagefind kept of it, with its address: what is left out of the index
    changes no fingerprint, and a word does."""
    def fingerprinted(name, extra, text):
        site = tmp_path / name
        (site / "posts").mkdir(parents=True)
        for n, words in enumerate(["one two", text]):
            (site / "posts" / f"page{n}.html").write_text(
                f'<html lang="en"><body><main><h1>Page {n}</h1><p>{words}</p><nav class="left-out">{extra}</nav>'
                "</main></body></html>")
        subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(tmp_path / f"{name}-out"),
                        "--silent", "--exclude-selectors", ".left-out"], check=True)
        try:
            return fingerprints(tmp_path / f"{name}-out")
        except UnknownFormat as error:
            pytest.fail(f"compat.PAGEFIND_INDEX: pagefind_chunks cannot read this Pagefind's fragments: {error}")

    before = fingerprinted("before", "left out", "three four")
    assert sorted(before) == ["/posts/page0.html", "/posts/page1.html"], \
        f"compat.PAGEFIND_INDEX: a fragment no longer names its page's address as before: {sorted(before)}"
    assert fingerprinted("other-nav", "changed, and left out", "three four") == before
    changed = fingerprinted("other-words", "left out", "three five")
    assert changed["/posts/page0.html"] == before["/posts/page0.html"]
    assert changed["/posts/page1.html"] != before["/posts/page1.html"]


def test_index_text():
    assert split_index_msg("single", "Evil; drug (induction; therapy)") == ["Evil", "drug (induction; therapy)"], \
        "compat.IndexText: Sphinx no longer cuts an index entry at each ';': a name may hold one as it is"
    assert split_index_msg("single", compat.IndexText("Evil; drug (induction; therapy)")) \
        == ["Evil; drug (induction; therapy)"], "compat.IndexText: Sphinx cuts an entry given whole at a ';' it holds"
    see = pickle.loads(pickle.dumps(compat.IndexText("Alias; X", "Evil; drug")))  # as the environment keeps it
    assert split_index_msg("see", see) == ["Alias; X", "Evil; drug"], \
        "compat.IndexText: an entry given as its parts is not split where they meet once kept"


# --- the module itself ------------------------------------------------------------------------------------------

def test_every_entry_has_its_guard():
    source, defined = Path(__file__).read_text(encoding="utf-8"), Path(compat.__file__).read_text(encoding="utf-8")
    entries = [name for name in vars(compat) if not name.startswith("_") and name not in {"CHECKED", "InternalsChanged"}
               and re.search(rf"^(?:def |class )?{name}\b\s*[(:=]", defined, re.M)]
    unguarded = [name for name in entries if f"compat.{name}" not in source]
    assert entries and not unguarded, f"compat entries without a test here: {unguarded}"


# What reaches into ABlog's, Sphinx's or docutils' internals, which only compat may write.
REACHES = ["env.all_docs", "env.dependencies", "env.settings", "index_domain", "standard_domain.data", "get_outfilename",
           "Blog._dict", "app.events", "events.listeners", "config_status", "builder.search", "app.parallel",
           "parallel_read_safe =", "register_posts", "PAGEFIND_UNSTABLE", '["doctree"]', "TOMORROW"]


def test_no_other_module_reaches_into_internals():
    package = Path(compat.__file__).parents[1]
    found = [f"{path.relative_to(package)}:{number}: {reach}" for path in sorted(package.rglob("*.py"))
             if path != Path(compat.__file__)
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             for reach in REACHES if reach in line and not line.lstrip().startswith("#")]
    assert not found, "only msblog.sphinxext.compat reaches into internals:\n" + "\n".join(found)


def test_forget_read_doctrees_and_forget_doctree(tmp_path):
    app = SphinxTestApp("html", srcdir=sphinx_project(tmp_path), builddir=tmp_path / "_build")
    kept, left = [], []

    def forget_read(app, env):
        kept.append(sorted(env._write_doc_doctree_cache))
        compat.forget_read_doctrees(env)

    app.connect("env-updated", forget_read)
    app.connect("doctree-resolved", lambda app, doctree, docname: compat.forget_doctree(app.env, docname))
    app.connect("build-finished", lambda app, error: left.append(dict(app.env._pickled_doctree_cache)))
    app.build()
    app.cleanup()
    assert kept == [["index", "page0", "page1", "page2", "page3", "page4"]], \
        "compat.forget_read_doctrees: a serial build no longer keeps the documents it read in _write_doc_doctree_cache"
    assert "Text 3." in (app.outdir / "page3.html").read_text(), \
        "compat.forget_read_doctrees: Sphinx no longer writes a page whose doctree is not kept in memory"
    assert left == [{}], "compat.forget_doctree: Sphinx keeps doctrees read from their files elsewhere"


def myst_raw_lines(tmp_path: Path, text: str, conf: str = "") -> list[int]:
    """The line of each piece of HTML MyST reads in a page of ``text``, built with myst-parser and sphinx-design (and
    ``conf``)."""
    src = sphinx_project(tmp_path)
    (src / "conf.py").write_text("extensions = ['myst_parser', 'sphinx_design']\n"
                                 "myst_enable_extensions = ['colon_fence']\n"
                                 f"{conf}")
    (src / "page0.rst").unlink()
    (src / "page0.md").write_text(text)
    app = SphinxTestApp("html", srcdir=src, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    doctree = pickle.loads((app.doctreedir / "page0.doctree").read_bytes())
    return [node.line for node in doctree.findall(nodes.raw) if node.source]


def test_read_glossaries_at_their_lines(tmp_path):
    text = "# Page 0\n\n```{glossary}\n:sorted:\n\n<b>term</b>\n  A <i>definition</i>.\n```\n"
    assert myst_raw_lines(tmp_path / "upstream", text)[::2] == [1, 5], \
        "compat.read_glossaries_at_their_lines: MyST no longer numbers a glossary's content from its first line"
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.read_glossaries_at_their_lines(app)\n"
    assert myst_raw_lines(tmp_path / "read", text, conf)[::2] == [6, 7], \
        "compat.read_glossaries_at_their_lines: a glossary's terms and definitions are not read at their lines"


def test_read_glossaries_at_their_lines_names_a_term_defined_twice_at_its_line(tmp_path):
    def warned(folder: Path, conf: str = "") -> list[str]:
        src = sphinx_project(folder)
        (src / "conf.py").write_text(f"extensions = ['myst_parser']\n{conf}")
        (src / "page0.rst").unlink()
        (src / "page0.md").write_text("# Page 0\n\n```{glossary}\n:sorted:\n\nterm\n  One.\n\nterm\n  Two.\n```\n")
        app = SphinxTestApp("html", srcdir=src, builddir=folder / "_build")
        app.build()
        app.cleanup()
        return re.findall(r"page0\.md:(\d*): WARNING: duplicate term", app.warning.getvalue())

    assert warned(tmp_path / "upstream") == ["3"], \
        "compat.read_glossaries_at_their_lines: Sphinx no longer makes a term at its content number"
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.read_glossaries_at_their_lines(app)\n"
    assert warned(tmp_path / "read", conf) == ["9"], \
        "compat.read_glossaries_at_their_lines: a term defined twice is not named at its line"


def test_forget_terms_of_documents_read_again(tmp_path):
    def moved(folder: Path, conf: str = "") -> str:
        """The warnings of a build after a glossary term moves from page1 into page0, which is read first."""
        src = sphinx_project(folder)
        (src / "conf.py").write_text(conf)
        glossary = "\n\n.. glossary::\n\n   NEDA\n      No evidence of disease activity.\n"
        (src / "page1.rst").write_text("Page 1\n======\n" + glossary)
        SphinxTestApp("html", srcdir=src, builddir=folder / "_build").build()
        (src / "page0.rst").write_text("Page 0\n======\n" + glossary)
        (src / "page1.rst").write_text("Page 1\n======\n\nText 1.\n")
        app = SphinxTestApp("html", srcdir=src, builddir=folder / "_build")
        app.build()
        app.cleanup()
        return app.warning.getvalue()

    assert "duplicate term description of NEDA" in moved(tmp_path / "upstream"), \
        "compat.forget_terms_of_documents_read_again: Sphinx now forgets what it reads again before reading any"
    conf = ("from msblog.sphinxext import compat\n\ndef setup(app):\n"
            "    app.connect('env-before-read-docs', compat.forget_terms_of_documents_read_again)\n")
    assert "duplicate term" not in moved(tmp_path / "read", conf), \
        "compat.forget_terms_of_documents_read_again: a term moved between pages is defined twice"


def test_caption_directive_line(tmp_path):
    text = "# Page 0\n\n```{code-block} python\n---\nlinenos: true\ncaption: A <b>caption</b>\n---\nx = 1\n```\n"
    assert myst_raw_lines(tmp_path / "upstream", text)[::2] == [8], \
        "compat.caption_directive_line: Sphinx no longer reads a code block's caption at the content's first line"
    conf = ("import json\nfrom docutils import nodes\nfrom msblog.sphinxext import compat\n\n"
            "def found(app, doctree):\n"
            "    lines = [compat.caption_directive_line(node) for node in doctree.findall(nodes.raw)]\n"
            "    if app.env.docname == 'page0':\n"
            "        (app.outdir.parent / 'lines.json').write_text(json.dumps(lines))\n\n"
            "def setup(app):\n    app.connect('doctree-read', found)\n")
    myst_raw_lines(tmp_path / "read", text, conf)
    assert json.loads((tmp_path / "read" / "_build" / "lines.json").read_text())[::2] == [3], \
        "compat.caption_directive_line: a caption no longer has its code block's line"


def test_inline_lines(tmp_path):
    text = ("# Page 0\n\nA first line,\nthen <b>HTML</b> on the second, a hard break,\\\nand <i>more</i>.\n\n"
            "A `code\nspan` and <b>HTML</b>, a {sub}`role's\ntext` and <i>more</i>, [a\nlink](https://example.org/ \"a\n"
            "title\") ![an\nimage](x.png) <u>last</u>.\n")
    assert myst_raw_lines(tmp_path / "upstream", text) == [3] * 6 + [7] * 6, \
        "compat.InlineLines: MyST now gives what a paragraph holds a line of its own"
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    app.add_transform(compat.InlineLines)\n"
    assert myst_raw_lines(tmp_path / "read", text, conf) == [4, 4, 4, 5, 5, 5, 8, 8, 9, 9, 12, 12], \
        "compat.InlineLines: MyST no longer writes a paragraph's line breaks as it did, its HTML at the block's line, " \
        "or a block's source as its rawsource"


def test_hard_break(tmp_path):
    text = "# Page 0\n\nTwo spaces  \na backslash\\\nand <br />\nwritten.\n\n<br />\n"
    conf = ("import json\nfrom docutils import nodes\nfrom msblog.sphinxext import compat\n\n"
            "def record(app, doctree):\n"
            "    found = [compat.hard_break(node) for node in doctree.findall(nodes.raw) if 'html' in node['format']]\n"
            "    if app.env.docname == 'page0':\n"
            "        (app.outdir.parent / 'breaks.json').write_text(json.dumps(found))\n\n"
            "def setup(app):\n    app.connect('doctree-read', record)\n")
    myst_raw_lines(tmp_path, text, conf)
    assert json.loads((tmp_path / "_build" / "breaks.json").read_text()) == [True, True, False, False], \
        "compat.hard_break: MyST no longer writes a hard line break as raw HTML, or HTML written reads as one"



def test_shown_parts_and_shown_text(tmp_path):
    text = "# Page 0\n\nTwo spaces  \na backslash\\\nand more.\n"
    conf = ("import json\nfrom docutils import nodes\nfrom msblog.sphinxext import compat\n\n"
            "def record(app, doctree):\n"
            "    paragraph = next(doctree.findall(nodes.paragraph))\n"
            "    parts = [shown for _, shown in compat.shown_parts(paragraph)]\n"
            "    if app.env.docname == 'page0':\n"
            "        (app.outdir.parent / 'shown.json').write_text(json.dumps([parts, compat.shown_text(paragraph)]))\n\n"
            "def setup(app):\n    app.connect('doctree-read', record)\n")
    myst_raw_lines(tmp_path, text, conf)
    parts, shown = json.loads((tmp_path / "_build" / "shown.json").read_text())
    assert parts == ["Two spaces", " ", "", "a backslash", " ", "", "and more."] and shown == "".join(parts), \
        "compat.shown_parts: MyST no longer writes a hard line break as raw HTML and LaTeX beside the text"


def test_front_matter_as_text(tmp_path):
    fields = myst_parser.mdit_to_docutils.base.DocutilsRenderer.dict_to_fm_field_list
    assert "self.nested_render_text(value" in inspect.getsource(getattr(fields, "msblog_original", fields)), \
        "compat.front_matter_as_text: MyST no longer renders a bibliographic field's value as Markdown"
    name = "*A* {sub}`2` <b>B</b> [c](d)\nsecond line"
    text = f"---\nauthor: {json.dumps(name)}\n---\n\n# Page 0\n"
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.front_matter_as_text()\n"
    myst_raw_lines(tmp_path, text, conf)
    env = pickle.loads((tmp_path / "_build" / "doctrees" / "environment.pickle").read_bytes())
    assert env.metadata["page0"]["author"] == name, \
        "compat.front_matter_as_text: a front matter value escaped no longer renders as its text"


def test_tags_as_written():
    source = inspect.getsource(ablog.post.CheckFrontMatter.apply)
    assert 'lstrip("[")' in source and 'lstrip(\'"\')' in source and ablog.post._split(" a, [b] ") == ["a", "[b]"], \
        "compat.tags_as_written: ABlog no longer takes brackets and quotes off a post's tags, or splits them so"


def test_strike_out_as_a_node(tmp_path):
    render = myst_parser.mdit_to_docutils.base.DocutilsRenderer.render_s
    assert 'nodes.raw("", "<s>", format="html")' in inspect.getsource(getattr(render, "msblog_original", render)), \
        "compat.strike_out_as_a_node: MyST no longer renders strikethrough as raw HTML <s>"
    text = "# Page 0\n\nThe dose is ~~5 mg~~ 10 mg, and <s>HTML</s>.\n"
    conf = ("myst_enable_extensions = ['strikethrough']\nfrom msblog.sphinxext import compat\n\n"
            "def setup(app):\n    compat.strike_out_as_a_node(app)\n")
    assert myst_raw_lines(tmp_path, text, conf) == [3, 3], \
        "compat.strike_out_as_a_node: struck-out words are raw HTML, told from the page's own by nothing"
    doctree = pickle.loads(next((tmp_path / "_build").rglob("page0.doctree")).read_bytes())
    assert [node.astext() for node in doctree.findall(compat.struck_out)] == ["5 mg"]
    page = parse_html(tmp_path / "_build" / "html" / "page0.html")
    assert [s.get_text() for s in page.select("s")] == ["5 mg", "HTML"]


def test_read_nested_fences_at_their_lines(tmp_path):
    parse = myst_parser.mdit_to_docutils.base.parse_directive_text
    parsed = getattr(parse, "msblog_original", parse)(Note, "", "\n:::{dropdown} A\nBody.\n:::")
    assert parsed.blank_line_removed and parsed.body_offset == 1, \
        "compat.read_nested_fences_at_their_lines: MyST no longer counts a blank line it removes from a body"
    text = "# Page 0\n\n::::{note}\n:::{dropdown} A <b>dropdown</b>\nBody <i>one</i>.\n:::\n::::\n"
    conf = "from msblog.sphinxext import compat\n\ndef setup(app):\n    compat.read_nested_fences_at_their_lines()\n"
    assert myst_raw_lines(tmp_path, text, conf) == [5, 5, 5, 5], \
        "compat.read_nested_fences_at_their_lines: a body opening with a colon fence is not read at its lines"


def test_line_in_argument(tmp_path):
    text = ("# Page <b>0</b>\n\n:::{dropdown} A <b>dropdown</b>\nBody.\n:::\n\n"
            "```{admonition} An <i>admonition</i>\nBody.\n```\n\n"
            ":::{centered} A <b>centred</b> line\n:::\n\n:::{rubric} A <b>rubric</b>\n:::\n\n"
            ":::{versionadded} 1.0 <b>since</b>\n:::\n\n::::{card} A <b>card</b>\nBody.\n::::\n")
    assert myst_raw_lines(tmp_path / "upstream", text)[::2] == [1, 4, 8, 12, 15, 19, 21], \
        "compat.line_in_argument: MyST no longer reads a directive's title, centred line or rubric one line on, a " \
        "version's text two lines on (or a heading at its line)"
    conf = ("import json\nfrom docutils import nodes\nfrom msblog.sphinxext import compat\n\n"
            "def found(app, doctree):\n"
            "    lines = [compat.line_in_argument(node) for node in doctree.findall(nodes.raw)]\n"
            "    if app.env.docname == 'page0':\n"
            "        (app.outdir.parent / 'lines.json').write_text(json.dumps(lines))\n\n"
            "def setup(app):\n    app.connect('doctree-read', found)\n")
    myst_raw_lines(tmp_path / "read", text, conf)
    assert json.loads((tmp_path / "read" / "_build" / "lines.json").read_text())[::2] == [None, 3, 7, 11, 14, 17, 20], \
        "compat.line_in_argument: what a directive reads from its first line is not found at that line when read"

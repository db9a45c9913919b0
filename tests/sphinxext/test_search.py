"""Pagefind replaces Sphinx's search: what is indexed, with which filters, and the way back to Sphinx's."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.utils import new_document
from docutils.writers.html5_polyglot import Writer
from sphinx.testing.util import SphinxTestApp

from msblog.sphinxext import pagefind_chunks, search
from msblog.sphinxext.search import mark_body, pagefind_body, pagefind_section
from tests.helpers import copy_root, pagefind_pages, parse_html, rebuild


def test_posts_and_registry_pages_are_indexed_with_their_filters(xrefs):
    pages = pagefind_pages(xrefs.outdir)
    first = pages["/posts/2016/01/first.html"]
    assert first["filters"]["author"] == ["Test Author"]
    assert first["filters"]["year"] == ["2016"]
    assert "HSCT" in first["filters"]["therapy"] and "MIST" in first["filters"]["trial"]
    assert pages["/therapies/hsct.html"]["filters"] == {"kind": ["Therapy or trial page"], "therapy": ["HSCT"]}
    assert set(pages) == {url for url in pages if url.startswith(("/posts/", "/therapies/"))}
    assert not (xrefs.outdir / "searchindex.js").exists()


def test_the_indexed_part_is_a_pages_own_section_and_its_structure_stays(xrefs):
    for page in ["posts/2016/01/first.html", "therapies/hsct.html"]:
        html = parse_html(xrefs.outdir / page)
        assert len(html.select("[data-pagefind-body]")) == 1, page
        assert html.select_one('article[role="main"] > section[data-pagefind-body]').h1, page


def document(*children: nodes.Node) -> nodes.document:
    doc = new_document("test", get_default_settings(Writer))
    doc.extend(children)
    return doc


def test_pagefind_indexes_the_section_that_opens_a_page_or_else_all_the_page_holds():
    opened = document(nodes.target("", "", refid="title"), nodes.section("", nodes.title("", "Title"), ids=["title"]),
                      nodes.paragraph("", "After."))
    mark_body(opened)
    assert [type(node) for node in opened.children] == [nodes.target, pagefind_section, nodes.paragraph]
    assert opened[1]["ids"] == ["title"] and opened[1][0].astext() == "Title" and opened[1][0].parent is opened[1]
    other = document(nodes.paragraph("", "Before."), nodes.section("", nodes.title("", "Title")))
    mark_body(other)
    assert [type(node) for node in other.children] == [pagefind_body]
    assert [type(node) for node in other[0].children] == [nodes.paragraph, nodes.section]


def test_filter_values_from_content_are_escaped(build_root):
    app = build_root()
    post = app.srcdir / "posts/2016/01/first.md"
    post.write_text(post.read_text().replace("author: Test Author", "author: Dr <b>Bold</b> & Co"))
    assert rebuild(app) == ""
    page = parse_html(app.outdir / "posts/2016/01/first.html")
    assert page.find("meta", attrs={"data-pagefind-filter": "author[content]"})["content"] == "Dr <b>Bold</b> & Co"
    assert pagefind_pages(app.outdir)["/posts/2016/01/first.html"]["filters"]["author"] == ["Dr <b>Bold</b> & Co"]


def test_with_pagefind_off_sphinx_search_stays(build_root):
    app = build_root()
    (app.srcdir / "conf.py").write_text((app.srcdir / "conf.py").read_text() + "msblog_pagefind = False\n")
    again = SphinxTestApp("html", srcdir=app.srcdir, builddir=app.outdir.parent, freshenv=True)
    again.build()
    again.cleanup()
    assert (again.outdir / "searchindex.js").exists()
    assert parse_html(again.outdir / "posts/2016/01/first.html").find(attrs={"data-pagefind-body": True}) is None


def test_one_shard_a_year_and_a_rebuild_indexes_only_what_changed(build_root):
    app = build_root()
    shards = app.outdir / "pagefind"
    assert sorted(p.name for p in shards.iterdir()) == ["posts-2016", "therapies"]
    post = app.srcdir / "posts/2017/01/new.md"  # a post no other page lists but the listings
    post.parent.mkdir(parents=True)
    post.write_text("---\ndate: 2017-01-02\n---\n\n# A post of 2017\n\nNew.\n")
    app.cleanup()
    app = SphinxTestApp("html", srcdir=app.srcdir, builddir=app.outdir.parent)  # ABlog finds new posts at start
    app.build()
    assert sorted(p.name for p in shards.iterdir()) == ["posts-2016", "posts-2017", "therapies"]
    assert parse_html(app.outdir / "search.html").select_one("#search-form")["data-bundles"].split() == [
        "pagefind/posts-2016/", "pagefind/posts-2017/", "pagefind/therapies/"]
    fragments = {shard.name: set((shard / "fragment").iterdir()) for shard in shards.iterdir()}
    entries = {shard.name: (shard / "pagefind-entry.json").stat().st_mtime_ns for shard in shards.iterdir()}
    post.write_text(post.read_text() + "\nA sentence added later.\n")
    assert rebuild(app) == ""
    app.cleanup()
    after = set((shards / "posts-2017" / "fragment").iterdir())
    assert len(after) == len(fragments["posts-2017"]) and after != fragments["posts-2017"]  # no stale fragment
    assert "A sentence added later." in pagefind_pages(app.outdir)["/posts/2017/01/new.html"]["content"]
    for untouched in ["posts-2016", "therapies"]:
        assert (shards / untouched / "pagefind-entry.json").stat().st_mtime_ns == entries[untouched]



@pytest.mark.parametrize("parallel", [0, 2])
def test_a_shard_is_indexed_as_soon_as_its_pages_are_written(tmp_path, parallel, monkeypatch):
    def add_2017(source):
        post = source / "posts/2017/01/new.md"
        post.parent.mkdir(parents=True)
        post.write_text("---\ndate: 2017-01-02\n---\n\n# A post of 2017\n\nNew.\n")

    app = SphinxTestApp("html", srcdir=copy_root("xrefs", tmp_path, add_2017), builddir=tmp_path / "_build",
                        parallel=parallel)
    begun = {}

    def note_begun(app, pagename, templatename, context, doctree):
        if doctree is not None and app.msblog_indexing is not None:
            begun[pagename] = sorted(app.msblog_indexing.jobs)

    recut, recut_once_written = pagefind_chunks.recut_bundle, []

    def note_recut(bundle):  # Python's part of indexing: never while the build writes (None: indexing has ended)
        recut_once_written.append(app.msblog_indexing is None or app.msblog_indexing.finished.is_set())
        recut(bundle)

    monkeypatch.setattr(pagefind_chunks, "recut_bundle", note_recut)
    app.connect("html-page-context", note_begun, priority=900)
    app.build()
    app.cleanup()
    assert app.statuscode == 0
    assert len(recut_once_written) >= 3 and all(recut_once_written)
    if parallel:  # written by other processes: indexed once they are all written
        assert set(begun) <= {"index"}
    else:
        assert begun["posts/2017/01/new"] == ["posts-2016"] and begun["therapies/hsct"] == ["posts-2016", "posts-2017"]
    assert {"/posts/2016/01/first.html", "/posts/2017/01/new.html", "/therapies/hsct.html"} <= pagefind_pages(app.outdir).keys()
    assert sorted(p.name for p in (app.outdir / "pagefind").iterdir()) == ["posts-2016", "posts-2017", "therapies"]


def test_an_edited_posts_shard_is_indexed_again_before_writing_has_finished(build_root, monkeypatch):
    app = build_root()
    pagefind, finish, year_indexed, began = search._pagefind, search.Indexing.finish, threading.Event(), []

    def note_indexed(app, pages, work):
        if len(pages) == 3:
            year_indexed.set()
        return pagefind(app, pages, work)

    def finish_once_indexed(indexing):  # an indexing that waited for writing to finish would not begin
        began.append(year_indexed.wait(timeout=20))
        finish(indexing)

    monkeypatch.setattr(search, "_pagefind", note_indexed)
    monkeypatch.setattr(search.Indexing, "finish", finish_once_indexed)
    with open(app.srcdir / "posts/2016/02/second.md", "a") as text:
        text.write("\nQuetzalcoatl is a new word.\n")
    assert rebuild(app) == ""
    assert began == [True]
    assert "Quetzalcoatl" in pagefind_pages(app.outdir, "posts-2016")["/posts/2016/02/second.html"]["content"]


def test_a_shard_whose_pages_are_not_written_together_is_indexed_whole_once_they_are(build_root, monkeypatch):
    shard_name = search.shard_name
    monkeypatch.setattr(search, "shard_name", lambda app, docname: "mixed" if docname in {
        "posts/2016/01/first", "therapies/hsct"} else shard_name(app, docname))  # written apart: other pages between
    pagefind, indexed = search._pagefind, []

    def note_indexed(app, pages, work):
        indexed.append(sorted(page.name for page in pages))
        return pagefind(app, pages, work)

    monkeypatch.setattr(search, "_pagefind", note_indexed)
    app = build_root()
    assert app.statuscode == 0 and indexed.count(["first.html", "hsct.html"]) == 1  # once both are written
    for source, word in [("posts/2016/01/first.md", "Quetzalcoatl"), ("therapies/hsct.md", "Xylophone")]:
        with open(app.srcdir / source, "a") as text:
            text.write(f"\n{word} is a new word.\n")
    indexed.clear()
    rebuild(app)
    assert app.statuscode == 0  # indexed again, whole, once both are written:
    assert [pages for pages in indexed if "first.html" in pages][-1] == ["first.html", "hsct.html"]
    mixed = pagefind_pages(app.outdir, "mixed")
    assert mixed.keys() == {"/posts/2016/01/first.html", "/therapies/hsct.html"}
    assert "Quetzalcoatl" in mixed["/posts/2016/01/first.html"]["content"]
    assert "Xylophone" in mixed["/therapies/hsct.html"]["content"]


def test_a_build_failing_while_it_writes_stops_indexing_and_records_nothing(tmp_path):
    app = SphinxTestApp("html", srcdir=copy_root("xrefs", tmp_path), builddir=tmp_path / "_build")
    threads = set(threading.enumerate())

    def fail(app, pagename, templatename, context, doctree):
        if pagename == "therapies/hsct":  # once posts-2016 is being indexed
            raise RuntimeError("a failure while writing")

    app.connect("html-page-context", fail, priority=900)
    with pytest.raises(Exception, match="a failure while writing"):
        app.build()
    app.cleanup()
    assert set(threading.enumerate()) <= threads
    assert not (app.doctreedir / "msblog-search.pickle").exists()
    assert app.msblog_indexing is None


def test_a_page_written_again_with_nothing_new_to_search_leaves_its_shard_as_it_is(build_root):
    app = build_root()
    entry = app.outdir / "pagefind" / "posts-2016" / "pagefind-entry.json"
    indexed = entry.stat().st_mtime_ns
    page = app.outdir / "posts/2016/01/first.html"
    html = page.read_text()
    assert html.count('<section class="related-posts"') == 1
    page.write_text(html.replace('<section class="related-posts"', '<section class="related-posts">Not searched.</section>'
                                 '<section class="related-posts"'))  # as when another post's title changes
    assert rebuild(app) == ""
    assert entry.stat().st_mtime_ns == indexed
    page.write_text(html.replace('<section class="related-posts"', "<p>Searchable words.</p><section class=\"related-posts\""))
    assert rebuild(app) == ""
    assert entry.stat().st_mtime_ns != indexed
    assert "Searchable words." in pagefind_pages(app.outdir)["/posts/2016/01/first.html"]["content"]



def test_pagefind_failing_on_a_shard_fails_the_build_naming_it_and_keeps_the_others(build_root, monkeypatch):
    import subprocess

    run = subprocess.run

    def failing_on_posts(command, **kwargs):
        if any("first.html" in str(path) for path in Path(command[command.index("--site") + 1]).rglob("*.html")):
            return subprocess.CompletedProcess(command, 1, "", "Error: the index could not be written")
        return run(command, **kwargs)

    monkeypatch.setattr(subprocess, "run", failing_on_posts)
    app = build_root()
    assert app.statuscode == 1
    assert "Pagefind could not index first.html" in app.warning.getvalue()
    assert "the index could not be written" in app.warning.getvalue()
    assert (app.outdir / "pagefind" / "therapies" / "pagefind-entry.json").is_file()
    assert not (app.outdir / "pagefind" / "posts-2016").exists()


def test_bundles_of_years_gone_and_of_the_single_bundle_layout_are_removed(build_root):
    app = build_root()
    shards = app.outdir / "pagefind"
    (shards / "posts-1999" / "fragment").mkdir(parents=True)
    (shards / "pagefind.js").write_text("// the single bundle of an earlier build")
    assert rebuild(app) == ""
    assert sorted(p.name for p in shards.iterdir()) == ["posts-2016", "therapies"]


def test_an_index_pagefind_wrote_in_another_format_is_kept_as_it_is(build_root, monkeypatch):
    def refuse(bundle):
        raise pagefind_chunks.UnknownFormat("pagefind.en_x.pf_meta does not list index chunks as [from, to, hash]")

    monkeypatch.setattr(pagefind_chunks, "recut_bundle", refuse)
    app = build_root()
    assert "The search index of posts-2016 is left as Pagefind cut it" in app.status.getvalue()
    assert app.warning.getvalue() == ""  # an optimisation that cannot apply never fails a build with -W
    assert "/posts/2016/01/first.html" in pagefind_pages(app.outdir)


def test_a_comment_is_searched_by_its_author_and_text_not_by_its_time_or_furniture(xrefs):
    content = pagefind_pages(xrefs.outdir)["/posts/2016/01/first.html"]["content"]
    page = parse_html(xrefs.outdir / "posts/2016/01/first.html")
    shown = " ".join(page.select_one("#comment-1001").stripped_strings)
    assert "Alice" in shown and "January 2016" in shown and "reply to comment 1001" in shown
    assert "Author unknown" in page.select_one("#comment-1003").get_text()
    assert "Alice" in content and "I was on Tysabri, then Tysabri again." in content
    assert "January" not in content and "09:00" not in content and "reply to comment" not in content
    assert "unknown" not in content.lower()


def test_a_change_in_the_way_of_indexing_indexes_every_shard_again(build_root, monkeypatch):
    from msblog.sphinxext import search

    app = build_root()
    shards = app.outdir / "pagefind"
    entries = {shard.name: (shard / "pagefind-entry.json").stat().st_mtime_ns for shard in shards.iterdir()}
    assert "Alice" in pagefind_pages(app.outdir)["/posts/2016/01/first.html"]["content"]
    monkeypatch.setattr(search, "NOT_INDEXED", (*search.NOT_INDEXED, ".comment-author"))
    assert rebuild(app) == ""
    assert "Alice" not in pagefind_pages(app.outdir)["/posts/2016/01/first.html"]["content"]
    assert all((shards / name / "pagefind-entry.json").stat().st_mtime_ns != mtime for name, mtime in entries.items())


def test_the_search_page_asks_for_its_script_and_styles_anew_when_they_change(build_root, monkeypatch, tmp_path):
    from msblog.sphinxext import search

    app = build_root()

    def assets():
        page = parse_html(app.outdir / "search.html")
        return page.select_one('script[src*="msblog-search.js"]')["src"], page.select_one('link[href*="msblog-search.css"]')["href"]

    script, styles = assets()
    assert script.split("?v=")[1] == styles.split("?v=")[1] != ""
    static = tmp_path / "static"
    static.mkdir()
    for asset in search.STATIC.iterdir():
        (static / asset.name).write_bytes(asset.read_bytes())
    (static / "msblog-search.js").write_text((static / "msblog-search.js").read_text() + "\n// changed\n")
    monkeypatch.setattr(search, "STATIC", static)
    assert rebuild(app) == ""
    changed_script, _ = assets()
    assert changed_script != script and (app.outdir / "_static/msblog-search.js").read_text().endswith("// changed\n")


def search_names(out) -> list[dict]:
    """The registry's names the search page carries for its script, as the script reads them."""
    return json.loads(parse_html(out / "search.html").select_one("script#search-names").string)


def test_the_search_page_carries_every_name_of_each_entry_with_its_page(xrefs):
    names = {entry["name"]: entry for entry in search_names(xrefs.outdir)}
    assert names["alemtuzumab"] == {
        "type": "therapy", "name": "alemtuzumab", "page": "therapies/alemtuzumab.html",
        "names": [{"name": "alemtuzumab", "exact": False}, {"name": "Lemtrada", "exact": False},
                  {"name": "Campath", "exact": False}]}
    assert names["MIST"]["type"] == "trial" and {"name": "AHSCT", "exact": True} in names["HSCT"]["names"]


def test_names_from_the_registry_are_data_in_the_search_page_never_markup(build_root):
    app = build_root()
    hostile = "</script><script>alert(1)</script><!--"
    entry = app.srcdir / "therapies/cladribine.md"
    entry.write_text(entry.read_text().replace("brands: [Mavenclad]", f"brands: [Mavenclad, '{hostile}']"))
    assert rebuild(app) == ""
    page = parse_html(app.outdir / "search.html")
    assert [script.get("src") for script in page.select("script") if "alert" in (script.string or "")] == [None]
    [cladribine] = [entry for entry in search_names(app.outdir) if entry["name"] == "cladribine"]
    assert [name["name"] for name in cladribine["names"]] == ["cladribine", "Mavenclad", hostile]
    assert "<script>alert" not in (app.outdir / "search.html").read_text()


def test_posts_are_filtered_by_the_papers_and_trials_they_and_their_comments_cite(build_root):
    app = build_root("citations")
    pages = pagefind_pages(app.outdir)
    cites = pages["/posts/2016/01/cites.html"]["filters"]["cited"]
    assert {"PMID 30644998", "NCT00273364", "EudraCT 2006-002497-27", "DOI 10.1234/abc"} <= set(cites)  # the last in a comment
    assert pages["/posts/2015/06/earlier.html"]["filters"]["cited"] == ["DOI 10.1234/abc", "EudraCT 2012-000001-11",
                                                                         "PMID 21175342"]
    assert "cited" not in pages["/posts/2016/02/plain.html"]["filters"]
    searched = parse_html(app.outdir / "cited/pmid-21175342.html").select_one(".cited-facts a[href*='search.html']")
    assert searched["href"] == "../search.html?cited=PMID%2021175342"

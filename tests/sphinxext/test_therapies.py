"""The registry's pages, the ms domain, genindex and objects.inv."""

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

from msblog.check import check_site
from msblog.model.layout import MADE_PAGE
from tests.helpers import build, copy_root, msblog_errors, parse_html, rebuild, words, write_files


def test_builds_without_warnings(xrefs):
    assert xrefs.warning.getvalue() == ""


def test_roles_resolve_by_any_name(xrefs):
    page = parse_html(xrefs.outdir / "posts/2016/01/first.html")
    therapy = page.select_one("a code.ms-therapy").parent
    assert therapy["href"] == "../../../therapies/alemtuzumab.html#therapy-alemtuzumab"
    assert therapy.get_text() == "Campath"
    assert page.select_one("a code.ms-trial").parent["href"] == "../../../therapies/mist.html#trial-mist"


def test_genindex_lists_entries_and_their_other_names(xrefs):
    text = parse_html(xrefs.outdir / "genindex.html").select_one("article").get_text(" ", strip=True)
    assert "HSCT (induction therapy)" in text
    assert "MIST (trial)" in text
    assert "Lemtrada see alemtuzumab" in text
    assert "bone marrow transplantation see HSCT" in text


def test_objects_inv_lets_other_projects_link_to_entries(xrefs):
    inventory = InventoryFile.loads((xrefs.outdir / "objects.inv").read_bytes(), uri="https://archive.example/").data
    assert inventory["ms:therapy"]["HSCT"].uri == "https://archive.example/therapies/hsct.html#therapy-hsct"
    assert inventory["ms:trial"]["MIST"].uri == "https://archive.example/therapies/mist.html#trial-mist"
    assert "Lemtrada" not in inventory["ms:therapy"]


def test_entry_page_shows_names_then_description_then_mentions(xrefs):
    page = parse_html(xrefs.outdir / "therapies/hsct.html")
    facts = page.select_one(".registry-facts").get_text(" ", strip=True)
    assert "induction therapy" in facts and "aHSCT, AHSCT, BMT, bone marrow transplantation" in facts
    assert page.select_one(".registry-facts a")["href"] == "mist.html#trial-mist"
    assert "Haematopoietic stem cell transplantation." in page.select_one("article").get_text()


def mentions(page) -> list[tuple[str, str]]:
    """Each post and comment listed, with its link (not the links to the place in a post's text)."""
    return [(" ".join(a.get_text().split()), a["href"]) for a in page.select("section.mentions .mention-list li > p:first-child > a")]


def test_entry_page_lists_posts_newest_first_and_each_comment(xrefs):
    page = parse_html(xrefs.outdir / "therapies/hsct.html")
    assert mentions(page) == [
        ("The second post", "../posts/2016/02/second.html"),
        ("Comment 2002 by Carol, Tuesday, 2 February 2016", "../posts/2016/02/second.html#comment-2002"),
        ("The first post", "../posts/2016/01/first.html"),
        ("Comment 1003, author unknown, time unknown", "../posts/2016/01/first.html#comment-1003"),
    ]
    counts = page.select_one("section.mentions").get_text(" ", strip=True)
    assert "Mentioned in the text of 2 posts and in 2 comments" in counts
    # Two in the first section, one heading, one in the second section; none in the {nomentions} block.
    assert "5 mentions in the post" in counts


def test_links_and_roles_count_as_mentions_but_code_does_not(xrefs):
    items = parse_html(xrefs.outdir / "therapies/alemtuzumab.html").select("section.mentions .mention-list > li")
    first = next(li for li in items if "The first post" in li.get_text())
    # "link about Lemtrada", {therapy}`Campath` and the linked Lemtrada; not `alemtuzumab in code`.
    assert "3 mentions in the post" in first.get_text()


def test_entry_mentioned_only_in_comments(xrefs):
    page = parse_html(xrefs.outdir / "therapies/cladribine.html")
    assert [text for text, _href in mentions(page)] == [
        "The third post", "Comment 1, Wednesday, 2 March 2016", "The first post", "Comment 1003, time unknown",
    ]  # neither comment names its author: said once, not on each
    count = " ".join(page.select_one(".mention-count").get_text().split())
    assert count == ("Mentioned in the text of 0 posts and in 2 comments, newest first. "
                     "The archived discussions give no names for these comments.")


def test_registry_index_lists_every_entry(xrefs):
    page = parse_html(xrefs.outdir / "therapies/index.html")
    assert [a.get_text() for a in page.select("article ul a")] == [
        "alemtuzumab", "cladribine", "HSCT", "natalizumab", "MIST",
    ]


def test_unknown_names_are_build_warnings(build_root):
    app = build_root()
    post = app.srcdir / "posts/2016/03/third.md"
    post.write_text(post.read_text() + "\nA {therapy}`Unobtainium` and a {trial}`HSCT`.\n")
    warnings = rebuild(app).splitlines()
    assert "third.md:11: WARNING: unknown therapy 'Unobtainium'" in warnings[0]
    assert "third.md:11: WARNING: unknown trial 'HSCT'" in warnings[1]
    assert len(warnings) == 2


def test_a_registry_page_that_is_wrong_fails_the_build_at_its_file_and_line(build_root):
    """The build named the file as a page Sphinx would read (``therapies/bad.md.md:1``), at no key's line."""
    app = build_root()
    (app.srcdir / "therapies/bad.md").write_text("---\ntherapy: Bad\ncolour: red\n---\n\n# Bad\n")
    warnings = rebuild(app)
    assert f"{app.srcdir}/therapies/bad.md:3: ERROR: unknown registry key 'colour'" in strip_colors(warnings), warnings
    assert app.statuscode == 1


def test_incremental_build_leaves_no_stale_entry_page(build_root):
    app = build_root()
    third = app.srcdir / "posts/2016/03/third.md"
    third.write_text(third.read_text().replace("Nothing from the registry here, not even vitamin D.", "Now about aHSCT."))
    second = app.srcdir / "posts/2016/02/second.md"
    second.write_text(second.read_text().replace("Alemtuzumab and HSCT compared", "Alemtuzumab alone"))
    warnings = rebuild(app)
    page = parse_html(app.outdir / "therapies/hsct.html")
    assert [text for text, _href in mentions(page)] == [
        "The third post",
        "The second post", "Comment 2002 by Carol, Tuesday, 2 February 2016",
        "The first post", "Comment 1003, author unknown, time unknown",
    ]
    assert "in the post" not in page.select_one("section.mentions li").find_next("li").get_text()
    assert warnings == ""


def test_a_new_registry_entry_links_existing_posts(build_root):
    app = build_root()
    (app.srcdir / "therapies/vitamin-d.md").write_text("---\ntherapy: vitamin D\n---\n\n# Vitamin D\n\nA vitamin.\n")
    assert rebuild(app) == ""
    third = parse_html(app.outdir / "posts/2016/03/third.html")
    assert third.select_one("a.mention")["href"] == "../../../therapies/vitamin-d.html#therapy-vitamin-d"
    assert [text for text, _href in mentions(parse_html(app.outdir / "therapies/vitamin-d.html"))][0] == "The third post"
    index = parse_html(app.outdir / "therapies/index.html")
    assert "vitamin D" in [a.get_text() for a in index.select("article ul a")]


NAMED_WITH_MARKS = """---
therapy: "Evil; drug"
kind: "induction; therapy"
aliases: ["Alias; X", "!Bang, boom", ", comma first"]
---

# Evil; drug

A therapy named with a semicolon.
"""


def index_entries(out) -> list[str]:
    """Each entry of ``genindex``, with its sub-entries, as a reader reads it."""
    return [words(li.get_text(" ")) for li in parse_html(out / "genindex.html").select("table.indextable td > ul > li")]


def test_genindex_keeps_whole_a_name_holding_a_semicolon_or_starting_with_a_mark(tmp_path):
    site = copy_root("xrefs", tmp_path, lambda site: (site / "therapies/evil.md").write_text(NAMED_WITH_MARKS))
    first = index_entries(build(site, tmp_path / "out"))
    with (site / "index.md").open("a") as page:
        page.write("\nEdited.\n")
    again = index_entries(build(site, tmp_path / "out"))  # the registry page's entries from the saved environment
    for entries in (first, again):
        assert "Evil; drug (induction; therapy)" in entries
        assert {"Alias; X see Evil; drug", "!Bang, boom see Evil; drug", ", comma first see Evil; drug"} <= set(entries)


def test_a_page_where_the_site_writes_an_entrys_mentions_is_refused_at_its_line(tmp_path):
    """A page at ``therapies/<entry>/page/2`` was replaced, saying nothing, by the entry's second page of mentions."""
    site = copy_root("xrefs", tmp_path, lambda site: write_files(site, {"therapies/hsct/page/2.md": "# Mine\n\nText.\n"}))
    checked = [str(problem) for problem in check_site(site) if str(problem.path).startswith("therapies")]
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    assert checked == [f"therapies/hsct/page/2.md:1: {MADE_PAGE}"]
    assert msblog_errors(app.warning.getvalue(), site, ("registry",)) == [("therapies/hsct/page/2.md", 1, MADE_PAGE)]
    assert app.statuscode == 1

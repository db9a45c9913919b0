"""Each cited paper and trial has a page of what the archive says citing it; an index of them; the cited domain."""

from __future__ import annotations

from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors
from sphinx.util.inventory import InventoryFile

from msblog.model.identifiers import Identifier
from tests.helpers import build, copy_root, incremental_and_clean, meta, parse_html, words

PMID = Identifier("pmid", "21175342")  # cited in 2016 (a post's text and a comment) and 2015 (a post and a comment)
NCT = Identifier("nct", "NCT00273364")  # MIST's registration
LANCET = Identifier("doi", "10.1016/s0140-6736(12)61769-3")  # titled by the bibliography, with a <script> in its title
POST, EARLIER = "posts/2016/01/cites", "posts/2015/06/earlier"


def cited(key: str) -> str:
    return f"cited/{key}.html"


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("citation-pages")
    return build(copy_root("citations", work), work / "out")


def main(page) -> object:
    return page.select_one('article[role="main"]')


def test_an_identifier_s_page_lists_each_post_and_comment_citing_it_by_year_with_its_words(out):
    page = parse_html(out / cited(PMID.key))
    assert page.title.get_text().startswith("PMID 21175342") and words(page.h1.get_text()) == "PMID 21175342"
    years = [words(h.get_text()) for h in page.select("#citations .mention-year > h3")]
    assert years == ["2016", "2015"]  # newest first
    newest, earlier = page.select("#citations .mention-year")
    assert [a["href"] for a in newest.select("a")] == [
        f"../{POST}.html", f"../{POST}.html#a-post-citing-every-kind", f"../{POST}.html#comment-1"]
    quoted = earlier.select_one(".mention-said blockquote")
    assert quoted.strong.get_text() == "PMID 21175342"
    assert words(quoted.get_text()) == "The paper, PMID 21175342, reported the trial; see also 21175342 in the archive."
    assert earlier.select_one(".mention-place a")["href"] == f"../{EARLIER}.html#what-the-trial-found"
    comment = earlier.select_one("ul ul li")
    assert comment.select_one("a")["href"] == f"../{EARLIER}.html#comment-7"
    assert words(comment.p.get_text()).startswith("Comment 7 by Bob <b>Bold</b>, Tuesday, 2 June 2015")
    assert not comment.select("b") and comment.strong.get_text() == "PMID 21175342"


def test_its_page_links_its_resolver_and_opens_with_the_chart_of_its_citations_a_year(out):
    page = main(parse_html(out / cited(PMID.key)))
    resolver = page.select_one(".cited-facts a.citation")
    assert (resolver.get_text(), resolver["href"]) == ("PMID 21175342", "https://pubmed.ncbi.nlm.nih.gov/21175342/")
    rows = [tuple(t.get_text() for t in year.select("text")) for year in page.select(".mention-chart-svg .chart-year")]
    assert rows == [("2015", "1", "1"), ("2016", "1", "1")]
    assert "citing PMID 21175342" in page.select_one(".mention-chart-svg title").get_text()
    assert page.select_one(".mention-chart").find_next("section", id="citations")


def test_a_page_is_titled_by_the_bibliography_and_nothing_from_a_source_is_live(out):
    page = parse_html(out / cited(LANCET.key))
    assert words(page.h1.get_text()) == "Alemtuzumab versus interferon beta 1a in MS <script>alert(1)</script>"
    assert not main(page).select("script")
    assert page.select_one(".cited-facts a.citation")["href"] == LANCET.url


def test_trial_registrations_and_their_pages_link_each_other(out):
    trial = parse_html(out / "therapies/mist.html")
    fact = next(dd for dt, dd in zip(trial.select(".registry-facts dt"), trial.select(".registry-facts dd"))
                if "Registered as" in dt.get_text())
    assert [(a.get_text(), a["href"]) for a in fact.select("a")] == [
        ("NCT00273364", f"../{cited(NCT.key)}"), ("clinicaltrials.gov", NCT.url),
        ("ISRCTN12345678", "../cited/isrctn-12345678.html"), ("isrctn.com", "https://www.isrctn.com/ISRCTN12345678")]
    registration = parse_html(out / cited(NCT.key))
    registers = next(dd for dt, dd in zip(registration.select(".cited-facts dt"), registration.select(".cited-facts dd"))
                     if dt.get_text() == "Registers")
    assert [(a.get_text(), a["href"]) for a in registers.select("a")] == [("MIST", "../therapies/mist.html")]


def test_a_post_s_cited_list_links_each_identifier_to_its_page_and_its_resolver(out):
    section = parse_html(out / f"{POST}.html").select_one("#papers-and-trials-cited")
    first = section.select_one("li")
    assert [(a.get_text(), a["href"]) for a in first.select("a")] == [
        ("Alemtuzumab versus interferon beta 1a in MS <script>alert(1)</script>", f"../../../{cited(LANCET.key)}"),
        ("doi.org", LANCET.url)]
    assert not section.select(".mention, a.ms")  # a paper's title names no therapy the post is about


def test_the_index_lists_every_identifier_most_cited_first_and_the_home_page_links_it(out):
    index = main(parse_html(out / "cited/index.html"))
    listed = [words(li.get_text()) for li in index.select(".cited-list li")]
    assert listed[0] == "PMID 21175342 (cited in the text of 2 posts and in 2 comments)"
    assert listed[1] == "NCT00273364 (registers MIST; cited in the text of 1 post and in 1 comment)"
    assert "Nonmyeloablative HSCT in relapsing MS (PMID 30644998; cited in the text of 1 post and in 0 comments)" in listed
    assert len(listed) == len(list((out / "cited").glob("*.html"))) - 1
    home = parse_html(out / "index.html")
    assert [a["href"] for a in home.select("a") if "paper and trial cited" in a.get_text()] == ["cited/index.html"]


def test_identifiers_are_in_genindex_and_objects_inv_and_a_role_links_to_their_page(out):
    genindex = parse_html(out / "genindex.html")
    entries = {(words(a.get_text()), a["href"]) for a in genindex.select("table.indextable a")}
    assert ("21175342", f"{cited(PMID.key)}#{PMID.key}") in entries
    assert ("Nonmyeloablative HSCT in relapsing MS", "cited/pmid-30644998.html#pmid-30644998") in entries
    with (out / "objects.inv").open("rb") as file:
        inventory = InventoryFile.load(file, "", lambda base, uri: uri)
    assert inventory["cited:pmid"]["21175342"].uri == f"{cited(PMID.key)}#{PMID.key}"
    assert inventory["cited:nct"]["NCT00273364"].uri == f"{cited(NCT.key)}#{NCT.key}"
    assert inventory["cited:doi"][LANCET.id].display_name == LANCET.label
    role = parse_html(out / f"{EARLIER}.html").select_one("#what-the-trial-found p")
    assert [a["href"] for a in role.select("a.reference.internal")] == [f"../../../{cited(PMID.key)}"]


def test_a_title_holding_a_semicolon_is_one_entry_of_genindex(tmp_path):
    def retitle(site: Path) -> None:
        bib = site / "papers.bib"
        bib.write_text(bib.read_text().replace("Nonmyeloablative HSCT in relapsing {MS}",
                                               "Alemtuzumab in MS; a randomised trial"))

    genindex = parse_html(build(copy_root("citations", tmp_path, retitle), tmp_path / "out") / "genindex.html")
    entries = {(words(a.get_text()), a["href"]) for a in genindex.select("table.indextable a")}
    assert ("Alemtuzumab in MS; a randomised trial", "cited/pmid-30644998.html#pmid-30644998") in entries


def test_pages_are_paginated_and_a_role_to_an_identifier_without_a_page_is_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr("msblog.sphinxext.citation_pages.INDEX_SIZE", 10)

    def unknown_role(site: Path) -> None:
        post = site / f"{EARLIER}.md"
        post.write_text(post.read_text() + "\nNot cited anywhere: {cited:nct}`NCT09999999`.\n")

    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path, unknown_role), confoverrides={"msblog_listing_size": 1})
    try:
        app.build()
        assert "cited:nct reference target not found: NCT09999999" in strip_colors(app.warning.getvalue())
        out = Path(app.outdir)
        second = parse_html(out / f"cited/{PMID.key}/page/2.html")
        assert words(second.h1.get_text()) == "PMID 21175342 (page 2 of 2)"
        assert [words(h.get_text()) for h in second.select(".mention-year > h3")] == ["2015"]
        assert not second.select(".mention-chart") and second.select_one('a[rel="prev"]')["href"] == "../../pmid-21175342.html"
        assert parse_html(out / "cited/index/page/2.html").select(".cited-list li")
    finally:
        app.cleanup()


def test_a_builder_writing_one_page_shows_the_links_to_identifier_pages_as_text(tmp_path):
    def single(site: Path) -> None:
        (site / "index.md").write_text("# Citations\n\n```{toctree}\nposts/2016/01/cites\n```\n")

    out = build(copy_root("citations", tmp_path, single), tmp_path / "single", builder="singlehtml")
    page = parse_html(out / "index.html")
    section = page.select_one("#papers-and-trials-cited")
    assert "Nonmyeloablative HSCT in relapsing MS" in section.get_text()
    assert all(a["href"].startswith("https://") for a in section.select("li a")) and not (out / "cited").exists()


def _page_texts(out: Path) -> dict[str, str]:
    """The main text of every identifier page, of the posts citing them and of the registry's trial."""
    pages = [*sorted((out / "cited").rglob("*.html")), out / f"{POST}.html", out / f"{EARLIER}.html",
             out / "therapies/mist.html", out / "genindex.html"]
    return {path.relative_to(out).as_posix(): str(main(parse_html(path))) for path in pages if path.is_file()}


def _edit_citations(site: Path) -> None:
    """Add a citation (a paper cited nowhere before, in a comment), remove two (a registration cited only there, and
    one of a DOI's two), and retitle a paper in the bibliography."""
    earlier = site / f"{EARLIER}.md"
    earlier.write_text(earlier.read_text().replace("EudraCT 2012-000001-11", "not given"))
    comments = site / "comments/2015/06/earlier.md"
    comments.write_text(comments.read_text().replace("doi:10.1234/abc once", "PMID 11111111 once"))
    bib = site / "papers.bib"
    bib.write_text(bib.read_text().replace("Nonmyeloablative HSCT", "Autologous HSCT"))


@pytest.mark.parametrize("parallel", [0, 2])
def test_an_incremental_build_equals_a_clean_one(tmp_path, parallel):
    out, clean = incremental_and_clean(tmp_path, copy_root("citations", tmp_path), _edit_citations, parallel)
    assert _page_texts(out) == _page_texts(clean)
    assert (out / "cited/pmid-11111111.html").is_file()
    assert not (out / "cited/eudract-2012-000001-11.html").exists()
    assert "Autologous HSCT in relapsing MS" in parse_html(out / "cited/pmid-30644998.html").h1.get_text()


def test_pages_are_written_again_only_when_what_they_show_changed(tmp_path):
    site = copy_root("citations", tmp_path)
    out = build(site, tmp_path / "out")
    pages = [cited(PMID.key), cited(NCT.key), cited("pmid-30644998"), "cited/index.html"]

    def written() -> dict[str, int]:
        return {page: (out / page).stat().st_mtime_ns for page in pages}

    before = written()
    plain = site / "posts/2016/02/plain.md"
    plain.write_text(plain.read_text() + "\nStill citing nothing.\n")
    build(site, tmp_path / "out")
    assert written() == before
    comments = site / "comments/2015/06/earlier.md"
    comments.write_text(comments.read_text().replace("twice", "three times"))
    build(site, tmp_path / "out")
    assert [page for page, mtime in written().items() if mtime != before[page]] == [cited(PMID.key)]


def test_a_site_citing_nothing_has_an_index_saying_so_and_the_home_page_links_it(site):
    index = main(parse_html(site / "cited/index.html"))
    assert "No post or comment in the archive cites a paper or a trial registration yet" in words(index.get_text())
    assert not index.select("ul") and not index.select(".pager a")
    home = parse_html(site / "index.html")
    assert [a["href"] for a in home.select("a") if "Papers and trials cited" in a.get_text()] == ["cited/index.html"]


def test_an_identifier_s_page_and_the_index_describe_themselves_when_shared(out):
    page = parse_html(out / cited(PMID.key))
    said = "Cited by 2 posts and 2 comments in the Test Archive: PMID 21175342."
    assert meta(page, "description") == [said] and meta(page, "og:description") == [said]
    assert meta(page, "og:title") == ["PMID 21175342"] and meta(page, "og:type") == ["website"]
    assert meta(page, "og:url") == [f"https://example.org/{cited(PMID.key)}"]
    titled = parse_html(out / cited(LANCET.key))
    assert meta(titled, "description") == [f"Cited by 1 post in the Test Archive: {LANCET.label} (Alemtuzumab versus "
                                           "interferon beta 1a in MS <script>alert(1)</script>)."]  # as text
    assert "alert(1)" not in "".join(script.get_text() for script in titled.find_all("script"))
    index = parse_html(out / "cited/index.html")
    said = "The papers and trials that posts and comments in the Test Archive cite: 15 identifiers, most cited first."
    assert meta(index, "description") == [said] and meta(index, "og:url") == ["https://example.org/cited/index.html"]

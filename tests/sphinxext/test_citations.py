"""Papers and trial registrations cited in posts and comments: linked to their resolvers, recorded, listed."""

from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from msblog.model.identifiers import Identifier
from msblog.sphinxext.citations import cited, cited_in_text, citations_of, citing
from tests.helpers import copy_root, parse_html, rebuild, words
from tests.sphinxext.feed_entries import feed_entry

POST = "posts/2016/01/cites"
EVERY_KIND = {"doi", "pmid", "pmc", "nct", "eudract", "isrctn"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path_factory.mktemp("citations")))
    app.build()
    yield app
    app.cleanup()


def page(app, docname: str = POST):
    return parse_html(Path(app.outdir, f"{docname}.html"))


def links(node) -> list[tuple[str, str]]:
    return [(a.get_text(), a["href"]) for a in node.select("a.citation")]


def test_identifiers_in_a_post_s_text_link_to_their_resolvers(built):
    text = page(built).select_one("#a-post-citing-every-kind > p:not(.archive-age)")
    assert links(text)[:8] == [
        ("doi:10.1016/S0140-6736(12)61769-3", "https://doi.org/10.1016/s0140-6736%2812%2961769-3"),
        ("PMID: 30644998", "https://pubmed.ncbi.nlm.nih.gov/30644998/"),
        ("PMC3025341", "https://pmc.ncbi.nlm.nih.gov/articles/PMC3025341/"),
        ("NCT00273364", "https://clinicaltrials.gov/study/NCT00273364"),
        ("EudraCT 2006-002497-27", "https://www.clinicaltrialsregister.eu/ctr-search/search?query=2006-002497-27"),
        ("ISRCTN12345678", "https://www.isrctn.com/ISRCTN12345678"),
        ("PubMed link", "https://www.ncbi.nlm.nih.gov/pubmed/30644998"),  # a link to a resolver is kept
        ("https://clinicaltrials.gov/ct2/show/NCT00273364", "https://clinicaltrials.gov/study/NCT00273364"),
    ]


SICI = "10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0.CO;2-J"  # an old Wiley DOI, "<" and all


def test_roles_link_by_hand_and_a_malformed_one_is_a_warning_at_its_line(built, tmp_path):
    text = page(built).select_one("#a-post-citing-every-kind > p:not(.archive-age)")
    assert links(text)[8:] == [
        ("PMID 21175342", "https://pubmed.ncbi.nlm.nih.gov/21175342/"),
        ("the Lancet paper", "https://doi.org/10.1016/s0140-6736%2812%2961769-3"),
        ("NCT01099930", "https://clinicaltrials.gov/study/NCT01099930"),
        ("PMC1234567", "https://pmc.ncbi.nlm.nih.gov/articles/PMC1234567/"),
        ("EudraCT 2010-023456-12", "https://www.clinicaltrialsregister.eu/ctr-search/search?query=2010-023456-12"),
        ("ISRCTN87654321", "https://www.isrctn.com/ISRCTN87654321"),
    ]
    assert "citation" not in built.warning.getvalue()

    def malformed(site: Path) -> None:
        post = site / f"{POST}.md"
        post.write_text(post.read_text() + "\nA bad role: {nct}`NCT123`, and {doi}`javascript:alert(1)`.\n\n"
                        f"A good one: {{doi}}`the old paper <{SICI}>`.\n")

    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path, malformed))
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        line = (Path(app.srcdir) / f"{POST}.md").read_text().splitlines().index("A bad role: {nct}`NCT123`, and {doi}`javascript:alert(1)`.") + 1
        assert f"{POST}.md:{line}: WARNING: {{nct}} 'NCT123': 'NCT123' looks like a ClinicalTrials.gov number" in warnings
        assert "{doi} 'javascript:alert(1)'" in warnings
        last = next(p for p in page(app).select("p") if "A bad role" in p.get_text())
        assert words(last.get_text()) == "A bad role: NCT123, and javascript:alert(1)." and not last.select("a")
        good = next(p for p in page(app).select("p") if "A good one" in p.get_text())
        assert links(good) == [("the old paper", "https://doi.org/10.1002/%28sici%291097-4679%28199711%2953%3A7%3C803"
                                                 "%3A%3Aaid-jclp1%3E3.0.co%3B2-j")]
        assert "SICI" not in warnings and "803" not in warnings
    finally:
        app.cleanup()


def test_code_other_addresses_look_alikes_headings_and_nomentions_passages_are_not_linked(built):
    post = page(built).select_one("#a-post-citing-every-kind")
    assert post.select_one("code").get_text() == "NCT00000001"
    linked = {a.get_text() for a in post.select("a") if not a.find_parent(id="papers-and-trials-cited")}
    assert not {"NCT00000002", "NCT0000003", "NCT00000004", "NCT00000005"} & linked
    assert not post.select("h2 a.citation") and "https://example.org/NCT00000002" in post.get_text()
    assert not post.select(".nomentions a")


def test_a_post_ends_with_the_papers_and_trials_its_text_cites_titled_from_the_bibliography(built):
    section = page(built).select_one("#papers-and-trials-cited")
    assert section.find_next_sibling("section", id="discussion") and not section.find_previous_sibling(id="discussion")
    listed = [words(li.get_text()) for li in section.select("li")]
    assert listed == [
        "Alemtuzumab versus interferon beta 1a in MS <script>alert(1)</script> (DOI 10.1016/s0140-6736(12)61769-3), "
        "at doi.org", "Nonmyeloablative HSCT in relapsing MS (PMID 30644998), at pubmed.ncbi.nlm.nih.gov",
        "PMC3025341, at pmc.ncbi.nlm.nih.gov", "NCT00273364, at clinicaltrials.gov",
        "EudraCT 2006-002497-27, at clinicaltrialsregister.eu", "ISRCTN12345678, at isrctn.com",
        "PMID 21175342, at pubmed.ncbi.nlm.nih.gov", "NCT01099930, at clinicaltrials.gov",
        "PMC1234567, at pmc.ncbi.nlm.nih.gov", "EudraCT 2010-023456-12, at clinicaltrialsregister.eu",
        "ISRCTN87654321, at isrctn.com", "NCT00000004, at clinicaltrials.gov",  # named in a heading: cited, not linked there
    ]
    resolvers = [a["href"] for a in section.select("li a.citation")]
    assert not section.select("script") and len(resolvers) == 12 and all(r.startswith("https://") for r in resolvers)
    pages = [a["href"] for a in section.select("li a.reference.internal")]  # each its page in the archive
    assert pages[1] == "../../../cited/pmid-30644998.html" and len(pages) == 12
    assert page(built, "posts/2016/02/plain").select_one("#papers-and-trials-cited") is None
    assert not page(built, "posts/2016/02/plain").select("a.citation")


def test_comments_link_identifiers_and_keep_links_to_resolvers_and_nothing_becomes_live(built):
    discussion = page(built).select_one("#discussion")
    first = discussion.select_one("[id='comment-1'] > .comment-body")
    assert links(first) == [("NCT00273364", "https://clinicaltrials.gov/study/NCT00273364"),
                            ("the abstract", "https://pubmed.ncbi.nlm.nih.gov/21175342/")]
    assert first.select_one("code").get_text() == "NCT00000006"
    hostile = discussion.select_one("[id='comment-1.1'] > .comment-body")
    assert not hostile.select("script") and not [a for a in hostile.select("a") if not a["href"].startswith("https://")]
    assert "<script>alert(1)</script>" in hostile.get_text() and "NCT123" in hostile.get_text()
    assert ("10.1234/abc", "https://doi.org/10.1234/abc") in links(hostile)


def test_the_feed_links_identifiers_as_the_page_does(built):
    entry = feed_entry(Path(built.outdir), POST)
    assert ("NCT00273364", "https://clinicaltrials.gov/study/NCT00273364") in links(entry)


def test_every_citation_is_recorded_where_it_is_found_with_its_words(built):
    env = built.env
    found = citations_of(env, POST)
    in_text = [c for c in found if c.comment is None]
    assert {c.identifier.kind for c in in_text} == EVERY_KIND
    assert all(c.section == "a-post-citing-every-kind" for c in in_text[:-1])
    assert in_text[-1].section == "trial-nct00000004-in-a-heading" and in_text[-1].identifier.id == "NCT00000004"
    first = in_text[0]
    assert (first.excerpt.before, first.excerpt.match) == ("The trial of alemtuzumab (", "doi:10.1016/S0140-6736(12)61769-3")
    comments = [(c.comment, c.author, c.identifier.label) for c in found if c.comment]
    assert comments[:2] == [("1", "Alice", "NCT00273364"), ("1", "Alice", "PMID 21175342")]
    nct = next(c for c in found if c.comment == "1" and c.identifier.kind == "nct")
    assert str(nct.excerpt) == "Is this the same as NCT00273364?" and nct.time.isoformat() == "2016-01-11T09:00:00+00:00"
    assert cited_in_text(env, POST)[0] == Identifier("doi", "10.1016/s0140-6736(12)61769-3")
    assert citations_of(env, "posts/2016/02/plain") == []


def test_citations_are_indexed_by_identifier_for_pages_of_their_own(built):
    env = built.env
    key = Identifier("nct", "NCT00273364").key
    [(docname, citations)] = citing(env, key)
    assert docname == POST and len(citations) == 3  # the text, its link, and Alice's comment
    assert cited(env)[key] == Identifier("nct", "NCT00273364") and citing(env, "nct-99999999") == []


def test_an_edited_bibliography_retitles_the_posts_citing_its_papers(built, tmp_path):
    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path))
    try:
        app.build()
        bib = Path(app.srcdir, "papers.bib")
        bib.write_text(bib.read_text().replace("Nonmyeloablative HSCT", "Autologous HSCT"))
        rebuild(app)
        assert "Autologous HSCT in relapsing MS (PMID 30644998)" in words(page(app).select_one("#papers-and-trials-cited").get_text())
        bib.write_text("@article{broken,\n  title = {x\n")
        warnings = strip_colors(rebuild(app))
        assert "papers.bib:2: ERROR: syntax error in line 2: premature end of file" in warnings and app.statuscode == 1
    finally:
        app.cleanup()


@pytest.mark.parametrize("setting, problem", [("'papers'", "is not a file"), ("'missing.bib'", "does not exist"),
                                              ("'../outside.bib'", "is outside the site's folder")])
def test_a_bibliography_setting_that_names_no_file_of_the_site_stops_the_build_at_its_line(tmp_path, setting, problem):
    def name_it(site: Path) -> None:
        (site / "papers").mkdir()
        (tmp_path / "outside.bib").write_text("")
        with (site / "conf.py").open("a") as conf:
            conf.write(f"\nmsblog_bibliography = {setting}\n")

    site = copy_root("citations", tmp_path, name_it)
    line = len((site / "conf.py").read_text().splitlines())
    with pytest.raises(ConfigError, match=rf"conf\.py:{line}: msblog_bibliography .*{problem}"):
        SphinxTestApp("html", srcdir=site)


@pytest.mark.parametrize("name, setting", [("papers.bib", None), ("refs.bib", "'refs.bib'")])
def test_a_bibliography_that_is_a_symbolic_link_out_of_the_site_is_an_error_at_the_file_not_at_the_setting(
        tmp_path, name, setting):
    def link_it(site: Path) -> None:
        (tmp_path / "outside.bib").write_text((site / "papers.bib").read_text())
        (site / "papers.bib").unlink()
        (site / name).symlink_to(tmp_path / "outside.bib")
        with (site / "conf.py").open("a") as conf:
            conf.write(f"\nmsblog_bibliography = {setting}\n")

    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path, link_it))
    try:
        app.build()
        warnings = strip_colors(app.warning.getvalue())
        assert f"{name}:1: ERROR: the file is a symbolic link to a file outside the site's folder" in warnings
        assert app.statuscode == 1
    finally:
        app.cleanup()


def test_a_hard_line_break_reads_as_a_space_wherever_a_post_s_words_are_quoted(tmp_path):
    """MyST writes a line break (a trailing backslash, as every imported <br> is) as raw HTML and LaTeX: a listing's
    excerpt, the page's description and the words quoted at a mention or a citation showed them as text."""
    def break_lines(site: Path) -> None:
        (site / "posts" / "2016" / "02").mkdir(parents=True, exist_ok=True)
        (site / "posts" / "2016" / "02" / "breaks.md").write_text(
            "---\ndate: 2016-02-01\nauthor: Test Author\n---\n\n# Line breaks\n\nThe first line\\\nof a paragraph.\n\n"
            "Then the MIST\\\ntrial, NCT00273364,\\\nin a sentence.\n")

    app = SphinxTestApp("html", srcdir=copy_root("citations", tmp_path, break_lines))
    try:
        app.build()
        post = page(app, "posts/2016/02/breaks")
        listing = parse_html(Path(app.outdir, "blog.html"))
        trial = page(app, "therapies/mist")
        cited = page(app, "cited/nct-00273364")
    finally:
        app.cleanup()
    assert post.find("meta", attrs={"name": "description"})["content"].startswith(
        "The first line of a paragraph. Then the MIST trial, NCT00273364, in a sentence.")
    assert "The first line of a paragraph." in words(listing.get_text())
    assert "Then the MIST trial, NCT00273364, in a sentence." in words(trial.get_text())
    assert "Then the MIST trial, NCT00273364, in a sentence." in words(cited.get_text())
    for html in (post.head, listing, trial, cited):
        assert "<br" not in html.get_text() and "\\\\" not in html.get_text()

"""The bibliography: titles of cited papers from the BibTeX file editors keep."""

import pytest

from msblog.model.bibliography import read_bibliography
from msblog.model.errors import ContentError
from msblog.model.identifiers import Identifier

PAPERS = r"""@article{coles2012,
  title = {Alemtuzumab versus interferon beta 1a in relapsing-remitting {MS}:
           a randomised controlled phase 3 trial},
  doi = {10.1016/S0140-6736(12)61769-3},
  pmid = {23122652},
}

@article{cafe,
  title = {Caf\'e {\"o}ber <script>alert(1)</script>},
  eprint = {PMC3025341}, eprinttype = {pmc},
}
@misc{mist, title = {MIST}, url = {https://clinicaltrials.gov/ct2/show/NCT00273364}}
@misc{nothing, title = {A book without identifiers}}
"""


def write(tmp_path, text: str):
    path = tmp_path / "papers.bib"
    path.write_text(text, encoding="utf-8")
    return path


def test_entries_are_found_by_each_identifier_they_give(tmp_path):
    papers = read_bibliography(write(tmp_path, PAPERS), tmp_path)
    title = "Alemtuzumab versus interferon beta 1a in relapsing-remitting MS: a randomised controlled phase 3 trial"
    assert papers.title(Identifier("doi", "10.1016/s0140-6736(12)61769-3")) == title
    assert papers.title(Identifier("pmid", "23122652")) == title
    assert papers.title(Identifier("pmc", "PMC3025341")) == "Café öber <script>alert(1)</script>"  # text, escaped by pages
    assert papers.title(Identifier("nct", "NCT00273364")) == "MIST"
    assert papers.title(Identifier("pmid", "1")) is None
    assert papers.papers[Identifier("pmid", "23122652")].line == 1


@pytest.mark.parametrize("text, line, message", [
    ("@article{a,\n  title = {Broken\n  doi = {10.1/x},\n}\n", 5, "premature end of file"),
    ("@article{a, title={x}, doi={10.1/x}}\n", 1, "entry 'a': '10.1/x' looks like a DOI but is not one"),
    ("@article{a, doi={10.1234/x}}\n", 1, "entry 'a' has no title"),
    ("@article{a, title={x}, pmid={1}}\n\n@article{b, title={y}, eprint={1}, eprinttype={pubmed}}\n", 3,
     "entry 'b': PMID 1 is also entry 'a''s, at line 1"),
    ("@article{a, title={x}}\n\n@article{a, title={y}}\n", 3, "repeated bibliography entry: a"),
])
def test_a_malformed_bibliography_names_the_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as error:
        read_bibliography(path, tmp_path)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (path, line) and message in problem.message


@pytest.mark.parametrize("text, line, message", [
    ("@article{a, title={x}, pmid={1}}\n\n@article{b, title={y},\n pmid={2}, pmid={3}}\n", 3,
     "entry with key b has a duplicate pmid field"),
    ("@article{a, title={x}, pmid={1}}\n@article{b,\n title={a\x00b}, pmid={2}}\n", 2,
     "entry 'b': its title holds U+0000 (a control character), a character XML cannot hold"),
    ("@article{a, title={x}, pmid={1}}\n@article{coles2012, title = {Results \\}, pmid={2}}\n", 2,
     "entry 'coles2012': its title cannot be read: it ends in a backslash, which begins a LaTeX command"),
    ("@article{coles2012, title = {\\ }, pmid={2}}\n", 1, "entry 'coles2012': its title cannot be read: it ends in"),
    ("@article{coles2012, title = {$\\}, pmid={2}}\n", 1, "entry 'coles2012': its title cannot be read: it ends in"),
])
def test_a_problem_pybtex_reports_without_a_line_or_one_in_a_title_is_at_its_entry_s_line(tmp_path, text, line, message):
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as error:
        read_bibliography(path, tmp_path)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (path, line) and message in problem.message


@pytest.mark.parametrize("title, read", [
    (r"Nonmyeloablative HSCT in 40% of {MS}", "Nonmyeloablative HSCT in 40% of MS"),
    (r"{50%} of patients; 40\% relapse-free", "50% of patients; 40% relapse-free"),
    (r"Line \\% break", r"Line \\% break"),  # after LaTeX's line break \\ (kept as written) too
])
def test_a_percent_sign_in_a_title_keeps_the_words_after_it(tmp_path, title, read):
    papers = read_bibliography(write(tmp_path, f"@article{{a, title = {{{title}}}, pmid = {{1}}}}\n"), tmp_path)
    assert papers.title(Identifier("pmid", "1")) == read


def test_a_bibliography_not_in_utf_8_is_a_problem_at_its_line(tmp_path):
    path = tmp_path / "papers.bib"
    path.write_bytes("@article{a, title={x}, pmid={1}}\n@article{b, title={Caf\xe9}, pmid={2}}\n".encode("latin-1"))
    with pytest.raises(ContentError) as error:
        read_bibliography(path, tmp_path)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (path, 2) and "not UTF-8" in problem.message


def test_a_large_bibliography_is_read_whole_looking_pybtex_s_text_backend_up_once(tmp_path, monkeypatch):
    """A lookup of the backend in the installed packages per title, and a search of the file per entry, took 100 s
    for 3,000 entries; the benchmark (`msblog bench linear`) times the reading at two sizes."""
    import pybtex.plugin

    lookups = []
    find_plugin = pybtex.plugin.find_plugin  # which pybtex's render_as imports each time it is called
    monkeypatch.setattr(pybtex.plugin, "find_plugin", lambda *args: lookups.append(args) or find_plugin(*args))

    def read(entries: int):
        text = "".join(f"@article{{k{n},\n  title = {{Paper {n}}},\n  pmid = {{{n + 1}}},\n}}\n" for n in range(entries))
        lookups.clear()
        return read_bibliography(write(tmp_path, text), tmp_path), len(lookups)

    (_, few), (papers, many) = read(3), read(3000)
    assert len(papers.papers) == 3000 and papers.papers[Identifier("pmid", "3000")].line == 4 * 2999 + 1
    assert papers.title(Identifier("pmid", "3000")) == "Paper 2999" and many == few

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
    papers = read_bibliography(write(tmp_path, PAPERS))
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
        read_bibliography(path)
    [problem] = error.value.problems
    assert (problem.path, problem.line) == (path, line) and message in problem.message

"""Identifiers of papers and trial registrations, found in text and in link addresses."""

import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msblog.model import identifiers
from msblog.model.identifiers import KINDS, Identifier, Malformed, find, from_address, parse, parse_any


def found(text: str) -> list[tuple[str, object]]:
    return [(text[start:end], what) for start, end, what in find(text)]


@pytest.mark.parametrize("text, written, kind, id", [
    ("See doi:10.1056/NEJMoa1011205.", "doi:10.1056/NEJMoa1011205", "doi", "10.1056/nejmoa1011205"),
    ("DOI: 10.1212/WNL.0000000000001234, and", "DOI: 10.1212/WNL.0000000000001234", "doi", "10.1212/wnl.0000000000001234"),
    ("(Lancet Neurol 10.1016/S1474-4422(15)00123-4).", "10.1016/S1474-4422(15)00123-4", "doi", "10.1016/s1474-4422(15)00123-4"),
    ("(PMID: 21175342)", "PMID: 21175342", "pmid", "21175342"),
    ("PMID21175342;", "PMID21175342", "pmid", "21175342"),
    ("full text at PMC3025341, free", "PMC3025341", "pmc", "PMC3025341"),
    ("the trial NCT00346424.", "NCT00346424", "nct", "NCT00346424"),
    ("EudraCT number 2006-002497-27.", "EudraCT number 2006-002497-27", "eudract", "2006-002497-27"),
    ("registered as 2010-023456-12 in Europe", "2010-023456-12", "eudract", "2010-023456-12"),
    ("ISRCTN12345678!", "ISRCTN12345678", "isrctn", "ISRCTN12345678"),
    ("(pmid:21175342)", "pmid:21175342", "pmid", "21175342"),  # a label in any case
    ("PubMed ID: 21175342.", "PubMed ID: 21175342", "pmid", "21175342"),
    ("the trial NCT 00346424.", "NCT 00346424", "nct", "NCT00346424"),
    ("ISRCTN\u00a012345678,", "ISRCTN\u00a012345678", "isrctn", "ISRCTN12345678"),
])
def test_each_kind_is_found_in_plain_text(text, written, kind, id):
    assert found(text) == [(written, Identifier(kind, id))]


@pytest.mark.parametrize("url, kind, id", [
    ("https://doi.org/10.1056/NEJMoa1011205", "doi", "10.1056/nejmoa1011205"),
    ("http://dx.doi.org/10.1002/%28SICI%291097-4636", "doi", "10.1002/(sici)1097-4636"),
    ("https://pubmed.ncbi.nlm.nih.gov/21175342/", "pmid", "21175342"),
    ("http://www.ncbi.nlm.nih.gov/pubmed/21175342", "pmid", "21175342"),
    ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3025341/", "pmc", "PMC3025341"),
    ("https://pmc.ncbi.nlm.nih.gov/articles/PMC3025341", "pmc", "PMC3025341"),
    ("https://clinicaltrials.gov/ct2/show/NCT00346424?term=hsct", "nct", "NCT00346424"),
    ("https://www.clinicaltrials.gov/study/NCT00346424", "nct", "NCT00346424"),
    ("https://www.clinicaltrialsregister.eu/ctr-search/trial/2006-002497-27/GB", "eudract", "2006-002497-27"),
    ("https://www.clinicaltrialsregister.eu/ctr-search/search?query=2006-002497-27", "eudract", "2006-002497-27"),
    ("https://www.isrctn.com/ISRCTN12345678", "isrctn", "ISRCTN12345678"),
    ("https://www.ncbi.nlm.nih.gov/pubmed/?term=21175342", "pmid", "21175342"),  # a search for one PubMed ID
    ("https://pubmed.ncbi.nlm.nih.gov/?term=21175342", "pmid", "21175342"),
])
def test_each_kind_is_read_from_its_resolver_s_addresses(url, kind, id):
    assert from_address(url) == Identifier(kind, id)
    assert found(f"Read {url}. Then") == [(url, Identifier(kind, id))]


@pytest.mark.parametrize("text, kind", [
    ("DOI: 10.12/abc", "doi"),  # a registrant code of two digits
    ("doi:11.1234/abc", "doi"),
    ("doi:10.1000/../../10.1056/NEJMoa1011205", "doi"),  # doi.org/10.1000/../../x would be the address of another DOI
    ("doi:10.1000/a/./b", "doi"),
    ("PMID: 123456789", "pmid"),  # nine digits
    ("PMID 12345x", "pmid"),
    ("PMC123456789", "pmc"),
    ("NCT0034642", "nct"),  # seven digits
    ("NCT 0034642", "nct"),
    ("NCT003464241", "nct"),  # nine
    ("EudraCT 2001-002497-27", "eudract"),  # before the register opened
    ("EudraCT 2006-2497-27", "eudract"),
    ("ISRCTN1234567", "isrctn"),
    ("https://doi.org/foo", "doi"),
    ("https://clinicaltrials.gov/study/NCT123", "nct"),
    ("https://pubmed.ncbi.nlm.nih.gov/12345678901/", "pmid"),
])
def test_look_alikes_are_malformed_never_identifiers(text, kind):
    assert found(f"as in {text} here") == [(text, Malformed(kind, text))]
    assert f"is not one: " in str(Malformed(kind, text))


@pytest.mark.parametrize("text", [
    "On 2015-05-17 at 10.30, 3/4 of the 10.5/10 patients, 21175342 readers, phone 0207-123456-78.",
    "In 2015-2016, 12.5% (n = 1234/5678) relapsed; ISBN 978-0-19-852663-6; 2010-12-31.",
    "The NCT and the PMID and PMC and ISRCTN and EudraCT registers; a DOI is useful.",
    "https://example.org/papers/NCT00346424 and http://example.org/?doi=10.1056/x and www.example.org/PMID:123",
    "PMIDs, PMCIDs, NCTs; xNCT00346424 and NCT00346424x; 2022-500123-45-00 (a CTIS number)",
])
def test_ordinary_numbers_dates_and_other_addresses_are_not_identifiers(text):
    assert [f for f in found(text) if isinstance(f[1], Identifier)] == []


def test_an_identifier_against_html_quotes_and_direction_marks_keeps_only_its_own_characters():
    text = 'x"><script>10.1234/abc"onerror=1 \u202eNCT00346424\u200f <b>PMID:21175342</b> \'PMC3025341\''
    assert [what for _, what in found(text)] == [Identifier("doi", "10.1234/abc"), Identifier("nct", "NCT00346424"),
                                                 Identifier("pmid", "21175342"), Identifier("pmc", "PMC3025341")]


def test_only_http_resolver_addresses_name_identifiers():
    for url in ("javascript:alert(1)//doi.org/10.1234/abc", "ftp://doi.org/10.1234/abc", "https://doi.org/",
                "https://pubmed.ncbi.nlm.nih.gov/?term=hsct", "https://www.ncbi.nlm.nih.gov/pubmed/?term=21175342+hsct", "https://evil.example/doi.org/10.1234/abc",
                "https://doi.org.evil.example/10.1234/abc", "https://[::1", "data:text/html,NCT00346424"):
        assert from_address(url) is None, url


def test_a_very_long_string_is_read_in_linear_time():
    text = "10.1234/" + "a" * 200_000 + " " + "PMID " + "1" * 100_000 + " " + "doi:" + "x" * 100_000
    kinds = [type(what).__name__ for _, what in found(text)]
    assert kinds == ["Identifier", "Malformed", "Malformed"]


def test_resolver_addresses_are_built_from_the_normalised_identifier_quoted():
    assert Identifier("doi", '10.1234/a"><script>').url == "https://doi.org/10.1234/a%22%3E%3Cscript%3E"
    assert Identifier("eudract", "2006-002497-27").url == \
        "https://www.clinicaltrialsregister.eu/ctr-search/search?query=2006-002497-27"
    assert [Identifier(k, i).label for k, i in [("doi", "10.1/x"), ("pmid", "1"), ("pmc", "PMC1"), ("nct", "NCT00346424"),
                                                ("eudract", "2006-002497-27"), ("isrctn", "ISRCTN12345678")]] == [
        "DOI 10.1/x", "PMID 1", "PMC1", "NCT00346424", "EudraCT 2006-002497-27", "ISRCTN12345678"]


def test_roles_parse_an_identifier_with_or_without_its_label():
    assert parse("pmid", "PMID: 21175342") == parse("pmid", "21175342") == Identifier("pmid", "21175342")
    assert parse("nct", "nct00346424") == parse("nct", "00346424") == Identifier("nct", "NCT00346424")
    assert parse("doi", "https://doi.org/10.1056/X") == parse("doi", "doi: 10.1056/x") == Identifier("doi", "10.1056/x")
    assert parse("pmc", "3025341") == Identifier("pmc", "PMC3025341")
    assert parse("nct", "NCT123") == Malformed("nct", "NCT123") and parse("pmid", "0") == Malformed("pmid", "0")


def test_parse_any_reads_one_identifier_written_whole():
    assert parse_any(" NCT00346424 ") == Identifier("nct", "NCT00346424")
    assert parse_any("https://www.isrctn.com/ISRCTN12345678", ("nct", "isrctn")) == Identifier("isrctn", "ISRCTN12345678")
    assert parse_any("NCT123") == Malformed("nct", "NCT123")
    assert parse_any("nct00346424") == Identifier("nct", "NCT00346424")
    assert parse_any("NCT00346424 and more") == Malformed("nct", "NCT00346424 and more")
    assert parse_any("PMID 1", ("nct",)) is None and parse_any("the MIST trial") is None


def nested(text: str) -> bool:
    """Whether each bracket of ``text`` closes one it opened, as in a real DOI (S1474-4422(15)00123-4): one left
    open would take the bracket of the sentence around it as its own, as a reader would."""
    depth = 0
    for character in text:
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth < 0:
            return False
    return depth == 0


def no_dot_parts(text: str) -> bool:
    """Whether no part of ``text`` between slashes is "." or "..": a browser would read the DOI's address on doi.org
    as another DOI's (10.1000/./0 as 10.1000/0), so such a DOI is a look-alike."""
    return not {".", ".."} & set(text.split("/"))


IDENTIFIERS = st.one_of(
    st.builds(lambda r, s: Identifier("doi", f"10.{r}/{s}".lower()), st.integers(1000, 999_999_999),
              st.from_regex(r"[-._;()/:A-Za-z0-9]*[A-Za-z0-9]", fullmatch=True).filter(nested).filter(no_dot_parts)),
    st.builds(lambda n: Identifier("pmid", str(n)), st.integers(1, 99_999_999)),
    st.builds(lambda n: Identifier("pmc", f"PMC{n}"), st.integers(1, 99_999_999)),
    st.builds(lambda n: Identifier("nct", f"NCT{n:08d}"), st.integers(0, 99_999_999)),
    st.builds(lambda y, n, c: Identifier("eudract", f"{y}-{n:06d}-{c:02d}"), st.integers(2004, 2029),
              st.integers(0, 999_999), st.integers(0, 99)),
    st.builds(lambda n: Identifier("isrctn", f"ISRCTN{n:08d}"), st.integers(0, 99_999_999)),
)


@given(IDENTIFIERS, st.sampled_from(["", "(", "see ", "«"]), st.sampled_from(["", ".", ").", ", and", "»"]))
def test_every_identifier_is_found_by_its_label_and_by_its_resolver_s_address(identifier, before, after):
    label = identifier.label if identifier.kind != "doi" else f"doi:{identifier.id}"
    for written in (label, identifier.url):
        text = f"{before}{written}{after}"
        assert [what for *_, what in find(text)] == [identifier], text
    assert parse_any(identifier.url) == parse(identifier.kind, identifier.label) == identifier


@given(st.lists(IDENTIFIERS, min_size=2, max_size=2, unique=True))
def test_keys_are_portable_slugs_one_per_identifier(pair):
    first, second = (identifier.key for identifier in pair)
    assert first != second and all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", key) for key in (first, second))


ORDINARY = st.one_of(
    st.builds(lambda d, form: d.strftime(form), st.dates(), st.sampled_from(["%Y-%m-%d", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y"])),
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(str),
    st.tuples(st.integers(0, 10**6), st.integers(1, 10**6)).map(lambda t: f"{t[0]}/{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(0, 999)).map(lambda t: f"{t[0]}.{t[1]}/{t[0]}"),  # a score: 10.5/10
    st.integers(0, 10**8).map(lambda n: f"{n}%"),
)


@given(st.lists(ORDINARY, max_size=8), st.sampled_from([" ", ", ", " to ", "; ", " and "]))
def test_ordinary_numbers_and_dates_name_no_identifier(values, separator):
    text = separator.join(values)
    assert find(text) == [], text


# Pieces of identifiers, their labels and addresses, in any case, and characters a case-blind match takes for them.
PIECES = st.lists(st.one_of(
    st.sampled_from(["doi", "DOI", "Doi", "doı", "DOİ", "do", ":", " ", "\u200b", "10.", "1056/", "http", "https://",
                     "www.", "dx.", "doi.org/", "pubmed.", "ncbi.nlm.nih.gov/", "clinicaltrials.gov/", "isrctn.com/",
                     "PMID", "pmid", "PMC", "pmc", "NCT", "nct", "ISRCTN", "EudraCT", "eudract", "2006-", "002497-",
                     "27", "-", "/", "(", ")", "."]),
    st.text(alphabet="0123456789-./:ıİIioOdDnN ", max_size=12)), max_size=12).map("".join)


@given(PIECES)
@settings(max_examples=500)
def test_a_text_passed_over_holds_nothing_the_full_search_would_find(text):
    assert identifiers.may_cite(text) or list(identifiers._find(text)) == [], text


@pytest.mark.parametrize("text", ["DOı: 10.1056/x", "dOİ:10.1056/x", "see PMC1", "NCT0", "ISRCTN1", "PMID 1",
                                  "pmıd 1", "PubMed ıd 1", "NCT 0",
                                  "EudraCT 1-1", "2006-002497-27", "10.1056/x", "www.ncbi.nlm.nih.gov/pubmed/1", "http://ncbi.nlm.nih.gov/pubmed/1", "doı: abc", "DOI: abc", "DOı: abc",
                                  "dx.doi.org/10.1/x"])
def test_every_kind_of_match_and_look_alike_is_searched_for(text):
    assert identifiers.may_cite(text) and list(identifiers._find(text)), text


def test_kinds_are_the_six_the_archive_reads():
    assert KINDS == ("doi", "pmid", "pmc", "nct", "eudract", "isrctn")


@pytest.mark.parametrize("text, kind", [
    ("NCT\u0660\u0660\u0663\u0664\u0666\u0664\u0662\u0664", "nct"),  # Arabic-Indic digits
    ("PMID: 1\u0662\u0663", "pmid"),
    ("PMC1\u0662\u0663", "pmc"),
    ("ISRCTN\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", "isrctn"),  # fullwidth digits
    ("10.\u0661\u0662\u0663\u0664/abc", "doi"),
    ("2010-\u0661\u0662\u0663\u0664\u0665\u0666-12", "eudract"),
    ("https://pubmed.ncbi.nlm.nih.gov/1\u0662\u0663/", "pmid"),
])
def test_digits_of_other_scripts_make_look_alikes_never_identifiers(text, kind):
    assert found(f"as in {text} here") == [(text, Malformed(kind, text))]


@pytest.mark.parametrize("text, kind", [
    ("PMID: 123\u200b45", "pmid"),  # PMID 123 is another paper
    ("10.1234/abc\u200bdef", "doi"),
    ("doi:10.1234/abc\u2060def", "doi"),
    ("NCT00346424\u00ad5", "nct"),
    ("https://doi.org/10.1234/abc\u200bdef", "doi"),
    ("https://doi.org/10.1234/abc\u00e9def", "doi"),  # a letter the DOI cannot hold
    ("doi:10.1234/abc\u00e9def", "doi"),
])
def test_an_identifier_cut_by_an_invisible_character_is_a_look_alike(text, kind):
    assert found(f"as in {text} here") == [(text, Malformed(kind, text))]


def builtin_calls(function, *args) -> int:
    """How many calls to functions written in C (``str.count``, a pattern's search) ``function(*args)`` makes."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event == "c_call"

    sys.setprofile(count)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return calls


def test_a_doi_closed_by_many_brackets_is_read_counting_its_brackets_once():
    """The brackets counted again for each one dropped took 40 s for 200,000 brackets; the benchmark (`msblog bench
    linear`) times the reading at two sizes."""
    text = "10.1234/abc" + ")" * 200_000
    assert found(text) == [("10.1234/abc", Identifier("doi", "10.1234/abc"))]
    assert builtin_calls(find, text) == builtin_calls(find, "10.1234/abc" + ")" * 1000)


SICI = "10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0.CO;2-J"  # an old Wiley DOI, a SICI in its suffix


@pytest.mark.parametrize("text, written", [
    (f"See doi:{SICI}.", f"doi:{SICI}"),
    (f"(Wiley, {SICI})", SICI),
    (f"at https://doi.org/{SICI}, free", f"https://doi.org/{SICI}"),
])
def test_a_doi_holding_a_sici_is_read_whole(text, written):
    doi = Identifier("doi", SICI.lower())
    assert found(text) == [(written, doi)]
    assert doi.url == "https://doi.org/10.1002/%28sici%291097-4679%28199711%2953%3A7%3C803%3A%3Aaid-jclp1%3E3.0.co%3B2-j"


def test_a_link_to_a_doi_holding_a_sici_names_it_whole():
    doi = Identifier("doi", SICI.lower())
    encoded = SICI.replace("<", "%3C").replace(">", "%3E")
    assert from_address(f"https://doi.org/{encoded}") == from_address(f"https://doi.org/{SICI}") == doi
    assert from_address(doi.url) == parse("doi", SICI) == parse_any(f"doi:{SICI}") == doi


@pytest.mark.parametrize("text", [
    "doi:10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>",  # its version cut off
    "10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1",
    "https://doi.org/10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0",
])
def test_a_doi_cut_within_a_sici_is_a_look_alike(text):
    assert found(f"as in {text} here") == [(text, Malformed("doi", text))]
    assert isinstance(from_address(f"https://doi.org/{text.partition('10.')[2]}"), Malformed)


def test_html_and_autolinks_against_a_doi_are_not_its_own():
    text = "doi:10.1234/abc<br> <doi:10.1234/def> 10.1234/ghi</a> 10.1234/jkl<https://example.org/>"
    assert [what for _, what in found(text)] == [Identifier("doi", f"10.1234/{s}") for s in ("abc", "def", "ghi", "jkl")]


def test_keys_of_dois_alike_but_for_their_punctuation_differ():
    # two DOIs a search of 120,000 found sharing a key of a slug and 32 bits of hash
    first, second = Identifier("doi", "10.1000/a-b-c-d-e.f-g-h-i_j_k;l;m"), Identifier("doi", "10.1000/a-b-c-d.e;f-g_h.i-j_k-l-m")
    assert first.key != second.key


@pytest.mark.parametrize(("kind", "words"), [("isrctn", "looks like an ISRCTN number"), ("eudract", "looks like a EudraCT"),
                                             ("doi", "looks like a DOI")])
def test_a_malformed_identifier_is_named_with_its_article(kind, words):
    assert words in str(Malformed(kind, "x"))

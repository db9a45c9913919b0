from pathlib import Path

import pytest

from msblog.model.errors import ContentError
from msblog.model.registry import Entry, Registry, load_registry

REGISTRY = Registry([
    Entry("therapy", "HSCT", "therapies/hsct", aliases=["aHSCT", "BMT", "bone marrow transplantation"]),
    Entry("therapy", "alemtuzumab", "therapies/alemtuzumab", brands=["Lemtrada", "Campath"]),
    Entry("therapy", "interferon-beta", "therapies/interferon-beta", aliases=["interferon"]),
    Entry("trial", "MIST", "therapies/mist"),
    Entry("trial", "MS-STAT2", "therapies/ms-stat2"),
])


def names(text: str) -> list[tuple[str, str]]:
    return [(text[s:e], entry.name) for s, e, entry in REGISTRY.find(text)]


def test_acronyms_match_only_as_written():
    assert names("The MIST trial, the morning mist, Mist, MISTY, MISTs.") == [("MIST", "MIST")]


def test_other_names_match_in_any_case_and_aliases_lead_to_the_entry():
    assert names("Alemtuzumab, LEMTRADA and campath; aHSCT or BMT.") == [
        ("Alemtuzumab", "alemtuzumab"), ("LEMTRADA", "alemtuzumab"), ("campath", "alemtuzumab"),
        ("aHSCT", "HSCT"), ("BMT", "HSCT"),
    ]


def test_whole_words_only_and_the_longest_name_wins():
    assert names("HSCTs aHSCTx xBMT post-HSCT interferon-beta interferons MS-STAT2 MS-STAT") == [
        ("HSCT", "HSCT"), ("interferon-beta", "interferon-beta"), ("MS-STAT2", "MS-STAT2"),
    ]


def test_multi_word_names_match_across_line_breaks():
    assert names("a bone marrow\ntransplantation") == [("bone marrow\ntransplantation", "HSCT")]


def test_a_name_is_found_by_any_first_letter_the_case_rules_accept():
    assert names("BMT_x, (BMT) 'Lemtrada'") == [("BMT", "HSCT"), ("Lemtrada", "alemtuzumab")]
    kesimpta = Registry([Entry("therapy", "ofatumumab", "therapies/ofatumumab", brands=["Kesimpta"])])
    assert [s for s, _, _ in kesimpta.find("\u212aesimpta")] == [0]  # the Kelvin sign, which ignoring case is K
    names_with_a_sign = Registry([Entry("therapy", "+tx", "therapies/tx")])
    assert [(s, e) for s, e, _ in names_with_a_sign.find("a +tx, a+tx")] == [(2, 5)]
    assert list(Registry([]).find("HSCT")) == []


def test_get_follows_the_case_rules():
    assert REGISTRY.get("campath").name == "alemtuzumab"
    assert REGISTRY.get("mist") is None


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_load_registry_reads_pages_and_skips_the_index(tmp_path):
    write(tmp_path, "index.md", "# Therapies\n")
    write(tmp_path, "hsct.md", "---\ntherapy: HSCT\nkind: induction therapy\ntrials: [MIST]\n---\n\n# HSCT\n")
    write(tmp_path, "mist.md", "---\ntrial: MIST\n---\n\n# MIST\n")
    found = load_registry(tmp_path, "therapies")
    assert [(e.type, e.name, e.docname, e.kind) for e in found] == [
        ("therapy", "HSCT", "therapies/hsct", "induction therapy"), ("trial", "MIST", "therapies/mist", None),
    ]


def test_load_registry_names_every_problem(tmp_path):
    write(tmp_path, "a.md", "---\ntherapy: HSCT\ntrials: [ZEUS]\n---\n")
    write(tmp_path, "b.md", "---\ntherapy: aHSCT\naliases: [HSCT]\ncolour: red\n---\n")
    write(tmp_path, "c.md", "# No front matter\n")
    with pytest.raises(ContentError) as raised:
        load_registry(tmp_path, "therapies")
    messages = [f"{p.path.name}: {p.message}" for p in raised.value.problems]
    assert any(m.startswith("b.md: unknown registry key 'colour'") for m in messages)
    assert "c.md: a registry page needs front matter naming a 'therapy' or a 'trial'" in messages
    assert "a.md: 'trials' names 'ZEUS', which is not a trial in the registry" in messages


def test_a_name_inside_an_address_written_out_is_no_mention():
    registry = Registry([Entry(name="alemtuzumab", type="therapy", docname="therapies/alemtuzumab")])
    text = "See https://example.org/alemtuzumab-trial and www.alemtuzumab.org; Alemtuzumab helps."
    assert [(start, text[start:end]) for start, end, _ in registry.find(text)] == [(text.index("Alem"), "Alemtuzumab")]


def test_a_registry_page_not_in_utf_8_is_a_problem_at_its_line(tmp_path):
    (tmp_path / "a.md").write_bytes(b"---\ntherapy: Caf\xe9\n---\n")
    with pytest.raises(ContentError, match=r"a\.md:2: the file is not UTF-8"):
        load_registry(tmp_path, "therapies")


@pytest.mark.parametrize("kind", ['""', '"   "', "\"\\t\""])
def test_a_kind_of_spaces_only_is_no_kind(tmp_path, kind):
    """The entry's page and genindex said "X (   )"; an entry with no kind is named by its type."""
    write(tmp_path, "x.md", f"---\ntherapy: X\nkind: {kind}\n---\n")
    assert [entry.kind for entry in load_registry(tmp_path, "therapies")] == [None]


def test_registry_problems_are_at_their_keys_lines(tmp_path):
    write(tmp_path, "x.md", "---\n# An entry\n\ntherapy: X\naliases: notalist\nkind: 5\ncolour: red\n---\n")
    write(tmp_path, "y.md", "---\ntherapy: Y\n\ntrial: Y2\n---\n")
    write(tmp_path, "w.md", "---\ntherapy: W\n---\n")
    write(tmp_path, "z.md", "---\ntherapy: Z\n\nbrands: [W]\ntrials: [Nowhere]\n---\n")
    with pytest.raises(ContentError) as raised:
        load_registry(tmp_path, "therapies")
    assert sorted((p.path.name, p.line, p.message.split(" (")[0]) for p in raised.value.problems) == [
        ("x.md", 5, "'aliases' must be a list of names"),
        ("x.md", 6, "'kind' must be text, such as 'induction therapy'"),
        ("x.md", 7, "unknown registry key 'colour'"),
        ("y.md", 4, "give exactly one of 'therapy: NAME' or 'trial: NAME'"),
        ("z.md", 4, "the name 'W' is already used by w.md"),
        ("z.md", 5, "'trials' names 'Nowhere', which is not a trial in the registry"),
    ]


def test_a_page_with_windows_line_endings_is_read_as_sphinx_reads_it(tmp_path):
    """Its front matter was not found (its lines end in \\r\\n): a well-formed entry was refused, build and check alike."""
    (tmp_path / "therapies").mkdir()
    (tmp_path / "therapies/hsct.md").write_bytes(b"---\r\ntherapy: HSCT\r\naliases: [aHSCT]\r\n---\r\n\r\n# HSCT\r\n")
    [entry] = load_registry(tmp_path / "therapies", "therapies")
    assert (entry.name, entry.aliases) == ("HSCT", ["aHSCT"])

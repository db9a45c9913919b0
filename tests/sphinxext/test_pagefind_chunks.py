"""Pagefind's index cut again: the same words, smaller chunks, a large word alone, files as Pagefind names them."""

from __future__ import annotations

import gzip
import random
import shutil
import subprocess
import sys
from pathlib import Path

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from msblog.sphinxext import compat, pagefind_chunks
from msblog.sphinxext.pagefind_chunks import (TARGET, UnknownFormat, cut, locations, ranges, read, read_entry, read_index,
                                              recut_bundle)
from msblog.sphinxext.search import NOT_INDEXED
from tests.helpers import build, new_site


def _pages(sizes) -> list:
    return [[number, list(range(size)), []] for number, size in enumerate(sizes)]


def word(text: str, *pages: int, variants: dict[str, list[int]] | None = None) -> list:
    """A word as Pagefind 1.5 stores it: [word, [[page, locations, metadata locations], ...], [[variant, pages], ...]],
    with ``pages`` locations on each page of the plain word, and the pages of each variant written with diacritics."""
    return [text, _pages(pages), [[form, _pages(sizes)] for form, sizes in (variants or {}).items()]]


def pagefind_size(entry: list) -> int:
    """The size Pagefind 1.5's ``chunk_index`` gives a word: the pages of its plain form only."""
    return sum(len(page[1]) + len(page[2]) + 1 for page in entry[1])


def pagefind_cut(words: list, target: int, size=pagefind_size) -> list:
    """Pagefind 1.5's own ``chunk_index``: a chunk ends with the word that brings it to ``target``."""
    chunks, chunk, total = [], [], 0
    for entry in words:
        chunk.append(entry)
        total += size(entry)
        if total >= target:
            chunks.append(chunk)
            chunk, total = [], 0
    return chunks + ([chunk] if chunk else [])


def test_a_word_as_large_as_a_chunk_is_not_loaded_with_its_neighbours():
    words = [word("ocrelizumab", 2), word("octob", 1), word("of", 50), word("off", 1)]
    assert pagefind_cut(words, 10)[0] == words[:3]  # Pagefind: "ocrelizumab" brings all of "of"
    assert cut(words, 10) == [words[:2], [words[2]], [words[3]]]


def test_a_word_written_only_with_diacritics_weighs_what_a_query_for_it_loads():
    sjogren = word("sjogren", variants={"sjögren": [1] * 40, "sjøgren": [3]})
    words = [word("sixty", 2), sjogren, word("skin", 2)]
    assert locations(sjogren) == 40 * 2 + 4
    assert pagefind_cut(words, 10) == [words]  # Pagefind counts nothing for it
    assert cut(words, 10) == [words[:1], [sjogren], words[2:]]


@given(st.lists(st.tuples(st.lists(st.integers(min_value=0, max_value=9), max_size=4),
                          st.lists(st.lists(st.integers(min_value=0, max_value=9), min_size=1, max_size=3), max_size=2)),
                max_size=60),
       st.integers(min_value=1, max_value=60))
def test_cut_is_pagefinds_cut_with_each_large_word_on_its_own(shapes, target):
    words = [word(f"w{i:03}", *plain, variants={f"w{i:03}é{n}": sizes for n, sizes in enumerate(forms)})
             for i, (plain, forms) in enumerate(shapes)]
    expected = []
    for chunk in pagefind_cut(words, target, size=locations):
        if len(chunk) > 1 and locations(chunk[-1]) >= target:
            expected += [chunk[:-1], chunk[-1:]]
        else:
            expected.append(chunk)
    chunks = cut(words, target)
    assert chunks == expected
    assert [entry for chunk in chunks for entry in chunk] == words
    assert all(len(chunk) == 1 or all(locations(entry) < target for entry in chunk) for chunk in chunks)
    assert all(locations(entry) == pagefind_size(entry) + sum(pagefind_size(v) for v in entry[2]) for entry in words)


def test_ranges_are_shortened_as_pagefind_shortens_them():
    # Pagefind's own test (build_chunk_meta): apple | apricot banana | peach
    chunks = [[word("apple")], [word("apricot"), word("banana")], [word("peach")]]
    assert ranges(chunks) == [["apple", "apple"], ["apr", "b"], ["p", "peach"]]


def index_words(bundle) -> list:
    _, meta, chunks = read_index(bundle, "en")
    return meta, [word for chunk in chunks for word in chunk]


@pytest.fixture
def bundle(xrefs, tmp_path):
    """A copy of a bundle Pagefind wrote and msblog cut again, for the test to cut once more."""
    shutil.copytree(xrefs.outdir / "pagefind" / "posts-2016", tmp_path / "bundle")
    return tmp_path / "bundle"


def test_a_bundle_cut_again_keeps_its_words_and_only_the_files_it_lists(bundle, monkeypatch):
    meta_before, words_before = index_words(bundle)
    monkeypatch.setattr(pagefind_chunks, "TARGET", 5)
    recut_bundle(bundle)
    meta, words = index_words(bundle)
    assert words == words_before
    assert meta[:2] == meta_before[:2] and meta[3:] == meta_before[3:]  # pages, filters and sorts as they were
    assert len(meta[2]) > len(meta_before[2])
    assert sorted(path.stem for path in (bundle / "index").iterdir()) == sorted(name for *_, name in meta[2])
    entry = read_entry(bundle)
    assert list(bundle.glob("*.pf_meta")) == [bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta"]
    assert [[first, last] for first, last, _ in meta[2]] == ranges(cut(words))
    for (*_, name), chunk in zip(meta[2], cut(words)):
        assert read(bundle / "index" / f"{name}.pf_index") == [chunk]
    files = {path: path.stat().st_mtime_ns for path in bundle.rglob("*")}
    recut_bundle(bundle)  # cut as it would be: nothing is written
    assert {path: path.stat().st_mtime_ns for path in bundle.rglob("*")} == files


def test_a_bundle_in_another_format_is_refused_before_anything_is_written(bundle):
    chunk = next((bundle / "index").iterdir())
    chunk.write_bytes(gzip.compress(b"pagefind_dcd" + b"\xff\xff"))
    files = {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()}
    with pytest.raises(UnknownFormat, match=chunk.name):
        recut_bundle(bundle)
    assert {path: path.read_bytes() for path in bundle.rglob("*") if path.is_file()} == files


def test_an_index_of_an_earlier_pagefind_is_refused(bundle):
    meta_file, meta, chunks = read_index(bundle, "en")
    name = meta[2][0][2]
    earlier = [[word[0], [page[:2] for page in word[1]]] for word in chunks[0]]  # Pagefind 1.4: no metadata locations
    (bundle / "index" / f"{name}.pf_index").write_bytes(gzip.compress(b"pagefind_dcd" + cbor2.dumps([earlier])))
    with pytest.raises(UnknownFormat, match=meta_file.name):
        recut_bundle(bundle)


COMMON = "the of and to in is that for it with as was on be by this are not or have from at but we".split()
MEDICAL = ("immune system therapy relapse lesion trial patients neurologist evidence risk benefit disability "
           "progression brain spinal cord myelin antibody vitamin smoking virus remyelination fatigue").split()
# Rare words, a third of them with diacritics, as readers' names and borrowed words are in comments.
SYLLABLES = "ka lo mi né ru sa tï vo zé ba de fi gö hu ja kè li mo nu pe rï so tu wa".split()
RARE = [a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[:6]]
ACCENTED = ["Sjögren", "Guillain-Barré", "Ménière", "Zoë"]  # never written without their accents


def long_post(rng: random.Random, words: int) -> str:
    paragraphs = []
    for _ in range(words // 100):
        draws = [rng.random() for _ in range(100)]
        pools = [COMMON if r < 0.5 else MEDICAL if r < 0.85 else RARE if r < 0.98 else ACCENTED for r in draws]
        paragraphs.append(" ".join(rng.choice(pool) for pool in pools) + ".")
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def long_posts(tmp_path_factory) -> Path:
    """Four long posts of 2011 (6,000 words each, ten index chunks), built as `make html` builds, warnings failing it."""
    tmp = tmp_path_factory.mktemp("long")
    site = new_site(tmp)
    rng = random.Random(1)
    for month in range(1, 5):
        post = site / f"posts/2011/{month:02d}/long-{month}.md"
        post.parent.mkdir(parents=True)
        post.write_text(f"---\ndate: 2011-{month:02d}-05\n---\n\n# Long post {month}\n\n{long_post(rng, 6000)}\n")
    return build(site, tmp / "_build")


def words_and_forms(bundle: Path) -> list:
    _, _, chunks = read_index(bundle, "en")
    return [(entry[0], sorted(form for form, _pages in entry[2])) for chunk in chunks for entry in chunk]


def test_words_written_only_with_diacritics_are_cut_again_at_the_size_where_pagefind_stores_them_so(long_posts, tmp_path):
    as_pagefind_cuts = tmp_path / "bundle"
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(long_posts), "--glob", "posts/**/*.html",
                    "--exclude-selectors", ", ".join(NOT_INDEXED), "--output-path", str(as_pagefind_cuts), "--silent"],
                   env=compat.pagefind_environment(TARGET), check=True)
    _, _, chunks = read_index(as_pagefind_cuts, "en")
    assert any(not chunk[0][1] for chunk in chunks)  # a chunk opens with a word that has no pages of its own
    bundle = long_posts / "pagefind" / "posts-2011"
    _, meta, chunks = read_index(bundle, "en")
    words = [entry for chunk in chunks for entry in chunk]
    assert chunks == cut(words) and [[first, last] for first, last, _ in meta[2]] == ranges(chunks)
    assert words_and_forms(bundle) == words_and_forms(as_pagefind_cuts)
    forms = {form for entry in words for form, _pages in entry[2]}
    assert {"sjögren", "ménière", "zoë", "barré"} <= forms and "sjogren" in {entry[0] for entry in words}

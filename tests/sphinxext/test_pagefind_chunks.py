"""Pagefind's index cut again: the same words, smaller chunks, a large word alone, files as Pagefind names them."""

from __future__ import annotations

import gzip
import shutil

import cbor2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from msblog.sphinxext import pagefind_chunks
from msblog.sphinxext.pagefind_chunks import (UnknownFormat, cut, locations, ranges, read, read_entry, read_index,
                                              recut_bundle)


def word(text: str, *pages: list[int]) -> list:
    """A word as Pagefind stores it: [word, [[page number, locations, metadata locations], ...]]."""
    return [text, [[number, locs, []] for number, locs in enumerate(pages)]]


def pagefind_cut(words: list, target: int) -> list:
    """Pagefind 1.5's own ``chunk_index``: a chunk ends with the word that brings it to ``target``."""
    chunks, chunk, size = [], [], 0
    for entry in words:
        chunk.append(entry)
        size += locations(entry)
        if size >= target:
            chunks.append(chunk)
            chunk, size = [], 0
    return chunks + ([chunk] if chunk else [])


def test_a_word_as_large_as_a_chunk_is_not_loaded_with_its_neighbours():
    words = [word("ocrelizumab", [1, 2]), word("octob", [3]), word("of", list(range(50))), word("off", [4])]
    assert pagefind_cut(words, 10)[0] == words[:3]  # Pagefind: "ocrelizumab" brings all of "of"
    assert cut(words, 10) == [words[:2], [words[2]], [words[3]]]


@given(st.lists(st.integers(min_value=1, max_value=40), max_size=60), st.integers(min_value=1, max_value=60))
def test_cut_is_pagefinds_cut_with_each_large_word_on_its_own(sizes, target):
    words = [word(f"w{i:03}", list(range(size - 1))) for i, size in enumerate(sizes)]
    expected = []
    for chunk in pagefind_cut(words, target):
        if len(chunk) > 1 and locations(chunk[-1]) >= target:
            expected += [chunk[:-1], chunk[-1:]]
        else:
            expected.append(chunk)
    chunks = cut(words, target)
    assert chunks == expected
    assert [entry for chunk in chunks for entry in chunk] == words
    assert all(len(chunk) == 1 or all(locations(entry) < target for entry in chunk) for chunk in chunks)


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

"""Pagefind's word index cut again, so that a query loads little more than its own words.

Pagefind (1.5) ends an index chunk after the word that brings it to 20,000
locations. A word sorted just before a very common one therefore shares that
word's chunk: at 10,000 posts, searching for "ocrelizumab" loaded every
location of "of", 113 KB a shard for 8 KB of its own. Here chunks are smaller
(``TARGET`` locations), and a word that large is a chunk of its own.

A word is stored as ``[word, pages, variants]``: the word as Pagefind
normalises it ("sjogren"), the pages where it is written so, and the forms
written with diacritics (``[["sjögren", pages]]``), found under the plain word.
A word written only with its accent has no pages of its own. Its size here
counts every form, as a query for it loads them all (Pagefind's own cut counts
only the plain word's pages).

Pagefind is asked to cut chunks of ``TARGET`` locations itself
(:func:`~msblog.sphinxext.compat.pagefind_environment`), so few need cutting
again. The files keep Pagefind's format (gzip of a signature and CBOR, named by
a hash of their content), which Pagefind does not document: this module alone
reads and writes it (:data:`~msblog.sphinxext.compat.PAGEFIND_INDEX`), and a
bundle whose format is not the one read here is left as Pagefind wrote it.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import cbor2

SIGNATURE = b"pagefind_dcd"
TARGET = 2500  # locations a chunk; smaller chunks make each bundle's metadata larger


class UnknownFormat(ValueError):
    """The bundle is not in the format this module reads."""


def read(path: Path):
    """A file of a Pagefind bundle, decoded."""
    try:
        data = gzip.decompress(path.read_bytes())
        if data.startswith(SIGNATURE):
            return cbor2.loads(data[len(SIGNATURE):])
    except (OSError, EOFError, cbor2.CBORDecodeError) as error:
        raise UnknownFormat(f"{path.name}: {error}") from error
    raise UnknownFormat(f"{path.name} does not start with {SIGNATURE!r}")


def _write(folder: Path, prefix: str, suffix: str, value, length: int, taken: dict[str, bytes | None]) -> str:
    """Write ``value`` as Pagefind does, named by a hash of its content unlike any in ``taken``; return the name."""
    encoded = cbor2.dumps(value)
    digest = hashlib.sha1(encoded).hexdigest()
    while taken.get(name := f"{prefix}_{digest[:length]}", encoded) != encoded:
        length += 1
    taken[name] = encoded
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + encoded, compresslevel=9, mtime=0))
    return name


def fingerprints(bundle: Path) -> dict[str, str]:
    """Each page of ``bundle`` (by its address) and a digest of all Pagefind kept of it: its words, their places,
    its filters, metadata and anchors (the page's fragment)."""
    found = {}
    for fragment in sorted((bundle / "fragment").glob("*.pf_fragment")):
        try:
            data = gzip.decompress(fragment.read_bytes())
            page = json.loads(data[len(SIGNATURE):]) if data.startswith(SIGNATURE) else None
        except (OSError, EOFError, ValueError) as error:
            raise UnknownFormat(f"{fragment.name}: {error}") from error
        if not (isinstance(page, dict) and isinstance(page.get("url"), str)):
            raise UnknownFormat(f"{fragment.name} is not {SIGNATURE!r} and a page's JSON with its url")
        found[page["url"]] = hashlib.sha1(data).hexdigest()
    return found


def read_entry(bundle: Path) -> dict:
    """The bundle's ``pagefind-entry.json``: Pagefind's version and, for each language, its metadata's hash."""
    return json.loads((bundle / "pagefind-entry.json").read_text())


def _is_pages(value) -> bool:
    """A list of ``[page, locations, metadata locations]`` (the first stands for all: Pagefind writes them alike)."""
    return isinstance(value, list) and (not value or isinstance(value[0], list) and len(value[0]) == 3)


def is_word(entry) -> bool:
    """Whether ``entry`` is a word as Pagefind 1.5 stores it: ``[word, [[page, locations, metadata locations], ...],
    [[form with diacritics, pages], ...]]``."""
    return (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str) and _is_pages(entry[1])
            and isinstance(entry[2], list)
            and all(isinstance(v, list) and len(v) == 2 and isinstance(v[0], str) and _is_pages(v[1]) for v in entry[2]))


def locations(word: list) -> int:
    """A word's size: its locations on each page, and one for each page, in every form it is written in."""
    return sum(len(page[1]) + len(page[2]) + 1 for pages in [word[1], *(v[1] for v in word[2])] for page in pages)


def cut(words: list[list], target: int | None = None) -> list[list[list]]:
    """Sorted words in chunks, as Pagefind cuts them, except that a word of ``target`` locations or more is alone.

    Pagefind ends a chunk with the word that brings it to ``target`` (by default ``TARGET``) locations.
    """
    target = target or TARGET
    chunks: list[list[list]] = []
    chunk: list[list] = []
    size = 0
    for word in words:
        count = locations(word)
        if chunk and count >= target:
            chunks.append(chunk)
            chunk, size = [], 0
        chunk.append(word)
        size += count
        if size >= target:
            chunks.append(chunk)
            chunk, size = [], 0
    if chunk:
        chunks.append(chunk)
    return chunks


def _prefixes(last: str, first: str) -> tuple[str, str]:
    common = 0
    for a, b in zip(last, first):
        if a != b:
            break
        common += 1
    return last[:common + 1], first[:common + 1]


def ranges(chunks: list[list[list]]) -> list[list[str]]:
    """Each chunk's first and last word, shortened against its neighbours as Pagefind does."""
    named = [[chunk[0][0], chunk[-1][0]] for chunk in chunks]
    for before, after in zip(named, named[1:]):
        last, first = _prefixes(before[1], after[0])
        if last >= before[0]:
            before[1] = last
        after[0] = first
    return named


def read_index(bundle: Path, language: str) -> tuple[Path, list, list[list[list]]]:
    """A language's metadata file in ``bundle``, its content, and the words of each index chunk it lists."""
    meta_file = bundle / f"pagefind.{read_entry(bundle)['languages'][language]['hash']}.pf_meta"
    meta = read(meta_file)
    if not (isinstance(meta, list) and len(meta) > 2 and all(len(chunk) == 3 for chunk in meta[2])):
        raise UnknownFormat(f"{meta_file.name} does not list index chunks as [from, to, hash]")
    chunks = [read(bundle / "index" / f"{name}.pf_index")[0] for *_, name in meta[2]]
    for chunk in chunks:
        odd = next((entry for entry in (chunk if isinstance(chunk, list) and chunk else [chunk]) if not is_word(entry)), None)
        if odd is not None:
            raise UnknownFormat(f"an index chunk of {meta_file.name} does not hold [word, [[page, locations, "
                                f"metadata locations], ...], [[variant, pages], ...]]: {odd!r:.80}")
    return meta_file, meta, chunks


def recut_bundle(bundle: Path) -> None:
    """Cut the word index of every language in ``bundle`` again, in place; chunks cut as here keep their files."""
    entry = read_entry(bundle)
    changed = False
    for language, details in entry["languages"].items():
        meta_file, meta, old_chunks = read_index(bundle, language)
        kept = {(chunk[0][0], chunk[-1][0], len(chunk)): name for (*_, name), chunk in zip(meta[2], old_chunks)}
        chunks = cut([word for chunk in old_chunks for word in chunk])
        reused = [kept.pop((chunk[0][0], chunk[-1][0], len(chunk)), None) for chunk in chunks]
        if not kept:  # Pagefind cut it as this module would
            continue
        for name in kept.values():
            (bundle / "index" / f"{name}.pf_index").unlink()
        taken: dict[str, bytes | None] = {name: None for name in reused if name}
        names = [name or _write(bundle / "index", language, ".pf_index", [chunk], 7, taken)
                 for name, chunk in zip(reused, chunks)]
        meta[2] = [[first, last, name] for (first, last), name in zip(ranges(chunks), names)]
        details["hash"] = _write(bundle, f"pagefind.{language}", ".pf_meta", meta, 10, {}).removeprefix("pagefind.")
        if meta_file.name != f"pagefind.{details['hash']}.pf_meta":
            meta_file.unlink()
        changed = True
    if changed:
        (bundle / "pagefind-entry.json").write_text(json.dumps(entry, ensure_ascii=False))

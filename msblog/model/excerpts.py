"""The words around a match: what a therapy or paper page quotes of each post or comment that names it."""

from __future__ import annotations

import re
from dataclasses import dataclass

WORDS = 30  # about the length of a sentence
LONGEST = 200  # characters on each side at most: a word may be any length (an address, a pasted run of characters)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s")


@dataclass(frozen=True)
class Excerpt:
    """``match`` as written, with the words before and after it; ``…`` marks where a sentence was cut."""

    before: str
    match: str
    after: str

    def __str__(self) -> str:
        return f"{self.before}{self.match}{self.after}"


def words_around(text: str, start: int, end: int, words: int = WORDS) -> Excerpt:
    """The sentence holding ``text[start:end]``, kept to about ``words`` words around it (half before, half after),
    and to :data:`LONGEST` characters on each side."""
    before, after = " ".join(text[:start].split()), " ".join(text[end:].split())
    if text[:start][-1:].isspace() and before:
        before += " "
    if text[end:][:1].isspace() and after:
        after = " " + after
    sentence_start = max((m.end() for m in _SENTENCE_END.finditer(before)), default=0)
    before = before[sentence_start:]
    sentence_end = _SENTENCE_END.search(after)
    after = after[:sentence_end.end()].rstrip() if sentence_end else after
    return Excerpt(_last_words(before, words // 2), " ".join(text[start:end].split()), _first_words(after, words - words // 2))


def _last_words(text: str, count: int) -> str:
    kept = text.split(" ")
    cut = " ".join(kept[-count - 1:])[-LONGEST:]
    return text if cut == text else "… " + cut


def _first_words(text: str, count: int) -> str:
    kept = text.split(" ")
    cut = " ".join(kept[:count + 1])[:LONGEST]
    return text if cut == text else cut + " …"

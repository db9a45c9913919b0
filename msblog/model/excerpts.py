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
    and to :data:`LONGEST` characters on each side.

    Read from a window of the text around the match, widened until what it gives is what the whole text would:
    a long post quoted at each of its mentions is not read whole for each."""
    width = 4 * LONGEST
    while True:
        low, high = max(0, start - width), min(len(text), end + width)
        excerpt = _around(text[low:start], " ".join(text[start:end].split()), text[end:high], words,
                          whole=(low == 0, high == len(text)))
        if excerpt is not None:
            return excerpt
        width *= 4


def _around(raw_before: str, match: str, raw_after: str, words: int, whole: tuple[bool, bool]) -> Excerpt | None:
    """The excerpt from the text before and after the match; None if, not being the whole text on a side
    (``whole``), that side may lack what decides its words (a sentence's end, or more words than are kept)."""
    before, after = " ".join(raw_before.split()), " ".join(raw_after.split())
    if raw_before[-1:].isspace() and before:
        before += " "
    if raw_after[:1].isspace() and after:
        after = " " + after
    ends = [m.end() for m in _SENTENCE_END.finditer(before)]  # each ends in the window (it needs the space after)
    before = before[max(ends, default=0):]
    sentence_end = _SENTENCE_END.search(after)
    after = after[:sentence_end.end()].rstrip() if sentence_end else after
    enough = words + 3  # past the words kept, and the one the window's edge may have cut
    if not (whole[0] or ends or len(before.split()) >= enough) or \
            not (whole[1] or sentence_end or len(after.split()) >= enough):
        return None
    return Excerpt(_last_words(before, words // 2), match, _first_words(after, words - words // 2))


def _last_words(text: str, count: int) -> str:
    kept = text.split(" ")
    cut = " ".join(kept[-count - 1:])[-LONGEST:]
    return text if cut == text else "… " + cut


def _first_words(text: str, count: int) -> str:
    kept = text.split(" ")
    cut = " ".join(kept[:count + 1])[:LONGEST]
    return text if cut == text else cut + " …"

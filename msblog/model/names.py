"""Names from sources (authors, labels, titles): one text for what a reader sees as one name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Characters that show nothing: zero-width space, joiners, word joiner, invisible operators, Mongolian
# vowel separator, byte-order mark, soft hyphen. (Bidi controls are kept: pages isolate names instead.)
_INVISIBLE = re.compile("[\u00ad\u180e\u200b\u200c\u200d\u2060-\u2064\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_name(text: str) -> str:
    """``text`` in NFC, without invisible or control characters, its spaces folded to one."""
    text = _CONTROL.sub(" ", _INVISIBLE.sub("", text))  # first, so that what they parted composes
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_names(names: Iterable[str]) -> list[str]:
    """Each of ``names`` cleaned (:func:`clean_name`), once, in order; names that clean to nothing are left out."""
    return list(dict.fromkeys(name for name in map(clean_name, names) if name))


# Right-to-left letters and explicit direction controls: what can reorder the text around a name.
_BIDI = frozenset({"R", "AL", "AN", "LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"})


def isolated(text: str) -> str:
    """``text`` for plain text beside other text (a page's ``<title>``), where ``<bdi>`` cannot be used:
    between first-strong isolate and pop directional isolate when it could reorder what is around it,
    its direction controls balanced (:func:`balanced`) so that none of them ends the isolate or outlives it."""
    return f"\u2068{balanced(text)}\u2069" if any(unicodedata.bidirectional(c) in _BIDI for c in text) else text


_OPENS = {"LRE": "\u202c", "RLE": "\u202c", "LRO": "\u202c", "RLO": "\u202c", "LRI": "\u2069", "RLI": "\u2069", "FSI": "\u2069"}


def balanced(text: str) -> str:
    """``text`` with its direction controls kept to itself: a pop (PDF, PDI) that closes nothing opened in it
    is dropped, and each isolate left open is closed at its end, as Unicode's bidirectional algorithm pairs
    them. An embedding or override left open needs no PDF: the PDI that closes an isolate around it ends it."""
    out, open_ = [], []  # open_: the pop that closes each control still open, innermost last
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in _OPENS:
            open_.append(_OPENS[kind])
        elif kind == "PDF":
            if not open_ or open_[-1] != "\u202c":
                continue
            open_.pop()
        elif kind == "PDI":
            if "\u2069" not in open_:
                continue
            while open_.pop() != "\u2069":
                pass
        out.append(char)
    return "".join(out) + "\u2069" * open_.count("\u2069")


def counted(number: int, one: str, many: str | None = None) -> str:
    """``number`` and its noun, plural unless one: "1 post", "2 comments", "2 replies" (``many``, where not -s)."""
    return f"{number} {one if number == 1 else many or one + 's'}"

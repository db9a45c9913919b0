"""Names from sources (authors, labels, titles): one text for what a reader sees as one name."""

from __future__ import annotations

import re
import unicodedata

# Characters that show nothing: zero-width space, joiners, word joiner, byte-order mark, soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean_name(text: str) -> str:
    """``text`` in NFC, without invisible or control characters, its spaces folded to one."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(_CONTROL.sub(" ", text).split())

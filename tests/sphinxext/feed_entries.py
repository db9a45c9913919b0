"""The feed's entries as the feed holds them (feedparser would mend their links)."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_entry(out: Path, docname: str) -> BeautifulSoup:
    """The HTML of the entry of ``docname`` in the built site ``out``'s feed, ``blog/atom.xml``."""
    for entry in etree.parse(str(out / "blog" / "atom.xml")).iter(f"{ATOM}entry"):
        if entry.find(f"{ATOM}id").text.endswith(f"/{docname}.html"):
            return BeautifulSoup(entry.find(f"{ATOM}content").text, "lxml")
    raise AssertionError(f"no feed entry for {docname}")

"""A page holding a character XML cannot hold is refused at path:line, as msblog check refuses it; the build
fails with that error, never with a traceback from ABlog's feed writer."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest

from msblog.check import check_site
from msblog.check.checks import Notice
from tests.helpers import built_app, copy_root, msblog_errors, write_files

POST = "---\ndate: 2016-03-07\nauthor: Ed\n---\n\n# Control\x1bcharacters\n\nA vertical\x0btab from a pasted document.\n"


def refused(code: str, kind: str = "a control character") -> str:
    return (f"U+{code} ({kind}) is a character XML cannot hold, and the Atom feed is XML: "
            "delete it, or write the character it stands for")


def add_characters(src: Path) -> None:
    """A post with two control characters, a registry page with a noncharacter; C1 controls and tabs are XML's."""
    write_files(src, {"posts/2016/03/control.md": POST})
    hsct = src / "therapies/hsct.md"
    hsct.write_text(hsct.read_text() + "\nA noncharacter \uffff, a tab\t and a C1 control \x85 in text.\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_app(copy_root("xrefs", tmp_path_factory.mktemp("characters"), add_characters), failing=True)


def test_each_is_refused_at_its_line_as_msblog_check_refuses_it(built):
    errors = msblog_errors(built.warning.getvalue(), built.srcdir)
    assert built.statuscode == 1 and "Traceback" not in built.warning.getvalue()
    assert errors == [("posts/2016/03/control.md", 6, refused("001B")),
                      ("posts/2016/03/control.md", 8, refused("000B")),
                      ("therapies/hsct.md", 12, refused("FFFF", "a noncharacter"))]
    checked = [(str(p.path), p.line, p.message) for p in check_site(built.srcdir) if not isinstance(p, Notice)]
    assert checked == errors


def test_what_reaches_ablog_shows_the_replacement_character(built):
    """The build goes on (every problem is reported at once): the feed is written, U+FFFD in the character's place."""
    feed = feedparser.parse((built.outdir / "blog/atom.xml").read_text(encoding="utf-8"))
    entry = next(entry for entry in feed.entries if entry.title == "Control\ufffdcharacters")
    assert "A vertical\ufffdtab from a pasted document." in entry.content[0].value

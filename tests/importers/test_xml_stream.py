"""Reading an export entry by entry: entities are never read, and text after them is never lost."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from lxml import etree

from msblog.importers.xml_stream import entries
from msblog.model.errors import ContentError


def texts(path) -> list[str]:
    return ["".join(entry.itertext()) for entry in entries(path, "rss", "item")]


@pytest.mark.parametrize("declaration", ['<!ENTITY xxe SYSTEM "{secret}">', '<!ENTITY xxe "expanded">',
                                         '<!ENTITY % p SYSTEM "{secret}"> <!ENTITY xxe "x">'])
def test_an_entity_a_doctype_declares_stays_as_written_with_the_text_after_it(tmp_path, declaration):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OF-THE-BUILD-MACHINE")
    export = tmp_path / "export.xml"
    export.write_text(f"<!DOCTYPE rss [{declaration.format(secret=secret.as_uri())}]>\n<rss>\n"
                      "<item><c>XXE:&xxe;:END</c></item>\n"
                      "<item><c>&xxe;<b>bold</b>&xxe;&xxe; and the rest</c></item>\n</rss>\n")
    found = texts(export)
    assert found == ["XXE:&xxe;:END", "&xxe;bold&xxe;&xxe; and the rest"]
    for entry in entries(export, "rss", "item"):
        assert list(entry.iter(etree.Entity)) == []


def test_an_undeclared_entity_stops_at_its_line_whatever_was_parsed_before(tmp_path):
    export = tmp_path / "export.xml"
    export.write_text("<rss>\n<item><c>fine</c></item>\n<item>\n<c>XXE:&xxe;:END</c>\n</item>\n</rss>\n")
    with pytest.raises(ContentError) as raised:
        for _ in entries(export, "rss", "item"):
            BeautifulSoup("<p>broken</q></p></p>", "lxml")  # lxml logs the errors of every parser in one place
    [problem] = raised.value.problems
    assert (problem.line, problem.message) == (4, "not well-formed XML (truncated or not an export?): "
                                                  "Entity 'xxe' not defined")

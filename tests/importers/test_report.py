"""The import's summary on screen."""

from __future__ import annotations

from msblog.importers.records import ImportReport


def test_counts_read_as_english():
    one, two = ImportReport(comments=3, orphans=1, deleted=1), ImportReport(comments=5, orphans=2, deleted=0)
    assert "(1 reply to a missing comment kept at the top level and flagged; 1 deleted comment kept" in "\n".join(one.lines())
    assert "(2 replies to a missing comment kept at the top level and flagged; 0 deleted comments kept" in "\n".join(two.lines())

"""Read a large XML export one entry at a time, in bounded memory, with clear errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from msblog.model.errors import ContentError, Problem


def entries(path: Path, root_tag: str, entry_tag: str, progress: Callable[[int], None] | None = None) -> Iterator[etree._Element]:
    """Yield each ``entry_tag`` element under a ``root_tag`` root, freeing it afterwards.

    Raises :class:`ContentError` naming the file and line when the file is not
    XML, is truncated, or has another root (is another kind of export).
    """
    with path.open("rb") as stream:
        parser = etree.iterparse(stream, events=("start", "end"), huge_tree=True, resolve_entities=False,
                                 no_network=True, remove_comments=True)
        depth = 0
        try:
            for event, element in parser:
                if event == "start":
                    depth += 1
                    if depth == 1 and element.tag != root_tag:
                        raise ContentError([Problem(path, element.sourceline or 1,
                                                    f"expected a <{_local(root_tag)}> document, found <{_local(element.tag)}>")])
                    continue
                depth -= 1
                if element.tag == entry_tag:
                    yield element
                    element.clear(keep_tail=False)
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                    if progress:
                        progress(stream.tell())
        except etree.XMLSyntaxError as error:
            line = error.lineno or 1
            raise ContentError([Problem(path, line, f"not well-formed XML (truncated or not an export?): {error.msg}")]) from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]

"""Read a large XML export one entry at a time, in bounded memory, with clear errors."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from msblog.model.errors import ContentError, Problem


def entries(path: Path, root_tag: str, entry_tag: str, progress: Callable[[int], None] | None = None) -> Iterator[etree._Element]:
    """Yield each ``entry_tag`` element under a ``root_tag`` root, freeing it afterwards.

    Raises :class:`ContentError` naming the file and line when the file is not
    XML, is truncated, or has another root (is another kind of export). Entities
    are never read: a reference to one that a DOCTYPE declares stays as written
    (``&name;``), with the text after it.
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
                    for entity in list(element.iter(etree.Entity)):
                        _as_text(entity)
                    yield element
                    element.clear(keep_tail=False)
                    while element.getprevious() is not None:
                        del element.getparent()[0]
                    if progress:
                        progress(stream.tell())
        except etree.XMLSyntaxError as error:
            # iterparse may say only "no element found" at line 0; this parse's own log says what and where
            cause = next(iter(parser.error_log.filter_from_fatals()), None)
            line, message = (cause.line, cause.message) if not error.lineno and cause else (error.lineno, error.msg)
            raise ContentError([Problem(path, line or 1,
                                        f"not well-formed XML (truncated or not an export?): {message}")]) from None


def _as_text(entity: etree._Entity) -> None:
    """Replace an entity reference by its text as written, so the text after it stays in place."""
    text = entity.text + (entity.tail or "")
    parent, previous = entity.getparent(), entity.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(entity)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]

"""Read a large XML export one entry at a time, in bounded memory, with clear errors."""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator
from pathlib import Path

from lxml import etree

from msblog.model.errors import ContentError, Problem


def entries(path: Path, root_tag: str, entry_tag: str | tuple[str, ...], progress: Callable[[int], None] | None = None,
            text_fields: Collection[str] = ()) -> Iterator[etree._Element]:
    """Yield each ``entry_tag`` element (or element of any of the tags ``entry_tag`` names) under a ``root_tag``
    root, freeing it afterwards.

    ``text_fields`` are the tags of the elements whose text the reader reads: one holding an element or a
    processing instruction (an export's HTML is escaped, or in CDATA) is refused at its line, since what stands
    after it would be lost; one of Atom's ``type="xhtml"``, whose text is XHTML, may.

    Raises :class:`ContentError` naming the file and line when the file is not
    XML, is truncated, or has another root (is another kind of export). Entities
    are never read: a reference to one that a DOCTYPE declares stays as written
    (``&name;``), with the text after it.
    """
    entry_tags = (entry_tag,) if isinstance(entry_tag, str) else entry_tag
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
                if element.tag in entry_tags:
                    for entity in list(element.iter(etree.Entity)):
                        _as_text(entity)
                    _only_text(path, element, text_fields)
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


def _only_text(path: Path, entry: etree._Element, text_fields: Collection[str]) -> None:
    """Refuse a field of ``text_fields`` in ``entry`` that holds markup (but for XHTML), naming the markup's line."""
    for field in entry.iter(*text_fields) if text_fields else ():
        if (field.get("type") or "").strip().lower() == "xhtml":
            continue
        node = next(iter(field), None)
        if node is None:
            continue
        if isinstance(node, etree._ProcessingInstruction):
            shown = f"a processing instruction <?{node.target}"
        else:
            shown = f"an element <{_named(node)}>"
        raise ContentError([Problem(path, node.sourceline or field.sourceline or 1,
                                    f"<{_named(field)}> holds {shown}, where the export gives text (HTML is "
                                    "escaped in an export, or in CDATA): what stands after it would be lost")])


def _as_text(entity: etree._Entity) -> None:
    """Replace an entity reference by its text as written, so the text after it stays in place."""
    text = entity.text + (entity.tail or "")
    parent, previous = entity.getparent(), entity.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
    parent.remove(entity)


def _named(element: etree._Element) -> str:
    """The element's name as the file writes it: ``wp:comment_content``, ``content``."""
    return f"{element.prefix}:{_local(element.tag)}" if element.prefix else _local(element.tag)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]

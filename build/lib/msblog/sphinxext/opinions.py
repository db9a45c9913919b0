"""The ``opinion`` directive: the author's personal opinion, clearly marked.

The blog once set opinions in italics and stopped because a reader found
italics hard to read. An opinion block is labelled "Opinion" and styled by
``_static`` CSS with an upright face and a border, never italic.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective


class OpinionDirective(SphinxDirective):
    """``:::{opinion}`` ... ``:::`` around one or more paragraphs."""

    has_content = True

    def run(self) -> list[nodes.Node]:
        block = nodes.admonition(classes=["opinion"])
        self.set_source_info(block)
        block += nodes.title("", "Opinion")
        self.state.nested_parse(self.content, self.content_offset, block)
        return [block]


def setup(app: Sphinx) -> dict:
    app.add_directive("opinion", OpinionDirective)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

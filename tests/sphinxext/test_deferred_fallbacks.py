"""A deferred link's fallback is a web address or nothing: a placeholder forged in a page's HTML makes no live link."""

from __future__ import annotations

import pytest
from docutils import nodes

from msblog.sphinxext.deferred_links import doc_href
from tests.helpers import built_app, copy_root, parse_html, write_files
from tests.sphinxext.feed_entries import feed_entry
from tests.sphinxext.test_deferred_links import written


FALLBACKS = {"js-fallback": "javascript:alert(document.domain)", "data-fallback": "data:text/html,<script>1</script>",
             "relative-fallback": "../../../etc/passwd", "mail-fallback": "mailto:someone@example.org"}
FORGED = "<div>" + " ".join(f'<a href="{doc_href("posts/2016/09/missing", fallback=address)}">{text}</a>'
                            for text, address in FALLBACKS.items()) + "</div>"


@pytest.mark.parametrize("name", ["html", "dirhtml", "singlehtml"])
def test_a_fallback_that_is_no_web_address_leaves_the_text(name):
    resolved = written(name, "index", *(nodes.reference("", text, refuri=doc_href("posts/2016/09/missing", fallback=address))
                                        for text, address in FALLBACKS.items()), nodes.raw("", FORGED, format="html"))
    assert not list(resolved.findall(nodes.reference))
    assert [node.astext() for node in resolved.findall(nodes.inline)] == list(FALLBACKS)
    assert resolved.next_node(nodes.raw).astext() == "<div>" + " ".join(f"<span>{text}</span>" for text in FALLBACKS) + "</div>"


@pytest.fixture(scope="module")
def forged(tmp_path_factory):
    post = f"---\ndate: 2016-03-05\nauthor: Mallory\n---\n\n# Forged placeholders\n\n{FORGED}\n"
    site = copy_root("xrefs", tmp_path_factory.mktemp("forged"),
                     lambda root: write_files(root, {"posts/2016/03/forged.md": post}))
    yield from built_app(site)


def test_a_forged_placeholder_in_a_post_is_its_text_on_the_page_and_in_the_feed(forged):
    for shown in (parse_html(forged.outdir / "posts/2016/03/forged.html"), feed_entry(forged.outdir, "posts/2016/03/forged")):
        assert [span.get_text() for span in shown.select("div > span")] == list(FALLBACKS)
        assert not [a["href"] for a in shown.find_all("a") if a.get_text() in FALLBACKS]

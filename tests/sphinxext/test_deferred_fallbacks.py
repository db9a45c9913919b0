"""A deferred link's fallback is a web address or nothing: a placeholder forged in HTML makes no live link."""

from __future__ import annotations

import pytest
from docutils import nodes

from msblog.sphinxext.deferred_links import doc_href
from msblog.model.safe_markdown import HTML_AS_TEXT
from tests.helpers import built_app, copy_root, msblog_errors, parse_html, write_files
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
    yield from built_app(site, failing=True)


def test_a_forged_placeholder_in_a_post_is_refused_and_its_text_on_the_page_and_in_the_feed(forged):
    assert msblog_errors(forged.warning.getvalue(), forged.srcdir) == [("posts/2016/03/forged.md", 8, HTML_AS_TEXT)]
    page = parse_html(forged.outdir / "posts/2016/03/forged.html").select_one("article[role=main]")
    for shown in (page, feed_entry(forged.outdir, "posts/2016/03/forged")):
        assert not shown.select("div > a, div > span") and not [a for a in shown.find_all("a") if a.get_text() in FALLBACKS]
        assert all(f">{text}</a>" in shown.get_text() for text in FALLBACKS)

"""Links into the archive made while reading lead where the builder writing the page puts their target."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.utils import new_document
from sphinx import addnodes
from sphinx.builders.dirhtml import DirectoryHTMLBuilder
from sphinx.builders.html import StandaloneHTMLBuilder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder

from msblog.model.html_links import Link
from msblog.model.safe_markdown import sanitise_html
from msblog.sphinxext.deferred_links import doc_href, page_links, resolve_html, resolve_links

PAGES = {"index", "posts/2016/01/first", "posts/2016/02/second", "therapies/hsct"}
BLOG = "https://multiple-sclerosis-research.blogspot.com/2016/02/second.html?showComment=1#c2002"


def builder(name: str, pages: set[str]):
    """Sphinx's own builder of that name, enough of it to place pages: where each puts a page is its own code."""
    found = object.__new__({"html": StandaloneHTMLBuilder, "dirhtml": DirectoryHTMLBuilder,
                            "singlehtml": SingleFileHTMLBuilder}[name])
    found.env, found.link_suffix = SimpleNamespace(all_docs=dict.fromkeys(pages)), ".html"
    return found


def written(name: str, page: str, *content: nodes.Node, included: tuple[str, ...] = ()) -> nodes.document:
    """``content`` on ``page`` (with the documents ``included`` in it, as singlehtml includes them), resolved."""
    doctree = new_document(page)
    doctree += nodes.paragraph("", "", *content)
    for docname in included:
        doctree += addnodes.start_of_file(docname=docname)
    found = builder(name, PAGES)
    resolve_links(SimpleNamespace(env=found.env, builder=found), doctree, page)
    return doctree


def reference(href: str, text: str = "the second post") -> nodes.reference:
    return nodes.reference("", text, refuri=href, internal=True, classes=["archive-link"])


def raw(link: Link) -> nodes.raw:
    """A comment's HTML with the ``link`` the archive made in it, as :mod:`msblog.model.html_links` writes it."""
    return nodes.raw("", sanitise_html(f"<p>{link.html()}</p>"), format="html")


@pytest.mark.parametrize(("name", "expected"), [
    ("html", "../02/second.html#comment-2002"),
    ("dirhtml", "../../02/second/#comment-2002"),
    ("singlehtml", "#comment-2002"),
])
def test_a_link_leads_where_the_builder_writes_its_target(name, expected):
    href = doc_href("posts/2016/02/second", "comment-2002", fallback=BLOG)
    doctree = written(name, "posts/2016/01/first", reference(href), raw(Link("in a comment", href, ("archive-link",))),
                      included=["posts/2016/02/second"])
    assert doctree.next_node(nodes.reference)["refuri"] == expected
    assert doctree.next_node(nodes.reference)["internal"] is True
    assert doctree.next_node(nodes.raw).astext() == (
        f'<p><a href="{expected}" class="archive-link" rel="nofollow ugc noopener">in a comment</a></p>')


@pytest.mark.parametrize(("name", "expected"), [
    ("html", "first.html"), ("dirhtml", "../first/"), ("singlehtml", "#document-posts/2016/01/first"),
])
def test_a_link_without_a_fragment_leads_to_the_page(name, expected):
    doctree = written(name, "posts/2016/01/second-page", reference(doc_href("posts/2016/01/first")),
                      included=["posts/2016/01/first"])
    assert doctree.next_node(nodes.reference)["refuri"] == expected


def test_a_link_to_its_own_page_stays_on_it():
    doctree = written("dirhtml", "posts/2016/02/second", reference(doc_href("posts/2016/02/second", "comment-2002")),
                      reference(doc_href("posts/2016/02/second")))
    assert [r["refuri"] for r in doctree.findall(nodes.reference)] == ["#comment-2002", "#"]


def test_a_page_not_on_the_single_page_is_reached_at_the_address_the_source_gave():
    href = doc_href("posts/2016/02/second", "comment-2002", fallback=BLOG)
    doctree = written("singlehtml", "posts/2016/01/first", reference(href), raw(Link("in a comment", href)))
    link = doctree.next_node(nodes.reference)
    assert (link["refuri"], link["internal"]) == (BLOG, False)
    assert f'href="{BLOG.replace("&", "&amp;")}"' in doctree.next_node(nodes.raw).astext()


@pytest.mark.parametrize(("name", "target"), [
    ("html", "posts/2016/09/missing"), ("singlehtml", "posts/2016/09/missing"),
    ("singlehtml", "therapies/hsct"),  # a page of the site, not on the single page
])
def test_a_link_to_a_page_that_is_not_written_is_left_as_its_text(name, target):
    """A link that leads nowhere ("#", the top of the page it is on) would only mislead the reader."""
    doctree = written(name, "posts/2016/01/first", reference(doc_href(target), "HSCT"),
                      raw(Link("HSCT", doc_href(target), ("mention",))))
    assert not list(doctree.findall(nodes.reference))
    kept = doctree.next_node(nodes.inline)
    assert (kept.astext(), kept["classes"]) == ("HSCT", ["archive-link"])
    assert doctree.next_node(nodes.raw).astext() == '<p><span class="mention">HSCT</span></p>'


def test_names_and_fragments_are_kept_whole():
    target = "posts/2016/02/a b?c#d&e"
    href = doc_href(target, "comment-x?y#z", fallback="https://example.org/?a=1&b=2#c")
    found = builder("html", {target})
    doctree = new_document("index")
    doctree += [reference(href), raw(Link("x", href))]
    resolve_links(SimpleNamespace(env=found.env, builder=found), doctree, "index")
    expected = "posts/2016/02/a%20b%3Fc%23d%26e.html#comment-x?y#z"
    assert doctree.next_node(nodes.reference)["refuri"] == expected
    assert f'href="{expected}"' in doctree.next_node(nodes.raw).astext()


def test_only_the_archive_s_links_are_resolved():
    """Text that reads like a deferred link, and a link with another address, are left as they are."""
    text = '<p>href="#msblog-doc:posts/2016/02/second" <a href="https://example.org/#msblog-doc:x">a</a></p>'
    doctree = written("html", "index", nodes.raw("", text, format="html"))
    assert doctree.next_node(nodes.raw).astext() == text


def test_a_link_is_found_whatever_the_attributes_before_it_hold():
    text = sanitise_html('<p><a href="https://example.org/" title="a > b">x</a> '
                         f'<a title=\'"<a href=#msblog-doc:x>"\' href="{doc_href("therapies/hsct")}">HSCT</a></p>')
    resolved = written("html", "index", nodes.raw("", text, format="html")).next_node(nodes.raw).astext()
    assert resolved == text.replace(doc_href("therapies/hsct"), "therapies/hsct.html")


def test_on_a_single_page_sphinx_s_own_links_to_pages_are_mended_the_same_way():
    """Sphinx writes a link to an anchor of a page on the single page as two fragments, which lead nowhere,
    and links pages that are not on it."""
    sphinx_links = ["#document-posts/2016/02/second#comment-2002", "#document-posts/2016/02/second", "#comment-1",
                    "#document-therapies/hsct#therapy-hsct"]
    doctree = written("singlehtml", "index", *(reference(href) for href in sphinx_links), included=["posts/2016/02/second"])
    assert [r["refuri"] for r in doctree.findall(nodes.reference)] == ["#comment-2002", *sphinx_links[1:3]]
    assert [node.astext() for node in doctree.findall(nodes.inline)] == ["the second post"]
    pages_apart = written("html", "index", *(reference(href) for href in sphinx_links))
    assert [r["refuri"] for r in pages_apart.findall(nodes.reference)] == sphinx_links


@pytest.mark.parametrize(("name", "page", "expected"), [
    ("html", "therapies/hsct",
     ["../posts/2016/01/first.html#comment-1", "../posts/2016/02/second.html", "hsct/page/2.html"]),
    ("dirhtml", "therapies/hsct", ["../../posts/2016/01/first/#comment-1", "../../posts/2016/02/second/", "page/2/"]),
    ("singlehtml", "index", ["#comment-1", None, None]),  # the first post is on the page; page 2 is not written
])
def test_html_rendered_as_a_page_is_written_links_where_the_builder_puts_each_page(name, page, expected):
    """A template's links to documents (a comment's too), and to a page the builder makes of its own."""
    found = builder(name, PAGES)
    app = SimpleNamespace(env=found.env, builder=found)
    pathto = page_links(app, page)
    html = "".join(f'<a class="x" href="{href}">x</a>' for href in (
        pathto("posts/2016/01/first") + "#comment-1", pathto("posts/2016/02/second"), pathto("therapies/hsct/page/2")))
    doctree = new_document(page)
    doctree += addnodes.start_of_file(docname="posts/2016/01/first")
    resolved = BeautifulSoup(resolve_html(app, doctree, page, html), "html.parser")
    assert [link.get("href") for link in resolved.select(".x")] == expected

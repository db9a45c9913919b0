"""ABlog as the archive runs it: its copies of a post link where the post links."""

from __future__ import annotations

import re

from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from tests.helpers import build, new_site, parse_html, write_files

POSTED = "---\ndate: 2015-06-0{day}\n---\n\n"


def test_a_link_by_a_name_relative_to_the_post_leads_to_its_page_from_the_feed_and_listings_too(tmp_path):
    """ABlog resolves its copies of a post from the page showing them: ``{doc}`fine``` in a post's first words
    warned (no page ``fine`` from the feed's page) and failed the build."""
    site = write_files(new_site(tmp_path), {
        "posts/2015/06/link.md": POSTED.format(day=2) + "# Link\n\nSee {doc}`fine` and {doc}`the older <../05/old>`.\n",
        "posts/2015/06/fine.md": POSTED.format(day=3) + "# Fine\n\nNothing to say.\n",
        "posts/2015/05/old.md": "---\ndate: 2015-05-01\n---\n\n# Old\n\nOlder.\n",
        "index.md": "# Listed\n\n```{postlist}\n:excerpts:\n```\n"})
    out = build(site, tmp_path / "_build")
    post = parse_html(out / "posts/2015/06/link.html").select_one("article")
    assert [a["href"] for a in post.select("a.reference.internal") if "old" in a["href"] or "fine" in a["href"]][:2] \
        == ["fine.html", "../05/old.html"]
    listed = parse_html(out / "index.html")
    assert {a["href"] for a in listed.select(".ablog-post-excerpt a.reference.internal")} \
        >= {"posts/2015/06/fine.html", "posts/2015/05/old.html"}
    feed = (out / "blog/atom.xml").read_text(encoding="utf-8")
    assert "posts/2015/06/fine.html" in feed and "posts/2015/05/old.html" in feed


def test_a_link_to_no_page_is_named_once_as_written_at_its_line(tmp_path):
    """The post's page warns of a link to no page, label, term or paper's page; ABlog's copies (the feed's) warned
    again, of the same link."""
    site = write_files(new_site(tmp_path), {
        "posts/2015/06/link.md": POSTED.format(day=2) + "# Link\n\nSee {doc}`nowhere <../../2099/01/none>`, "
                                                        "{ref}`nolabel`, {term}`noterm`, {cited:nct}`NCT99999999`.\n"})
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    try:
        app.build()
    finally:
        app.cleanup()
    warned = re.findall(r"(posts/2015/06/link\.md:\d+): WARNING: (.*)", strip_colors(app.warning.getvalue()))
    assert warned == [("posts/2015/06/link.md:7", "unknown document: '../../2099/01/none' [ref.doc]"),
                      ("posts/2015/06/link.md:7", "undefined label: 'nolabel' [ref.ref]"),
                      ("posts/2015/06/link.md:7", "term not in glossary: 'noterm' [ref.term]"),
                      ("posts/2015/06/link.md:7", "cited:nct reference target not found: NCT99999999 [ref.nct]")]

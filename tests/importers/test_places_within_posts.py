"""A post's footnotes, imported and built: each mark leads to its note on the page, and each note back to its mark.

Two posts of one export mark a place named alike (``ref1``), and one a place whose name is hostile; the site builds
with no warning (Sphinx's labels are the project's, and a label twice is one), ``msblog check`` passes it, and each
link within a post leads to an element of that id on the same page.
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

import pytest

from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from tests.helpers import TESTS, build, new_site, parse_html, words
from tests.importers.test_imported_text import wordpress_export

EXPORTS = TESTS / "fixtures" / "exports"
HOSTILE = '"><script>alert(1)</script>{raw}`x` (label)=\n' + "x" * 300
POST = ('<p>Natalizumab cut relapses<a href="#ref1" name="cite1">[1]</a>; so may HSCT<sup><a href="#{hostile}">2'
        '</a></sup>, and see <a href="#top">the top</a>.</p><p>References</p>'
        '<p><a name="ref1"></a>[1] Polman et al. NEJM 2006. <a href="#cite1">Back</a></p>'
        '<ol><li id="{hostile_id}">Muraro et al. 2017.</li></ol>').format(hostile=html.escape(quote(HOSTILE)),
                                                                          hostile_id=html.escape(HOSTILE))
OTHER = '<p>A second post<a href="#ref1">[1]</a>.</p><p id="ref1">[1] Its own note.</p>'
COMMENT = 'As the post says <a href="#ref1">[1]</a>.'


def blogger_export(folder):
    """The Blogger fixture with the footnoted post, and a second post with a note of the same name."""
    text = (EXPORTS / "blogger.xml").read_text()
    for entry, content in (("101", POST), ("102", OTHER)):
        text = re.sub(rf"(<id>tag:blogger.com,1999:blog-99.post-{entry}</id>.*?<content type='html'>)[^<]*",
                      lambda match: match.group(1) + html.escape(content, quote=False), text, count=1, flags=re.S)
    text = text.replace("The first comment. What about MIST?&lt;br /&gt;A second line.",
                        html.escape(COMMENT, quote=False))
    export = folder / "blogger.xml"
    export.write_text(text)
    return export


# The block editor's footnotes: WordPress keeps their text in the post's footnotes meta field.
BLOCK_FOOTNOTES = ('<!-- wp:paragraph --><p>EBV is necessary<sup data-fn="2a7b" class="fn"><a href="#2a7b" '
                   'id="2a7b-link">1</a></sup>.</p><!-- /wp:paragraph --><!-- wp:footnotes /-->')
FOOTNOTES_META = ('<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA['
                  '[{"content":"Bjornevik et al. 2022.","id":"2a7b"}]]]></wp:meta_value></wp:postmeta>')


def wordpress(folder):
    """The WordPress fixture with the footnoted post, and a second post with a note of the same name and the block
    editor's footnotes."""
    export = wordpress_export(folder, post=POST, comment=COMMENT)
    text = export.read_text()
    for old, new in (("<![CDATA[A post with no paragraph tags.]]>", f"<![CDATA[{OTHER}{BLOCK_FOOTNOTES}]]>"),
                     ("<wp:post_id>14</wp:post_id>", f"<wp:post_id>14</wp:post_id>{FOOTNOTES_META}")):
        assert old in text
        text = text.replace(old, new)
    export.write_text(text)
    return export


SOURCES = {"blogger": (blogger_export, read_blogger, ["2015/05/hsct-hamburg-experience", "2015/05/induction-demo"]),
           "wordpress": (wordpress, read_wordpress, ["2016/01/a-post-from-blogger", "2016/02/native-wp"])}


@pytest.fixture(scope="module", params=sorted(SOURCES))
def imported(request, tmp_path_factory):
    make, read, posts = SOURCES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    site = new_site(folder)
    report = import_export(read, make(folder), site)
    # As the site's conf.py reads MyST: headings have anchors too (a link to a label is read first).
    out = build(site, folder / "out", myst_heading_anchors=3)  # no warning: every label once, every link resolved
    return site, report, posts, out


def led_to(page, text: str):
    """The element the link showing ``text`` leads to on ``page``: its href must be a place on the page."""
    link = page.find("a", string=text)
    assert link is not None and link["href"].startswith("#"), link
    target = page.find(id=link["href"][1:])
    assert target is not None, link["href"]
    return target


def test_each_footnotes_mark_leads_to_its_note_and_back(imported):
    site, _, posts, out = imported
    page = parse_html(out / f"posts/{posts[0]}.html").find("article", role="main")
    assert words(led_to(page, "[1]").get_text()) == "[1] Polman et al. NEJM 2006. Back"
    assert words(led_to(page, "Back").get_text()).startswith("Natalizumab cut relapses[1]; so may HSCT^2")
    assert words(led_to(page, "2").get_text()) == "Muraro et al. 2017."
    assert page.find("a", string="the top") is None and "and see the top." in words(page.get_text())


def test_a_hostile_name_reaches_the_page_only_as_a_slug(imported):
    site, _, posts, out = imported
    page = parse_html(out / f"posts/{posts[0]}.html")
    assert page.find("script", string=re.compile("alert")) is None
    places = [led_to(page, text)["id"] for text in ("[1]", "Back", "2")]
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", place) for place in places), places
    slug = posts[0].rsplit("/", 1)[1]
    assert places[2] == f"{slug}-" + ("script-alert-1-script-raw-x-label-" + "x" * 300)[:40]  # the name's first 40
    text = (site / "posts" / f"{posts[0]}.md").read_text()
    assert "<script" not in text and "{raw}" not in text and "(label)" not in text  # the slug's words, no markup


def test_two_posts_notes_of_one_name_each_lead_within_their_own_page(imported):
    site, _, posts, out = imported
    page = parse_html(out / f"posts/{posts[1]}.html").find("article", role="main")
    assert words(led_to(page, "[1]").get_text()) == "[1] Its own note."
    labels = [re.findall(r"^\((.+)\)=$", (site / "posts" / f"{post}.md").read_text(), re.M) for post in posts]
    assert labels[0] and labels[1] and not set(labels[0]) & set(labels[1])


@pytest.mark.parametrize("imported", ["wordpress"], indirect=True)
def test_the_block_editors_footnotes_lead_to_their_notes_and_back(imported):
    site, _, posts, out = imported
    page = parse_html(out / "posts/2016/02/native-wp.html").find("article", role="main")
    assert words(led_to(page, "1").get_text()) == "Bjornevik et al. 2022. \u21a9\ufe0e"
    assert words(led_to(page, "\u21a9\ufe0e").get_text()) == "EBV is necessary^1."


def test_the_report_says_which_links_are_kept_as_text(imported):
    _, report, _, _ = imported
    problems = "\n".join(report.problems)
    assert "a link to '#top' within the post is kept as its text: the post marks no such place" in problems
    assert "a link to '#ref1' within the post is kept as its text: a comment links only to web and mail addresses" \
        in problems  # a comment's, read against its post's address


def test_msblog_check_passes_the_imported_posts(imported, capsys):
    site, *_ = imported
    assert main(["check", "--site", str(site), "--strict"]) == 0, capsys.readouterr()

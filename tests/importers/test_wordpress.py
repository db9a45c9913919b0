"""WordPress's WXR export: approved comments publish, the rest are counted, threads kept."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from datetime import date, datetime

import pytest

from msblog.cli import main
from msblog.importers import wordpress
from msblog.importers.html_to_myst import html_to_myst
from msblog.importers.wordpress import Attachment, Media, as_wordpress_shows, read_wordpress
from msblog.model.dates import long_date
from msblog.model.discussion import read_discussion
from msblog.model.layout import Layout
from msblog.model.post import UNTITLED
from msblog.importers.run import import_export
from tests.helpers import TESTS, built_app, changed_export, import_fixtures, imported_site, new_site, parse_html

EXPORT = TESTS / "fixtures" / "exports" / "wordpress.xml"
POST = "2016/01/a-post-from-blogger"

imported, built = import_fixtures(read_wordpress, EXPORT)


def export_with(tmp_path, *changes: tuple[str, str]):
    """The fixture export with each ``(old, new)`` text replaced once."""
    return changed_export(EXPORT, tmp_path / "changed.xml", *changes, count=1)


def test_report_counts_withheld_comments_and_skipped_items(imported):
    _, report = imported
    assert report.posts == 2
    assert report.skipped == {"draft": 1, "page": 1}
    assert report.comments == 5
    assert report.withheld == {"spam": 1, "pending": 1, "trashed": 1}
    assert report.orphans == 1


def test_slug_from_the_blogger_address_wordpress_kept(imported):
    site, _ = imported
    text = (site / "posts" / f"{POST}.md").read_text()
    assert f"original_url: http://multiple-sclerosis-research.blogspot.com/{POST}.html" in text
    assert "author: Prof G" in text and "tags: Natalizumab, Research" in text
    assert "date: '2016-01-12T08:30:00+00:00'" in text
    assert "redirect: 2016/01/12/a-post-from-blogger/index" in text  # its WordPress address leads to it too
    native = (site / "posts" / "2016" / "02" / "native-wp.md").read_text()
    assert "original_url: https://profg.example/2016/02/03/native-wp/" in native and "redirect" not in native


def test_threads_follow_comment_parent(imported):
    site, _ = imported
    found = read_discussion(site / "comments" / f"{POST}.md", site)
    assert [(c.id, c.reply_to) for c in found.comments] == [("1", None), ("2", "1"), ("3", "2"), ("7", None), ("8", None)]
    assert found.comments[0].body == "Top comment.\n\nSecond paragraph."
    assert found.comments[0].time.isoformat() == "2016-01-12T10:00:00+00:00"
    assert "99" in found.comments[3].flag
    assert found.declared is None  # a WXR file does not say how many comments the page showed


def test_built_page_shows_only_approved_comments_and_nothing_live(built):
    page = parse_html(built.outdir / f"posts/{POST}.html")
    text = page.get_text()
    for withheld in ["SPAMWORD", "PENDINGWORD", "TRASHWORD"]:
        assert withheld not in text
    main = page.find("article", role="main")
    assert main.find_all(["script", "iframe", "svg", "b"]) == []
    assert not [t for t in main.find_all(True) if t.get("href", "").lower().startswith("javascript")]
    assert "<b>Mallory</b>" in text  # an author name with markup is shown as written
    assert "ünïcödé" in text and "Natalizumab & Tysabri – “curly” quotes" in " ".join(text.split())
    assert main.find("a", href="https://player.vimeo.com/video/1") is not None


CLASSIC = """A first paragraph,
on two lines.

A second, with <b>bold</b>.
<ul>
<li>one</li>
<li>two</li>
</ul>
After the list.

<pre>code

after a blank line</pre>

[caption id="attachment_5" align="aligncenter" width="300"]<img src="https://example.org/mri.jpg" alt="MRI" /> An MRI scan[/caption]

[embed]https://www.youtube.com/watch?v=abc[/embed]"""


def test_a_post_kept_with_bare_line_breaks_has_the_paragraphs_wordpress_shows(tmp_path):
    """WordPress's classic editor keeps a post as written, with blank lines between paragraphs, which its pages show
    as paragraphs (wpautop): so does the archive, with a line break, a list and code as written, a caption shortcode's
    image and caption, and an embed's address."""
    export = export_with(tmp_path, ("A post with no paragraph tags.", CLASSIC))
    site, report = imported_site(read_wordpress, export, tmp_path)
    text = next(path for path in (site / "posts").rglob("*.md") if "A first paragraph" in path.read_text()).read_text()
    body = text.split("# Written on WordPress\n\n", 1)[1]
    assert body == ("A first paragraph,  \non two lines.\n\nA second, with **bold**.\n\n- one\n- two\n\n"
                    "After the list.\n\n```\ncode\n\nafter a blank line\n```\n\n"
                    "![MRI](https://example.org/mri.jpg) An MRI scan\n\n"
                    "[https://www.youtube.com/watch?v\\=abc](https://www.youtube.com/watch?v=abc)\n")
    assert not [problem for problem in report.problems if "(post_id 14)" in problem]


def test_a_block_editor_post_keeps_its_own_paragraphs():
    written = "<!-- wp:paragraph -->\n<p>One\nline.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:paragraph -->\n<p>Two.</p>"
    assert as_wordpress_shows(written) == written
    assert as_wordpress_shows("One\nline.\n\nTwo.") == "<p>One<br />line.</p>\n<p>Two.</p>"


def test_a_block_editor_posts_caption_and_embed_shortcodes_are_shown_as_a_classic_posts():
    """WordPress runs a block editor post's shortcodes too (a shortcode or paragraph block's), after its blocks."""
    written = ("<!-- wp:shortcode -->\n[caption id=\"attachment_5\"]<img src=\"https://example.org/mri.jpg\" alt=\"MRI\" /> "
               "An MRI scan[/caption]\n<!-- /wp:shortcode -->\n\n<!-- wp:paragraph -->\n<p>[embed]https://www.youtube.com/"
               "watch?v=abc[/embed]</p>\n<!-- /wp:paragraph -->")
    assert html_to_myst(as_wordpress_shows(written)).text == (
        "![MRI](https://example.org/mri.jpg) An MRI scan\n\n"
        "[https://www.youtube.com/watch?v\\=abc](https://www.youtube.com/watch?v=abc)\n")


def test_a_shortcode_or_element_never_closed_is_text_in_the_paragraphs_around_it():
    assert as_wordpress_shows("[caption]An image\n\nnever closed.") == "<p>[caption]An image</p>\n<p>never closed.</p>"
    assert as_wordpress_shows("<!-- a comment\n\nnever closed") == "<p><!-- a comment</p>\n<p>never closed</p>"


def test_a_post_without_a_title_is_imported_and_its_heading_says_so(tmp_path):
    export = export_with(tmp_path, ("<title>Written on WordPress</title>", "<title></title>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    written = [path for path in (site / "posts").rglob("*.md") if f"\n# {UNTITLED}\n" in path.read_text()]
    assert len(written) == 1 and any("the post has no title" in p for p in report.problems)


def test_a_post_written_on_wordpress_passes_the_check(imported, capsys):
    site, _ = imported
    assert main(["check", "--site", str(site)]) == 0
    assert capsys.readouterr().out == ""


def test_links_to_the_wordpress_site_the_blog_moved_to_lead_into_the_archive(tmp_path, capsys):
    """With ``msblog_wordpress`` naming the WordPress site, a link to a post written there, or its address written
    out, leads to the post in the archive; one to a post not archived stays a link to the site, marked as leaving
    the archive, and msblog check lists it."""
    links = ('<p>See <a href="https://profg.example/2016/02/03/native-wp/">the WordPress post</a>, '
             'https://www.profg.example/2016/02/03/native-wp/ written out, and '
             '<a href="https://profg.example/2016/03/01/gone/">one not archived</a>.</p>')
    export = export_with(tmp_path, ("<script>alert('wp')</script>", links))
    site = new_site(tmp_path)
    (site / "conf.py").write_text((site / "conf.py").read_text() + '\nmsblog_wordpress = "profg.example"\n')
    report = import_export(read_wordpress, export, site)
    assert report.links_to_posts == 2 and not [problem for problem in report.problems if "msblog_wordpress" in problem]
    builds = built_app(site)
    page = parse_html(next(builds).outdir / f"posts/{POST}.html")
    builds.close()
    archived = page.select("a.archive-link")
    assert [a["href"] for a in archived] == ["../02/native-wp.html", "../02/native-wp.html"]
    leaving = page.select_one("a.leaves-archive")
    assert leaving["href"] == "https://profg.example/2016/03/01/gone/" and leaving.get_text() == "one not archived"
    assert main(["check", "--site", str(site)]) == 0
    assert "links to the original blog's post 2016/03/gone, which is not archived" in capsys.readouterr().out


def test_the_report_names_the_wordpress_site_the_layout_does_not(imported):
    """Links to posts written on WordPress lead into the archive only once conf.py names its site: the report says so."""
    _, report = imported
    assert ("1 post written on the WordPress site profg.example: links to them from other posts stay links to that "
            "site until conf.py sets msblog_wordpress = 'profg.example'") in "\n".join(report.problems)


def test_old_wordpress_and_blogger_addresses_redirect_to_the_new_pages(built):
    native = (built.outdir / "2016/02/03/native-wp/index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=../../../../posts/2016/02/native-wp.html"' in native
    assert (built.outdir / f"{POST}.html").is_file()
    kept = (built.outdir / "2016/01/12/a-post-from-blogger/index.html").read_text()
    assert f'http-equiv="refresh" content="0; url=../../../../posts/{POST}.html"' in kept


def test_dates_keep_the_blogs_time_zone(tmp_path):
    export = export_with(
        tmp_path,
        ("<wp:post_date><![CDATA[2016-01-12 08:30:00]]>", "<wp:post_date><![CDATA[2016-01-12 09:30:00]]>"),
        ("<wp:comment_date><![CDATA[2016-01-12 10:00:00]]>", "<wp:comment_date><![CDATA[2016-01-12 05:00:00]]>"),
    )
    post, first = list(read_wordpress(export, Layout()))[:2]
    assert post.post.date.isoformat() == "2016-01-12T09:30:00+01:00"
    assert first.time.isoformat() == "2016-01-12T05:00:00-05:00"


def test_a_local_time_without_its_gmt_twin_is_kept_without_a_time_zone(tmp_path):
    export = export_with(
        tmp_path,
        ("<wp:comment_date_gmt><![CDATA[2016-01-12 10:00:00]]></wp:comment_date_gmt>", ""),
        ("<pubDate>Wed, 03 Feb 2016 09:00:00 +0000</pubDate>", ""),
        ("<wp:post_date_gmt><![CDATA[2016-02-03 09:00:00]]></wp:post_date_gmt>",
         "<wp:post_date><![CDATA[2016-02-03 10:00:00]]></wp:post_date>"),
    )
    site, _ = imported_site(read_wordpress, export, tmp_path)
    [first] = [c for c in read_discussion(site / "comments" / f"{POST}.md", site).comments if c.id == "1"]
    assert first.time == datetime(2016, 1, 12, 10, 0)  # no zone: the source gives none
    assert ":time: 2016-01-12T10:00:00\n" in (site / "comments" / f"{POST}.md").read_text()
    assert "date: '2016-02-03T10:00:00'" in (site / "posts/2016/02/native-wp.md").read_text()
    assert long_date(first.time) == "Tuesday, 12 January 2016, 10:00"


def test_a_day_without_its_time_stays_a_day(tmp_path):
    """No midnight is made up: a post's local day, and a comment's day in UTC, each all the source gives."""
    export = export_with(
        tmp_path,
        ("<wp:post_date><![CDATA[2016-01-12 08:30:00]]>", "<wp:post_date><![CDATA[2016-01-12]]>"),
        ("<wp:post_date_gmt><![CDATA[2016-01-12 08:30:00]]></wp:post_date_gmt>", ""),
        ("<pubDate>Tue, 12 Jan 2016 08:30:00 +0000</pubDate>", ""),
        ("<wp:comment_date><![CDATA[2016-01-12 10:00:00]]></wp:comment_date><wp:comment_date_gmt><![CDATA[2016-01-12 "
         "10:00:00]]>", "<wp:comment_date_gmt><![CDATA[2016-01-12]]>"),
    )
    post, first = list(read_wordpress(export, Layout()))[:2]
    assert (post.post.date, first.time) == (date(2016, 1, 12), date(2016, 1, 12))
    assert not isinstance(post.post.date, datetime) and not isinstance(first.time, datetime)


def test_the_rss_date_comes_before_a_local_time_without_a_zone(tmp_path):
    export = export_with(tmp_path, ("<wp:post_date_gmt><![CDATA[2016-02-03 09:00:00]]></wp:post_date_gmt>",
                                    "<wp:post_date><![CDATA[2016-02-03 10:00:00]]></wp:post_date>"))
    post = next(p for p in read_wordpress(export, Layout()) if getattr(p, "post", None) and p.key == "14")
    assert post.post.date.isoformat() == "2016-02-03T09:00:00+00:00"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("<![CDATA[2016-02-03 09:00:00]]></wp:post_date_gmt>", "<![CDATA[12/01/2016 12:00]]></wp:post_date_gmt>",
         "post 14: wp:post_date_gmt '12/01/2016 12:00' is not a date and time (YYYY-MM-DD hh:mm:ss)"),
        ("<wp:post_date_gmt><![CDATA[2016-02-03 09:00:00]]></wp:post_date_gmt>\n  <wp:status>", "<wp:status>", None),
        ("<wp:comment_date_gmt><![CDATA[2016-01-12 11:00:00]]>", "<wp:comment_date_gmt><![CDATA[yesterday]]>",
         "comment 2: wp:comment_date_gmt 'yesterday' is not a date and time (YYYY-MM-DD hh:mm:ss)"),
        ("<wp:post_date><![CDATA[2016-01-12 08:30:00]]>", "<wp:post_date><![CDATA[2016-01-14 08:30:00]]>",
         "post 11: wp:post_date '2016-01-14 08:30:00' is not within a day of wp:post_date_gmt '2016-01-12 08:30:00'"),
    ],
)
def test_a_bad_date_names_file_line_field_and_value(tmp_path, capsys, old, new, expected):
    changes = [(old, new)]
    if expected is None:  # no wp:post_date_gmt: the RSS date is read
        changes.append(("Wed, 03 Feb 2016 09:00:00 +0000", "3rd of February"))
        expected = "post 14: pubDate '3rd of February' is not an RFC 822 date"
    export = export_with(tmp_path, *changes)
    text = export.read_text()
    line = text[:text.index(re.search("'(.+?)'", expected).group(1))].count("\n") + 1  # the bad value's line
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert f"changed.xml:{line}: {expected}" in capsys.readouterr().err


def test_a_reply_to_a_withheld_comment_says_so(tmp_path):
    export = export_with(tmp_path, ("<wp:comment_parent>99</wp:comment_parent>", "<wp:comment_parent>4</wp:comment_parent>"))
    site, _ = imported_site(read_wordpress, export, tmp_path)
    orphan = read_discussion(site / "comments" / f"{POST}.md", site).comments[3]
    assert orphan.id == "7" and orphan.reply_to is None
    assert orphan.flag == ("This is a reply to comment 4, which is not archived: "
                           "the original blog did not publish it, or its export lacks it.")


def test_a_label_or_author_with_a_comma_is_written_whole_and_flagged(tmp_path):
    export = export_with(tmp_path, ("<![CDATA[Natalizumab]]>", "<![CDATA[Natalizumab, Tysabri]]>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert "tags: Natalizumab, Tysabri, Research" in (site / "posts" / f"{POST}.md").read_text()
    flagged = [p for p in report.problems if "Natalizumab, Tysabri" in p]
    assert len(flagged) == 1 and flagged[0].startswith(f"{export}:") and "ABlog reads it as 2 names" in flagged[0]


def test_an_escaped_wordpress_slug_is_the_text_it_escapes(tmp_path):
    export = export_with(tmp_path, ("/2016/02/03/native-wp/", "/2016/02/03/caf%C3%A9-wp/"))
    site, _ = imported_site(read_wordpress, export, tmp_path)
    assert (site / "posts/2016/02/café-wp.md").is_file()
    out = tmp_path / "_build"  # a process of its own: this module's site is built in this one
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", str(site), str(out)], check=True)
    redirect = (out / "2016/02/03/café-wp/index.html").read_text()
    assert 'url=../../../../posts/2016/02/caf%C3%A9-wp.html"' in redirect  # the page the import wrote


XSS = "x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"


def link_line(export) -> int:
    """The line of the changed post's ``<link>``."""
    text = export.read_text()
    return text[:text.index("<link>https://profg.example/2016/02")].count("\n") + 1


@pytest.mark.parametrize(("slug", "written"), [
    (XSS, "x-img-src-x-onerror-alert-1"),
    (XSS.replace("%", "%25"), "x-22-3e-3cimg-20src-3dx-20onerror-3dalert-281-29-3e"),  # escaped twice
    ("..%2F..%2Fevil", "evil"),
    ("a%5Cb", "a-b"),
    ("line%0Abreak", "line-break"),
    ("tab%09nul%00end", "tab-nul-end"),
    ("bad%FF", "bad"),
    ("Native-WP", "native-wp"),
    ("%EF%BD%85vil", "evil"),  # a fullwidth e
    ("zero%E2%80%8Bwidth%E2%80%AE", "zerowidth"),
    ("-rf", "rf"),
    ("con", "con_"),
    ("x.md", "x-md"),
])
def test_a_slug_that_is_not_a_portable_file_name_is_made_one_and_reported(tmp_path, slug, written):
    export = export_with(tmp_path, ("/2016/02/03/native-wp/", f"/2016/02/03/{slug}/"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert sorted(p.relative_to(site / "posts").as_posix() for p in (site / "posts").rglob("*.md")) == [
        f"{POST}.md", f"2016/02/{written}.md"]
    problem = next(p for p in report.problems if "not a portable file name" in p)
    assert problem.startswith(f"{export}:{link_line(export) - 2} (post_id 14): the slug ")
    assert problem.endswith(f"The post is written as {written}, and its old address does not lead to it")
    assert "\n" not in problem and "\x00" not in problem


@pytest.mark.parametrize("slug", ["%2E%2E", "%3F%3F%3F", "%E2%80%8B", "%F0%9F%98%80", "---"])
def test_a_slug_with_no_letter_or_digit_is_refused(tmp_path, capsys, slug):
    export = export_with(tmp_path, ("/2016/02/03/native-wp/", f"/2016/02/03/{slug}/"))
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert f"changed.xml:{link_line(export)}: post 14: the slug of <link> " in capsys.readouterr().err
    assert not (site / "posts").exists()


def test_a_hostile_post_name_is_not_read(tmp_path):
    """The slug comes from the address; ``wp:post_name`` never names a file."""
    export = export_with(tmp_path, ("<![CDATA[a-post-from-blogger]]>", f"<![CDATA[{XSS}/../../x\n]]>"),
                         ("<wp:post_id>14</wp:post_id>", "<wp:post_id>14</wp:post_id><wp:post_name>../../evil</wp:post_name>"))
    site, _ = imported_site(read_wordpress, export, tmp_path)
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md") if p.parent != site) == [
        f"comments/{POST}.md", f"posts/{POST}.md", "posts/2016/02/native-wp.md"]


@pytest.mark.parametrize("link", [
    "javascript:alert(document.domain)//profg.example/2016/02/03/native-wp/",
    "JaVaScRiPt:alert(1)//profg.example/2016/02/03/native-wp/",
    "  javascript:alert(1)//profg.example/2016/02/03/native-wp/",
    "java&#x0A;script:alert(1)//profg.example/2016/02/03/native-wp/",
    "java&#9;script:alert(1)//profg.example/2016/02/03/native-wp/",
    "javascript&#58;alert(1)//profg.example/2016/02/03/native-wp/",
    "javascript&amp;#58;alert(1)//profg.example/2016/02/03/native-wp/",
    "%6Aavascript:alert(1)//profg.example/2016/02/03/native-wp/",
    "vbscript:msgbox(1)//profg.example/2016/02/03/native-wp/",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==//profg.example/2016/02/03/native-wp/",
    "file:///etc/passwd/2016/02/03/native-wp/",
    "//profg.example/2016/02/03/native-wp/",
    "/2016/02/03/native-wp/",
    "https://profg.example@evil.example/2016/02/03/native-wp/",
    "https://profg.example/2016/02/03/native-wp/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;/",
])
def test_a_link_that_is_not_a_web_address_is_refused_with_file_and_line(tmp_path, capsys, link):
    export = export_with(tmp_path, ("<link>https://profg.example/2016/02/03/native-wp/</link>", f"<link>{link}</link>"))
    text = export.read_text()
    line = text[:text.index(f"<link>{link}")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert f"changed.xml:{line}: post 14: <link> is not a web address (http or https, with a host, in URL characters): " \
        in capsys.readouterr().err
    assert not (site / "posts").exists()


@pytest.mark.parametrize("link", ["https://profg.example/?p=14", "https://profg.example/ms/hsct/"])
def test_a_link_that_is_not_a_post_address_is_refused_saying_so(tmp_path, capsys, link):
    """A WordPress address that is not a post's (plain permalinks, ``?p=14``) gives no file name: the error says so,
    not that the post has no address."""
    export = export_with(tmp_path, ("<link>https://profg.example/2016/02/03/native-wp/</link>", f"<link>{link}</link>"))
    text = export.read_text()
    line = text[:text.index(f"<link>{link}")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert f"changed.xml:{line}: post 14: <link> {link} is not a post's address (/YYYY/MM/DD/<slug>/ or " \
        "/YYYY/MM/<slug>/), which gives its file's name, and no blogger_permalink gives one" in capsys.readouterr().err
    assert not (site / "posts").exists()


@pytest.mark.parametrize(("field", "value", "why"), [
    ("blogger_permalink", "javascript:alert(1)//x/2016/01/a-post-from-blogger.html", "not a web address"),
    ("blogger_permalink", f"/2016/01/{XSS}.html", "not a blog post address"),
    ("blogger_permalink", "/2016/01/A-Post-From-Blogger.html", "is not a portable file name"),
    ("blogger_permalink", "/2016/01/a-post\nfrom-blogger.html", "not a web address"),
    ("blogger_blog", "evil.example/\"><script>alert(1)</script>", "not a web address"),
    ("blogger_blog", "x@evil.example", "not a web address"),
])
def test_a_blogger_address_that_is_not_one_is_reported_and_the_wordpress_address_kept(tmp_path, field, value, why):
    kept = {"blogger_permalink": "/2016/01/a-post-from-blogger.html",
            "blogger_blog": "multiple-sclerosis-research.blogspot.com"}
    export = export_with(tmp_path, (f"<![CDATA[{kept[field]}]]>", f"<![CDATA[{value}]]>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    text = (site / "posts/2016/01/a-post-from-blogger.md").read_text()
    assert "original_url: https://profg.example/2016/01/12/a-post-from-blogger/" in text
    assert "<script" not in text and "javascript" not in text
    [problem] = [p for p in report.problems if "blogger_permalink" in p]
    assert problem.startswith(f"{export}:6 (post_id 11): blogger_permalink {(kept | {field: value})['blogger_permalink']!r}")
    assert why in problem and problem.endswith("; the WordPress address is kept")


def test_a_wordpress_address_the_site_cannot_serve_is_reported_for_a_post_kept_at_its_blogger_address(tmp_path):
    link = "https://profg.example/2016/01/12/a-post-from-blogger/"
    export = export_with(tmp_path, (f"<link>{link}</link>", "<link>https://profg.example/2016/01/12/Caf%C3%A9-CON/</link>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    text = (site / "posts/2016/01/a-post-from-blogger.md").read_text()
    assert "original_url: http://multiple-sclerosis-research.blogspot.com/2016/01/a-post-from-blogger.html" in text
    assert "redirect" not in text
    assert any("the WordPress address https://profg.example/2016/01/12/Caf%C3%A9-CON/ does not lead to the post: its "
               "slug is not a portable file name" in problem for problem in report.problems)


def with_password(tmp_path, password: str):
    """The fixture export with ``password`` in the first post's ``wp:post_password``."""
    field = f"<wp:post_password>{password}</wp:post_password>"
    return export_with(tmp_path, ("<wp:post_id>11</wp:post_id>", f"<wp:post_id>11</wp:post_id>{field}"))


@pytest.mark.parametrize("password", ["secret", " ", "<![CDATA[0]]>"])
def test_a_password_protected_post_is_withheld_and_counted_with_its_comments(tmp_path, capsys, password):
    export = with_password(tmp_path, password)
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 0
    out = capsys.readouterr().out
    assert "Posts imported: 1" in out
    assert "Items skipped: 1 draft, 1 page, 1 password-protected" in out
    assert "Comments published: 0 " in out
    assert "Comments withheld: 8 for a post that is not imported (password-protected)" in out
    written = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.md") if p.parent != site)
    assert written == ["posts/2016/02/native-wp.md"]


def test_a_post_with_an_empty_password_is_published(tmp_path):
    _, report = imported_site(read_wordpress, with_password(tmp_path, "<![CDATA[]]>"), tmp_path)
    assert report.posts == 2 and report.comments == 5 and "password-protected" not in report.skipped


def test_comments_of_a_draft_are_counted_never_published(tmp_path):
    comment = EXPORT.read_text().split("<wp:comment>")[1].split("</wp:comment>")[0].replace(">1<", ">71<", 1)
    export = export_with(tmp_path, ("<wp:post_id>12</wp:post_id>", f"<wp:post_id>12</wp:post_id>\n<wp:comment>{comment}</wp:comment>"))
    _, report = imported_site(read_wordpress, export, tmp_path)
    assert report.withheld["for a post that is not imported (draft)"] == 1


def test_names_and_titles_are_cleaned(tmp_path):
    export = export_with(
        tmp_path,
        ("<title>A post from Blogger, kept", "<title>A post from\nBlogger,\u200b kept"),
        ("<![CDATA[Prof G]]>", "<![CDATA[Prof\u200b G\t]]>"),
        ("<![CDATA[Research]]>", "<![CDATA[Rese\u200darch\t]]>"),
        ("<![CDATA[Alice]]>", "<![CDATA[Ali\u200bce\n]]>"),
    )
    site, _ = imported_site(read_wordpress, export, tmp_path)
    text = (site / "posts" / f"{POST}.md").read_text()
    assert "\n# A post from Blogger, kept on WordPress\n" in text
    assert "author: Prof G\n" in text and "tags: Natalizumab, Research\n" in text
    assert read_discussion(site / "comments" / f"{POST}.md", site).comments[0].author == "Alice"


def test_a_tag_of_invisible_characters_only_is_left_out_and_reported(tmp_path):
    export = export_with(tmp_path, ("<![CDATA[Research]]>", "<![CDATA[\u200b\u2060]]>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert "tags: Natalizumab\n" in (site / "posts" / f"{POST}.md").read_text()
    assert f"{export}:6 (post_id 11): a tag or category of invisible characters only is left out" in report.problems


# An id that is not a comment id, which would write lines of its own into the discussion file: an author, a comment.
INJECTED = "5\n:author: Prof G\n\nGreat post.\n:::\n\n:::{comment} 999\n:author: Prof G\n\nBuy these pills."


@pytest.mark.parametrize("field", ["comment_parent", "comment_id"])
def test_a_comment_id_or_parent_that_is_no_id_is_refused_at_its_line(tmp_path, capsys, field):
    old = {"comment_parent": "<wp:comment_parent>99</wp:comment_parent>", "comment_id": "<wp:comment_id>7</wp:comment_id>"}[field]
    export = export_with(tmp_path, (old, f"<wp:{field}>{INJECTED}</wp:{field}>"))
    line = export.read_text()[:export.read_text().index(f"<wp:{field}>5\n")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert f"changed.xml:{line}: " in err and f"wp:{field}" in err and "is not a comment id" in err
    assert not (site / "comments").exists()


def test_markup_inside_a_comment_is_refused_at_its_line_not_cut_off(tmp_path, capsys):
    export = export_with(tmp_path, ("<![CDATA[Three deep.]]>", "Three <?php echo 1 ?> deep, and the rest."))
    line = export.read_text()[:export.read_text().index("<?php")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert f"changed.xml:{line}: <wp:comment_content> holds a processing instruction <?php" in capsys.readouterr().err


@pytest.mark.parametrize("gmt", ["2016-01-12 08:29:59", "2016-01-12 08:30:00.5"])
def test_a_local_time_and_its_gmt_twin_apart_by_other_than_whole_minutes_name_their_line(tmp_path, capsys, gmt):
    """Their difference is the blog's time zone, and no zone is seconds: one such would be made up (and ABlog cannot
    read it)."""
    export = export_with(tmp_path, ("<wp:post_date_gmt><![CDATA[2016-01-12 08:30:00]]>",
                                    f"<wp:post_date_gmt><![CDATA[{gmt}]]>"))
    line = export.read_text()[:export.read_text().index("<wp:post_date>")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "wordpress", str(export), "--site", str(site)]) == 1
    assert (f"changed.xml:{line}: post 11: wp:post_date '2016-01-12 08:30:00' and wp:post_date_gmt '{gmt}' are not "
            "apart by whole minutes, as a time zone is") in capsys.readouterr().err


def test_two_slugs_one_file_on_a_disk_that_ignores_case_keep_the_first(tmp_path):
    """'σοφιας' and 'σοφιασ' are two names here, and one on a disk that ignores case (as a Windows checkout's)."""
    export = export_with(tmp_path, ("/2016/02/03/native-wp/", "/2016/02/03/%CF%83%CE%BF%CF%86%CE%B9%CE%B1%CF%82/"),
                         ("<wp:post_id>12</wp:post_id>\n  <wp:status><![CDATA[draft]]>",
                          "<link>https://profg.example/2016/02/04/%CF%83%CE%BF%CF%86%CE%B9%CE%B1%CF%83/</link>"
                          "<wp:post_id>12</wp:post_id>\n  <wp:post_date_gmt>2016-02-04 09:00:00</wp:post_date_gmt>"
                          "<wp:status><![CDATA[publish]]>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert sorted(p.name for p in (site / "posts" / "2016" / "02").glob("*.md")) == ["σοφιασ.md"]  # first in the file
    assert any("a second post at 2016/02/σοφιας, the same file as 2016/02/σοφιασ on a disk that ignores case; left out"
               in problem for problem in report.problems)


def test_a_slug_that_is_an_archived_posts_file_on_a_disk_that_ignores_case_is_left_out(tmp_path):
    site, _ = imported_site(read_wordpress, export_with(tmp_path, ("/2016/02/03/native-wp/", "/2016/02/03/%CF%83%CE%BF%CF%86%CE%B9%CE%B1%CF%82/")),
                            tmp_path)
    export = changed_export(EXPORT, tmp_path / "again.xml", ("/2016/02/03/native-wp/", "/2016/02/03/%CF%83%CE%BF%CF%86%CE%B9%CE%B1%CF%83/"))
    report = import_export(read_wordpress, export, site)
    assert sorted(p.name for p in (site / "posts" / "2016" / "02").glob("*.md")) == ["σοφιας.md"]
    assert any("the same file as 2016/02/σοφιας on a disk that ignores case" in problem for problem in report.problems)


def test_titles_tags_and_names_show_the_characters_their_html_refers_to(tmp_path):
    """WordPress keeps a category's or commenter's "&" as "&amp;" and, since 5.7, exports a title escaped in CDATA:
    the archive shows what WordPress's pages show, and a reference HTML does not define as written."""
    export = export_with(
        tmp_path,
        ("<title>A post from Blogger, kept on WordPress</title>",
         "<title><![CDATA[Caf&eacute; &amp; MS &#8211; &#8220;why&#8221; &xxe;]]></title>"),
        ("<![CDATA[Research]]>", "<![CDATA[Diet &amp; Lifestyle]]>"),
        ("<![CDATA[Alice]]>", "<![CDATA[Tom &amp; Jerry &raquo; blog]]>"),
    )
    site, _ = imported_site(read_wordpress, export, tmp_path)
    text = (site / "posts" / f"{POST}.md").read_text()
    assert "\n# Café \\& MS – “why” \\&xxe;\n" in text
    assert "tags: Natalizumab, Diet & Lifestyle\n" in text
    assert read_discussion(site / "comments" / f"{POST}.md", site).comments[0].author == "Tom & Jerry » blog"


def test_a_post_names_its_author_as_wordpress_shows_them_not_by_their_login(tmp_path):
    """An item's dc:creator is its author's login; WordPress's pages show the display name of the channel's
    wp:author with that login. A post brought from Blogger keeps the name Blogger gave."""
    author = ("<wp:author><wp:author_id>2</wp:author_id><wp:author_login><![CDATA[MouseDoctor]]></wp:author_login>"
              "<wp:author_display_name><![CDATA[The Mouse &amp; Doctor]]></wp:author_display_name></wp:author>")
    export = export_with(tmp_path, ("<wp:wxr_version>1.2</wp:wxr_version>", f"<wp:wxr_version>1.2</wp:wxr_version>{author}"),
                         ("<![CDATA[wpadmin]]>", "<![CDATA[MouseDoctor]]>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert "author: The Mouse & Doctor\n" in (site / "posts/2016/02/native-wp.md").read_text()
    assert "author: Prof G\n" in (site / "posts" / f"{POST}.md").read_text()
    assert report.posts == 2 and report.skipped == {"draft": 1, "page": 1}


FOOTNOTES = ('<!-- wp:paragraph -->\n<p>EBV is necessary<sup data-fn="2a7b" class="fn"><a href="#2a7b" id="2a7b-link">1</a>'
             '</sup>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->')
FOOTNOTES_META = ('<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA[[{"content":'
                  '"Bjornevik et al. <em>Science<\\/em> 2022.","id":"2a7b"},{"content":"Ascherio & Munger.","id":"9c1d"}]]]>'
                  '</wp:meta_value></wp:postmeta>')


def test_the_block_editors_footnotes_are_listed_where_their_block_stands(tmp_path):
    """WordPress 6.3 keeps a post's footnotes in its ``footnotes`` meta field, and its footnotes block shows them; each
    mark, its note's number raised, links to its note, which links back to it (a note no mark names, to none)."""
    export = export_with(tmp_path, ("A post with no paragraph tags.", FOOTNOTES),
                         ("<wp:post_id>14</wp:post_id>", f"<wp:post_id>14</wp:post_id>{FOOTNOTES_META}"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    body = (site / "posts/2016/02/native-wp.md").read_text().split("# Written on WordPress\n\n", 1)[1]
    assert body == ("(2016/02/native-wp/2a7b-link)=\nEBV is necessary^[1](#2016/02/native-wp/2a7b).\n\n"
                    "1. (2016/02/native-wp/2a7b)=\n   Bjornevik et al. *Science* 2022\\. "
                    "[\u21a9\ufe0e](#2016/02/native-wp/2a7b-link)\n"
                    "2. Ascherio \\& Munger.\n")
    assert not [problem for problem in report.problems if "(post_id 14)" in problem]


@pytest.mark.parametrize(("written", "shown"), [
    # a tag's attributes on lines of their own: the tag stays whole, its link or image with it
    ('See <a href="https://example.org/x"\ntitle="A paper">the paper</a>.', 'See [the paper](https://example.org/x "A paper").'),
    ('<img src="https://example.org/mri.jpg"\n     alt="An MRI scan" />', "![An MRI scan](https://example.org/mri.jpg)"),
    # a post brought from Blogger: its <br /> ends a line already, and two in a row part paragraphs
    ("One.<br />\nTwo.<br />\n<br />\nThree.", "One.  \nTwo.\n\nThree."),
    # a line break inside a quotation, a list item or a paragraph of its own is one
    ("<blockquote>A quote\non two lines</blockquote>", "> A quote  \n> on two lines"),
    ("<ul>\n<li>an item\non two lines</li>\n</ul>", "- an item  \n  on two lines"),
    ("<p>A paragraph\non two lines</p>", "A paragraph  \non two lines"),
])
def test_a_classic_posts_line_breaks_are_those_wordpress_shows(written, shown):
    assert html_to_myst(as_wordpress_shows(written)).text == shown + "\n"


EMBED_BLOCK = ('<!-- wp:embed {"url":"https://www.youtube.com/watch?v=abc","type":"video"} -->\n<figure class="wp-block-embed '
               'is-type-video is-provider-youtube"><div class="wp-block-embed__wrapper">\nhttps://www.youtube.com/watch?v=abc\n'
               '</div><figcaption class="wp-element-caption">The talk</figcaption></figure>\n<!-- /wp:embed -->')


@pytest.mark.parametrize(("written", "shown"), [
    (EMBED_BLOCK, "[https://www.youtube.com/watch?v\\=abc](https://www.youtube.com/watch?v=abc)\n\nThe talk"),
    ("<!-- wp:paragraph -->\n<p>https://twitter.com/ProfG/status/1</p>\n<!-- /wp:paragraph -->",
     "<https://twitter.com/ProfG/status/1>"),
    ("Watch this:\nhttps://youtu.be/abc\n\nand https://example.org in a sentence.",
     "Watch this:  \n<https://youtu.be/abc>\n\nand https://example.org in a sentence."),
    ("<pre>\nhttps://example.org/as/written\n</pre>", "```\nhttps://example.org/as/written\n```"),
])
def test_an_address_wordpress_embeds_is_a_link_to_it(written, shown):
    """WordPress shows an address alone on its line or in its paragraph, as its embed block holds one, as the video or
    post it embeds (or a link): the archive links it, as it links an embed's address."""
    assert html_to_myst(as_wordpress_shows(written)).text == shown + "\n"


def pingback_from(tmp_path, address: str):
    """The fixture's first comment made a pingback from ``address``, imported: its text, and the report."""
    export = export_with(tmp_path, ("<wp:comment_type><![CDATA[comment]]></wp:comment_type>",
                                    "<wp:comment_type><![CDATA[pingback]]></wp:comment_type><wp:comment_author_url>"
                                    f"{address}</wp:comment_author_url>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    return read_discussion(site / "comments" / f"{POST}.md", site).comments[0].body, report, export


def test_a_pingback_or_trackback_names_the_page_it_came_from(tmp_path):
    """WordPress shows a pingback as a link to the page that linked the post (its comment_author_url)."""
    body, _, _ = pingback_from(tmp_path, "https://other.example/ebv/")
    assert body == "Pingback from <https://other.example/ebv/>\n\nTop comment.\n\nSecond paragraph."


def test_a_pingback_from_an_address_that_is_not_a_web_one_says_so(tmp_path):
    """A pingback's comment_author_url that is no web address is never a link, and the report says it is left out."""
    body, report, export = pingback_from(tmp_path, "javascript:alert(1)")
    assert body == "Top comment.\n\nSecond paragraph."
    assert [problem for problem in report.problems if "javascript" in problem] == [
        f"{export}:23 (comment_id 1): the pingback's comment_author_url 'javascript:alert(1)' is not a web address "
        "(http or https, with a host, in URL characters): the page it came from is left out"]


@pytest.mark.parametrize(("written", "shown"), [
    ("See http://example.org/a. Or https://example.org/b?", "See <http://example.org/a>. Or <https://example.org/b>?"),
    # a ")" is part of an address only when a "(" in it pairs it
    ("(https://en.wikipedia.org/wiki/Foo_(bar)) and (https://example.org/a)",
     "([https://en.wikipedia.org/wiki/Foo\\_(bar)](https://en.wikipedia.org/wiki/Foo_%28bar%29)) and (<https://example.org/a>)"),
    # punctuation followed by more of the address is part of it
    ("Two: http://example.org/a,b;c, then", "Two: <http://example.org/a,b;c>, then"),
    ("www.example.org/x, and WWW.EXAMPLE.NET.", "<http://www.example.org/x>, and <http://WWW.EXAMPLE.NET>."),
    ("https://de.wikipedia.org/wiki/Müller_(Familienname)? Yes", "[https://de.wikipedia.org/wiki/Müller\\_(Familienname)]"
     "(https://de.wikipedia.org/wiki/Müller_%28Familienname%29)? Yes"),
    # alone on its line, as a post's would be embedded, but with make_clickable's end
    ("The paper:\nhttps://example.org/paper.", "The paper:  \n<https://example.org/paper>."),
    # none in a link, in code, after a quotation mark, or of no more than its scheme
    ('<a href="https://example.org">see http://example.net</a> <code>http://example.com</code>',
     "[see http://example.net](https://example.org) `http://example.com`"),
    ('"http://example.org" and https:// alone', '"http://example.org" and https:// alone'),
    ("<http://example.org>", "\\<<http://example.org>\\>"),
    # an e-mail address after white space or a tag, to its last dot but one, leads to mailto:
    ("Write to Ms.Smith+ms@Mail.Example.org. Or <b>a_b@example.co.uk</b>",
     "Write to [Ms.Smith\\+ms@Mail.Example.org](mailto:Ms.Smith+ms@Mail.Example.org). Or "
     "**[a\\_b@example.co.uk](mailto:a_b@example.co.uk)**"),
    # none after punctuation, in a link, or in a www. address, which is linked whole
    ("(a@example.org) mailto:b@example.org www.me@example.org",
     "(a@example.org) mailto:b@example.org <http://www.me@example.org>"),
    ('<a href="https://example.org">a@example.org</a> <code>b@example.org</code>',
     "[a@example.org](https://example.org) `b@example.org`"),
])
def test_an_address_in_a_comment_is_a_link_where_wordpress_makes_one(written, shown):
    """WordPress shows a comment's text through make_clickable, which links the addresses in it, not through its embeds:
    a comment's address is a link, its trailing punctuation not part of it, and so is an e-mail address."""
    assert html_to_myst(as_wordpress_shows(written, comment=True)).text == shown + "\n"


@pytest.mark.parametrize("written", ["javascript:alert(1)", "javascript://example.org/%0Aalert(1)", "file:///etc/passwd",
                                     "../../conf.py", "ftp://example.org/file", "//example.org/x"])
def test_an_address_in_a_comment_that_is_not_a_web_address_stays_text(written):
    conversion = html_to_myst(as_wordpress_shows(f"See {written} now.", comment=True))
    assert conversion.text == f"See {written} now.\n" and not conversion.warnings


def test_an_address_in_a_comment_holding_markup_links_its_characters_never_markup():
    written = "See https://example.org/&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt; now"
    shown = html_to_myst(as_wordpress_shows(written, comment=True)).text
    assert shown == ('See [https://example.org/"\\>\\<script\\>alert(1)\\</script\\>]'
                     "(https://example.org/%22%3E%3Cscript%3Ealert%281%29%3C/script%3E); now\n")


@pytest.mark.parametrize(("written", "shown"), [
    ('[audio mp3="https://profg.example/wp-content/uploads/2016/01/my%20talk.mp3"][/audio]',
     "[Audio: my talk.mp3](https://profg.example/wp-content/uploads/2016/01/my%20talk.mp3)"),
    # the first file WordPress reads, of those its editor writes in turn
    ('Watch [video width="640" mp4="https://example.org/v.mp4" webm="https://example.org/v.webm"][/video] now.',
     "Watch [Video: v.mp4](https://example.org/v.mp4) now."),
    ("[video src=https://example.org/talk.webm?t=1&amp;s=2 /]", "[Video: talk.webm](https://example.org/talk.webm?t=1&s=2)"),
    # in double brackets, WordPress's way to write a shortcode as text
    ('[[audio src="https://example.org/a.mp3"]]', '\\[audio src\\="https://example.org/a.mp3"\\]'),
])
def test_an_audio_or_video_shortcode_is_a_link_to_its_file(written, shown):
    """WordPress shows a player for an [audio] or [video] shortcode, and a link to the file where it cannot play it:
    the archive shows the link."""
    media = Media()
    assert html_to_myst(as_wordpress_shows(written, media=media)).text == shown + "\n"
    assert not media.warnings


@pytest.mark.parametrize(("written", "why"), [
    ('[audio src="javascript:alert(1)"]', "'javascript:alert(1)' is not a web address"),
    ('[video mp4="file:///etc/passwd"][/video]', "'file:///etc/passwd' is not a web address"),
    ('[audio mp3="../../conf.py"]', "'../../conf.py' is not a web address"),
    ("[video https://example.org/v.mp4]", "'https://example.org/v.mp4' is no attribute"),
    ('[audio src="https://example.org/<!-- x -->a.mp3"]', "it holds a comment or code"),
])
def test_a_media_shortcode_that_cannot_be_read_stays_text_and_is_reported(written, why):
    media = Media()
    text = html_to_myst(as_wordpress_shows(written, media=media)).text
    assert text.startswith("\\[") and "](" not in text
    [warning] = media.warnings
    assert warning.startswith("the shortcode '[") and f"' is kept as text: {why}" in warning


def test_text_a_media_shortcode_encloses_is_left_out_as_wordpress_shows_it_and_reported():
    """WordPress shows no text between [audio] and a later [/audio]: an [audio] never closed where it stands takes
    the paragraphs up to one, which the report names."""
    written = ('<p>Listen [audio src="https://example.org/talk.mp3"] to the talk.</p><p>It is long.</p>'
               '<p>[audio src="https://example.org/b.mp3"][/audio] Done.</p>')
    media = Media()
    assert html_to_myst(as_wordpress_shows(written, media=media)).text == \
        "Listen [Audio: talk.mp3](https://example.org/talk.mp3) Done.\n"
    assert media.warnings == ["the text a [audio] shortcode encloses up to its [/audio], 'to the talk. It is long. "
                              "[audio src=\"https://example.org/b.mp3\"]', is left out, as WordPress shows it"]


class TriedOn:
    """A pattern that adds up the length of the text each of its matches is tried on."""

    def __init__(self, pattern: re.Pattern):
        self.pattern, self.characters = pattern, 0

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        self.characters += min(endpos, len(text)) - pos
        return self.pattern.match(text, pos, endpos)


NO_FILE = ("the [audio] shortcode names no file (src=, mp3=, ogg=, flac=, m4a=, wav=), and the export holds no audio file "
           "attached to post , which WordPress then plays: it shows nothing")


@pytest.mark.parametrize("written, shown, warnings", [
    ("[[audio " * 10_000, "<p>" + "[[audio " * 9_999 + "[[audio</p>", []),
    ("[audio]" * 40_000, "", [NO_FILE] * 40_000),
    ("[video /" * 10_000, "<p>" + "[video /" * 10_000 + "</p>", []),
])
def test_media_shortcodes_never_closed_are_each_matched_only_as_far_as_their_end(monkeypatch, written, shown, warnings):
    """A shortcode's "]", or its closing tag, looked for again from each shortcode took 30 to 60 s here (WordPress's own
    pattern, matched from each place, scans the rest of the text for each); the benchmark (`msblog bench linear`)
    times the reading at two sizes."""
    pattern = TriedOn(wordpress._MEDIA)
    monkeypatch.setattr(wordpress, "_MEDIA", pattern)
    media = Media()
    assert as_wordpress_shows(written, media=media) == shown and media.warnings == warnings
    assert pattern.characters <= 2 * len(written)


@pytest.mark.parametrize("written", ['[audio src="https://example.org/a.mp3"]', "[embed]https://example.org/v[/embed]",
                                     '[caption id="attachment_5"]<img src="https://example.org/mri.jpg" alt="MRI" /> '
                                     "An MRI scan[/caption]"])
def test_a_shortcode_in_a_comment_is_text_as_wordpress_shows_it(written):
    """WordPress runs no shortcode in a comment's text, nor embeds its addresses: it shows them as written."""
    assert as_wordpress_shows(written, comment=True) == f"<p>{written}</p>"


def test_a_media_shortcode_kept_as_text_is_reported_at_its_post(tmp_path):
    export = export_with(tmp_path, ("A post with no paragraph tags.", '[audio src="javascript:alert(1)"]'))
    site, report = imported_site(read_wordpress, export, tmp_path)
    assert '\\[audio src\\="javascript:alert(1)"\\]' in (site / "posts/2016/02/native-wp.md").read_text()
    item = export.read_text()[:export.read_text().index("<title>Written on WordPress")].count("\n")  # its <item>'s line
    assert any(problem.startswith(f"{export}:{item} (post_id 14): the shortcode '[audio src=\"javascript:alert(1)\"]' is "
                                  "kept as text: 'javascript:alert(1)' is not a web address") for problem in report.problems)


MEDIA_ATTACHMENTS = {attachment.key: attachment for attachment in [
    Attachment("41", "https://profg.example/wp-content/uploads/later.ogg", parent="14", order=2),
    Attachment("42", "https://profg.example/wp-content/uploads/second.mp3", parent="14", order=1),
    Attachment("9", "https://profg.example/wp-content/uploads/first.mp3?v=2", parent="14", order=1),
    Attachment("50", "https://profg.example/wp-content/uploads/other-post.mp3", parent="15"),
    Attachment("51", "https://profg.example/wp-content/uploads/scan.jpg", parent="14", order=-1),
    Attachment("44", "https://profg.example/wp-content/uploads/talk.webm", parent="14", order=3),
]}


@pytest.mark.parametrize(("written", "shown"), [
    ("[audio]", "[Audio: first.mp3](https://profg.example/wp-content/uploads/first.mp3?v=2)"),
    ('Watch [video width="640"][/video] now.', "Watch [Video: talk.webm](https://profg.example/wp-content/uploads/talk.webm) now."),
])
def test_an_audio_or_video_shortcode_naming_no_file_plays_the_first_of_its_kind_attached_to_the_post(written, shown):
    """WordPress then plays the first audio (or video) file uploaded to the post, by menu order, then id."""
    media = Media(post="14", attachments=lambda: MEDIA_ATTACHMENTS)
    assert html_to_myst(as_wordpress_shows(written, media=media)).text == shown + "\n"
    assert not media.warnings


def test_an_audio_shortcode_naming_no_file_with_none_attached_shows_nothing_as_wordpress_and_is_reported():
    media = Media(post="15", attachments=lambda: MEDIA_ATTACHMENTS)
    assert html_to_myst(as_wordpress_shows("Listen: [video]", media=media)).text == "Listen:\n"
    assert media.warnings == ["the [video] shortcode names no file (src=, mp4=, m4v=, webm=, ogv=, flv=), and the export "
                              "holds no video file attached to post 15, which WordPress then plays: it shows nothing"]


ATTACHMENTS = {attachment.key: attachment for attachment in [
    Attachment("21", "https://profg.example/wp-content/uploads/a.jpg", "First scan", parent="14", order=2),
    Attachment("22", "https://profg.example/wp-content/uploads/b.png", "", parent="14", order=1),
    Attachment("23", "https://profg.example/wp-content/uploads/paper.pdf", "A paper", parent="14"),
    Attachment("24", "https://profg.example/wp-content/uploads/c.gif", "Another post's", parent="9"),
]}
A, B, C = ("![First scan](https://profg.example/wp-content/uploads/a.jpg)", "![](https://profg.example/wp-content/uploads/b.png)",
           "![Another post's](https://profg.example/wp-content/uploads/c.gif)")


@pytest.mark.parametrize(("written", "shown", "warned"), [
    # the attachments its ids name, in their order, each once; those the export does not hold left out, and said
    ('[gallery ids="22, 21,99,21"]', f"{B}\n\n{A}", "the gallery's attachment 99 is not in the export; left out"),
    ('[gallery ids="23,21"]', A, "the gallery's attachment 23 is no image ('https://profg.example/wp-content/uploads/"
                                 "paper.pdf'), which a gallery shows only; left out"),
    ('[gallery ids="21,22" orderby="title"]', f"{A}\n\n{B}", "the gallery's order (orderby='title') is not kept: its "
                                                               "images are shown in the order of its ids"),
    # without ids, the images attached to the post, by their menu order, then id
    ('[gallery columns="2" size="medium"]', f"{B}\n\n{A}", None),
    ('[gallery order="DESC"]', f"{A}\n\n{B}", None),
    ('[gallery include="21,22"]', f"{B}\n\n{A}", None),
    ('[gallery exclude="22"]', A, None),
    ('[gallery id="9"]', C, None),
    ('[gallery id="77"]', "", "the gallery shows the images attached to post 77, and the export holds none; it shows nothing"),
    ('Before [gallery ids="21"] after.', f"Before\n\n{A}\n\nafter.", None),
    ("[[gallery]]", "\\[gallery\\]", None),
])
def test_a_gallery_shows_the_images_of_its_attachments(written, shown, warned):
    """WordPress's gallery shows the images its ids name, or those attached to the post, each with its alt text,
    caption or title as its alt text."""
    media = Media(post="14", attachments=lambda: ATTACHMENTS)
    assert html_to_myst(as_wordpress_shows(written, media=media)).text == shown + "\n"
    assert media.warnings == ([warned] if warned else [])


@pytest.mark.parametrize(("url", "why"), [("javascript:alert(1)//a.jpg", "'javascript:alert(1)//a.jpg'"),
                                          ("file:///etc/passwd.png", "'file:///etc/passwd.png'"),
                                          ("../../conf.png", "'../../conf.png'")])
def test_a_gallery_image_whose_address_is_no_web_address_is_left_out_and_said(url, why):
    media = Media(post="14", attachments=lambda: {"31": Attachment("31", url, "hostile", parent="14")})
    assert as_wordpress_shows("[gallery]", media=media) == ""
    assert media.warnings == [f"the gallery's attachment 31 has the address {why}, not a web address (http or https); "
                              "left out"]


@pytest.mark.parametrize(("written", "why"), [('[gallery ids="1,x"]', "ids='1,x' is not a list of ids"),
                                              ('[gallery exclude="-3"]', "exclude='-3' is not a list of ids"),
                                              ("[gallery 21,22]", "'21,22' is no attribute (name=\"value\")")])
def test_a_gallery_that_cannot_be_read_stays_text_and_is_reported(written, why):
    media = Media(post="14", attachments=lambda: ATTACHMENTS)
    assert html_to_myst(as_wordpress_shows(written, media=media)).text.startswith("\\[gallery")
    assert media.warnings == [f"the shortcode {written!r} is kept as text: {why}"]


def attachment_item(key: int, url: str, parent: int, order: int = 0, title: str = "", caption: str = "",
                    alt: str = "") -> str:
    """An attachment as WordPress exports it: an item of its own."""
    meta = (f"<wp:postmeta><wp:meta_key><![CDATA[_wp_attachment_image_alt]]></wp:meta_key><wp:meta_value><![CDATA[{alt}]]>"
            "</wp:meta_value></wp:postmeta>") if alt else ""
    return (f"<item><title>{title}</title><excerpt:encoded><![CDATA[{caption}]]></excerpt:encoded><wp:post_id>{key}"
            f"</wp:post_id><wp:post_parent>{parent}</wp:post_parent><wp:menu_order>{order}</wp:menu_order><wp:status>"
            "<![CDATA[inherit]]></wp:status><wp:post_type><![CDATA[attachment]]></wp:post_type><wp:attachment_url>"
            f"<![CDATA[{url}]]></wp:attachment_url>{meta}</item>\n")


UPLOADS = "https://profg.example/wp-content/uploads/2016/02"
GALLERY_ITEMS = (attachment_item(31, f"{UPLOADS}/mri.jpg", 14, 1, title="mri", caption="An MRI <em>scan</em> &amp; more")
                 + attachment_item(32, f"{UPLOADS}/brain.png", 14, 0, title="Brain", alt="A brain")
                 + attachment_item(33, f"{UPLOADS}/third.jpg", 14, 2, title="Third &amp; last")
                 + attachment_item(34, f"{UPLOADS}/paper.pdf", 14, 3, title="A paper"))


def test_a_gallery_shows_attachments_the_export_holds_after_its_post(tmp_path):
    """WordPress writes an attachment after the post it was uploaded to as often as before it: the import finds it."""
    export = export_with(tmp_path, ("A post with no paragraph tags.", '[gallery ids="32,31,99"]\n\n[gallery]'),
                         ("</channel>", f"{GALLERY_ITEMS}</channel>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    body = (site / "posts/2016/02/native-wp.md").read_text().split("# Written on WordPress\n\n", 1)[1]
    brain, mri, third = (f"![A brain]({UPLOADS}/brain.png)", f"![An MRI scan \\& more]({UPLOADS}/mri.jpg)",
                         f"![Third \\& last]({UPLOADS}/third.jpg)")
    assert body == f"{brain}\n\n{mri}\n\n{brain}\n\n{mri}\n\n{third}\n"
    assert report.skipped == {"draft": 1, "page": 1, "attachment": 4}
    item = export.read_text()[:export.read_text().index("<title>Written on WordPress")].count("\n")
    assert f"{export}:{item} (post_id 14): the gallery's attachment 99 is not in the export; left out" in report.problems


def test_an_audio_shortcode_naming_no_file_plays_the_one_the_export_holds_after_its_post(tmp_path):
    export = export_with(tmp_path, ("A post with no paragraph tags.", "[audio]\n\n[video]"),
                         ("</channel>", f"{attachment_item(35, f'{UPLOADS}/talk.mp3', 14)}</channel>"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    body = (site / "posts/2016/02/native-wp.md").read_text().split("# Written on WordPress\n\n", 1)[1]
    assert body == f"[Audio: talk.mp3]({UPLOADS}/talk.mp3)\n"
    item = export.read_text()[:export.read_text().index("<title>Written on WordPress")].count("\n")
    assert (f"{export}:{item} (post_id 14): the [video] shortcode names no file (src=, mp4=, m4v=, webm=, ogv=, flv=), "
            "and the export holds no video file attached to post 14, which WordPress then plays: it shows nothing"
            in report.problems)


HOSTILE = ("javascript:alert(1)", "file:///etc/passwd", "../../conf.py")


def test_media_and_comment_addresses_are_links_on_the_built_page_and_hostile_ones_never(tmp_path, capsys):
    """An export with each of them, imported and built as the site is built (-W): a post's [audio] and [video] are
    links to their files and its [gallery] their images, a comment's addresses are links; and a hostile address in any
    of them (a shortcode's, an attachment's, a comment's) is never a link, an image or a file the build copies."""
    post = ('[audio mp3="https://profg.example/wp-content/uploads/2016/02/talk.mp3"][/audio]\n\n'
            '[video width="640" mp4="https://profg.example/wp-content/uploads/2016/02/clip.mp4"][/video]\n\n'
            '[gallery ids="32,31,99,35,36,37"]\n\n'
            + "\n\n".join(f'[audio src="{address}"] [video mp4="{address}"]' for address in HOSTILE))
    hostile_items = "".join(attachment_item(35 + n, f"{address}/scan.png", 14, title=f"hostile {n}")  # images by name
                            for n, address in enumerate(HOSTILE))
    comment = f"See https://example.org/paper. And www.example.org/x, or {', '.join(HOSTILE)}."
    export = export_with(tmp_path, ("A post with no paragraph tags.", post),
                         ("</channel>", f"{GALLERY_ITEMS}{hostile_items}</channel>"), ("Top comment.\n\nSecond paragraph.", comment))
    site, report = imported_site(read_wordpress, export, tmp_path)
    problems = "\n".join(report.problems)
    assert "the gallery's attachment 99 is not in the export; left out" in problems
    for n, address in enumerate(HOSTILE):
        assert f"the gallery's attachment {35 + n} has the address '{address}/scan.png', not a web address" in problems
    assert sum("is kept as text: " in problem and "(post_id 14)" in problem for problem in report.problems) == 6
    assert main(["check", "--site", str(site)]) == 0, capsys.readouterr().out
    out = tmp_path / "_build"  # a process of its own, as the site is built
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going", "-n", "-b", "html", str(site), str(out)],
                   check=True)
    assert not (out / "_downloads").exists() and not (out / "_images").exists()

    native = parse_html(out / "posts/2016/02/native-wp.html")
    main_text = native.find("article", role="main")
    assert main_text.find("a", href=f"{UPLOADS}/talk.mp3").get_text() == "Audio: talk.mp3"
    assert main_text.find("a", href=f"{UPLOADS}/clip.mp4").get_text() == "Video: clip.mp4"
    assert [(image["src"], image["alt"]) for image in main_text.find_all("img")] == [
        (f"{UPLOADS}/brain.png", "A brain"), (f"{UPLOADS}/mri.jpg", "An MRI scan & more")]
    for address in HOSTILE:
        assert f'[audio src="{address}"] [video mp4="{address}"]' in main_text.get_text()

    discussion = parse_html(out / f"posts/{POST}.html").find("section", id="discussion")
    assert discussion.find("a", href="https://example.org/paper").get_text() == "https://example.org/paper"
    assert discussion.find("a", href="http://www.example.org/x").get_text() == "http://www.example.org/x"
    assert f"or {', '.join(HOSTILE)}." in " ".join(discussion.get_text().split())

    for page in (native, parse_html(out / f"posts/{POST}.html")):
        for element in page.find_all(href=True) + page.find_all(src=True):
            address = element.get("href") or element.get("src")
            assert not re.match(r"\s*(javascript|file|data|vbscript):", address, re.I), element
            assert "conf.py" not in address and "passwd" not in address, element


def _footnotes_meta(value: str) -> str:
    return (f"<wp:postmeta><wp:meta_key><![CDATA[footnotes]]></wp:meta_key><wp:meta_value><![CDATA[{value}]]>"
            "</wp:meta_value></wp:postmeta>")


@pytest.mark.parametrize(("notes", "shown", "warned"), [
    # JSON writes U+0000, which XML cannot: a note's text never stands for a part the import keeps aside
    ('[{"content":"see \\u00009999\\u0000","id":"a"}]', "1. see \ufffd9999\ufffd", "U+0000"),
    ('[{"content":"a\\ud800b","id":"a"}]', "1. a\ufffdb", "U+D800"),
    ("[" * 100_000 + "]" * 100_000, None, "is not WordPress's list of footnotes"),
    ('[{"content":"kept","id":"a"},{"id":"b"}]', "1. kept", "1 of the footnotes"),
])
def test_footnotes_json_writes_what_xml_cannot_is_shown_and_said(tmp_path, notes, shown, warned):
    export = export_with(tmp_path, ("A post with no paragraph tags.", FOOTNOTES),
                         ("<wp:post_id>14</wp:post_id>", f"<wp:post_id>14</wp:post_id>{_footnotes_meta(notes)}"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    body = (site / "posts/2016/02/native-wp.md").read_text().split("# Written on WordPress\n\n", 1)[1]
    assert body.endswith(f"\n\n{shown}\n" if shown else "necessary^1.\n")
    assert "necessary^1." in body and "](#" not in body  # the mark's note is not listed: the mark links nowhere
    assert [problem for problem in report.problems if "(post_id 14)" in problem and warned in problem]


def test_a_footnotes_hostile_id_reaches_the_page_only_as_a_slug(tmp_path):
    """A note's id is the JSON's, and its mark's data-fn the post's HTML: whatever they hold, the mark links to the
    note by a label of the post's path and a slug, and the note's text is kept."""
    hostile = '"><script>alert(1)</script>{raw}`x`'
    mark = html.escape(hostile)
    footnotes = (FOOTNOTES.replace('data-fn="2a7b"', f'data-fn="{mark}"').replace('href="#2a7b" id="2a7b-link"',
                                                                                 f'href="#{mark}" id="{mark}-link"'))
    notes = json.dumps([{"content": "A note.", "id": hostile}]).replace("/", "\\/")
    export = export_with(tmp_path, ("A post with no paragraph tags.", footnotes),
                         ("<wp:post_id>14</wp:post_id>", f"<wp:post_id>14</wp:post_id>{_footnotes_meta(notes)}"))
    site, report = imported_site(read_wordpress, export, tmp_path)
    body = (site / "posts/2016/02/native-wp.md").read_text().split("# Written on WordPress\n\n", 1)[1]
    label = "2016/02/native-wp/script-alert-1-script-raw-x"
    assert body == (f"({label}-link)=\nEBV is necessary^[1](#{label}).\n\n"
                    f"1. ({label})=\n   A note. [\u21a9\ufe0e](#{label}-link)\n")
    assert not [problem for problem in report.problems if "(post_id 14)" in problem]


def test_a_text_holding_u0000_never_restores_a_kept_part_in_its_place():
    """Each U+0000 a page reads as U+FFFD: so a text cannot name what the import keeps aside (a comment) and have it
    restored many times over, nor in itself, nor one that is not there."""
    doubling = "<!--x-->" + "".join(f"<!--\x00{n}\x00\x00{n}\x00-->" for n in range(20))
    assert len(as_wordpress_shows(doubling)) < 2 * len(doubling)
    assert as_wordpress_shows("<!--\x000\x00-->") == "<p><!--\ufffd0\ufffd--></p>"
    assert as_wordpress_shows("a \x007\x00") == "<p>a \ufffd7\ufffd</p>"


def test_an_embed_holding_a_comment_or_code_is_no_address():
    """What the import keeps aside (a comment, code) is never part of an [embed]'s address, which holds no '<'."""
    for written in ('[embed]https://example.org/<pre>" title="x</pre>[/embed]', "[embed]https://example.org/<!--x-->[/embed]"):
        assert "href" not in as_wordpress_shows(written)

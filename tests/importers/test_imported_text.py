"""Hostile and broken export text, imported and built: every word kept, nothing local or live, problems reported."""

from __future__ import annotations

import html
import re

import pytest

from msblog.cli import main
from msblog.importers.blogger import read_blogger
from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from tests.helpers import TESTS, built_app, new_site, parse_html

EXPORTS = TESTS / "fixtures" / "exports"
BLOGGER_POST = "2015/05/hsct-hamburg-experience"
WORDPRESS_POST = "2016/01/a-post-from-blogger"

# Relative addresses of every form, which Sphinx would copy from the build machine as downloads or images,
# the YouTube embed code of the blog's years, an unclosed <embed>, lines MyST reads as its own, and code.
POST = (
    '<p>Files: <a href="../../../../etc/passwd">passwd</a>, <a href="/conf.py">conf</a>, '
    '<a href="%2e%2e/%2e%2e/.msblog-imports.json">imports</a>, <a href="..\\..\\conf.py">backslashes</a>, '
    '<a href="file:///etc/passwd">file</a>, <a href="#c1">fragment</a>.</p>'
    '<p><img src="../../conf.py" alt="a local picture"></p>'
    '<object width="425" height="344"><param name="movie" value="http://www.youtube.com/v/abc&hl=en"></param>'
    '<embed src="http://www.youtube.com/v/abc&hl=en" type="application/x-shockwave-flash"></embed></object>'
    '<p>Before the embed <embed src="http://www.youtube.com/v/def"> the rest of the post.</p>'
    '<ul><li>% not a comment</li><li>(label)=</li></ul><pre>:::note\n% kept as written\n</pre>'
)
COMMENT = 'A picture: <img src="https://example.org/scan.png" alt="my MRI scan"> and <a href="../x.html">a link</a>.'
WORDS = ["Files: passwd, conf, imports, backslashes, file, fragment.",
         "Embedded object: http://www.youtube.com/v/abc&hl=en", "Before the embed",
         "Embedded embed: http://www.youtube.com/v/def", "the rest of the post.", "% not a comment", "(label)="]


def blogger_export(tmp_path, post: str = POST, comment: str = COMMENT):
    text = (EXPORTS / "blogger.xml").read_text()
    text = re.sub(r"(<id>tag:blogger.com,1999:blog-99.post-101</id>.*?<content type='html'>)[^<]*", lambda m: m.group(1)
                  + html.escape(post, quote=False), text, count=1, flags=re.S)
    text = text.replace("The first comment. What about MIST?&lt;br /&gt;A second line.",
                        html.escape(comment, quote=False))
    export = tmp_path / "blogger.xml"
    export.write_text(text)
    return export


def wordpress_export(tmp_path, post: str = POST, comment: str = COMMENT):
    text = (EXPORTS / "wordpress.xml").read_text()
    text = re.sub(r"<content:encoded><!\[CDATA\[.*?\]\]>", lambda m: f"<content:encoded><![CDATA[{post}]]>", text,
                  count=1, flags=re.S)
    text = text.replace("<![CDATA[Top comment.\n\nSecond paragraph.]]>", f"<![CDATA[{comment}]]>")
    export = tmp_path / "wordpress.xml"
    export.write_text(text)
    return export


SOURCES = {"blogger": (blogger_export, read_blogger, BLOGGER_POST),
           "wordpress": (wordpress_export, read_wordpress, WORDPRESS_POST)}


@pytest.fixture(scope="module", params=sorted(SOURCES))
def imported(request, tmp_path_factory):
    make, read, post = SOURCES[request.param]
    folder = tmp_path_factory.mktemp(request.param)
    site = new_site(folder)
    return site, import_export(read, make(folder), site), post


@pytest.fixture(scope="module")
def built(imported):
    yield from built_app(imported[0])


def test_no_file_of_the_build_machine_is_published(imported, built):
    site, _, post = imported
    assert not (built.outdir / "_downloads").exists() and not (built.outdir / "_images").exists()
    text = (site / "posts" / f"{post}.md").read_text()
    assert not re.search(r"\]\((?!https?://|mailto:)", text), text


def test_every_word_of_the_post_reaches_its_page(imported, built):
    _, _, post = imported
    page = parse_html(built.outdir / f"posts/{post}.html").find("article", role="main")
    text = " ".join(page.get_text().split())
    for words in WORDS:
        assert words in text
    assert ":::note\n% kept as written\n" in [block.get_text() for block in page.find_all("pre")]
    assert re.match(r"https?://[^/]+/conf\.py$", page.find("img", alt="a local picture")["src"])
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert "http://www.youtube.com/v/abc&hl=en" in hrefs and "http://www.youtube.com/v/def" in hrefs
    assert all(re.match(r"https?://|#|\.\./|[\w-]+\.html", href) for href in hrefs), hrefs


def test_a_comment_image_is_a_link_showing_its_alt_text(imported, built):
    _, _, post = imported
    section = parse_html(built.outdir / f"posts/{post}.html").find("section", id="discussion")
    image = section.find("a", href="https://example.org/scan.png")
    assert image is not None and image.get_text() == "Image: my MRI scan" and section.find("img") is None


def test_what_could_not_be_kept_as_it_was_is_reported(imported, request):
    _, report, _ = imported
    kind = request.node.callspec.params["imported"]
    problems = "\n".join(report.problems)
    assert "a link to 'file:///etc/passwd' is not a web address; its text is kept without the link" in problems
    assert report.embeds == {"blogger": 3, "wordpress": 2}[kind]  # the export's own embeds (Blogger's has one in a comment), and ours
    assert re.search(r"\.xml:\d+ .*: a link to 'file:///etc/passwd'", problems)


def test_a_doctype_entity_is_never_read_and_the_text_after_it_is_kept(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-OF-THE-BUILD-MACHINE")
    export = blogger_export(tmp_path, post="<p>XXE:&xxe;:END and the rest of the post.</p>")
    text = export.read_text().replace("&amp;xxe;", "&xxe;").replace(
        "<feed ", f"<!DOCTYPE feed [<!ENTITY xxe SYSTEM \"{secret.as_uri()}\">]>\n<feed ", 1)
    export.write_text(text.replace("HSCT: the Hamburg experience &amp; more", "Title &xxe; and its end"))
    site = new_site(tmp_path)
    report = import_export(read_blogger, export, site)
    written = (site / "posts" / f"{BLOGGER_POST}.md").read_text()
    assert "SECRET" not in written
    assert "XXE:\\&xxe;:END and the rest of the post." in written and "Title \\&xxe; and its end" in written
    assert any(re.search(r"blogger\.xml:\d+ .*: '&xxe;' is not a character entity HTML defines; it is kept as written",
                         problem) for problem in report.problems), report.problems


def test_an_entity_in_html_text_is_kept_and_reported(tmp_path):
    for make, read, post in SOURCES.values():
        folder = tmp_path / read.__name__
        folder.mkdir()
        site = new_site(folder)
        report = import_export(read, make(folder, post="<p>XXE:&xxe;:END</p>"), site)
        assert "XXE:\\&xxe;:END" in (site / "posts" / f"{post}.md").read_text()
        assert any("'&xxe;' is not a character entity HTML defines" in problem for problem in report.problems)


def test_an_undeclared_entity_stops_the_import_at_its_line(tmp_path, capsys):
    export = blogger_export(tmp_path)
    lines = export.read_text().splitlines()
    number = next(i for i, line in enumerate(lines) if "First</title>" in line) + 1
    lines[number - 1] = lines[number - 1].replace("First", "First &xxe;")
    export.write_text("\n".join(lines) + "\n")
    assert main(["import", "blogger", str(export), "--site", str(new_site(tmp_path))]) == 1
    assert f"blogger.xml:{number}: not well-formed XML (truncated or not an export?): Entity 'xxe' not defined" \
        in capsys.readouterr().err


def test_a_character_xml_cannot_hold_is_shown_as_the_replacement_character_and_reported(tmp_path):
    """An export's HTML may refer to a control character (``&amp;#11;`` in the XML): the import keeps the text
    around it, shows U+FFFD for it, and names it and its entry in the report; the site builds."""
    for make, read, post in SOURCES.values():
        folder = tmp_path / read.__name__
        folder.mkdir()
        site = new_site(folder)
        export = make(folder, post="<p>A vertical&#11;tab and a form&#x0C;feed.</p>", comment="A &#11; in a comment.")
        report = import_export(read, export, site)
        assert "A vertical\ufffdtab and a form\ufffdfeed." in (site / "posts" / f"{post}.md").read_text()
        assert "A \ufffd in a comment." in (site / "comments" / f"{post}.md").read_text()
        for character in ("U\\+000B", "U\\+000C"):
            assert any(re.search(rf"{export.name}:\d+ \(.+\): {character} \(a control character\) is a character XML "
                                 "cannot hold \\(the Atom feed is XML\\); it is shown as '\ufffd'", problem)
                       for problem in report.problems), report.problems
        assert sum("U+000B" in problem for problem in report.problems) == 2  # the post's and the comment's
        for app in built_app(site):
            assert "A vertical\ufffdtab" in (app.outdir / "blog/atom.xml").read_text()


def test_a_control_character_in_blogger_current_export_names_its_place(tmp_path, capsys):
    """The current format, through the command: the summary names the export's line and the entry."""
    export = tmp_path / "feed.atom"
    export.write_text((EXPORTS / "blogger-current.atom").read_text().replace(
        "Text with &lt;b&gt;bold", "Text with &amp;#11; tab &lt;b&gt;bold"))
    site = new_site(tmp_path)
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 0
    line = next(i for i, text in enumerate(export.read_text().splitlines(), 1) if "&amp;#11;" in text)
    entry = next(i for i, text in enumerate(export.read_text().splitlines()[:line], 1) if "<entry" in text)
    out = capsys.readouterr().out
    assert re.search(rf"feed\.atom:{entry} \(tag:blogger\.com,1999:blog-\d+\.post-\d+\): U\+000B \(a control character\)",
                     out), out
    assert "Text with \ufffd tab **bold**" in (site / "posts" / f"{BLOGGER_POST}.md").read_text()

"""The build refuses what msblog check refuses in a post, at path:line, and ABlog never sees it."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import feedparser
import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from msblog.check import check_site
from msblog.exporters.dataset import POSTS, dataset_files
from msblog.importers.html_to_myst import html_to_myst
from msblog.model.errors import ContentError
from msblog.model.front_matter import POST_DIRECTIVE
from msblog.model.layout import Layout
from msblog.sphinxext import compat, refusals
from msblog.model.safe_markdown import (CSV_AS_TEXT, DEEPEST, HTML_AS_TEXT, ICON, MATH_AS_TEXT, NESTED_OUT_OF_SIGHT,
                                        NESTED_TOO_DEEP, RST_AS_TEXT, STYLE, footnote_named_as_target,
                                        undefined_footnote)
from tests.helpers import REPO, build, built_app, copy_root, msblog_errors, new_site, parse_html, rebuild

XSS_NAME = 'x"><img src=x onerror=alert(1)>'
NAMES = [XSS_NAME, "two\nlines", "Capital"]  # not portable: made here, never kept in the repository
UP = "../" * 40  # from any folder, up to the machine's root
OUTSIDE = "is outside the site's folder: the build would publish a file of the machine it runs on"
DOWNLOAD = "would publish a file as a download: the archive publishes none (link to a page or a web address)"
# Each refused post's place and the start of its message ({today}: the day of the build).
REFUSED = sorted([
    ("index.md:3", f"link to 'conf.py' {DOWNLOAD}"),
    ("posts/2016/01/first.md:7", "og:image is not a web address (http or https, with a host): '\"><script>alert(1)</script>'"),
    ("posts/2016/03/bad-month.md:3", "date '2015-13-45' cannot be read as a date (month must be in 1..12): write it as YYYY-MM-DD"),
    ("posts/2016/03/unquoted-month.md:2", "front matter is not valid YAML: month must be in 1..12"),
    ("posts/2016/03/yesterday.md:2", "date 'yesterday' cannot be read as a date (unknown string format): write it as YYYY-MM-DD"),
    ("posts/2016/03/hour-25.md:2", "date '2015-06-01T25:00:00' cannot be read as a date (hour must be in 0..23): write it as YYYY-MM-DD"),
    ("posts/2016/03/a-list.md:2", "date '[2015, 6, 1]' cannot be read as a date (unknown string format): write it as YYYY-MM-DD"),
    ("posts/2016/03/no-day.md:2", "date '2015-06' is not a whole date: give its day, month and year (YYYY-MM-DD)"),
    ("posts/2016/03/us-form.md:2", "date '06/01/2015' is ambiguous: write it as YYYY-MM-DD, or name its month (17 May 2015)"),
    ("posts/2016/03/year-0099.md:2", "date '17 May 0099' does not give its year in full: write it as YYYY-MM-DD"),
    ("posts/2016/03/year-0001.md:2", "date '1 January 0001' does not give its year in full: write it as YYYY-MM-DD"),
    ("posts/2016/03/year-1.md:2", "date '0001-01-01' is before 1900, long before the blog began: write its year in full"),
    ("posts/2998/01/typo.md:2", "date '2998-01-01' is after the day of the build ({today}): an archive holds only the past"),
    ("posts/2999/01/other-typo.md:2", "date '2999-05-17T10:00:00+01:00' is after the day of the build ({today}): "
                                      "an archive holds only the past"),
    ("posts/2016/04/script-address.md:3", "original_url is not a web address (http or https, with a host): "
                                          "'javascript:alert(document.domain)//multiple-sclerosis-research.blogspot.com/"
                                          "2016/04/script-address.html'"),
    ("posts/2016/04/script-address.md:4", "external_link is not a web address (http or https, with a host): 'javascript:alert(2)'"),
    ("posts/2016/04/script-address.md:5", "canonical_link is not a web address (http or https, with a host): "
                                          "'data:text/html,<script>alert(3)</script>'"),
    ("posts/2016/04/escaping-redirect.md:3", "redirect '../../../escaped' is not a path of portable slugs in the site: "
                                             "'..': it holds ., which a slug may not"),
    *(("posts/2016/04/overwriting-redirect.md:3", f"old path {old!r} (redirect) is a page of the site: the page sending "
                                                  "readers on to this post would replace it")
      for old in ["search", "blog", "blog/tag/c", "blog/2015", "genindex", "index", "posts/2016/01/first", "therapies/x/page/2"]),
    ("posts/2016/04/overwriting-redirect.md:3", "redirect '_static/basic' is not a path of portable slugs in the site: "),
    ("posts/2016/04/overwriting-redirect.md:3", "old path '2016/01/an-old-slug' (redirect) is already one of "
                                                "posts/2016/04/escaping-redirect: two posts cannot share an old address"),
    ("posts/2016/06/same-address-b.md:3", "old path '2016/06/01/same-address/index' (original_url) is already one of "
                                          "posts/2016/06/same-address-a: two posts cannot share an old address"),
    ("posts/2016/04/local-files.md:7", f"'{UP}etc/passwd' {OUTSIDE}"),
    ("posts/2016/04/local-files.md:7", f"link to '/conf.py' {DOWNLOAD}"),
    ("posts/2016/04/local-files.md:7", f"link to '../../../conf.py' {DOWNLOAD}"),
    ("posts/2016/04/local-files.md:9", "image '/conf.py' is not an image file (.avif, .gif, .jpeg, .jpg, .png, .svg, .webp): "
                                       "the build would publish it"),
    ("posts/2016/04/local-files.md:9", f"'{UP}etc/hostname' {OUTSIDE}"),
    ("comments/2016/01/first.md:2", "'declared' is 1, but the file holds 2 comments: the original page cannot have "
                                    "declared fewer than it showed"),
    *((f"posts/2016/05/{name}.md:1", f"{name!r} in the post's path is not a portable slug: ") for name in NAMES),
])


def add_unportable_names(src: Path) -> None:
    """Posts named as no file of the repository may be, and a discussion of one of them."""
    (src / "posts/2016/05").mkdir()
    for name in NAMES:
        (src / f"posts/2016/05/{name}.md").write_text("---\ndate: 2016-05-01\n---\n\n# Named as no file may be\n\nText.\n")
    (src / "comments/2016/05").mkdir(parents=True)  # a refused post's discussion is not "a discussion with no post"
    (src / "comments/2016/05/Capital.md").write_text(":::{comment} 1\nA comment.\n:::\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    yield from built_app(copy_root("hostile-posts", tmp_path_factory.mktemp("refused"), add_unportable_names), failing=True)


def assert_refused(errors: list[tuple[str, int, str]]) -> None:
    """``errors`` (path, line, message) are the refusals REFUSED lists, each in its place, in order."""
    found = sorted((f"{path}:{line}", message) for path, line, message in errors)
    expected = [(place, message.format(today=date.today().isoformat())) for place, message in REFUSED]
    assert [place for place, _ in found] == [place for place, _ in expected]
    for (_, message), (place, start) in zip(found, expected, strict=True):
        assert message.startswith(start), place


def test_each_refused_post_is_an_error_at_its_path_and_line_and_the_build_fails(built):
    warnings = built.warning.getvalue()
    assert "Traceback" not in warnings and "Exception occurred" not in warnings
    assert "discussion has no post" not in warnings
    assert_refused(msblog_errors(warnings, built.srcdir))
    assert built.statuscode == 1


def test_msblog_check_refuses_the_same_posts(built):
    assert_refused([(str(p.path), p.line, p.message) for p in check_site(built.srcdir)])


def test_errors_are_reported_again_by_an_incremental_build(built):
    assert_refused(msblog_errors(rebuild(built), built.srcdir))


def test_a_post_whose_path_is_not_portable_is_not_published_nor_a_redirect_out_of_the_site(built):
    published = {p.relative_to(built.outdir).as_posix() for p in built.outdir.rglob("*") if p.is_file()}
    assert not [path for path in published if "2016/05" in path]
    assert not list(built.srcdir.parent.rglob("escaped*"))
    assert not [path for path in published if path.startswith(("_downloads/", "_images/"))]
    assert "root:" not in "".join(p.read_text() for p in built.outdir.rglob("*.html"))
    assert '<img src="x"' not in "".join(p.read_text() for p in built.outdir.rglob("*.html"))


def redirect_target(page) -> str | None:
    refresh = parse_html(page).find("meta", attrs={"http-equiv": "refresh"})
    return refresh and refresh["content"].split("url=", 1)[1]


def test_an_old_path_never_replaces_a_page_of_the_site_and_leads_to_one_post_in_every_build(built):
    out = built.outdir
    for page in ["search", "blog", "genindex", "index", "posts/2016/01/first"]:
        assert redirect_target(out / f"{page}.html") is None, page
    assert not (out / "blog/tag/c.html").exists() and not (out / "blog/2015.html").exists()
    assert redirect_target(out / "2016/04/kept-slug.html") == "../../posts/2016/04/overwriting-redirect.html"
    for _ in range(2):  # the clean build, then an incremental one
        assert redirect_target(out / "2016/01/an-old-slug.html") == "../../posts/2016/04/escaping-redirect.html"
        assert redirect_target(out / "2016/06/01/same-address/index.html") == "../../../../posts/2016/06/same-address-a.html"
        (built.srcdir / "posts/2016/06/same-address-b.md").touch()
        (built.srcdir / "posts/2016/04/overwriting-redirect.md").touch()
        rebuild(built)


def test_an_address_that_is_not_http_or_https_is_never_a_link(built):
    for page in built.outdir.rglob("*.html"):
        html = parse_html(page)
        for attribute in ("href", "src", "content", "action"):
            for element in html.find_all(attrs={attribute: True}):
                assert not re.match(r"\s*(javascript|data|vbscript):", element[attribute], re.I), (page, element)
    facts = parse_html(built.outdir / "posts/2016/04/script-address.html").select_one(".post-facts")
    original = next(dt for dt in facts.select("dt") if dt.get_text().startswith("Original address")).find_next_sibling("dd")
    assert original.get_text().strip().startswith("javascript:alert(document.domain)//") and not original.find("a")


def test_the_feed_holds_the_newest_published_post_in_full(built):
    assert "its full text was not kept" not in built.warning.getvalue()
    [entry] = feedparser.parse((built.outdir / "blog/atom.xml").read_text()).entries
    assert entry.title == "The second post" and "which no excerpt shows" in entry.content[0].value
    kept = {docname for docname, infos in built.env.ablog_posts.items() if infos[0]["doctree"] is not None}
    assert kept == {"posts/2016/02/second", "posts/2016/04/script-address"}  # the future ones are not in the feed


def test_a_refused_date_is_unknown_and_a_written_out_one_is_read_by_the_rule(built):
    def published(page: str) -> str:
        facts = parse_html(built.outdir / page).select_one(".post-facts")
        return next(dt for dt in facts.select("dt") if dt.get_text().startswith("Published")).find_next_sibling("dd").get_text().strip()

    assert published("posts/2016/03/bad-month.html") == "Unknown"
    assert published("posts/2016/03/year-0099.html") == published("posts/2016/03/year-1.html") == "Unknown"
    assert not (built.outdir / "blog/2001.html").exists() and not (built.outdir / "blog/1999.html").exists()
    assert published("posts/2016/02/second.html") == "Wednesday, 17 February 2016"
    assert built.env.ablog_posts["posts/2016/02/second"][0]["date"].date() == date(2016, 2, 17)


def test_a_posts_description_is_its_meta_and_open_graph_description(built):
    head = parse_html(built.outdir / "posts/2016/01/first.html").head
    summary = "A post's own \"summary\" <b>in HTML</b> & more, over two lines"
    assert [m["content"] for m in head.find_all("meta", attrs={"name": "description"})] == [summary]
    assert [m["content"] for m in head.find_all("meta", property="og:description")] == [summary]
    assert head.find_all("meta", property="og:image") == []  # refused: not a web address
    assert not head.find("script", string=re.compile("alert"))
    other = parse_html(built.outdir / "posts/2016/02/second.html").head
    assert "full text of the newest post" in other.find("meta", attrs={"name": "description"})["content"]


def test_author_names_in_the_facts_are_marked_as_names_from_a_source(built):
    facts = parse_html(built.outdir / "posts/2016/01/first.html").select_one(".post-facts")
    author = next(dt for dt in facts.select("dt") if dt.get_text().startswith("Author")).find_next_sibling("dd")
    assert [span.get_text() for span in author.select(".source-name")] == ["Prof G", "Dr K"]
    assert author.get_text().strip() == "Prof G, Dr K"


def test_a_post_built_before_its_path_was_refused_leaves_the_site(tmp_path, monkeypatch):
    site = new_site(tmp_path)
    page = site / f"posts/2016/01/{XSS_NAME}.md"
    page.parent.mkdir(parents=True)
    page.write_text("---\ndate: 2016-01-01\n---\n\n# Built once\n\nText.\n")

    def build() -> SphinxTestApp:
        app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
        app.build()
        app.cleanup()
        return app

    with monkeypatch.context() as before:  # as a build before the rule was
        before.setattr(refusals, "post_problems", lambda name, front, today: [])
        published = build().outdir
    assert (published / f"posts/2016/01/{XSS_NAME}.html").is_file()
    build()
    assert not [path for path in published.rglob("*") if XSS_NAME in path.name]


def dressed_site(folder: Path, name: str, text: str) -> Path:
    """A new site in ``folder`` in the site's own configuration (sphinx-design, Open Graph tags), with the page ``name``
    holding ``text``."""
    site = new_site(folder)
    for part in ("_static", "_templates"):
        shutil.copytree(REPO / part, site / part)
    shutil.copyfile(REPO / "conf.py", site / "conf.py")
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_text(text)
    return site


def imported_post_page(tmp_path: Path, name: str, title: str, text: str):
    """The post ``posts/<name>.md`` of ``title`` and ``text``, imported MyST, passed by msblog check and built with
    ``-W`` and no warning: its page's article."""
    site = dressed_site(tmp_path, f"posts/{name}.md", f"---\ndate: 2015-06-01\n---\n\n# {title}\n\n{text}")
    assert check_site(site, date(2020, 1, 1)) == []
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build", warningiserror=True)
    app.build()
    app.cleanup()
    assert app.statuscode == 0 and not strip_colors(app.warning.getvalue()).strip()
    return parse_html(app.outdir / f"posts/{name}.html").select_one("article[role=main]")


def refused_alike(site: Path, out: Path, expected: list[tuple[int, str]]) -> SphinxTestApp:
    """``site``'s one page refused by msblog check and the build (``out``) at the ``expected`` lines, the build failing
    with no traceback; the build."""
    assert sorted((p.line, p.message) for p in check_site(site, date(2020, 1, 1))) == expected
    app = SphinxTestApp("html", srcdir=site, builddir=out)
    app.build()
    app.cleanup()
    assert app.statuscode == 1 and "Traceback" not in app.warning.getvalue()
    assert sorted((line, message) for _, line, message in msblog_errors(app.warning.getvalue(), site)) == expected
    return app


HAND_WRITTEN = """---
date: 2015-06-01
og:url: 'javascript:alert(1)'
og:image: https://example.org/mri.png
myst:
  html_meta:
    "http-equiv=refresh": '0; url=https://example.org/'
  enable_extensions: [substitution]
  substitutions:
    answer: '{{ 6 * 7 }}'
---

# Hand post <script>alert("title")</script>

<script>alert("block")</script>

The answer is {{ answer }}, <b>bold</b>.
"""
SETTINGS = "'myst' in front matter would set MyST's settings for this page (meta tags as written, extensions, " \
           "substitutions run as templates): the site's settings, in conf.py, hold for every page"
HTML = "HTML in a page is shown as its text: the archive publishes no HTML from its sources (write Markdown)"


def test_a_page_sets_no_settings_of_its_own_and_writes_no_html(tmp_path):
    """Front matter MyST would read as the page's own settings, an Open Graph address that is not one, and HTML:
    refused by the build and msblog check at the same lines, and nothing of them live on the page."""
    site = new_site(tmp_path)
    shutil.copyfile(REPO / "tests/roots/test-hostile-posts/conf.py", site / "conf.py")  # with Open Graph tags
    (site / "posts/2015/06").mkdir(parents=True)
    (site / "posts/2015/06/hand.md").write_text(HAND_WRITTEN)
    expected = [("posts/2015/06/hand.md", 3, "og:url is not a web address (http or https, with a host): "
                                             "'javascript:alert(1)'"),
                ("posts/2015/06/hand.md", 5, SETTINGS), ("posts/2015/06/hand.md", 13, HTML),
                ("posts/2015/06/hand.md", 15, HTML), ("posts/2015/06/hand.md", 17, HTML)]
    assert sorted((str(p.path), p.line, p.message) for p in check_site(site, date(2020, 1, 1))) == expected
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    assert app.statuscode == 1 and sorted(msblog_errors(app.warning.getvalue(), site)) == expected
    page = parse_html(app.outdir / "posts/2015/06/hand.html")
    assert page.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert [m["content"] for m in page.find_all("meta", property="og:url")] == ["https://example.org/posts/2015/06/hand.html"]
    assert [m["content"] for m in page.find_all("meta", property="og:image")] == ["https://example.org/mri.png"]
    assert not [s for s in page.find_all("script") if "alert" in (s.string or "") and s.get("type") != "application/ld+json"]
    assert page.find("b") is None
    text = " ".join(page.select_one("article[role=main]").get_text().split())
    assert 'Hand post <script>alert("title")</script>' in text and '<script>alert("block")</script>' in text
    assert "The answer is {{ answer }}, <b>bold</b>." in text


SCRIPT_LINKS = """---
date: 2015-06-01
---

# Links to scripts

{bdg-link-primary}`A badge <javascript:alert(1)>`



```{button-link} JavaScript:alert(3)
A button
```

[Markdown](javascript:alert(4)), <javascript:alert(5)> and [a placeholder](msblog-doc:posts/x?javascript%3Aalert(6)).

```{image} https://example.org/x.png
:target: data:text/html,<script>alert(7)</script>
```

[The web](https://example.org/), [mail](mailto:g@example.org) and [a page](../../2015/06/links.md) stay links.
"""


def test_a_page_links_to_no_script_whatever_writes_the_link(tmp_path):
    """A role, a directive's argument or option, MyST: a link to anything but the web, e-mail or the site's pages is
    refused by the build and msblog check at the same lines, and never a link on the page."""
    site = dressed_site(tmp_path, "posts/2015/06/links.md", SCRIPT_LINKS)
    message = "a page links only to web addresses (http or https), e-mail addresses and pages of the site"
    expected = [("posts/2015/06/links.md", 7, f"link to 'javascript:alert(1)': {message}"),
                ("posts/2015/06/links.md", 11, f"link to 'JavaScript:alert(3)': {message}"),
                ("posts/2015/06/links.md", 17, f"link to 'data:text/html,<script>alert(7)</script>': {message}")]
    placeholder = ("posts/2015/06/links.md", 15, f"link to 'msblog-doc:posts/x?javascript%3Aalert(6)': {message}")
    assert sorted((str(p.path), p.line, p.message) for p in check_site(site, date(2020, 1, 1))) == [
        *expected[:2], placeholder, expected[2]]
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    assert app.statuscode == 1 and sorted(msblog_errors(app.warning.getvalue(), site)) == expected
    # MyST reads a scheme it does not know as a reference in the site: not found, a warning (an error with -W)
    assert "links.md:15: WARNING: 'myst' cross-reference target not found: 'msblog-doc:" in app.warning.getvalue()
    page = parse_html(app.outdir / "posts/2015/06/links.html").select_one("article[role=main]")
    hrefs = [a["href"] for a in page.find_all("a", href=True)]
    assert not [href for href in hrefs if ":" in href.split("#")[0] and not href.startswith(("https:", "mailto:"))], hrefs
    assert "https://example.org/" in hrefs and "mailto:g%40example.org" in hrefs
    assert page.find("img", src="https://example.org/x.png") and "A button" in page.get_text()


ON_LATER_LINES = """---
date: 2015-06-01
---

# Lines

First line of a paragraph,
then [a link](ftp://example.org/1) on its second,
and {doc}`a missing page <../../2099/01/none>` on its third,
with <b>HTML</b> on its fourth.\\
After a hard break, ![an image](ftp://example.org/2.png) on the fifth,
a note[^missing] on the sixth,
{math}`x^2` on the seventh,
{octicon}`star` on the eighth,
and [a missing post](../../2099/01/gone.md) on the ninth.

Another paragraph: [**a bold
link**](https://example.org/) and [one more](ftp://example.org/3) on its second line.
"""


SCHEME = "a page links only to web addresses (http or https), e-mail addresses and pages of the site"


def refused_at_lines(tmp_path, name: str, text: str, expected: list[tuple[int, str]],
                     missing: list[tuple[int, str]]) -> str:
    """The page ``name`` holding ``text`` refused at the ``expected`` lines by msblog check and the build, which
    also find its links to ``missing`` pages (the build warns of those in Sphinx's words); the build's warnings."""
    site = dressed_site(tmp_path, name, text)
    assert sorted((p.line, p.message) for p in check_site(site, date(2020, 1, 1))) == sorted(expected + missing)
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    warnings = strip_colors(app.warning.getvalue())
    assert sorted((line, message) for _, line, message in msblog_errors(warnings, site)) == expected
    return warnings


def test_what_a_paragraph_holds_is_refused_at_its_own_line_by_the_build_and_msblog_check(tmp_path):
    """A link, an image, HTML, a footnote reference and a role on a paragraph's later line (after soft and hard
    breaks, and a link over two lines): msblog check and the build, its warnings of missing pages too, name that line."""
    expected = [(8, f"link to 'ftp://example.org/1': {SCHEME}"), (10, HTML_AS_TEXT),
                (11, f"link to 'ftp://example.org/2.png': {SCHEME}"), (12, undefined_footnote("missing")),
                (13, MATH_AS_TEXT), (14, ICON), (18, f"link to 'ftp://example.org/3': {SCHEME}")]
    missing = [(9, "{doc} link to '../../2099/01/none': no such page"),
               (15, "link to '../../2099/01/gone.md': no such page")]
    warnings = refused_at_lines(tmp_path, "posts/2015/06/lines.md", ON_LATER_LINES, expected, missing)
    assert "lines.md:9: WARNING: unknown document: '../../2099/01/none'" in warnings
    assert "lines.md:15: WARNING: 'myst' cross-reference target not found: '../../2099/01/gone.md'" in warnings
    assert not re.search(r"lines\.md:(7|16|17):", warnings)


ACROSS_LINES = """---
date: 2015-06-01
---

# Across lines

A code span `over
two lines`, then [a link](ftp://example.org/1) on its second,
a role {sub}`whose text
runs on` with <b>HTML</b> after it,
[a link's text
over two lines](https://example.org/ "and its title
over two") ![an image's
alt over two](ftp://example.org/2.png) and a note[^missing] on the
next, *emphasis
over two* {math}`x^2`, [a hard\\
break](https://example.org/) and {octicon}`star`, `code
over` and [a missing post](../../2099/01/gone.md).
"""


def test_what_follows_a_construct_over_two_lines_is_refused_at_its_own_line_by_the_build_and_msblog_check(tmp_path):
    """After a code span, a role, a link's text and title, an image's alt and emphasis over two lines, and a hard break
    in a link, what a paragraph holds is refused at its own line by msblog check and the build (its warning of a missing
    page too), not one line early."""
    expected = [(8, f"link to 'ftp://example.org/1': {SCHEME}"), (10, HTML_AS_TEXT),
                (13, f"link to 'ftp://example.org/2.png': {SCHEME}"), (14, undefined_footnote("missing")),
                (16, MATH_AS_TEXT), (17, ICON)]
    missing = [(18, "link to '../../2099/01/gone.md': no such page")]
    warnings = refused_at_lines(tmp_path, "posts/2015/06/across.md", ACROSS_LINES, expected, missing)
    assert "across.md:18: WARNING: 'myst' cross-reference target not found: '../../2099/01/gone.md'" in warnings


def test_a_line_break_as_markdown_writes_it_is_a_line_break_and_html_written_is_refused(tmp_path):
    """A post imported from a Blogger post's ``<br>`` (two spaces at a line's end) and a backslash at a line's end
    are line breaks on the page, refused by neither; ``<br />`` written in the page is HTML, refused by both."""
    imported = html_to_myst("<p>Dear all,<br>thanks for the comments<br/>Prof G</p>").text
    assert imported == "Dear all,  \nthanks for the comments  \nProf G\n"
    text = f"---\ndate: 2015-06-01\n---\n\n# Line breaks\n\n{imported}\nA backslash\\\nbreaks, <br /> does not.\n"
    site = dressed_site(tmp_path, "posts/2015/06/breaks.md", text)
    app = refused_alike(site, tmp_path / "_build", [(12, HTML_AS_TEXT)])
    page = parse_html(app.outdir / "posts/2015/06/breaks.html").select_one("article[role=main]")
    signed, written = (page.find(string=re.compile(words)).parent for words in ("Dear all", "A backslash"))
    assert signed.get_text() == "Dear all,\nthanks for the comments\nProf G" and len(signed.find_all("br")) == 2
    assert written.get_text() == "A backslash\nbreaks, <br /> does not." and len(written.find_all("br")) == 1


OPENING_WITH_A_DIRECTIVE = """---
date: 2015-06-01
---

# Nested

:::::{note}

::::{admonition} Spaced <b>title</b>
:::{dropdown} Deep <b>one</b>
Deep <i>body</i>.
:::
::::
:::::

::::{tab-set}
:::{tab-item} First
:sync: one
Tab <b>body</b>.
:::
:::{tab-item} Second <b>tab</b>
Two <i>x</i>.
:::
::::

```{note}
:::{dropdown} In a backtick <b>fence</b>
Body <i>x</i>.
:::
```
"""


def test_a_directive_whose_body_opens_with_another_is_read_at_its_lines(tmp_path):
    """A tab set's tabs, a dropdown first in an admonition first in a note: the build and msblog check find the HTML
    in each at its line (MyST alone reads such a body one line late)."""
    site = dressed_site(tmp_path, "posts/2015/06/nested.md", OPENING_WITH_A_DIRECTIVE)
    refused_alike(site, tmp_path / "_build", [(line, HTML_AS_TEXT) for line in (9, 10, 11, 19, 21, 22, 27, 28)])


def test_an_imported_post_whose_headings_skip_levels_builds_with_them_in_order(tmp_path):
    """Blogger's editor wrote a post's headings as <h2>, <h3> or <h4>, and a post often began at <h3>: imported, each is
    one level below the heading it falls under (MyST warns of a skipped level, which fails the build), in order of
    rank; one in a list item is no section, and is left as it is."""
    imported = html_to_myst("<h3>Background</h3><p>a</p><h4>Methods</h4><p>b</p><h6>Dose</h6><p>c</p>"
                            "<h3>Results</h3><ul><li><h4>In a list</h4></li></ul><h2>Summary</h2><p>d</p>").text
    assert [line for line in imported.splitlines() if "#" in line] == [
        "## Background", "### Methods", "#### Dose", "## Results", "- #### In a list", "## Summary"]
    page = imported_post_page(tmp_path, "2015/06/headings", "Headings", imported)
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("h2, h3, h4")][:4] == [
        "Background", "Methods", "Dose", "Results"]


SKIPPED_LEVELS = """---
date: 2015-06-01
---

# Headings

### Three under the title

#### Four under three

## Two

#### Four under two

:::{note}
### In a note, no section
:::
"""


def test_a_heading_that_skips_a_level_is_named_by_msblog_check_where_the_build_fails(tmp_path):
    """MyST warns of a heading more than one level below the one it falls under (the build fails with -W); msblog
    check names it at the same line, and nothing else (a heading in a directive is no section)."""
    site = dressed_site(tmp_path, "posts/2015/06/levels.md", SKIPPED_LEVELS)
    assert [(p.line, p.message) for p in check_site(site, date(2020, 1, 1))] == [
        (7, "heading at level 3 under one at level 1: MyST warns of a skipped level, which fails the build (write it ##)"),
        (13, "heading at level 4 under one at level 2: MyST warns of a skipped level, which fails the build (write it ###)")]
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    warned = re.findall(r"levels\.md:(\d+): WARNING: Non-consecutive header level increase", strip_colors(app.warning.getvalue()))
    assert warned == ["7", "13"]


def test_an_address_of_two_slashes_names_a_file_of_the_machine_for_the_build_and_msblog_check(tmp_path):
    """Sphinx reads "//etc/hostname" from the machine's root (it takes one "/" for the site's folder): refused alike."""
    text = "---\ndate: 2015-06-01\n---\n\n# Files\n\n![x](//etc/hostname)\n\n[y](//etc/hostname)\n"
    site = dressed_site(tmp_path, "posts/2015/06/files.md", text)
    outside = "'//etc/hostname' is outside the site's folder: the build would publish a file of the machine it runs on"
    app = refused_alike(site, tmp_path / "_build", [(7, outside), (9, outside)])
    assert not list(app.outdir.rglob("hostname*"))


AS_GIVEN = """---
date: 2015-06-01
'og:x" content=""><script>alert(1)</script><meta name="': z
excerpt: many
exclude: yes
---

# Markup written as given

```{eval-rst}
.. meta::
   :http-equiv=refresh: 0;url=https://example.org/
```

An icon {octicon}`check;1em;x"><script>alert(2)</script><b`, and {math}`\\href{javascript:alert(3)}{x}`.

```{postlist}
:format: "{bogus}"
```
"""


def test_a_page_writes_nothing_that_sphinx_writes_as_given(tmp_path):
    """reST, an Open Graph key, ABlog's keys and postlist format, sphinx-design's icons, mathematics: refused by the
    build and msblog check at the same lines; none of it reaches the page, and the build does not stop."""
    site = dressed_site(tmp_path, "posts/2015/06/given.md", AS_GIVEN)
    expected = sorted([
        (3, "front matter key 'og:x\" content=\"\"><script>alert(1)</script><meta name=\"' is not an Open Graph property "
            "(og: and lower-case words joined by colons): sphinxext-opengraph would write it into the page's head as given"),
        (4, "excerpt is a whole number for ABlog (the how-manyth image or paragraph): 'many'"),
        (5, "exclude is ABlog's switch, written with no value (exclude: ''): 'True'"),
        (10, RST_AS_TEXT), (15, ICON), (15, MATH_AS_TEXT),
        (17, "postlist format '{bogus}' has {bogus}, which ABlog does not fill in: use {date}, {title}, {author}, "
             "{location}, {language}, {category}, {tags}")])
    app = refused_alike(site, tmp_path / "_build", expected)
    html = (app.outdir / "posts/2015/06/given.html").read_text()
    page = parse_html(app.outdir / "posts/2015/06/given.html")
    assert not [s for s in page.find_all("script") if "alert" in (s.string or "") and s.get("type") != "application/ld+json"]
    assert page.find("meta", attrs={"http-equiv": True}) is None and "mathjax" not in html.lower()
    assert not page.select("article[role=main] svg") and "Markup written as given" in page.h1.get_text()
    assert ".. meta::" in page.get_text() and "\\href{javascript:alert(3)}{x}" in page.get_text()


EXTENSIONS = """---
date: '2015-06-01T10:00:00+01:00'
---

# What extensions write

:::{div}
:style: position:fixed;inset:0;background:url(https://example.org/track.png)

A block.
:::

```{note}
:clas: a misspelt option

A <b>bold</b> note.
```

:::{card} A card
---
link: javascript:alert(1)
---
Body.
:::

```{update} 5
Guessed.
```

```{update} 2015-06-02
Known.
```

:::{article-info}
:author: Prof G
:date: 1 June 2015
:read-time: 2 min read
:::
"""


def test_what_extensions_write_as_given_is_refused_and_the_build_names_no_path(tmp_path):
    """A style, HTML in a directive's body, an option in a --- block, an update ABlog would have to guess: refused
    by the build and msblog check at the same lines; docutils' own messages, which name the source's path on the
    building machine, reach no page and no feed; sphinx-design's own icons (an article's facts) stay."""
    site = dressed_site(tmp_path, "posts/2015/06/extensions.md", EXTENSIONS)
    expected = [(7, STYLE), (16, HTML_AS_TEXT), (19, "link to 'javascript:alert(1)': a page links only to web addresses "
                                                     "(http or https), e-mail addresses and pages of the site"),
                (26, "update: date '5' is not a whole date: give its day, month and year (YYYY-MM-DD)")]
    app = refused_alike(site, tmp_path / "_build", expected)
    published = [p for p in app.outdir.rglob("*") if p.suffix in (".html", ".xml") and p.is_file()]
    assert not [p for p in published if str(site) in p.read_text() or "System Message" in p.read_text()]
    page = parse_html(app.outdir / "posts/2015/06/extensions.html")
    assert not page.select("article[role=main] [style]") and page.select("article[role=main] svg.sd-octicon")
    assert [t.get_text() for t in page.select(".update .admonition-title")] == ["Updated on 02 June 2015"]
    assert "Guessed." in page.get_text()


LINKED_OUT = "the file is a symbolic link to a file outside the site's folder: the build would publish a file of the machine it runs on"


def test_a_page_discussion_or_registry_page_linked_from_outside_the_site_is_refused_and_not_published(tmp_path):
    """A symbolic link in the site's folders to a file of the machine: its text never reaches the site."""
    site, outside = new_site(tmp_path), tmp_path / "outside"
    outside.mkdir()
    (outside / "post.md").write_text("---\ndate: 2016-01-01\n---\n\n# Leaked\n\nSECRET-POST\n")
    (outside / "discussion.md").write_text(":::{comment} 1\n\nSECRET-DISCUSSION\n:::\n")
    (outside / "entry.md").write_text("---\ntherapy: SECRET-ENTRY\n---\n\n# SECRET-ENTRY\n")
    (outside / "folder").mkdir()
    (outside / "folder/post.md").write_text("---\ndate: 2016-02-01\n---\n\n# Leaked too\n\nSECRET-FOLDER\n")
    for link, target in {"posts/2016/01/leak.md": "post.md", "comments/2016/01/fine.md": "discussion.md",
                         "therapies/leak.md": "entry.md", "posts/2016/02": "folder"}.items():
        (site / link).parent.mkdir(parents=True, exist_ok=True)
        (site / link).symlink_to(outside / target)
    (site / "therapies/index.md").write_text("# Therapies\n")
    (site / "posts/2016/01/fine.md").write_text("---\ndate: 2016-01-02\n---\n\n# Fine\n\nText.\n")
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    for build in (app.build, lambda: rebuild(app)):
        build()
        assert app.statuscode == 1
        assert msblog_errors(app.warning.getvalue(), site) == [
            (name, 1, LINKED_OUT) for name in ("comments/2016/01/fine.md", "posts/2016/01/leak.md",
                                               "posts/2016/02/post.md", "therapies/leak.md")]
        assert (app.outdir / "posts/2016/01/fine.html").is_file()
        assert not [path for path in app.outdir.rglob("*") if path.is_file() and b"SECRET" in path.read_bytes()]
    app.cleanup()
    assert sorted((str(p.path), p.line, p.message) for p in check_site(site, date(2020, 1, 1))
                  if p.message == LINKED_OUT) == [
        (name, 1, LINKED_OUT) for name in ("comments/2016/01/fine.md", "posts/2016/01/leak.md",
                                           "posts/2016/02/post.md", "therapies/leak.md")]


def test_a_page_not_in_utf_8_is_an_error_at_its_line_in_every_build_and_not_published(tmp_path):
    site = new_site(tmp_path)
    page = site / "posts/2016/01/latin.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"---\ndate: 2016-01-01\n---\n\n# Caf\xe9\n\nText.\n")
    (site / "posts/2016/01/fine.md").write_text("---\ndate: 2016-01-02\n---\n\n# Fine\n\nText.\n")
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    for build in (app.build, lambda: rebuild(app)):  # Sphinx alone stops the whole build, naming no line
        build()
        assert app.statuscode == 1
        assert msblog_errors(app.warning.getvalue(), site) == [("posts/2016/01/latin.md", 5, (
            "the file is not UTF-8, as every page, discussion and bibliography must be: save it as UTF-8"))]
        assert (app.outdir / "posts/2016/01/fine.html").is_file()
        assert not (app.outdir / "posts/2016/01/latin.html").exists()
    app.cleanup()


def marked_post(tmp_path: Path, text: bytes) -> Path:
    """A new site whose one post is ``text`` saved with a byte order mark; the site."""
    site = new_site(tmp_path)
    page = site / "posts/2016/01/marked.md"
    page.parent.mkdir(parents=True)
    page.write_bytes(b"\xef\xbb\xbf" + text)
    return site


def test_a_post_saved_with_a_byte_order_mark_is_held_to_the_rules_as_sphinx_reads_it(tmp_path):
    """Sphinx reads the page after the mark: msblog check and the dataset saw no front matter, and the build held the
    post to no rule of its front matter."""
    site = marked_post(tmp_path, b"---\r\ndate: 2016-01-01\r\nog:url: javascript:alert(1)\r\n---\r\n\r\n# Marked\r\n")
    refused_alike(site, tmp_path / "_build", [(3, "og:url is not a web address (http or https, with a host): "
                                                  "'javascript:alert(1)'")])
    page = site / "posts/2016/01/marked.md"
    page.write_bytes(page.read_bytes().replace(b"og:url: javascript:alert(1)\r\n", b""))
    assert check_site(site) == [] and json.loads(dataset_files(site, Layout())[POSTS])["title"] == "Marked"


def test_a_post_saved_with_a_byte_order_mark_whose_front_matter_is_not_yaml_is_refused_at_its_line(tmp_path):
    """The build looked for the front matter before the mark, found none, and gave no error of its own."""
    site = marked_post(tmp_path, b"---\ndate: 2016-01-01\nauthor: [Prof G\n---\n\n# Marked\n")
    refused_alike(site, tmp_path / "_build", [(4, "front matter is not valid YAML: expected ',' or ']', but got "
                                                  "'<stream end>'")])


TITLES = """---
date: 2015-06-01
---

# HTML in titles and terms

```{glossary}
:sorted:

term
  A definition.

<b>bold</b> : a classifier
  Another <i>definition</i>.
```

```{dropdown} A <b>dropdown</b>
Body.
```

:::{admonition} An <i>admonition</i>
Body.
:::
"""


def test_html_in_a_title_or_a_glossarys_term_is_refused_at_its_line(tmp_path):
    """HTML in a glossary's term or definition (after its options) or a directive's title: refused by the build and
    msblog check at its own line, and shown as its text."""
    site = dressed_site(tmp_path, "posts/2015/06/titles.md", TITLES)
    app = refused_alike(site, tmp_path / "_build", [(13, HTML_AS_TEXT), (14, HTML_AS_TEXT), (17, HTML_AS_TEXT),
                                                   (21, HTML_AS_TEXT)])
    page = parse_html(app.outdir / "posts/2015/06/titles.html").select_one("article[role=main]")
    assert page.find(["b", "i"]) is None and "A <b>dropdown</b>" in page.get_text()


def test_a_role_names_the_same_entry_in_the_build_and_msblog_check(tmp_path):
    """A ``{therapy}`` role's text holding ``<``: msblog check names the target the build's warning names."""
    text = ("---\ndate: 2015-06-01\n---\n\n# Roles\n\n"
            "{therapy}`Lemtrada <alemtuzumab>`, {therapy}`a<b`, {therapy}`x < y <z>`.\n")
    site = dressed_site(tmp_path, "posts/2015/06/roles.md", text)
    checked = sorted(re.findall(r"unknown therapy ('.*'): not in the registry",
                                "\n".join(p.message for p in check_site(site, date(2020, 1, 1)))))
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    assert checked == sorted(re.findall(r"unknown therapy ('.*'): add it", app.warning.getvalue())) == [
        "' y <z'", "'a<b'", "'alemtuzumab'"]


def test_names_as_a_yaml_list_or_empty_are_refused_and_never_names_of_a_post(tmp_path):
    """ABlog would catalog ``["Prof G"`` and ``"Dr K"]`` as authors, and an empty value as a tag named ``null``."""
    text = "---\ndate: 2015-06-01\nauthor: [Prof G, Dr K]\ntags:\n---\n\n# Names\n\nText.\n"
    site = dressed_site(tmp_path, "posts/2015/06/names.md", text)
    message = ("{} is written as names separated by commas, not as a YAML list, mapping or empty value (ABlog would "
               "take its brackets, quotes or 'null' as names): {!r}")
    app = refused_alike(site, tmp_path / "_build", [(3, message.format("author", '["Prof G", "Dr K"]')),
                                                   (4, message.format("tags", "null"))])
    assert compat.ablog_posts(app.env)["posts/2015/06/names"][0]["author"] == []
    assert compat.ablog_posts(app.env)["posts/2015/06/names"][0]["tags"] == []
    assert not (app.outdir / "blog/author").exists() and not (app.outdir / "blog/tag/null.html").exists()


FOOTNOTES = """---
date: 2015-06-01
author: Ann[^name]
---

# Footnotes

A note[^missing], on a second
line[^missing], and a defined one[^here].

:::{note}
In a note[^7].
:::

[^here]: Here.
"""


def test_a_footnote_reference_with_no_footnote_is_refused_at_its_line_and_shown_as_its_text(tmp_path):
    """Refused by the build and msblog check at its line, naming the footnote (once for the build, not as docutils'
    two errors), and shown as its text; in a front matter value, only shown as its text."""
    site = dressed_site(tmp_path, "posts/2015/06/notes.md", FOOTNOTES)
    app = refused_alike(site, tmp_path / "_build", [(8, undefined_footnote("missing")), (9, undefined_footnote("missing")),
                                                    (12, undefined_footnote("7"))])
    assert "[docutils]" not in strip_colors(app.warning.getvalue())
    page = parse_html(app.outdir / "posts/2015/06/notes.html").select_one("article[role=main]")
    text = " ".join(page.get_text().split())
    assert "A note[^missing], on a second line[^missing], and a defined one[1]." in text and "In a note[^7]." in text
    assert [a["href"] for a in page.select("a.footnote-reference")] == ["#here"] and "Ann[^name]" in text


MARKDOWN_NAME = "*A*_b_ {sub}`2` {raw}`x` <b>B</b> [c](/etc/passwd) [^1]"


def test_a_front_matter_value_is_its_text_never_read_as_markdown(tmp_path):
    """MyST read an author's name as Markdown: ``*A*`` lost its stars, and a role put docutils' message, with the
    page's path on the building machine, into the author's name, page and linked data, warning at no line."""
    site = dressed_site(tmp_path, "posts/2015/06/named.md",
                        f"---\ndate: 2015-06-01\nauthor: {json.dumps(MARKDOWN_NAME)}\n---\n\n# Named\n\nWords.\n")
    assert check_site(site, date(2020, 1, 1)) == []
    out = build(site, tmp_path / "_build")
    page = parse_html(out / "posts/2015/06/named.html")
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert [author["name"] for author in data["author"]] == [MARKDOWN_NAME]
    assert MARKDOWN_NAME in " ".join(page.select_one("article[role=main]").get_text().split())
    authors = [path.name for path in (out / "blog" / "author").iterdir()]
    assert len(authors) == 1 and "tmp" not in authors[0] and not list(out.rglob("_downloads"))


def test_half_a_character_in_front_matter_is_refused_at_its_line_by_the_build_check_and_dataset(tmp_path):
    """YAML's escapes write a surrogate alone (``"\\ud83d"``): the build stopped with a traceback writing the
    author's page, and the dataset writing its row."""
    site = dressed_site(tmp_path, "posts/2015/06/half.md",
                        '---\ndate: 2015-06-01\nauthor: "\\ud83d\\ude00 Ann"\ntags: "x\\udc00"\n---\n\n# Half\n\nText.\n')
    message = ("{!r} holds half of a character (a surrogate, as YAML's escape \\ud83d writes one alone), which no page "
               "can hold: write the character itself")
    expected = [(3, message.format("author")), (4, message.format("tags"))]
    refused_alike(site, tmp_path / "_build", expected)
    with pytest.raises(ContentError) as refused:
        dataset_files(site, Layout())
    assert sorted((p.line, p.message) for p in refused.value.problems) == expected


NAMED_AS_TARGETS = """---
date: 2015-06-01
---

(here)=
# Footnotes named as targets

A note[^here], a figure's[^fig] and one of its own[^Fig].

:::{admonition} A box
:name: fig
Boxed.
:::

[^here]: The note.
[^fig]: The figure's note.
[^Fig]: A note of its own.
"""


def test_a_footnote_whose_label_is_a_targets_name_is_refused_at_its_reference_saying_why(tmp_path):
    """MyST leaves out a footnote whose label is the name of a target of the page (``(here)=``, a directive's
    ``:name:``), and warns at its line: the build and msblog check refuse each reference to it, saying why."""
    site = dressed_site(tmp_path, "posts/2015/06/named.md", NAMED_AS_TARGETS)
    app = refused_alike(site, tmp_path / "_build", [(8, footnote_named_as_target("fig")),
                                                    (8, footnote_named_as_target("here"))])
    warnings = strip_colors(app.warning.getvalue())
    assert "named.md:15: WARNING: Duplicate footnote definition found for label: 'here'" in warnings
    assert "A note of its own." in parse_html(app.outdir / "posts/2015/06/named.html").get_text()


def test_thousands_of_footnote_references_with_no_footnote_are_each_refused_once_and_kept_as_text(tmp_path):
    labels = [f"n{number}" for number in range(1500)]
    references = " ".join(f"[^{label}]" for label in labels * 2)
    site = dressed_site(tmp_path, "posts/2015/06/notes.md", f"---\ndate: 2015-06-01\n---\n\n# Notes\n\n{references}\n")
    app = refused_alike(site, tmp_path / "_build", sorted((7, undefined_footnote(label)) for label in labels))
    text = parse_html(app.outdir / "posts/2015/06/notes.html").select_one("article[role=main]").get_text()
    assert " ".join(text.split()).count("[^n1499]") == 2


GLOSSARY = """---
date: 2015-06-01
---

# Words

Some text.

```{glossary}
alpha : <img src=x onerror=alert(1)>
   First.
beta
   Second.
```
"""


def test_a_glossary_is_warned_of_at_its_lines_and_its_classifier_names_an_index_group_as_text(tmp_path):
    site = dressed_site(tmp_path, "posts/2015/06/words.md", GLOSSARY)
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    warnings = strip_colors(app.warning.getvalue())
    assert "words.md:12: WARNING: glossary term must be preceded by empty line" in warnings, warnings
    index = parse_html(app.outdir / "genindex.html")
    assert not index.select("img") and "<img src=x onerror=alert(1)>" in index.get_text()


def test_words_struck_out_in_markdown_are_struck_out_and_struck_out_in_html_refused(tmp_path):
    site = dressed_site(tmp_path, "posts/2015/06/dose.md", "---\ndate: 2015-06-01\n---\n\n# Dose\n\n"
                                                         "The dose is ~~5 mg~~ 10 mg.\n\nNot <s>this</s>.\n")
    app = refused_alike(site, tmp_path / "_build", [(9, HTML_AS_TEXT)])
    page = parse_html(app.outdir / "posts/2015/06/dose.html").select_one("article[role=main]")
    assert [s.get_text() for s in page.select("s")] == ["5 mg"] and "Not <s>this</s>." in page.get_text()


TERMS = """---
date: 2015-06-0{day}
---

# Terms {day}

```{{glossary}}
*Relapse*
  A new attack.

EDSS : a classifier
  A scale.
{again}```
"""


def test_a_glossary_term_defined_twice_is_named_at_its_line_by_the_build_and_msblog_check(tmp_path):
    """Sphinx's terms are the site's: a term defined again, in its page or another, fails the build at its line (the
    page read later), and msblog check names the same lines; a term in other markup is not taken for another."""
    site = dressed_site(tmp_path, "posts/2015/06/a.md", TERMS.format(day=1, again="\nEDSS\n  Again.\n"))
    (site / "posts/2015/06/b.md").write_text(TERMS.format(day=2, again="\n`EDSS (x)`\n  Code.\n"))
    found = [(str(p.path), p.line) for p in check_site(site, date(2020, 1, 1)) if "defined twice" in p.message]
    assert found == [("posts/2015/06/a.md", 14), ("posts/2015/06/b.md", 8), ("posts/2015/06/b.md", 11)]
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    warned = re.findall(r"(posts/2015/06/\w\.md):(\d+): WARNING: duplicate term description",
                        strip_colors(app.warning.getvalue()))
    assert sorted((path, int(line)) for path, line in warned) == found


IN_A_DIV = """---
date: 2015-06-01
---

# A div

:::
```{eval-rst}
.. toctree::
   :glob:

   /posts/*/*/*
```

A <b>bold</b> word[^nowhere].
:::

:::aside
<i>More.</i>
:::
"""


def test_what_a_colon_fence_naming_no_directive_holds_is_refused_as_anywhere_else(tmp_path):
    site = dressed_site(tmp_path, "posts/2015/06/div.md", IN_A_DIV)
    expected = [(8, RST_AS_TEXT), (15, HTML_AS_TEXT), (15, undefined_footnote("nowhere")), (19, HTML_AS_TEXT)]
    app = refused_alike(site, tmp_path / "_build", expected)
    page = parse_html(app.outdir / "posts/2015/06/div.html").select_one("article[role=main]")
    assert not page.select("b, i, .toctree-wrapper") and ".. toctree::" in page.get_text()


def test_directives_nested_too_deep_are_refused_at_the_first_too_deep_and_shown_as_text(tmp_path):
    """MyST's reading fails (a recursion error naming no page) on directives about 120 deep: closed ones, and
    backtick fences never closed, each holding the rest of the page."""
    closed = [":" * (3 + 40 - depth) + "{note}" for depth in range(40)] + ["Deep <b>inside</b>."] + [
        ":" * (3 + depth) for depth in range(1, 41)]
    unclosed = ["`" * 3 + "{note}" for _ in range(130)] + ["The end."]
    text = "\n".join(["---", "date: 2015-06-01", "---", "", "# Deep", "", *closed, "", *unclosed, ""])
    site = dressed_site(tmp_path, "posts/2015/06/deep.md", text)
    first_closed, first_unclosed = 7, 7 + len(closed) + 1
    app = refused_alike(site, tmp_path / "_build", [(first_closed + DEEPEST, NESTED_TOO_DEEP),
                                                   (first_unclosed + DEEPEST, NESTED_TOO_DEEP)])
    page = parse_html(app.outdir / "posts/2015/06/deep.html").select_one("article[role=main]")
    assert not page.select("b") and "Deep <b>inside</b>." in page.get_text() and "The end." in page.get_text()
    assert len(page.select("div.admonition.note")) == 2 * DEEPEST


HEAD = "---\ndate: 2015-06-01\n---\n\n# A page\n\n"  # 6 lines
RST = "```{eval-rst}\n.. toctree::\n   :glob:\n\n   /posts/*/*/*\n```"
HIDDEN = {
    "a body opening with a line of dashes that is not an options block": (
        f":::{{note}}\n ---\n{RST}\n---\n:::\n", [(9, RST_AS_TEXT)]),
    "an options block closed by more dashes": (
        f":::{{note}}\n---\nclass: tip\n----\n{RST}\n:::\n", [(11, RST_AS_TEXT)]),
    "a csv-table, whose cells MyST reads as Markdown": (
        f"````{{csv-table}}\n:header: a\n\n\"<b>x</b>\n\n{RST}\n\"\n````\n", [(7, CSV_AS_TEXT)]),
    "tilde fences never closed": ("~~~{note}\n" * 130 + "The end.\n", [(7 + DEEPEST, NESTED_TOO_DEEP)]),
    "quotes 20 deep, whose text MyST leaves out": ("> " * 20 + "Twenty deep.\n\n" + "> " * 19 + "Nineteen deep.\n",
                                                  [(7, NESTED_OUT_OF_SIGHT)]),
    "lists 10 deep": ("\n".join("  " * level + "- item" for level in range(10)) + "\n", [(16, NESTED_OUT_OF_SIGHT)]),
    "directives each in six quotes": (
        "\n".join("> " * 6 * level + ":" * (40 - level) + "{note}" for level in range(29)) + "\nDeep.\n",
        [(12, NESTED_TOO_DEEP)]),
}


@pytest.mark.parametrize("body, expected", HIDDEN.values(), ids=HIDDEN.keys())
def test_what_a_page_hides_from_a_first_reading_is_refused_alike(tmp_path, body, expected):
    site = dressed_site(tmp_path, "posts/2015/06/hidden.md", HEAD + body)
    app = refused_alike(site, tmp_path / "_build", expected)
    page = parse_html(app.outdir / "posts/2015/06/hidden.html").select_one("article[role=main]")
    assert not page.select("b, .toctree-wrapper")


ARGUMENTS = """---
date: 2016-04-01
---

# Arguments read as Markdown

:::{note} <b>note argument</b>
body
:::

:::{seealso} <i>see</i>
body
:::

:::{versionadded} 1.0 <u>since</u>
:::

```{code-block} python
:caption: <em>caption</em>
x = 1
```

:::{centered} <b>centered</b>
:::

:::{note} [^undefined-in-argument]
body
:::

:::{rubric} A <b>rubric</b>
:::

::::{card} A <b>card</b>
Body.
::::
"""


def test_what_a_directives_argument_holds_is_refused_by_the_build_and_msblog_check(tmp_path):
    """An admonition's first words, a version's text, a caption, a centred line, a rubric and a card's title are
    Markdown to MyST: the check and the build find each at its line."""
    site = dressed_site(tmp_path, "posts/2016/04/arguments.md", ARGUMENTS)
    found = sorted((p.line, p.message) for p in check_site(site, date(2020, 1, 1)))
    assert found == [(7, HTML_AS_TEXT), (11, HTML_AS_TEXT), (15, HTML_AS_TEXT), (19, HTML_AS_TEXT),
                     (23, HTML_AS_TEXT), (26, undefined_footnote("undefined-in-argument")), (30, HTML_AS_TEXT),
                     (33, HTML_AS_TEXT)]
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    refused = [(line, message) for _path, line, message in msblog_errors(app.warning.getvalue(), site, kinds=("post",))]
    assert sorted(refused) == found


POST_IN_A_POST = """---
date: 2015-06-01
tags: Trials
---

# A post

Intro.

```{post} 2015-06-02
:tags: Hidden

What the directive holds.
```

::::{note}
A note.

:::{post}
In a note.
:::
::::

Not directives: a line of Markdown,

.. post:: 2015-06-03

```{eval-rst}
.. post:: 2015-06-04
```
"""


def test_a_post_directive_in_a_post_is_refused_at_its_line_and_what_it_holds_stays(tmp_path):
    """ABlog's post directive in a post (a second post of the page, besides its front matter's): refused by the build
    and msblog check at each directive's line, never where MyST reads no directive; the page is one post, dated and
    tagged by its front matter, showing what the directives held."""
    site = dressed_site(tmp_path, "posts/2015/06/twice.md", POST_IN_A_POST)
    app = refused_alike(site, tmp_path / "_build", [(10, POST_DIRECTIVE), (19, POST_DIRECTIVE), (28, RST_AS_TEXT)])
    posts = compat.ablog_posts(app.env)["posts/2015/06/twice"]
    assert [(post["date"].date().isoformat(), post["tags"]) for post in posts] == [("2015-06-01", ["Trials"])]
    text = parse_html(app.outdir / "posts/2015/06/twice.html").select_one("article[role=main]").get_text()
    assert "What the directive holds." in text and "In a note." in text


IMAGES_BY_SCHEME = """---
date: 2015-06-01
---

# Images

![an e-mail address](mailto:a@example.org)

![the page's own](data:image/png;base64,iVBORw0KGgo=)

![written in capitals](DATA:image/png;base64,iVBORw0KGgo=)

```{image} mailto:b@example.org
```
"""


def test_an_image_is_a_web_address_data_or_a_file_of_the_site_alike_in_the_build_and_msblog_check(tmp_path):
    """An image of an e-mail address (which Sphinx takes for a file of the page's folder, and warns of) is refused at
    its line, and one written as data is the page's own (Sphinx reads only "data:" so), by the build and check alike."""
    site = dressed_site(tmp_path, "posts/2015/06/images.md", IMAGES_BY_SCHEME)
    not_an_image = "an image is a web address (http or https) or a file of the site"
    expected = [(7, f"image 'mailto:a@example.org': {not_an_image}"),
                (11, "link to 'DATA:image/png;base64,iVBORw0KGgo=': a page links only to web addresses (http or https), "
                     "e-mail addresses and pages of the site"),
                (13, f"image 'mailto:b@example.org': {not_an_image}")]
    assert sorted((p.line, p.message) for p in check_site(site, date(2020, 1, 1))) == expected
    app = SphinxTestApp("html", srcdir=site, builddir=tmp_path / "_build")
    app.build()
    app.cleanup()
    warnings = strip_colors(app.warning.getvalue())
    assert sorted((line, message) for _, line, message in msblog_errors(warnings, site)) == expected
    assert "not_readable" not in warnings

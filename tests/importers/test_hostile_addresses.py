"""Hostile addresses and slugs in exports: none becomes a link that runs, or a file name that breaks out.

Blogger's ``link rel="alternate"`` goes through :func:`msblog.model.addresses.post_path`, which
refuses an address that is not http or https and a slug that is not portable; WordPress's
``<link>`` is refused when it is not a web address, and its slug made portable. A built page of
a post whose slug was hostile links nothing but what it should.
"""

from __future__ import annotations

import re

import pytest

from msblog.cli import main
from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from msblog.model.addresses import is_portable_slug
from tests.helpers import TESTS, built_app, new_site, parse_html

BLOGGER = TESTS / "fixtures" / "exports" / "blogger.xml"
WORDPRESS = TESTS / "fixtures" / "exports" / "wordpress.xml"
BLOG = "multiple-sclerosis-research.blogspot.com"
ALTERNATE = f"<link rel='alternate' type='text/html' href='http://{BLOG}/2015/05/induction-demo.html'"
XSS = "x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"


def changed(tmp_path, export, old: str, new: str):
    text = export.read_text()
    assert old in text
    path = tmp_path / "changed.xml"
    path.write_text(text.replace(old, new, 1))
    return path


@pytest.mark.parametrize(("href", "why"), [
    (f"javascript:alert(document.domain)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"JaVaScRiPt:alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"  javascript:alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"java&#10;script:alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"java&#9;script:alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"javascript&#58;alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"javascript&amp;#58;alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"%6Aavascript:alert(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    (f"vbscript:msgbox(1)//{BLOG}/2015/05/induction-demo.html", "not a web address"),
    ("data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==/2015/05/induction-demo.html", "not a web address"),
    ("/2015/05/induction-demo.html", "not a web address"),
    (f"http://{BLOG}@evil.example/2015/05/induction-demo.html", "not a web address"),
    (f"http://{BLOG}/2015/05/induction-demo.html&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;", "not a web address"),
    (f"http://{BLOG}/2015/05/\u202einduction-demo.html", "not a web address"),
    (f"http://{BLOG}/2015/05/induction\uff0fdemo.html", "not a web address"),
    (f"http://{BLOG}/2015/05/{XSS}.html", "not a blog post address"),
    (f"http://{BLOG}/2015/05/..%2F..%2Fetc%2Fpasswd.html", "not a blog post address"),
    (f"http://{BLOG}/2015/05/a%255Cb.html", "not a blog post address"),
    (f"http://{BLOG}/2015/05/line%0Abreak.html", "not a blog post address"),
    (f"http://{BLOG}/2015/05/Induction-Demo.html", "not a portable file name"),
    (f"http://{BLOG}/2015/05/aux.html", "not a portable file name"),
    (f"http://{BLOG}/2015/05/{'a' * 201}.html", "not a portable file name"),
])
def test_a_blogger_post_address_that_is_not_a_web_address_or_portable_slug_is_refused(tmp_path, capsys, href, why):
    export = changed(tmp_path, BLOGGER, ALTERNATE, ALTERNATE.replace(f"http://{BLOG}/2015/05/induction-demo.html", href))
    text = export.read_text()
    entry = text[:text.index("<id>tag:blogger.com,1999:blog-99.post-102</id>")].count("\n")  # its <entry> line
    link = text[:text.index(f"<link rel='alternate' type='text/html' href='{href}")].count("\n") + 1
    site = new_site(tmp_path)
    assert main(["import", "blogger", str(export), "--site", str(site)]) == 1
    err = capsys.readouterr().err
    found = re.search(r"changed\.xml:(\d+): (.*)", err)
    assert found and int(found.group(1)) in (entry, link) and why in found.group(2), err
    assert not (site / "posts").exists()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """The WordPress fixture with the issue's slug, imported and built."""
    folder = tmp_path_factory.mktemp("hostile")
    export = changed(folder, WORDPRESS, "/2016/02/03/native-wp/", f"/2016/02/03/{XSS}/")
    site = new_site(folder)
    report = import_export(read_wordpress, export, site)
    yield site, report, export


@pytest.fixture(scope="module")
def built(hostile_site):
    yield from built_app(hostile_site[0])


def test_every_file_imported_has_a_portable_name(hostile_site):
    site, report, export = hostile_site
    names = [p.stem for p in site.rglob("*.md") if p.parent != site]
    assert names and all(is_portable_slug(name) for name in names)
    assert (site / "posts/2016/02/x-img-src-x-onerror-alert-1.md").is_file()
    assert any(p.startswith(f"{export}:") and "x-img-src-x-onerror-alert-1" in p for p in report.problems)


def test_the_page_of_a_post_with_a_hostile_slug_links_nothing_it_should_not(built):
    page = parse_html(built.outdir / "posts/2016/02/x-img-src-x-onerror-alert-1.html")
    assert page.find("img", onerror=True) is None and not page.find_all("img", src="x")
    for element in page.find_all(True):
        assert not [name for name in element.attrs if name.lower().startswith("on")], element
    for link in page.find_all(href=True):
        assert not re.match(r"\s*(javascript|data|vbscript):", link["href"], re.I), link
    original = page.find("a", string=re.compile("^https://profg.example/2016/02/03/x%22"))
    assert original is not None and original["href"] == f"https://profg.example/2016/02/03/{XSS}/"
    source = page.find("a", href=re.compile(r"_sources/"))  # furo's "View this page", which the slug broke out of
    assert source["href"].endswith("_sources/posts/2016/02/x-img-src-x-onerror-alert-1.md.txt")

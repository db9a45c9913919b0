"""html_baseurl, which conf.py may take from the environment, is the site's address or nothing: never markup."""

from __future__ import annotations

import pytest
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from tests.helpers import new_site, parse_html, write_files

NOT_ADDRESSES = ['https://example.org/"><script>alert(1)</script>/', "https://example.org/\nDisallow: /\n",
                 "https://example.org/en", "ftp://example.org/", "javascript:alert(1)//", "https://example.org/?v=/",
                 "/en/latest/"]


@pytest.mark.parametrize("base", NOT_ADDRESSES)
def test_an_html_baseurl_that_is_no_site_address_stops_the_build_at_its_line(tmp_path, base):
    site = new_site(tmp_path)
    conf = site / "conf.py"
    conf.write_text(conf.read_text() + f"html_baseurl = {base!r}\nhtml_title = 'Archive'\n")
    line = len(conf.read_text().splitlines()) - 1
    with pytest.raises(ConfigError) as refused:
        SphinxTestApp("html", srcdir=site)
    assert str(refused.value) == (f"{conf}:{line}: html_baseurl {base!r} is not the site's address: an http or https "
                                  "address ending in /, without query or fragment")


def test_a_redirect_page_escapes_what_it_writes(tmp_path):
    app = SphinxTestApp("html", srcdir=new_site(tmp_path))
    try:
        hostile = '"><script>alert(1)</script>'
        page = app.builder.templates.render("msblog/redirect.html", {
            "title": "A post", "href": f"../x.html{hostile}", "canonical": f"https://example.org/{hostile}",
            "language": f"en{hostile}"})
    finally:
        app.cleanup()
    html = parse_html(write_files(tmp_path, {"page.html": page}) / "page.html")
    assert html.find("script") is None
    assert html.html["lang"] == f"en{hostile}"
    assert html.find("link", rel="canonical")["href"] == f"https://example.org/{hostile}"
    assert html.find("meta", attrs={"http-equiv": "refresh"})["content"] == f"0; url=../x.html{hostile}"
    assert html.find("a")["href"] == f"../x.html{hostile}"

"""Original addresses and slugs: only web addresses are kept, and only portable slugs become file names."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msblog.model.addresses import (link_scheme_problem, 
    SLUG_BYTES,
    is_portable_slug,
    is_web_address,
    portable_slug,
    post_path,
    slug_problem,
    wordpress_address,
    wordpress_path,
)

BLOG = "multiple-sclerosis-research.blogspot.com"
HAMBURG = "2015/05/hsct-hamburg-experience"
# The payload: a slug that closed the "View this page" link's href and ran a script.
XSS = "x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E"
# Addresses that must never be written as a link, however they are spelt.
HOSTILE_ADDRESSES = [
    f"javascript:alert(document.domain)//{BLOG}/{HAMBURG}.html",
    f"JaVaScRiPt:alert(1)//{BLOG}/{HAMBURG}.html",
    f"  javascript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"\tjavascript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"java\nscript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"java\tscript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"\x00javascript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"javascript&#58;alert(1)//{BLOG}/{HAMBURG}.html",
    f"%6Aavascript:alert(1)//{BLOG}/{HAMBURG}.html",
    f"vbscript:msgbox(1)//{BLOG}/{HAMBURG}.html",
    f"data:text/html;base64,PHNjcmlwdD4=//{BLOG}/{HAMBURG}.html",
    f"data:text/html,<script>alert(1)</script>/{HAMBURG}.html",
    f"file:///etc/passwd/{HAMBURG}.html",
    f"ftp://{BLOG}/{HAMBURG}.html",
    f"//{BLOG}/{HAMBURG}.html",
    f"/{HAMBURG}.html",
    f"http:/{HAMBURG}.html",
    f"http:///{HAMBURG}.html",
    f"http:\\\\{BLOG}\\{HAMBURG}.html",
    f"https://{BLOG}@evil.example/{HAMBURG}.html",
    f"http://{BLOG}:80x/{HAMBURG}.html",
    f"http://{BLOG}/{HAMBURG}.html\" onmouseover=\"alert(1)",
    f"http://{BLOG}/{HAMBURG}.html'><script>alert(1)</script>",
    f"http://{BLOG}/{HAMBURG}.html\n",
    f" http://{BLOG}/{HAMBURG}.html",
    f"http://{BLOG}/2015/05/hsct%zzhamburg.html",
    f"http://{BLOG}/2015/05/\u202ehsct-hamburg-experience.html",
    f"http://{BLOG.replace('o', 'о')}/{HAMBURG}.html",  # a Cyrillic о
    f"http://evil.example\uff0f{HAMBURG}.html",  # a fullwidth solidus
    "",
]


@pytest.mark.parametrize("url", [
    f"http://{BLOG}/{HAMBURG}.html",
    f"HTTPS://{BLOG.upper()}/{HAMBURG}.html?showComment=1431852178124#c5566",
    "https://profg.example:8443/2016/02/03/caf%C3%A9-wp/",
    "http://localhost/2016/02/03/native-wp/?p=14&x='y'",
])
def test_web_addresses(url):
    assert is_web_address(url)


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
def test_anything_else_is_not_a_web_address(url):
    assert not is_web_address(url)


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
def test_post_path_refuses_an_address_that_is_not_a_web_address(url):
    with pytest.raises(ValueError, match="not a web address"):
        post_path(url)


@pytest.mark.parametrize("url", HOSTILE_ADDRESSES)
def test_wordpress_path_refuses_an_address_that_is_not_a_web_address(url):
    assert wordpress_address(url.replace(".html", "/")) is None
    assert wordpress_path(url.replace(".html", "/")) is None


@pytest.mark.parametrize("slug", [
    "induction-therapies-more-science-is", "café", "hsct_2015", "x--y", "trailing-", "7-facts", "ß", "日本語",
    "многоформная", "हिन्दी", "a" * SLUG_BYTES, "é" * (SLUG_BYTES // 2),
])
def test_portable_slugs(slug):
    assert is_portable_slug(slug) and slug_problem(slug) is None
    assert portable_slug(slug) == slug


@pytest.mark.parametrize("slug, problem", [
    ("", "empty"),
    ('x"><img src=x onerror=alert(1)>', 'holds " > < U+0020 = ( ), which'),
    ("x&amp;y", "holds & ;, which"),
    ("it's", "holds ', which"),
    ("a%22b", "holds %, which"),
    ("..", "holds ., which"),
    (".htaccess", "holds ., which"),
    ("a.md", "holds ., which"),
    ("../../etc/passwd", "holds . /, which"),
    ("a\\b", "holds \\, which"),
    ("a\nb", "holds U+000A, which"),
    ("a\tb", "holds U+0009, which"),
    ("a\x00b", "holds U+0000, which"),
    ("a b", "holds U+0020, which"),
    ("Native-WP", "holds N W P, which"),
    ("-rf", "does not begin with a letter or digit"),
    ("_private", "does not begin with a letter or digit"),
    ("\u0301a", "does not begin with a letter or digit"),
    ("a\u200bb", "holds U+200B, which"),
    ("a\u202eb", "holds U+202E, which"),
    ("a\u2066b", "holds U+2066, which"),
    ("a\ufeffb", "holds U+FEFF, which"),
    ("a\u1160b", "holds U+1160, which"),  # Hangul filler: a letter that shows nothing
    ("a\ufe0fb", "holds U+FE0F, which"),  # a variation selector
    ("a\u2215b", "holds U+2215, which"),  # division slash, a look-alike of /
    ("cafe\u0301", "NFKC"),  # é decomposed
    ("\uff45vil", "NFKC"),  # fullwidth e
    ("a\uff1cb", "NFKC"),  # fullwidth <
    ("😀", "holds U+1F600, which"),
    ("con", "Windows"),
    ("lpt1", "Windows"),
    ("a" * (SLUG_BYTES + 1), f"longer than {SLUG_BYTES} bytes"),
    ("é" * (SLUG_BYTES // 2 + 1), f"longer than {SLUG_BYTES} bytes"),
])
def test_anything_else_is_not_a_portable_slug(slug, problem):
    assert not is_portable_slug(slug)
    assert problem in slug_problem(slug)


@pytest.mark.parametrize("text, slug", [
    ('x"><img src=x onerror=alert(1)>', "x-img-src-x-onerror-alert-1"),
    ("../../etc/passwd", "etc-passwd"),
    ("a\\b", "a-b"),
    ("line\nbreak", "line-break"),
    ("x - y", "x-y"),
    ("Native-WP", "native-wp"),
    ("\uff45\uff56\uff49\uff4c", "evil"),
    ("cafe\u0301", "café"),
    ("a\u200bb\u202e", "ab"),
    ("😀 smile", "smile"),
    ("-rf", "rf"),
    ("con", "con_"),
    ("CON", "con_"),
    ("a" * 300, "a" * SLUG_BYTES),
    ("é" * 150, "é" * (SLUG_BYTES // 2)),
])
def test_portable_slug_transliterates(text, slug):
    assert portable_slug(text) == slug


@pytest.mark.parametrize("text", ["", "..", "???", "\u200b", "😀", "-_-"])
def test_portable_slug_refuses_text_without_a_letter_or_digit(text):
    with pytest.raises(ValueError, match="no letter or digit"):
        portable_slug(text)


@given(st.text())
def test_portable_slug_is_portable_or_refused(text):
    try:
        slug = portable_slug(text)
    except ValueError:
        return
    assert is_portable_slug(slug)
    assert portable_slug(slug) == slug


def test_post_path_keeps_the_blogger_slug():
    assert post_path(f"https://{BLOG}/{HAMBURG}.html?m=1") == HAMBURG


@pytest.mark.parametrize("slug, message", [
    ("Hsct-Hamburg", "the slug 'Hsct-Hamburg' of"),
    ("con", "Windows"),
    ("a" * (SLUG_BYTES + 1), "longer than"),
    (XSS, "not a blog post address"),
    ("x%0Ay", "not a blog post address"),
])
def test_post_path_refuses_a_slug_that_is_not_portable(slug, message):
    with pytest.raises(ValueError, match=message):
        post_path(f"http://{BLOG}/2015/05/{slug}.html")


@pytest.mark.parametrize("folders", ["2015/13", "2015/00", "2015/1"])
def test_an_address_of_a_month_no_calendar_has_is_no_post_s(folders):
    with pytest.raises(ValueError, match="not a blog post address"):
        post_path(f"http://{BLOG}/{folders}/x.html")
    assert wordpress_address(f"https://profg.example/{folders}/x/") is None
    assert wordpress_address("https://profg.example/2016/02/32/x/") is None


@pytest.mark.parametrize("slug", [
    XSS, "x%2522%253E", "line%0Abreak", "tab%09", "nul%00", "..%2F..%2Fevil", "%2E%2E", "a%5Cb", "a%2Fb",
    "bad%FF", "Native-WP", "%EF%BD%85vil", "a%E2%80%8Bb", "a%E2%80%AEb", "con", "x.y",
])
def test_wordpress_path_refuses_a_slug_that_is_not_portable_once_unescaped(slug):
    url = f"https://profg.example/2016/02/03/{slug}/"
    assert wordpress_address(url)[0] == "2016/02/03"
    assert wordpress_path(url) is None


def test_wordpress_address_gives_the_slug_unescaped_whatever_it_holds():
    assert wordpress_address(f"https://profg.example/2016/02/03/{XSS}/") == (
        "2016/02/03", 'x"><img src=x onerror=alert(1)>')
    assert wordpress_address("https://profg.example/2016/02/a%0Ab") == ("2016/02", "a\nb")
    assert wordpress_path("https://profg.example/2016/02/03/caf%C3%A9-wp/") == "2016/02/03/café-wp"
    assert wordpress_path("https://profg.example/2016/02/native-wp") == "2016/02/native-wp"


def test_wordpress_path_keeps_the_folders_a_site_lived_in():
    """A WordPress site in a folder of its host serves its posts there: their old paths were the posts' of no folder."""
    assert wordpress_path("https://profg.example/a/blog/2016/01/12/x/") == "a/blog/2016/01/12/x"
    assert wordpress_path("https://profg.example/a%20b/2016/01/12/x/") is None  # a folder no portable file name


@pytest.mark.parametrize("uri", ["javascript:alert(1)", "JavaScript:x", "java\tscript:x", "java\nscript:x",
                                 " \x01javascript:x", "data:text/html,<b>", "vbscript:x", "file:///etc/passwd",
                                 "msblog-doc:posts/x", "ftp://example.org/"])
def test_a_page_links_to_no_other_scheme_than_the_web_s_and_e_mail_s_as_a_browser_reads_it(uri):
    assert link_scheme_problem(uri) == (f"link to {uri!r}: a page links only to web addresses (http or https), e-mail "
                                        "addresses and pages of the site")


@pytest.mark.parametrize("uri", ["https://example.org/", "HTTP://example.org", "mailto:g@example.org", "../x.md",
                                 "#comment-1", "page.html?q=a:b", ""])
def test_web_and_e_mail_addresses_and_the_site_s_own_are_links(uri):
    assert link_scheme_problem(uri) is None

import pytest

from msblog.model.addresses import BlogAddress, OriginalBlog

BLOG = OriginalBlog("multiple-sclerosis-research")

HAMBURG = "2015/05/hsct-hamburg-experience"


@pytest.mark.parametrize("url, expected", [
    (f"http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html", BlogAddress(HAMBURG)),
    (f"https://multiple-sclerosis-research.blogspot.co.uk/{HAMBURG}.html?m=1", BlogAddress(HAMBURG)),
    (f"https://multiple-sclerosis-research.blogspot.ca/{HAMBURG}.html?showComment=1431852178124#c5566",
     BlogAddress(HAMBURG, "5566")),
    (f"http://www.multiple-sclerosis-research.blogspot.com.au/{HAMBURG}.html?showComment=1431852178124",
     BlogAddress(HAMBURG, "1431852178124")),
])
def test_blog_addresses_on_every_mirror(url, expected):
    assert BLOG.address(url) == expected


@pytest.mark.parametrize("url", [
    f"https://example.org/{HAMBURG}.html",
    "http://multiple-sclerosis-research.blogspot.com/search/label/HSCT",
    f"ftp://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html",
    f"https://other-blog.blogspot.com/{HAMBURG}.html",
    f"javascript:alert(1)//multiple-sclerosis-research.blogspot.com/{HAMBURG}.html",
    f" JaVaScRiPt:alert(1)//multiple-sclerosis-research.blogspot.com/{HAMBURG}.html",
    f"java\nscript:alert(1)//multiple-sclerosis-research.blogspot.com/{HAMBURG}.html",
    f"data:text/html,x//multiple-sclerosis-research.blogspot.com/{HAMBURG}.html",
    f"https://multiple-sclerosis-research.blogspot.com@evil.example/{HAMBURG}.html",
])
def test_other_addresses_are_not_the_blog(url):
    assert BLOG.address(url) is None


def test_addresses_written_into_running_text_end_at_html():
    text = f"see onhttp://multiple-sclerosis-research.blogspot.com/{HAMBURG}.htmlThe idea"
    assert BLOG.url_in_text.findall(text) == [f"http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html"]


def test_another_blog_is_a_setting():
    other = OriginalBlog("my-ms-diary")
    assert other.address(f"https://my-ms-diary.blogspot.de/{HAMBURG}.html") == BlogAddress(HAMBURG)
    assert other.address(f"http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html") is None
    assert other.home == "http://my-ms-diary.blogspot.com"


@pytest.mark.parametrize("name", ["", "Upper", "a.b", "-x", "x/../y", "a b"])
def test_a_blog_name_is_checked(name):
    with pytest.raises(ValueError, match="Blogger blog's name"):
        OriginalBlog(name)


MOVED = OriginalBlog("multiple-sclerosis-research", wordpress="ms-research.example")


@pytest.mark.parametrize(("url", "expected"), [
    ("https://ms-research.example/2019/05/01/block-editor/", BlogAddress("2019/05/block-editor")),
    ("http://www.ms-research.example/2019/05/block-editor", BlogAddress("2019/05/block-editor")),
    ("https://ms-research.example/2019/05/01/block-editor/#comment-12", BlogAddress("2019/05/block-editor", "12")),
    ("https://ms-research.example/2019/05/01/caf%C3%A9-au-lait/", BlogAddress("2019/05/café-au-lait")),
    ("https://ms-research.example/2019/05/01/Big%20Slug/", BlogAddress("2019/05/big-slug")),  # as the import writes it
    ("http://multiple-sclerosis-research.blogspot.co.uk/2015/05/x.html#c7", BlogAddress("2015/05/x", "7")),
    ("https://ms-research.example/about/", None),
    ("https://ms-research.example.evil.org/2019/05/01/x/", None),
    ("https://other.example/2019/05/01/x/", None),
])
def test_the_wordpress_site_the_blog_moved_to_is_the_blog_too(url, expected):
    assert MOVED.address(url) == expected
    assert OriginalBlog("multiple-sclerosis-research").address(url) == (expected if "blogspot" in url else None)


def test_wordpress_addresses_written_into_running_text():
    text = "See https://ms-research.example/2019/05/01/block-editor/, then https://ms-research.example/about/."
    assert MOVED.url_in_text.findall(text) == ["https://ms-research.example/2019/05/01/block-editor/"]


@pytest.mark.parametrize("host", ["https://ms.example", "ms.example/", "MS.example", "ms example"])
def test_a_wordpress_host_is_checked(host):
    with pytest.raises(ValueError, match="not a host name"):
        OriginalBlog("multiple-sclerosis-research", wordpress=host)

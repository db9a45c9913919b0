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

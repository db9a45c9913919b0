import pytest

from msblog.model.addresses import BLOG_URL, BlogAddress, blog_address

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
    assert blog_address(url) == expected


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
    assert blog_address(url) is None


def test_addresses_written_into_running_text_end_at_html():
    text = f"see onhttp://multiple-sclerosis-research.blogspot.com/{HAMBURG}.htmlThe idea"
    assert BLOG_URL.findall(text) == [f"http://multiple-sclerosis-research.blogspot.com/{HAMBURG}.html"]

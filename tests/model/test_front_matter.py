"""Front matter: a value YAML cannot construct names its line; what a post's file and front matter must hold."""

from __future__ import annotations

from datetime import date
from pathlib import Path, PurePosixPath

import pytest
import yaml

from msblog.model.errors import ContentError
from msblog.model.front_matter import load_front_matter, post_problems

TODAY = date(2026, 11, 30)
GOOD = PurePosixPath("2015/05/induction-therapies-more-science-is")


@pytest.mark.parametrize(("text", "line", "reason"), [
    ("title: x\ndate: 2015-13-45\n", 3, "month must be in 1..12"),
    ("date: 2015-06-01T25:00:00\n", 2, "hour must be in 0..23"),
    ("tags: [a\n", 3, "expected ',' or ']', but got '<stream end>'"),
])
def test_a_value_yaml_cannot_read_names_its_line(text, line, reason):
    with pytest.raises(ContentError) as refused:
        load_front_matter(text, Path("post.md"))
    assert str(refused.value) == f"post.md:{line}: front matter is not valid YAML: {reason}"


def _alias_bomb(levels: int) -> str:
    """Front matter whose ``tags`` hold 9 to the power ``levels`` items written out, in ``levels`` lines of YAML."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "date: '2015-05-17'\n" + "\n".join(lines) + f"\ntags: *a{levels - 1}\n"


@pytest.mark.parametrize(("text", "keys"), [
    (_alias_bomb(9), ["a5", "a6", "a7", "a8", "tags"]),  # 387 million items: reading them as text would take gigabytes
    ("date: '2015-05-17'\ntags: &t [a, *t]\n", ["tags"]),  # a value holding itself never ends
])
def test_a_value_yaml_aliases_make_too_large_is_refused_at_its_line(text, keys):
    with pytest.raises(ContentError) as refused:
        load_front_matter(text, Path("post.md"))
    lines = text.splitlines()
    assert [(problem.line, problem.message.split(" holds")[0]) for problem in refused.value.problems] == [
        (next(n for n, line in enumerate(lines, 2) if line.startswith(f"{key}:")), f"front matter value {key!r}")
        for key in keys]


def test_aliases_within_bounds_are_read():
    assert load_front_matter(_alias_bomb(5), Path("post.md"))["tags"][0][0][0][0] == ["x"] * 9


def test_a_good_post_has_no_problem():
    front = {"date": date(2015, 5, 17), "original_url": "http://multiple-sclerosis-research.blogspot.com/2015/05/x.html",
             "canonical_link": "https://example.org/x", "external_link": "https://example.org/y"}
    assert post_problems(GOOD, front, TODAY) == []


@pytest.mark.parametrize("address", [
    "javascript:alert(document.domain)//multiple-sclerosis-research.blogspot.com/2015/05/x.html",
    "data:text/html,<script>alert(1)</script>",
    "JaVaScRiPt:alert(1)",
    " https://example.org/x",
    "https://example.org/\"><script>",
    "//example.org/x",
    "/posts/2015/05/x.html",
    "None",
])
@pytest.mark.parametrize("key", ["original_url", "canonical_link", "external_link"])
def test_an_address_a_page_would_link_must_be_http_or_https(key, address):
    assert post_problems(GOOD, {key: address}, TODAY) == [
        (key, f"{key} is not a web address (http or https, with a host): {address!r}")]


@pytest.mark.parametrize(("value", "text"), [(["Prof G", "Dr K"], '["Prof G", "Dr K"]'), ({"a": "b"}, '{"a": "b"}'),
                                            (None, "null"), ("[]", "[]")])
@pytest.mark.parametrize("key", ["tags", "author", "category", "location", "language"])
def test_names_are_written_separated_by_commas_not_as_yaml_would_give_them(key, value, text):
    assert post_problems(GOOD, {key: value}, TODAY) == [
        (key, f"{key} is written as names separated by commas, not as a YAML list, mapping or empty value (ABlog would "
              f"take its brackets, quotes or 'null' as names): {text!r}")]
    for names in ("Prof G, Dr K [a reader]", "[Video], {MS}", '"Prof G"', 2015, True):  # an importer writes labels so
        assert post_problems(GOOD, {key: names}, TODAY) == []


@pytest.mark.parametrize(("value", "text"), [("2051-05-17", "2051-05-17"), ("06/01/2015", "06/01/2015"),
                                            ([2015, 6, 1], "[2015, 6, 1]"), (["1 May 2015"], "[\"1 May 2015\"]"), (None, "null")])
def test_the_date_follows_the_date_rule_read_as_the_build_reads_it(value, text):
    [(key, message)] = post_problems(GOOD, {"date": value}, TODAY)
    assert key == "date" and message.startswith(f"date {text!r} ")


@pytest.mark.parametrize(("name", "part"), [
    ('2015/05/x"><img src=x onerror=alert(1)>', 'x"><img src=x onerror=alert(1)>'),
    ("2015/05/two\nlines", "two\nlines"),
    ("2015/0\u202e5/slug", "0\u202e5"),
    ("2015/05/Capital", "Capital"),
])
def test_every_part_of_a_posts_path_must_be_a_portable_slug(name, part):
    [(key, message)] = post_problems(PurePosixPath(name), {}, TODAY)
    assert key is None and message.startswith(f"{part!r} in the post's path is not a portable slug: ")


@pytest.mark.parametrize(("redirect", "problem"), [
    ("../../../escaped", "'..': it holds ., which a slug may not"),
    ("/etc/cron.d/x", "it begins with /"),
    ("2015/05/fine, 2015/05/x\"><b", "'x\"><b': it holds"),
    ('["2015/05/a", "2015/05/b"]', "'[\"2015': it holds"),
])
def test_an_old_path_to_redirect_from_stays_in_the_site(redirect, problem):
    refused = post_problems(GOOD, {"redirect": redirect}, TODAY)
    assert {key for key, _ in refused} == {"redirect"} and problem in refused[0][1]
    assert post_problems(GOOD, {"redirect": "2015/05/old-slug, 2015/05/17/wordpress-slug/index"}, TODAY) == []


@pytest.mark.parametrize("text", ["date: 2015-02-01\t\n", "tags\t: X\n", "title: |#\n", "tags: HSCT\t# a note\n"])
def test_front_matter_myst_refuses_is_refused_at_its_line(text):
    """What MyST's YAML parser (PyYAML's, in Python) refuses, a page loses: the check refuses it too (libyaml,
    faster, accepts a tab in these places)."""
    with pytest.raises(yaml.YAMLError):
        yaml.safe_load(text)
    with pytest.raises(ContentError, match="front matter is not valid YAML"):
        load_front_matter(text, Path("x.md"))

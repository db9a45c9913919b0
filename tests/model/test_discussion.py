"""The discussion file format: parsing, threading, problems with lines, writing."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msblog.model.discussion import (
    DEEPEST_REPLY,
    Comment,
    Discussion,
    format_discussion,
    parse_discussion,
    read_discussion,
)
from msblog.model.errors import ContentError

GOOD = """\
---
declared: 5
---

:::{comment} 1
:author: Alice
:time: 2015-05-17T10:32:00+01:00

First.
:::

:::{comment} 1.1
:reply-to: 1

A reply.
:::

:::{comment} 1.1.1
:reply-to: 1.1
:author: Bob

Three deep.
:::

:::{comment} 2
:time: 2015-05-18

Second thread.
:::
"""


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as raised:
        parse_discussion(text, "comments/x.md")
    return [str(p) for p in raised.value.problems]


def test_parses_comments_threads_and_declared_count():
    found = parse_discussion(GOOD, "comments/x.md")
    assert found.declared == 5
    assert [c.id for c in found.comments] == ["1", "1.1", "1.1.1", "2"]
    assert [c.id for c in found.threads] == ["1", "2"]
    first = found.threads[0]
    assert first.author == "Alice"
    assert first.time == datetime(2015, 5, 17, 10, 32, tzinfo=timezone(timedelta(hours=1)))
    assert [r.id for r in first.replies] == ["1.1"]
    assert [r.id for r in first.replies[0].replies] == ["1.1.1"]
    assert first.replies[0].author is None and first.replies[0].time is None
    assert found.threads[1].time == date(2015, 5, 18)
    assert first.body == "First."


def test_reply_to_missing_comment_names_file_and_line():
    text = GOOD.replace(":reply-to: 1.1\n", ":reply-to: 9\n")
    assert problems(text) == [
        "comments/x.md:18: comment '1.1.1' replies to '9', which is not an earlier comment in this file"
    ]


def test_duplicate_id_names_both_lines():
    text = GOOD.replace(":::{comment} 2\n", ":::{comment} 1\n")
    assert problems(text) == ["comments/x.md:25: duplicate comment id '1' (first at line 5)"]


def test_reply_to_a_later_comment_is_a_problem():
    text = GOOD.replace(":::{comment} 1.1\n:reply-to: 1\n", ":::{comment} 1.1\n:reply-to: 2\n")
    assert "comments/x.md:12: comment '1.1' replies to '2'" in problems(text)[0]


@pytest.mark.parametrize(("text", "lines"), [
    ("> " * 20 + "Deep.\n\nAfter.", [3]),
    ("> " * 19 + "Shown.", []),
    ("".join("  " * n + "- item\n" for n in range(12)) + "\nAfter, left out too.", [12]),  # 2 levels a list
    ("".join("  " * n + "- item\n" for n in range(9)), []),
    ("```\n" + "> " * 30 + "Code.\n```", []),
])
def test_quotes_and_lists_nested_so_deep_that_their_text_would_be_lost_are_a_problem(text, lines):
    """markdown-it reads no deeper than 20 levels: what a quote or list item deeper holds, and after a list all
    that follows, was left out of the comment's page, saying nothing."""
    text = f":::{{comment}} 1\n\n{text}\n:::\n"
    if not lines:
        assert parse_discussion(text, "comments/x.md").comments[0].body
        return
    assert problems(text) == [f"comments/x.md:{line}: quotes and lists nested this deep are not shown, nor what they "
                              "hold, nor at times what follows them (take some levels out)" for line in lines]


def thread(depth: int) -> str:
    """A comment and a reply to it, a reply to that, and so on, ``depth`` replies deep; then a second thread."""
    comments = [":::{comment} 0\n\nThe first.\n:::\n"]
    comments += [f":::{{comment}} {n}\n:reply-to: {n - 1}\n\nReply {n}.\n:::\n" for n in range(1, depth + 1)]
    return "\n".join(comments + [":::{comment} x\n\nAnother thread.\n:::\n"])


def test_a_thread_may_be_a_hundred_replies_deep_and_no_deeper():
    """The build renders a thread one reply within another: a thousand deep, it ended in a RecursionError, naming no
    file; the first reply too deep is named at its line, not the replies below it."""
    assert len(parse_discussion(thread(DEEPEST_REPLY), "comments/x.md")) == DEEPEST_REPLY + 2
    assert problems(thread(1000)) == [f"comments/x.md:{6 * DEEPEST_REPLY + 6}: comment '{DEEPEST_REPLY + 1}' is a reply "
                                      f"{DEEPEST_REPLY + 1} deep (and its replies deeper): a thread is at most "
                                      f"{DEEPEST_REPLY} replies deep"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (":::{comment} 1\n:time: yesterday\n\nText\n:::\n", "x.md:2: time 'yesterday' is not an ISO 8601"),
        (":::{comment} 1\n:mood: happy\n\nText\n:::\n", "x.md:2: unknown comment option 'mood'"),
        (":::{comment} 1\n:author:\n\nText\n:::\n", "x.md:2: option 'author' needs a value"),
        (":::{comment}\n\nText\n:::\n", "x.md:1: a comment needs an id"),
        (":::{comment} bad id!\n\nText\n:::\n", "x.md:1: a comment needs an id"),
        (":::{comment} 1\n:::\n", "x.md:1: comment '1' has no text"),
        ("Stray text.\n", "x.md:1: only ':::{comment} ID' blocks may stand here"),
        (":::{note}\nText\n:::\n", "x.md:1: only ':::{comment} ID' blocks may stand here"),
        ("---\ndeclared: many\n---\n", "x.md:2: 'declared' must be a whole number"),
        ("---\nposter: me\n---\n", "x.md:2: unknown front matter key 'poster'"),
        ("---\ndeclared: [\n---\n", "x.md:2: front matter is not valid YAML"),
        ("---\n# the page's count\ndeclared: 1\n---\n\n:::{comment} 1\nOne.\n:::\n\n:::{comment} 2\n:deleted:\n:::\n",
         "x.md:3: 'declared' is 1, but the file holds 2 comments"),
    ],
)
def test_problems_name_the_line(text, expected):
    assert any(expected in p for p in problems(text)), problems(text)


KNOWN = "(known: author, time, reply-to, deleted, flag)"


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (":Author: Alice", f"comments/x.md:2: unknown comment option 'Author' {KNOWN}"),
        (":reply_to: 1", f"comments/x.md:2: unknown comment option 'reply_to' {KNOWN}"),
        (":time:2015-05-17", "comments/x.md:2: option 'time' needs a space between ':time:' and its value"),
        ("  :mood: happy", f"comments/x.md:2: unknown comment option 'mood' {KNOWN}"),
    ],
)
def test_every_option_line_is_read_as_an_option(option, expected):
    assert problems(f":::{{comment}} 1\n{option}\n\nText\n:::\n") == [expected]


def test_an_option_after_another_or_indented_is_read():
    found = parse_discussion(":::{comment} 1\n:author: Alice\n  :time: 2015-05-18\n\nText\n:::\n", "x.md")
    assert (found.comments[0].author, found.comments[0].time, found.comments[0].body) == ("Alice", date(2015, 5, 18), "Text")


def test_text_after_the_options_may_start_with_a_colon_word():
    text = ":::{comment} 1\n:author: Alice\n\n:Author: is how I sign.\n:reply_to: too\n:::\n"
    assert parse_discussion(text, "x.md").comments[0].body == ":Author: is how I sign.\n:reply_to: too"
    text = ":::{comment} 1\n\n:smile: hello\n:::\n"
    assert parse_discussion(text, "x.md").comments[0].body == ":smile: hello"


def test_every_problem_in_a_file_is_reported_at_once():
    text = ":::{comment} 1\n:mood: x\n\nA\n:::\n\n:::{comment} 2\n:reply-to: 7\n\nB\n:::\n"
    assert len(problems(text)) == 2


def test_front_matter_problems_are_at_their_keys_lines():
    assert problems("---\n# c\n\ndeclared: -1\nfoo: 2\n---\n") == [
        "comments/x.md:5: unknown front matter key 'foo' (known: declared)",
        "comments/x.md:4: 'declared' must be a whole number of comments, not -1",
    ]


def test_a_comment_not_closed_is_a_problem_where_the_next_begins():
    """Else the next comment would be the first's text, under the first's author."""
    text = ":::{comment} 1\n:author: Alice\n\nFirst comment.\n\n:::{comment} 2\n:author: Bob\n\nSecond comment.\n:::\n"
    assert problems(text) == [
        "comments/x.md:6: a comment begins inside comment '1': close that one with a line of ':::' before this one"
    ]


def test_a_fence_closed_by_fewer_colons_than_open_it_is_never_closed():
    text = "::::{comment} 1\n:author: Alice\n\nFirst.\n:::\n\n:::{comment} 2\n:author: Bob\n\nSecond.\n:::\n"
    assert problems(text) == [
        "comments/x.md:1: this comment is never closed: end it with a line of '::::'",
        "comments/x.md:7: a comment begins inside comment '1': close that one with a line of '::::' before this one",
    ]


def test_the_last_comment_never_closed_is_a_problem():
    assert problems(GOOD.removesuffix(":::\n")) == [
        "comments/x.md:25: this comment is never closed: end it with a line of ':::'"
    ]


def test_a_comment_fence_in_the_code_of_a_comment_is_its_text():
    body = "My file:\n\n```\n:::{comment} 2\n:author: Bob\n:::\n```\n\n    :::{comment} 3"
    text = format_discussion(Discussion(comments=[Comment(id="1", body=body)]))
    assert text.startswith("::::{comment} 1")
    assert [(c.id, c.body) for c in parse_discussion(text, "x.md").comments] == [("1", body)]


@pytest.mark.parametrize(("option", "first"), [
    (":author: Mallory", 7), (":time: 2015-05-18", 8), (":flag: Moved.", 9), (":reply-to: 2", 10), (":deleted:", 11),
])
def test_an_option_given_twice_is_a_problem_at_the_second(option, first):
    text = (":::{comment} 2\n\nFirst.\n:::\n\n:::{comment} 1\n:author: Alice\n:time: 2015-05-17\n:flag: A note.\n"
            f":reply-to: 2\n:deleted:\n{option}\n:::\n")
    key = option.split(":")[1]
    assert problems(text) == [f"comments/x.md:12: option '{key}' is given twice (first at line {first})"]


def test_a_deleted_comment_with_text_is_a_problem_at_its_mark():
    """The page would hide the text, and the dataset publish it."""
    assert problems(":::{comment} 1\n:author: Alice\n:deleted:\n\nText.\n:::\n") == [
        "comments/x.md:3: comment '1' is marked ':deleted:' yet has text: a deleted comment is a placeholder that holds "
        "none (remove the text, or the mark)"
    ]


def test_deleted_takes_no_value():
    assert problems(":::{comment} 1\n:deleted: yes\n:::\n") == [
        "comments/x.md:2: option 'deleted' takes no value: write ':deleted:' alone, not 'yes'"
    ]


def test_a_time_in_a_zone_of_seconds_is_a_problem_at_its_line():
    assert problems(":::{comment} 1\n:time: 2015-06-02T10:00:00+05:30:15\n\nText.\n:::\n") == [
        "comments/x.md:2: time '2015-06-02T10:00:00+05:30:15' has a time zone of seconds: "
        "a zone is whole minutes (+01:00)"
    ]


def test_deleted_placeholder_keeps_its_replies():
    text = ":::{comment} 1\n:deleted:\n:::\n\n:::{comment} 1.1\n:reply-to: 1\n\nStill here.\n:::\n"
    found = parse_discussion(text, "x.md")
    assert found.comments[0].deleted and found.comments[0].body == ""
    assert found.threads[0].replies[0].body == "Still here."


def test_format_uses_a_longer_fence_when_the_text_holds_one():
    discussion = Discussion(comments=[Comment(id="1", body="Look:\n\n:::\nnot the end\n::::")])
    text = format_discussion(discussion)
    assert text.startswith(":::::{comment} 1")
    assert parse_discussion(text, "x.md").comments[0].body == discussion.comments[0].body


ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)
# Characters a page can hold: no surrogates, control characters, or the two XML cannot hold (U+FFFE, U+FFFF).
held = {"blacklist_categories": ("Cs", "Cc"), "blacklist_characters": "\ufffe\uffff"}
single_line = st.text(st.characters(**held), min_size=1, max_size=30).map(str.strip).filter(bool)
# Text as a source can hold it: no control characters but the line break and tab.
bodies = st.text(st.characters(**held, whitelist_characters="\n\t"), min_size=1, max_size=200).map(lambda s: s.strip("\n").strip()).filter(bool)


@given(
    st.lists(st.tuples(ids, st.none() | single_line, bodies), min_size=1, max_size=6, unique_by=lambda t: t[0]),
    st.none() | st.integers(min_value=6, max_value=500),  # never fewer than the comments (at most 6)
)
def test_format_then_parse_gives_the_same_discussion(entries, declared):
    comments = []
    for index, (comment_id, author, body) in enumerate(entries):
        reply_to = comments[index // 2].id if index and index % 2 else None
        comments.append(Comment(id=comment_id, author=author, body=body, reply_to=reply_to))
    original = Discussion(comments=comments, declared=declared)
    parsed = parse_discussion(format_discussion(original), "x.md")
    assert parsed.declared == declared
    assert [(c.id, c.author, c.reply_to, c.body) for c in parsed.comments] == [
        (c.id, c.author, c.reply_to, c.body) for c in comments
    ]


def test_a_character_xml_cannot_hold_is_a_problem_at_its_line(tmp_path):
    """The rule of every page holds in a discussion too, in a comment's text and in its options."""
    text = ":::{comment} 1\n:author: Jo\x0bhn\n\nA comment.\n:::\n\n:::{comment} 2\n\nBell\x07 and tab\t are text.\n:::\n"
    with pytest.raises(ContentError) as error:
        parse_discussion(text, tmp_path / "d.md")
    assert [(p.line, p.message.split(" is ")[0]) for p in error.value.problems] == [
        (2, "U+000B (a control character)"), (9, "U+0007 (a control character)")]


def test_a_discussion_not_in_utf_8_is_a_problem_at_the_line_of_its_first_odd_byte(tmp_path):
    path = tmp_path / "d.md"
    path.write_bytes("---\npost: x\n---\n\n## Comment\n".encode() + "Café".encode("latin-1") + b"\n")
    with pytest.raises(ContentError, match=rf"^{path}:6: the file is not UTF-8"):
        read_discussion(path, tmp_path)


@pytest.mark.parametrize("comment", [
    Comment(id="1\n:author: Prof G", body="x"),
    Comment(id="1", body="x", flag="A reply to 5\n:author: Prof G"),
    Comment(id="1", body="x", author="Jane\r:deleted:"),
    Comment(id="1", body="x", reply_to="0\n\n:::"),
    Comment(id="1", body="x", deleted=True),
    Comment(id="1", body="Text.\n:::{comment} 2\n:author: Prof G\n\nMore."),
])
def test_format_refuses_what_would_write_lines_of_its_own(comment):
    with pytest.raises(ValueError, match="comment"):
        format_discussion(Discussion(comments=[comment]))

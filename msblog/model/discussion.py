"""The discussion file format: one post's reader comments, threaded.

A discussion lives in ``comments/YYYY/MM/<slug>.md`` beside its post
``posts/YYYY/MM/<slug>.md``. It is MyST-shaped Markdown an editor can read and
write by hand::

    ---
    declared: 63
    ---

    :::{comment} 1
    :author: Jane
    :time: 2015-05-17T10:32:00+01:00

    The comment's text, in Markdown.
    :::

    :::{comment} 1.1
    :reply-to: 1

    A reply.
    :::

Each comment has a stable id (the fence's argument) and optionally ``author``,
``time`` (ISO 8601, its zone in whole minutes), ``reply-to`` (the id of an
earlier comment), ``deleted`` (a placeholder kept so its replies keep their
place: it takes no value and has no text) and ``flag`` (an editor's note shown
to readers, such as why a reply stands at the top level, or that the source
gives a comment no text: only a flagged comment may have none). What is not given is
unknown and shown as unknown. Options stand on the lines right after the fence
line, each as ``:name: value``, each once; a line there that looks like an
option must be a known one. The text starts after them, best after a blank line.
A comment ends at a line of as many colons as open it, or more: replies are not
nested in the file. A line opening a comment inside another's text (outside its
code) is refused, as is a comment never closed: either would make the comments
after it the text of the one before.
``declared`` is the number of comments the original page said it had: never
fewer than the file holds (placeholders included), which would mean one of the
two is wrong.

The file is never parsed as a Sphinx document: comment bodies are readers'
writing and are rendered by :mod:`msblog.model.safe_markdown` with MyST
directives, roles and raw HTML off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from msblog.model.dates import parse_date
from msblog.model.errors import ContentError, Problem, read_utf8
from msblog.model.front_matter import key_line, load_front_matter
from msblog.model.safe_markdown import not_xml_problems

COMMENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
_OPTION = re.compile(r"\s*:([^:\s]+):(.*)\Z")  # any line that looks like an option, to be checked
_OPTIONS = ("author", "time", "reply-to", "deleted", "flag")
_FRONT_MATTER = ("declared",)
# The deepest a reply may stand below the comment opening its thread (WordPress nests replies at most 10 deep): the page
# nests each reply in the one it answers, which the build renders and describes one level within another.
DEEPEST_REPLY = 100


@dataclass
class Comment:
    """One reader comment; ``None`` means the source does not say."""

    id: str
    body: str = ""
    author: str | None = None
    time: datetime | date | None = None
    reply_to: str | None = None
    deleted: bool = False
    flag: str | None = None
    line: int = 0
    replies: list[Comment] = field(default_factory=list, repr=False, compare=False)

    @property
    def thread_size(self) -> int:
        """How many replies stand below this comment, at any depth."""
        return sum(1 + reply.thread_size for reply in self.replies)


@dataclass
class Discussion:
    """The comments of one post, in file order, with their reply threads."""

    comments: list[Comment] = field(default_factory=list)
    declared: int | None = None

    @property
    def threads(self) -> list[Comment]:
        """Top-level comments, each with its thread linked in ``replies``."""
        by_id = {c.id: c for c in self.comments}
        for comment in self.comments:
            comment.replies = []
        for comment in self.comments:
            if comment.reply_to in by_id:
                by_id[comment.reply_to].replies.append(comment)
        return [c for c in self.comments if c.reply_to is None]

    @property
    def never_given(self) -> set[str]:
        """What the source gives for none of the comments: ``"author"``, ``"time"``, both or neither."""
        if not self.comments:
            return set()
        return {key for key in ("author", "time") if all(getattr(c, key) is None for c in self.comments)}

    def __len__(self) -> int:
        return len(self.comments)


def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


_PARSER = _markdown()
_TEXT = MarkdownIt("commonmark")  # a comment's text, as msblog.model.safe_markdown reads it: ':::' is no fence there
_COMMENT_FENCE = re.compile(r" {0,3}:{3,}\s*\{comment\}(?:\s|\Z)")  # a line _PARSER reads as a comment's fence


def parse_discussion(text: str, path: Path | str) -> Discussion:
    """Parse a discussion file; raise :class:`ContentError` naming every problem."""
    path = Path(path)
    problems = [Problem(path, line, message) for line, message in not_xml_problems(text)]  # as in every page
    discussion = Discussion()
    by_id: dict[str, Comment] = {}
    depths: dict[str, int] = {}  # how deep each comment stands below the one opening its thread
    lines = re.split(r"\r\n?|\n", text)  # as the parser splits them
    for token in _PARSER.parse(text):
        line = token.map[0] + 1 if token.map else 1
        if token.type == "front_matter":
            _read_front_matter(token.content, text, discussion, path, problems)
        elif _opens_comment(token):
            if not _closed(token, lines):
                problems.append(Problem(path, line, "this comment is never closed: "
                                        f"end it with a line of {token.markup!r}"))
            comment = _read_comment(token, line, path, problems)
            if comment is None:
                continue
            if comment.id in by_id:
                problems.append(
                    Problem(path, line, f"duplicate comment id {comment.id!r} (first at line {by_id[comment.id].line})")
                )
                continue
            if comment.reply_to is not None:
                if comment.reply_to not in depths:
                    problems.append(
                        Problem(path, line, f"comment {comment.id!r} replies to {comment.reply_to!r}, "
                                "which is not an earlier comment in this file")
                    )
                    continue
            depth = depths[comment.id] = depths[comment.reply_to] + 1 if comment.reply_to is not None else 0
            if depth > DEEPEST_REPLY:
                if depth == DEEPEST_REPLY + 1:  # its replies, deeper still, are not named again
                    problems.append(Problem(path, line, f"comment {comment.id!r} is a reply {depth} deep (and its "
                                            f"replies deeper): a thread is at most {DEEPEST_REPLY} replies deep"))
                continue
            by_id[comment.id] = comment
            discussion.comments.append(comment)
        elif token.nesting >= 0 and token.level == 0:
            problems.append(
                Problem(path, line, "only ':::{comment} ID' blocks may stand here; "
                        f"found {token.type.replace('_open', '')!r}")
            )
    if discussion.declared is not None and discussion.declared < len(discussion):
        problems.append(Problem(path, key_line(text, "declared"), f"'declared' is {discussion.declared}, but the file holds "
                                f"{len(discussion)} comments: the original page cannot have declared fewer than it showed"))
    if problems:
        raise ContentError(problems)
    return discussion


def _opens_comment(token: Token) -> bool:
    """Whether ``token`` is the fence of a comment, ``:::{comment} ID``."""
    return token.type == "colon_fence" and token.info.split(None, 1)[:1] == ["{comment}"]


def _closed(fence: Token, lines: list[str]) -> bool:
    """Whether ``fence`` ends at a line of its own colons, not at the end of the file."""
    last = fence.map[1] - 1
    return last > fence.map[0] and re.fullmatch(rf" {{0,3}}{fence.markup}:*[ \t]*", lines[last]) is not None


def _read_front_matter(content: str, text: str, discussion: Discussion, path: Path, problems: list[Problem]) -> None:
    """Read the front matter ``content`` into ``discussion``; each problem at its key's line of the file's ``text``."""
    try:
        data = load_front_matter(content, path)
    except ContentError as error:
        problems += error.problems
        return
    for key in sorted(set(data) - set(_FRONT_MATTER)):
        problems.append(Problem(path, key_line(text, str(key)),
                                f"unknown front matter key {key!r} (known: {', '.join(_FRONT_MATTER)})"))
    declared = data.get("declared")
    if declared is not None and (not isinstance(declared, int) or isinstance(declared, bool) or declared < 0):
        problems.append(Problem(path, key_line(text, "declared"),
                                f"'declared' must be a whole number of comments, not {declared!r}"))
    else:
        discussion.declared = declared


def _read_comment(fence: Token, line: int, path: Path, problems: list[Problem]) -> Comment | None:
    argument = fence.info.split(None, 1)[1].strip() if len(fence.info.split(None, 1)) > 1 else ""
    if not COMMENT_ID.match(argument):
        problems.append(
            Problem(path, line, f"a comment needs an id of letters, digits, '.', '_' or '-': ':::{{comment}} ID', got {argument!r}")
        )
        return None
    comment = Comment(id=argument, line=line)
    lines = fence.content.split("\n")
    given: dict[str, int] = {}
    index = 0
    while index < len(lines) and (match := _OPTION.match(lines[index].rstrip())):
        key, value = match.group(1), match.group(2).strip()
        where = line + 1 + index
        index += 1
        if key not in _OPTIONS:
            problems.append(Problem(path, where, f"unknown comment option {key!r} (known: {', '.join(_OPTIONS)})"))
        elif key in given:
            problems.append(Problem(path, where, f"option {key!r} is given twice (first at line {given[key]})"))
        elif value and not match.group(2)[0].isspace():
            problems.append(Problem(path, where, f"option {key!r} needs a space between ':{key}:' and its value"))
        elif key == "deleted":
            if value:
                problems.append(Problem(path, where, "option 'deleted' takes no value: "
                                        f"write ':deleted:' alone, not {value!r}"))
            comment.deleted = True
        elif not value:
            problems.append(Problem(path, where, f"option {key!r} needs a value"))
        elif key == "time":
            comment.time = _time(value, path, where, problems)
        else:
            setattr(comment, key.replace("-", "_"), value)
        given.setdefault(key, where)
    text = "\n".join(lines[index:])
    comment.body = text.strip("\n")
    problems += [Problem(path, line + 1 + index + within, f"a comment begins inside comment {comment.id!r}: close "
                         f"that one with a line of {fence.markup!r} before this one") for within in _comments_in(text)]
    problems += [Problem(path, line + 1 + index + within, "quotes and lists nested this deep are not shown, nor what "
                         "they hold, nor at times what follows them (take some levels out)")
                 for within in _out_of_sight(text)]
    if comment.deleted and comment.body:
        problems.append(Problem(path, given["deleted"], f"comment {comment.id!r} is marked ':deleted:' yet has text: "
                                "a deleted comment is a placeholder that holds none (remove the text, or the mark)"))
    elif not comment.body and not comment.deleted and not comment.flag:
        problems.append(Problem(path, line, f"comment {comment.id!r} has no text (mark a removed comment ':deleted:', "
                                            "or flag one its source gives none, saying so)"))
    return comment


def _comments_in(text: str) -> list[int]:
    """The lines (from 0) of a comment's ``text`` that open a comment: had the fence before them been closed, each
    would begin a comment of its own. A line in code (the text's fenced or indented code) is the reader's."""
    if "{comment}" not in text:  # the text of nearly every comment, not parsed again
        return []
    code = {line for token in _TEXT.parse(text) if token.type in ("fence", "code_block") for line in range(*token.map)}
    return [index for index, line in enumerate(text.split("\n")) if index not in code and _COMMENT_FENCE.match(line)]


_CONTAINERS = {"blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open"}


def _out_of_sight(text: str) -> list[int]:
    """The lines (from 0) of a comment's ``text`` opening quotes or list items nested so deep that its reading leaves
    out what they hold (markdown-it's ``maxNesting``), saying nothing; each level takes a character or more of the
    quotes, list markers and indentation a line starts with."""
    deepest = _TEXT.options["maxNesting"] - 1
    starts = (len(prefix.expandtabs(4)) for prefix in re.findall(r"^[ \t>*+\-\d.)]*", text, re.M))
    if max(starts, default=0) < deepest:  # the text of nearly every comment, not parsed again
        return []
    return list(dict.fromkeys(token.map[0] for token in _TEXT.parse(text)
                              if token.type in _CONTAINERS and token.level >= deepest and token.map))


def _time(value: str, path: Path, line: int, problems: list[Problem]) -> date | datetime | None:
    """A comment's ``time``, or ``None`` with the problem noted: not ISO 8601, or in a time zone of seconds, which
    no source gives and ISO 8601 does not write."""
    try:
        time = parse_date(value)
    except ValueError:
        problems.append(Problem(path, line, f"time {value!r} is not an ISO 8601 date or date and time"))
        return None
    offset = time.utcoffset() if isinstance(time, datetime) else None
    if offset is not None and offset % timedelta(minutes=1):
        problems.append(Problem(path, line, f"time {value!r} has a time zone of seconds: "
                                "a zone is whole minutes (+01:00)"))
        return None
    return time


def read_discussion(path: Path, site: Path) -> Discussion:
    """Read and parse the discussion file at ``path``, in the site in ``site``."""
    return parse_discussion(read_utf8(path, site), path)


def _check_writable(comment: Comment) -> None:
    """Refuse a comment whose id is not one, or an option that would end its line: either would write lines of its
    own into the file (another option, another comment) that the file's reader would take as the source's; and a
    comment the reader refuses: a deleted one with text, or text opening a comment."""
    if not isinstance(comment.id, str) or not COMMENT_ID.match(comment.id):
        raise ValueError(f"comment id {comment.id!r} is not letters, digits, '.', '_' or '-'")
    for key in ("author", "reply-to", "flag"):
        value = getattr(comment, key.replace("-", "_"))
        if value is not None and (not value.strip() or re.search(r"[\n\r]", value)):
            raise ValueError(f"comment {comment.id}: {key} {value!r} is not one line of text")
    if comment.deleted and comment.body:
        raise ValueError(f"comment {comment.id}: a deleted comment holds no text")
    if _comments_in(comment.body):
        raise ValueError(f"comment {comment.id}: its text opens a comment of its own (':::{{comment}}' outside code)")


def format_discussion(discussion: Discussion) -> str:
    """Write a discussion in the file format that :func:`parse_discussion` reads."""
    front = {}
    if discussion.declared is not None:
        front["declared"] = discussion.declared
    parts = []
    for comment in discussion.comments:
        _check_writable(comment)
    if front:
        parts.append("---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000) + "---\n")
    for comment in discussion.comments:
        fence = ":" * max(3, 1 + max((len(m) for m in re.findall(r"^[ \t]*(:{3,})", comment.body, re.M)), default=0))
        lines = [f"{fence}{{comment}} {comment.id}"]
        for key in _OPTIONS:
            value = getattr(comment, key.replace("-", "_"))
            if key == "deleted":
                if value:
                    lines.append(":deleted:")
            elif value is not None:
                lines.append(f":{key}: {value.isoformat() if key == 'time' else value}")
        if comment.body:
            lines += ["", comment.body]
        lines.append(fence)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)

"""Import a saved blog page's text: the post, then its numbered comments.

The text has the title on its first line, a teaser line with hashtags, the
post's paragraphs, an ``N thoughts on “Title”`` line giving the number of
comments the page declared ("One thought on" for one), then the comments:
``  1. text`` at the top level and each reply indented two more spaces under
the comment it answers. Page furniture ("Leave a Reply", "Subscribe now", ...)
stands unindented, and is left out. A post without comments has no count: it
ends at "Leave a Reply" (a count in another form, "2 Comments", with comments
after it, is refused at its line). A ``CoI: ...`` line is the author's conflict-of-interest
statement for the whole post. Commenters' names and times are not in such text,
so they stay unknown. A character XML cannot hold (a control character), which
the build refuses in a page, is an error at its line, as are a byte that is not
UTF-8, a comment with no text and a second comment of the same number; a page
saved as HTML is refused, saying to save its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from msblog.importers.records import ExportComment, ExportPost
from msblog.model.addresses import post_path
from msblog.model.discussion import Comment, Discussion
from msblog.model.errors import ContentError, Problem, read_utf8
from msblog.model.names import clean_name
from msblog.model.post import Post
from msblog.model.safe_markdown import escape_markdown, not_xml_problems

# The count of comments as WordPress's themes write it: "63 thoughts on “Title”", "One reply on “Title”",
# "2 Replies to “Title”".
_DECLARED = re.compile(r"^(\d+|one) (?:thoughts?|comments?|responses?|repl(?:y|ies)) (?:on|to) [“\"](.*)[”\"]\s*$",
                       re.I)
# A count of comments written otherwise ("2 Comments", "63 thoughts on «Title»"): the comments after it are no post's.
_COUNT_LIKE = re.compile(r"^(?:\d+|one) (?:thoughts?|comments?|responses?|repl(?:y|ies))\b", re.I)
_NUMBERED = re.compile(r"^( *)(\d+)\.(?: (.*))?$")  # "  2." alone too: a comment saved with no text
_FURNITURE = re.compile(r"^(Leave a Reply|Leave a Comment|Discover more from |Subscribe now|Continue reading|Type your email)")
_COMMENT_FORM = re.compile(r"^Leave a (?:Reply|Comment)(?:Cancel reply)?\s*$")
_HTML = re.compile(r"\A\ufeff?\s*(?:<!doctype html|<html[\s>]|<!-- saved from url=)", re.I)  # a page saved whole, not as text
_HASHTAG = re.compile(r"(?<![\w&])#([A-Za-z][A-Za-z0-9_]*)")
_OPINION = re.compile(r"^“.*”$", re.S)
_HEADING = re.compile(r"^(.{1,60}):$")
_COI = re.compile(r"^CoI:\s*(.+)$")


@dataclass
class ImportedPage:
    post: Post
    discussion: Discussion


def import_page(path: Path, url: str, published: date | None, date_note: str | None = None) -> ImportedPage:
    """Read the saved page at ``path``; raise :class:`ContentError` on text that is not such a page,
    :class:`ValueError` on an address ``url`` that :func:`~msblog.model.addresses.post_path` refuses."""
    text = read_utf8(path, path.resolve().parent)  # not a site's file: held to its folder
    if refused := [Problem(path, line, message) for line, message in not_xml_problems(text)]:
        raise ContentError(refused)  # the build would refuse the post: the editor mends the text
    if _HTML.match(text):
        raise ContentError([Problem(path, 1, "this is a web page's HTML, not its text: save the page as text (in "
                                             "Firefox, Save Page As with the type Text Files) and import that")])
    lines = text.split("\n")
    split = next((i for i, line in enumerate(lines) if _DECLARED.match(line.strip())), None)
    if split is None:  # a post without comments: its page ends at the form to leave one
        split = next((i for i, line in enumerate(lines) if _COMMENT_FORM.match(line)), None)
        if split is not None and (count := _count_otherwise(lines[:split])) is not None:
            raise ContentError([Problem(path, count, "this reads as the count of the comments below it, but not as "
                                                     "one the import reads ('63 thoughts on “Title”'): write it so, or "
                                                     "the comments would be imported as the post's text")])
    if split is None:
        raise ContentError([Problem(path, 1, "no 'N thoughts on “Title”' line, nor 'Leave a Reply' after a post "
                                             "without comments: is this a saved blog page?")])
    paragraphs = _paragraphs(lines[:split])
    if len(paragraphs) < 2:
        raise ContentError([Problem(path, 1, "a saved page needs a title line and a post")])
    (_, title), *body = paragraphs
    count = _DECLARED.match(lines[split].strip())
    declared = None if count is None else 1 if count.group(1).lower() == "one" else int(count.group(1))
    tags = list(dict.fromkeys(tag for _, text in body[:1] for tag in _HASHTAG.findall(text)))
    coi = [match.group(1) for _, text in body if (match := _COI.match(text))]
    body = [(line, text) for line, text in body if not _COI.match(text)]
    post = Post(
        path=post_path(url),
        title=clean_name(title),
        body="\n\n".join(_block(text) for _, text in body),
        date=published,
        date_note=date_note,
        tags=tags,
        original_url=url,
        coi="; ".join(coi) or None,
    )
    comments = _comments(lines, split + 1, path) if count else []
    return ImportedPage(post, Discussion(comments=comments, declared=declared))


def _count_otherwise(lines: list[str]) -> int | None:
    """The number of the first line counting comments in another form than _DECLARED's (:data:`_COUNT_LIKE`) that
    comments, indented numbered lines, follow; None if there is none."""
    last = max((i for i, line in enumerate(lines) if (numbered := _NUMBERED.match(line)) and numbered.group(1)),
               default=-1)
    return next((i + 1 for i, line in enumerate(lines[:last]) if _COUNT_LIKE.match(line.strip())), None)


def _paragraphs(lines: list[str]) -> list[tuple[int, str]]:
    """Blank-line separated paragraphs as (first line number, text)."""
    found, start, current = [], 0, []
    for number, line in enumerate(lines + [""], start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.strip())
        elif current:
            found.append((start, "\n".join(current)))
            current = []
    return found


def _block(text: str) -> str:
    """A post paragraph as MyST: curly-quoted opinions marked, short "Label:" lines as headings."""
    if _OPINION.match(text):
        return f":::{{opinion}}\n{escape_markdown(text)}\n:::"
    heading = _HEADING.match(text)
    if heading and "\n" not in text:
        return f"## {escape_markdown(heading.group(1))}"
    return escape_markdown(text)


def _comments(lines: list[str], first: int, path: Path) -> list[Comment]:
    """Numbered comments; indentation gives the reply depth, numbering the id."""
    comments: list[Comment] = []
    open_ids: list[str] = []  # the id of the latest comment at each depth
    indents: list[int] = []
    body: list[str] = []
    by_id: dict[str, Comment] = {}

    def finish() -> None:
        if comments and not any(body):
            raise ContentError([Problem(path, comments[-1].line, f"comment {comments[-1].id} has no text: write the "
                                                                 "text its page shows for it")])
        if comments:
            comments[-1].body = escape_markdown("\n\n".join(body))
        body.clear()

    for number, line in enumerate(lines[first:], start=first + 1):
        if _FURNITURE.match(line):  # page furniture stands unindented; a comment's lines are indented
            break
        numbered = _NUMBERED.match(line)
        if numbered:
            indent, index, text = len(numbered.group(1)), numbered.group(2), numbered.group(3)
            while indents and indent < indents[-1]:
                indents.pop()
                open_ids.pop()
            if not indents or indent > indents[-1]:
                if indents and not comments:
                    raise ContentError([Problem(path, number, "a reply before any comment")])
                indents.append(indent)
                open_ids.append("")
            depth = len(indents) - 1
            parent = open_ids[depth - 1] if depth else None
            finish()
            comment_id = f"{parent}.{index}" if parent else index
            if comment_id in by_id:
                raise ContentError([Problem(path, number, f"a second comment numbered {comment_id} (the first is at "
                                                          f"line {by_id[comment_id].line}): number the comments in "
                                                          "order, each once, so that neither is lost")])
            by_id[comment_id] = Comment(id=comment_id, reply_to=parent, line=number)
            comments.append(by_id[comment_id])
            open_ids[depth] = comment_id
            body.append((text or "").strip())
        elif line.strip():
            if not comments:
                raise ContentError([Problem(path, number, f"text before the first numbered comment: {line.strip()[:60]!r}")])
            body.append(line.strip())
    finish()
    return comments


def read_page(path: Path, url: str, published: date | None, date_note: str | None = None) -> list[ExportPost | ExportComment]:
    """The saved page as export records, for :func:`msblog.importers.run.import_export`."""
    page = import_page(path, url, published, date_note)
    where = f"{path}:1"
    records: list[ExportPost | ExportComment] = [
        ExportPost(key="page", post=page.post, declared=page.discussion.declared, where=where)
    ]
    records += [ExportComment(key=c.id, post_key="page", body=c.body, parent_key=c.reply_to, where=f"{path}:{c.line}")
                for c in page.discussion.comments]
    return records

"""Comments held on disk until the export is read, then threaded per post.

A large export holds hundreds of thousands of comments, often after all the
posts; they wait in a temporary SQLite file, so memory stays bounded by one
post's discussion. So do the items withheld (drafts, spam, ...), for the report.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from itertools import count
from datetime import datetime
from pathlib import Path

from msblog.importers.records import ExportComment
from msblog.model.discussion import DEEPEST_REPLY, Comment, Discussion


class CommentStore:
    """Published comments by post, in export order; and every item withheld, with why."""

    def __init__(self, folder: Path):
        self.db = sqlite3.connect(folder / "comments.sqlite")
        self.db.execute("CREATE TABLE comments (post TEXT, key TEXT UNIQUE, seq INTEGER PRIMARY KEY, record BLOB)")
        self.db.execute("CREATE TABLE withheld (seq INTEGER PRIMARY KEY, kind TEXT, place TEXT, reason TEXT)")
        self.given: dict[str, str] = {}  # the id the export gives each comment kept under another, by the one it has

    def add(self, comment: ExportComment) -> bool:
        """Keep the comment; ``False`` if a comment with its id is already kept."""
        try:
            self.db.execute("INSERT INTO comments (post, key, record) VALUES (?, ?, ?)",
                            (comment.post_key, comment.key, pickle.dumps(comment)))
        except sqlite3.IntegrityError:
            return False
        return True

    def kept(self, key: str) -> ExportComment | None:
        """The comment kept with the id ``key``, if any."""
        row = self.db.execute("SELECT record FROM comments WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else None

    def free_key(self, key: str) -> str:
        """An id no kept comment has, made from ``key``: ``key-2``, ``key-3``, ..."""
        return next(f"{key}-{n}" for n in count(2) if self.kept(f"{key}-{n}") is None)

    def move(self, comment: ExportComment, key: str) -> None:
        """Keep ``comment``, kept under the id ``key``, under its own ``comment.key`` instead, in its place."""
        self.db.execute("UPDATE comments SET key = ?, record = ? WHERE key = ?", (comment.key, pickle.dumps(comment), key))

    def posts(self) -> list[str]:
        self.db.execute("CREATE INDEX IF NOT EXISTS by_post ON comments (post, seq)")
        return [row[0] for row in self.db.execute("SELECT DISTINCT post FROM comments")]

    def comments(self, post_key: str) -> Iterator[ExportComment]:
        for (record,) in self.db.execute("SELECT record FROM comments WHERE post = ? ORDER BY seq", (post_key,)):
            yield pickle.loads(record)

    def withhold(self, kind: str, where: str, reason: str) -> None:
        """Note an item (a ``post`` or ``comment``) that is not published."""
        self.db.execute("INSERT INTO withheld (kind, place, reason) VALUES (?, ?, ?)", (kind, where, reason))

    def withheld(self) -> Iterator[dict]:
        for kind, where, reason in self.db.execute("SELECT kind, place, reason FROM withheld ORDER BY seq"):
            yield {"kind": kind, "where": where, "reason": reason}

    def close(self) -> None:
        self.db.close()


def thread(comments: list[ExportComment], declared: int | None) -> tuple[Discussion, int, int]:
    """A discussion with every comment once, each after the comment it answers.

    Comments answering the same one follow each other in the order they were
    written, as the blog's page showed them, whatever order the export holds
    them in: by their times where every comment has its time of day and zone,
    else in the export's order. A reply whose parent is not among ``comments``
    (withheld, or not in the export), or whose replies loop back to it, stands
    at the top level with a flag saying so. A reply that would stand more than
    :data:`~msblog.model.discussion.DEEPEST_REPLY` replies deep, deeper than
    the archive shows a thread, stands beside the comment it answers, flagged.
    Returns the discussion, the number of replies at the top level and the
    number standing beside the comment they answer.
    """
    if all(isinstance(c.time, datetime) and c.time.utcoffset() is not None for c in comments):
        comments = sorted(comments, key=lambda c: c.time)  # stable: comments of one moment keep the export's order
    keys = {c.key for c in comments}
    children: dict[str | None, list[ExportComment]] = {}
    for comment in comments:
        parent = comment.parent_key if comment.parent_key in keys and comment.parent_key != comment.key else None
        children.setdefault(parent, []).append(comment)
    ordered: list[Comment] = []
    seen: set[str] = set()
    orphans = [0]  # replies standing at the top level, flagged so
    shown = {}  # each comment emitted: the comment it is shown under, and how deep it stands
    beside = [0]  # replies shown beside the comment they answer, flagged so

    def emit(root: ExportComment) -> None:
        stack = [(root, None)]
        while stack:
            comment, parent = stack.pop()
            if comment.key in seen:
                continue
            seen.add(comment.key)
            flag, depth = None, 0 if parent is None else shown[parent][1] + 1
            if parent is None and comment.parent_key in keys:
                flag = f"This is a reply to comment {comment.parent_key}, whose thread leads back to this reply."
            elif parent is None and comment.parent_key is not None:
                flag = (f"This is a reply to comment {comment.parent_key}, which is not archived: "
                        "the original blog did not publish it, or its export lacks it.")
            orphans[0] += flag is not None
            if depth > DEEPEST_REPLY:
                parent, depth = shown[parent][0], DEEPEST_REPLY
                flag = (f"This is a reply to comment {comment.parent_key}, shown beside it: the archive shows a thread "
                        f"at most {DEEPEST_REPLY} replies deep.")
                beside[0] += 1
            shown[comment.key] = (parent, depth)
            flag = " ".join(filter(None, (flag, getattr(comment, "note", None)))) or None
            ordered.append(Comment(id=comment.key, body=comment.body, author=comment.author, time=comment.time,
                                   reply_to=parent, deleted=comment.deleted, flag=flag))
            stack += [(c, comment.key) for c in reversed(children.get(comment.key, []))]

    for comment in children.get(None, []):
        emit(comment)
    for comment in comments:  # replies in a loop reach no top-level comment
        if comment.key not in seen:
            emit(comment)
    return Discussion(comments=ordered, declared=declared), orphans[0], beside[0]

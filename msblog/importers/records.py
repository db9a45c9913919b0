"""What an export yields, and what an import reports."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

from msblog.model.post import UNTITLED, Post
from msblog.model.names import counted

SHOWN = 5  # lines of each list the summary shows; the JSON report has them all


@dataclass
class ImageCopy:
    """An image of a post that the import copies into the site, from the file that came with the export."""

    address: str  # the image's original address
    source: str  # the file it is copied from, as the export names it
    open: Callable[[], BinaryIO]
    path: str  # where it is written, relative to the site


@dataclass
class ExportPost:
    """One post as the export gives it; ``key`` is the export's own id for it."""

    key: str
    post: Post | None  # None for a draft or an item that is not a published post
    skipped: str | None = None  # why it is not imported ("draft", "page", ...)
    declared: int | None = None
    embeds: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # problems the report lists, after ``where``
    where: str = ""  # "file:line (entry id)" for messages
    images: list[ImageCopy] = field(default_factory=list)
    images_kept: list[tuple[str, str]] = field(default_factory=list)  # (address, why) of images left where they were


def untitled(title: str) -> list[str]:
    """The report's warning for a post whose source gives no title (its heading says so), if it gives none."""
    return [] if title else [f"the post has no title: its heading says \"{UNTITLED}\""]


@dataclass
class ExportComment:
    """One comment as the export gives it."""

    key: str
    post_key: str
    body: str  # MyST Markdown
    parent_key: str | None = None
    author: str | None = None
    time: date | datetime | None = None  # a day alone if the source gives no time
    deleted: bool = False
    withheld: str | None = None  # "spam", "pending", "trash": counted, never published
    note: str | None = None  # what readers are told of it beside its text (a date that cannot be right)
    embeds: int = 0
    removed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    where: str = ""


@dataclass
class ImportReport:
    """The closing report of one import run."""

    posts: int = 0
    skipped: Counter = field(default_factory=Counter)
    comments: int = 0
    withheld: Counter = field(default_factory=Counter)
    orphans: int = 0
    deleted: int = 0
    embeds: int = 0
    removed: Counter = field(default_factory=Counter)
    links_to_posts: int = 0
    images: list[dict] = field(default_factory=list)  # each image looked up: copied to a path, or kept and why
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_edited: list[str] = field(default_factory=list)
    kept_deleted: list[str] = field(default_factory=list)
    kept_other: list[tuple[str, str]] = field(default_factory=list)  # (path, the source that wrote it)
    left_with_post: list[str] = field(default_factory=list)  # discussions and images of a post kept as it is
    problems: list[str] = field(default_factory=list)

    def lines(self, detail: Path | None = None) -> list[str]:
        """A summary that fits a screen, problems first; ``detail`` is where the JSON report went."""
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        withheld = ", ".join(f"{n} {why}" for why, n in sorted(self.withheld.items())) or "none"
        removed = ", ".join(f"{n} {tag}" for tag, n in sorted(self.removed.items())) or "none"
        out = _listed(f"Problems: {len(self.problems)}", self.problems)
        out += _listed("Already in the archive from another source, kept (use --force to replace): "
                       f"{len(self.kept_other)}", [f"{path} (written by {source})" for path, source in self.kept_other])
        out += _listed(f"Changed by an editor since import, kept (use --force to overwrite): {len(self.kept_edited)}",
                       self.kept_edited)
        out += _listed("Deleted by an editor since import, not brought back (use --force to restore): "
                       f"{len(self.kept_deleted)}", self.kept_deleted)
        if self.left_with_post:
            out.append(f"Discussions and images of the posts kept above, not written either: {len(self.left_with_post)}")
        out += [
            f"Posts imported: {self.posts}",
            f"Items skipped: {skipped}",
            f"Comments published: {self.comments} ({counted(self.orphans, 'reply', 'replies')} to a missing comment kept "
            f"at the top level and flagged; {counted(self.deleted, 'deleted comment')} kept, each as a placeholder)",
            f"Comments withheld: {withheld}",
            f"Links to imported posts (resolved into the archive at build time): {self.links_to_posts}",
            f"Embeds turned into links: {self.embeds}; active content removed: {removed}",
        ]
        if self.images:
            kept = Counter(image["kept"] for image in self.images if "kept" in image)
            copied = len(self.images) - sum(kept.values())
            reasons = ", ".join(f"{n} {why}" for why, n in sorted(kept.items())) or "none"
            out.append(f"Images copied into the site from the Takeout: {copied}; kept at their original address: {reasons}")
        out.append(f"Files written: {len(self.written)}; unchanged: {self.unchanged}")
        out.append(f"Every file written and every item withheld, with why: {detail}" if detail else
                   "Every file written and every item withheld, with why: use --report FILE.json")
        return out

    def write_json(self, path: Path, withheld: Iterable[dict]) -> None:
        """The full report as JSON; ``withheld`` (every item not published, and why) is streamed, not held."""
        summary = {
            "posts": self.posts, "skipped": dict(self.skipped), "comments": self.comments, "withheld": dict(self.withheld),
            "orphans": self.orphans, "deleted": self.deleted, "embeds": self.embeds, "removed": dict(self.removed),
            "links_to_posts": self.links_to_posts, "written": len(self.written), "unchanged": self.unchanged,
        }
        sections = {
            "summary": summary, "problems": self.problems,
            "kept_other": [{"path": path, "source": source} for path, source in self.kept_other],
            "kept_edited": self.kept_edited, "kept_deleted": self.kept_deleted, "left_with_post": self.left_with_post,
            "written": self.written, "images": self.images,
        }
        with path.open("w", encoding="utf-8") as out:
            out.write("{\n")
            for name, value in sections.items():
                out.write(f"{json.dumps(name)}: {json.dumps(value, ensure_ascii=False, indent=1)},\n")
            out.write('"withheld": [')
            for index, item in enumerate(withheld):
                out.write(("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False))
            out.write("\n]\n}\n")


def _listed(heading: str, items: list[str]) -> list[str]:
    """``heading`` and the first few ``items``, or nothing when there are none."""
    if not items:
        return []
    lines = [heading, *(f"  {item}" for item in items[:SHOWN])]
    if len(items) > SHOWN:
        lines.append(f"  ... and {len(items) - SHOWN} more")
    return lines

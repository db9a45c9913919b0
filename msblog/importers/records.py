"""What an export yields, and what an import reports."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from msblog.model.post import Post


@dataclass
class ExportPost:
    """One post as the export gives it; ``key`` is the export's own id for it."""

    key: str
    post: Post | None  # None for a draft or an item that is not a published post
    skipped: str | None = None  # why it is not imported ("draft", "page", ...)
    declared: int | None = None
    embeds: int = 0
    removed: list[str] = field(default_factory=list)
    plain_text: bool = False
    warnings: list[str] = field(default_factory=list)  # problems the report lists, after ``where``
    where: str = ""  # "file:line (entry id)" for messages


@dataclass
class ExportComment:
    """One comment as the export gives it."""

    key: str
    post_key: str
    body: str  # MyST Markdown
    parent_key: str | None = None
    author: str | None = None
    time: datetime | None = None
    deleted: bool = False
    withheld: str | None = None  # "spam", "pending", "trash": counted, never published
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
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    kept_edited: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        skipped = ", ".join(f"{n} {why}" for why, n in sorted(self.skipped.items())) or "none"
        withheld = ", ".join(f"{n} {why}" for why, n in sorted(self.withheld.items())) or "none"
        removed = ", ".join(f"{n} {tag}" for tag, n in sorted(self.removed.items())) or "none"
        out = [
            f"Posts imported: {self.posts}",
            f"Items skipped: {skipped}",
            f"Comments published: {self.comments} ({self.orphans} replies to a missing comment kept at the top level "
            f"and flagged; {self.deleted} deleted comments kept as placeholders)",
            f"Comments withheld: {withheld}",
            f"Links to imported posts (resolved into the archive at build time): {self.links_to_posts}",
            f"Embeds turned into links: {self.embeds}; active content removed: {removed}",
            f"Files written: {len(self.written)}; unchanged: {self.unchanged}",
        ]
        out += [f"  {path}" for path in self.written]
        if self.kept_edited:
            out.append(f"Changed by an editor since import, kept (use --force to overwrite): {len(self.kept_edited)}")
            out += [f"  {path}" for path in self.kept_edited]
        if self.problems:
            out.append(f"Problems: {len(self.problems)}")
            out += [f"  {problem}" for problem in self.problems]
        return out

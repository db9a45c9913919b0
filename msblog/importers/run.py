"""Run an import: read an export in one pass, then write its posts and discussions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from tqdm import tqdm

from msblog.importers.records import ExportComment, ExportPost, ImportReport
from msblog.importers.site import SiteWriter
from msblog.importers.threads import CommentStore, thread
from msblog.model.addresses import BLOG_URL, blog_address
from msblog.model.discussion import format_discussion
from msblog.model.post import format_post

Reader = Callable[[Path, Callable[[int], None] | None], Iterable[ExportPost | ExportComment]]


def import_export(read: Reader, export: Path, site: Path, force: bool = False) -> ImportReport:
    """Import ``export`` into ``site`` with ``read``; nothing is written unless all of it reads."""
    report = ImportReport()
    posts: dict[str, tuple[str, int | None]] = {}  # export key -> (path, declared)
    linked: list[str] = []  # original addresses that posts' text links to
    with SiteWriter(site, force) as writer, tqdm(total=export.stat().st_size, unit="B", unit_scale=True,
                                                  desc=f"Reading {export.name}", disable=None, leave=False) as bar:
        store = CommentStore(writer.stage)
        for record in read(export, lambda position: bar.update(position - bar.n)):
            if isinstance(record, ExportPost):
                _add_post(record, posts, writer, report, linked)
            elif record.withheld:
                report.withheld[record.withheld] += 1
            elif store.add(record):
                report.removed.update(record.removed)
                report.problems += [f"{record.where}: {warning}" for warning in record.warnings]
            else:
                report.problems.append(f"{record.where}: comment {record.key} appears twice; the second is left out")
        for post_key in store.posts():
            comments = list(store.comments(post_key))
            if post_key not in posts:
                report.withheld["for a post that is not imported (draft, page or missing)"] += len(comments)
                continue
            path, declared = posts[post_key]
            discussion, orphans = thread(comments, declared)
            writer.write(f"comments/{path}.md", format_discussion(discussion))
            report.comments += len(discussion)
            report.orphans += orphans
            report.deleted += sum(c.deleted for c in discussion.comments)
        store.close()
        imported = {path for path, _ in posts.values()}
        report.links_to_posts = sum(1 for url in linked if (a := blog_address(url)) and a.path in imported)
        writer.commit(report)
    return report


def _add_post(record: ExportPost, posts: dict, writer: SiteWriter, report: ImportReport, linked: list[str]) -> None:
    if record.post is None:
        report.skipped[record.skipped or "not a post"] += 1
        return
    post = record.post
    if any(path == post.path for path, _ in posts.values()):
        report.problems.append(f"{record.where}: a second post at {post.path}; left out")
        return
    posts[record.key] = (post.path, record.declared)
    writer.write(f"posts/{post.path}.md", format_post(post))
    report.posts += 1
    report.embeds += record.embeds
    report.removed.update(record.removed)
    report.problems += [f"{record.where}: {warning}" for warning in record.warnings]
    linked += BLOG_URL.findall(post.body)
    if record.plain_text:
        report.problems.append(f"{record.where}: markup MyST would run was found; the post is kept as plain text")
    for kind, names in (("author", post.authors), ("label", post.tags)):
        for name in names:
            if "," in name:  # ABlog splits a front matter list at commas
                report.problems.append(f"{record.where}: {kind} {name!r} has a comma, so ABlog reads it as "
                                       f"{len(name.split(','))} names; it is written as the export gives it")

"""Run an import: read an export in one pass, then write its posts and discussions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

from tqdm import tqdm

from msblog.importers.records import ExportComment, ExportPost, ImportReport
from msblog.importers.site import SiteWriter
from msblog.importers.takeout import ZipMember
from msblog.importers.threads import CommentStore, thread
from msblog.model.addresses import wordpress_address
from msblog.model.dates import EARLIEST_YEAR, post_date
from msblog.model.discussion import DEEPEST_REPLY, format_discussion
from msblog.model.errors import ContentError, Problem
from msblog.model.layout import Layout
from msblog.model.names import clean_name, clean_names, counted
from msblog.model.post import format_post

# An importer: reads an export for a site of the given layout, telling its progress (bytes read).
Reader = Callable[[Path, Layout, Callable[[int], None] | None], Iterable[ExportPost | ExportComment]]
NOT_IMPORTED = "for a post that is not imported (draft, page or missing)"
DATE_REFUSED = "date refused"  # a post whose date the build would refuse: withheld, and listed among the problems


def import_export(read: Reader, export: Path | ZipMember, site: Path, force: bool = False,
                  source: str | None = None, report_path: Path | None = None) -> ImportReport:
    """Import ``export`` into ``site`` with ``read``; nothing is written unless all of it reads.

    The site's ``conf.py`` gives its layout (:meth:`~msblog.model.layout.Layout.of_site`), read once: the
    folders posts and discussions are written in, and the original blog whose links lead into the archive.
    ``source`` names the importer in the site's manifest (by default the reader's
    name, ``read_blogger``: ``blogger``); ``report_path`` receives the full report as JSON.
    An export with no post to import is an error that says what it holds.
    """
    layout = Layout.of_site(site)
    report = ImportReport()
    posts: dict[str, tuple[str, int | None, str]] = {}  # export key -> (path, declared, where)
    linked: list[str] = []  # original addresses that posts' text links to
    elsewhere: Counter = Counter()  # the hosts of posts written on a WordPress site the layout does not name
    size = export.size if isinstance(export, ZipMember) else export.stat().st_size
    with SiteWriter(site, layout, source or read.__name__.removeprefix("read_"), force) as writer:
        store = CommentStore(writer.stage)
        comments = 0
        with _bar(size, "B", f"Reading {export.name}", unit_scale=True) as bar:
            for record in read(export, layout, lambda position: bar.update(position - bar.n)):
                if isinstance(record, ExportPost):
                    _add_post(record, posts, writer, store, report, linked, elsewhere)
                else:
                    _add_comment(record, store, report)
                    comments += 1
        if not report.posts:
            raise ContentError([Problem(Path(str(export)), 1, _no_posts(report, comments))])
        keys = store.posts()
        with _bar(len(keys), "post", "Threading comments") as bar:
            for post_key in keys:
                _add_discussion(post_key, posts, writer, store, report)
                bar.update(1)
        imported = {path for path, *_ in posts.values()}
        report.links_to_posts = sum(1 for url in linked if (a := layout.blog.address(url)) and a.path in imported)
        if elsewhere:
            host, count = elsewhere.most_common(1)[0]
            report.problems.append(
                f"{counted(count, 'post')} written on the WordPress site {host}: links to them from other posts stay "
                f"links to that site until conf.py sets msblog_wordpress = {host!r} (set it before importing, for "
                "this report to count them)")
        with _bar(len(writer.staged), "file", "Writing") as bar:
            writer.commit(report, lambda: bar.update(1))
        if report_path:
            report.write_json(report_path, store.withheld())
        store.close()
    return report


def _no_posts(report: ImportReport, comments: int) -> str:
    """What an export with no post to import holds: its items by kind or why they are skipped, and its comments."""
    found = ", ".join(f"{n} {why}" for why, n in sorted(report.skipped.items()))
    if comments:
        found = "; ".join(filter(None, [found, f"{comments} comment{'s' * (comments != 1)}"]))
    return (f"no post to import: the export holds {found or 'no item'}. Only published posts are imported "
            "(drafts, pages and other items are skipped), and nothing was written")


def _bar(total: int, unit: str, description: str, **options) -> tqdm:
    """A progress bar, shown only on a terminal."""
    return tqdm(total=total, unit=unit, desc=description, disable=None, leave=False, **options)


def _add_post(record: ExportPost, posts: dict, writer: SiteWriter, store: CommentStore, report: ImportReport,
              linked: list[str], elsewhere: Counter) -> None:
    if record.post is not None and (refused := _date_problem(record.post.date)):
        report.problems.append(f"{record.where}: post {refused}; the post is withheld, with its comments")
        record.post, record.skipped = None, DATE_REFUSED
    if record.post is None:
        report.skipped[record.skipped or "not a post"] += 1
        store.withhold("post", record.where, record.skipped or "not a post")
        return
    post = record.post
    if any(path == post.path for path, *_ in posts.values()):
        report.problems.append(f"{record.where}: a second post at {post.path}; left out")
        return
    if same := _same_file(post.path, posts, writer):
        report.problems.append(f"{record.where}: a second post at {post.path}, the same file as {same} on a disk that "
                               "ignores case; left out")
        return
    if record.key in posts:  # comments name their post by its id: the second would take the first one's discussion
        report.problems.append(f"{record.where}: a second post with the id {record.key} ({post.path}); left out")
        return
    post.authors, post.tags = clean_names(post.authors), clean_names(post.tags)
    posts[record.key] = (post.path, record.declared, record.where)
    url = post.original_url or ""
    if wordpress_address(url) and not url.endswith(".html") and writer.layout.blog.address(url) is None:
        elsewhere[(urlsplit(url).hostname or "").removeprefix("www.")] += 1
    writer.write(writer.layout.post_file(post.path), format_post(post))
    for image in record.images:
        with image.open() as stream:
            writer.copy(image.path, stream)
        report.images.append({"where": record.where, "address": image.address, "from": image.source,
                              "copied_to": image.path})
    report.images += [{"where": record.where, "address": address, "kept": why} for address, why in record.images_kept]
    report.posts += 1
    report.embeds += record.embeds
    report.removed.update(record.removed)
    report.problems += [f"{record.where}: {warning}" for warning in record.warnings]
    linked += writer.layout.blog.url_in_text.findall(post.body)
    for kind, names in (("author", post.authors), ("label", post.tags)):
        for name in names:
            if "," in name:  # ABlog splits a front matter list at commas
                report.problems.append(f"{record.where}: {kind} {name!r} has a comma, so ABlog reads it as "
                                       f"{len(name.split(','))} names; it is written as the export gives it")


def _same_file(path: str, posts: dict, writer: SiteWriter) -> str | None:
    """Another post, of this import or already in the site, whose file is the file of the post at ``path`` on a disk
    that ignores case (as a Windows or macOS checkout's): its name (``YYYY/MM/<slug>``), or ``None``."""
    folded = path.casefold()
    for other, *_ in posts.values():
        if other.casefold() == folded:
            return other
    folder = writer.site / writer.layout.post_file(path).rsplit("/", 1)[0]
    name = path.rsplit("/", 1)[-1]
    if folder.is_dir() and not folder.is_symlink():
        for file in folder.glob("*.md"):
            if file.stem != name and file.stem.casefold() == name.casefold():
                return f"{path.rsplit('/', 1)[0]}/{file.stem}"
    return None


def _date_problem(when: date | datetime | None) -> str | None:
    """Why the build would refuse a post dated ``when`` (the model's one rule, as of today), or ``None``."""
    try:
        if when is not None:
            post_date(when.isoformat(), today=date.today())
    except ValueError as error:
        return str(error)
    return None


def _impossible_time(when: date | datetime) -> str | None:
    """Why no comment can have been written at ``when``, by the rule of a post's date; ``None`` when one can."""
    day = when.date() if isinstance(when, datetime) else when
    if day.year < EARLIEST_YEAR:
        return f"before {EARLIEST_YEAR}"
    if day > date.today():
        return "after the day it was imported"
    return None


NO_TEXT = "The export gives this comment no text."


def _add_comment(record: ExportComment, store: CommentStore, report: ImportReport) -> None:
    if record.withheld:
        report.withheld[record.withheld] += 1
        store.withhold("comment", record.where, record.withheld)
        return
    record.author = clean_name(record.author or "") or None
    if record.time is not None and (why := _impossible_time(record.time)):
        record.note = f"The export dates this comment {record.time.isoformat()}, {why}: that date cannot be right."
        report.problems.append(f"{record.where}: comment {record.key} is dated {record.time.isoformat()}, {why}; "
                               "it is kept with that date, and flagged")
    if not record.deleted and not record.body.strip():
        record.body, record.note = "", " ".join(filter(None, (record.note, NO_TEXT)))
        report.problems.append(f"{record.where}: comment {record.key} has no text; it is kept, and flagged")
    if not store.add(record):
        first = store.kept(record.key)
        if (given := store.given.pop(record.key, None)) is not None:  # the export's own id of this one: the other moves
            first.key = store.free_key(given)
            first.note = first.note.removesuffix(_kept_as(given, record.key)) + _kept_as(given, first.key)
            store.given[first.key] = given
            store.move(first, record.key)
            report.problems.append(f"{record.where}: comment {record.key} is this comment's id in the export; the "
                                   f"second comment of id {given}, kept as {record.key}, is kept as {first.key} instead")
            store.add(record)
        elif first is not None and _same_comment(first, record):
            report.problems.append(f"{record.where}: comment {record.key} appears twice; the second is left out")
            return
        else:
            given, record.key = record.key, store.free_key(record.key)
            store.given[record.key] = given
            record.note = " ".join(filter(None, (record.note, _kept_as(given, record.key))))
            report.problems.append(f"{record.where}: comment {given} appears twice, with other words or another "
                                   f"author, time or post; the second is kept as comment {record.key}, and flagged")
            store.add(record)
    report.embeds += record.embeds
    report.removed.update(record.removed)
    report.problems += [f"{record.where}: {warning}" for warning in record.warnings]


def _kept_as(given: str, key: str) -> str:
    """The flag of a comment kept as ``key``, whose export gives it the id ``given`` of an earlier comment."""
    return f"The export gives this comment the id {given}, which an earlier comment has too: it is archived as {key}."


def _same_comment(first: ExportComment, second: ExportComment) -> bool:
    """Whether two comments of one id say the same, by the same person, at the same time, under the same post."""
    fields = ("post_key", "parent_key", "body", "author", "time", "deleted")
    return all(getattr(first, name) == getattr(second, name) for name in fields)


def _answering_kept_apart(comments: list[ExportComment], given: dict[str, str]) -> list[ExportComment]:
    """``comments``, a post's, each answering the comment of its post that the export gives the id it answers: one
    kept under another id (the first of that id is another post's) is the one a reply under its post answers; a reply
    to an id two comments of its post were given answers the first, flagged so."""
    keys = {comment.key for comment in comments}
    kept: dict[str, list[str]] = {}
    for comment in comments:
        if comment.key in given:
            kept.setdefault(given[comment.key], []).append(comment.key)
    for comment in comments:
        if comment.parent_key not in kept:
            continue
        here = [comment.parent_key] * (comment.parent_key in keys) + kept[comment.parent_key]
        comment.parent_key = here[0]
        if len(here) > 1:  # the export does not say which of them it answers
            comment.note = " ".join(filter(None, (comment.note, f"The export gives the id this reply answers to more "
                                                               f"than one comment, archived as {', '.join(here)}: it "
                                                               f"is shown under {here[0]}.")))
    return comments


def _add_discussion(post_key: str, posts: dict, writer: SiteWriter, store: CommentStore, report: ImportReport) -> None:
    comments = list(store.comments(post_key))
    if post_key not in posts:
        report.withheld[NOT_IMPORTED] += len(comments)
        for comment in comments:
            store.withhold("comment", comment.where, NOT_IMPORTED)
        return
    path, declared, where = posts[post_key]
    discussion, orphans, beside = thread(_answering_kept_apart(comments, store.given), declared)
    if beside:
        report.problems.append(f"{where}: {counted(beside, 'reply', 'replies')} more than {DEEPEST_REPLY} replies deep, "
                               "deeper than the archive shows a thread: kept beside the comment each answers, and flagged")
    if declared is not None and declared < len(discussion):
        report.problems.append(f"{where}: the export declares {counted(declared, 'comment')} but holds "
                               f"{len(discussion)} that are published; the declared count is left out")
        discussion.declared = None
    writer.write(writer.layout.discussion_file(path), format_discussion(discussion))
    report.comments += len(discussion)
    report.orphans += orphans
    report.deleted += sum(c.deleted for c in discussion.comments)

"""The ``msblog`` command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from msblog.check import check_site
from msblog.importers.page import import_page
from msblog.importers.site import write_post
from msblog.model.errors import ContentError


def _import_page(args: argparse.Namespace) -> int:
    page = import_page(args.file, args.url, args.date, args.date_note)
    changed = write_post(args.site, page.post, page.discussion)
    post, found = page.post, page.discussion
    print(f"Imported 1 post: posts/{post.path}.md ({'dated ' + post.date.isoformat() if post.date else 'no date: a draft until an editor adds one'})")
    declared = f" of {found.declared} declared" if found.declared is not None else ""
    print(f"Comments published: {len(found)}{declared} ({len(found.threads)} threads)")
    print(f"Files written: {len(changed)}" + "".join(f"\n  {p}" for p in changed))
    return 0


def _check(args: argparse.Namespace) -> int:
    problems = check_site(args.site)
    for problem in problems:
        print(problem)
    return 1 if problems else 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="msblog", description="Archive a blog and its reader discussions.")
    commands = main.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="bring posts and discussions into the site")
    sources = importing.add_subparsers(dest="source", required=True)
    page = sources.add_parser("page", help="a saved page's text: the post, then its numbered comments")
    page.add_argument("file", type=Path)
    page.add_argument("--url", required=True, help="the post's original address, /YYYY/MM/<slug>.html")
    page.add_argument("--date", type=date.fromisoformat, help="publication date, YYYY-MM-DD, if a source gives it")
    page.add_argument("--date-note", help="where the date comes from, shown to readers")
    page.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: here)")
    page.set_defaults(run=_import_page)
    check = commands.add_parser("check", help="validate the site's content without building it")
    check.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: here)")
    check.set_defaults(run=_check)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"msblog: {error}", file=sys.stderr)
        return 1

"""The ``msblog`` command line."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from msblog.check import check_site
from msblog.importers.blogger import read_blogger
from msblog.importers.page import read_page
from msblog.importers.run import import_export
from msblog.importers.wordpress import read_wordpress
from msblog.model.errors import ContentError


def _import(args: argparse.Namespace) -> int:
    if args.source == "page":
        records = read_page(args.file, args.url, args.date, args.date_note)
        report = import_export(lambda path, progress: records, args.file, args.site, args.force)
    else:
        report = import_export(READERS[args.source], args.file, args.site, args.force)
    print("\n".join(report.lines()))
    return 0


READERS = {"blogger": read_blogger, "wordpress": read_wordpress}


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
    formats = {
        "blogger": "Blogger's Atom export: posts, labels, drafts and threaded comments",
        "wordpress": "a WordPress export (WXR): posts, tags and threaded comments; only approved comments publish",
        "page": "a saved page's text: the post, then its numbered comments",
    }
    for name, help_text in formats.items():
        source = sources.add_parser(name, help=help_text, description=help_text)
        source.add_argument("file", type=Path)
        source.add_argument("--site", type=Path, default=Path("."), help="the site folder (default: here)")
        source.add_argument("--force", action="store_true", help="overwrite files an editor has changed since import")
        source.set_defaults(run=_import)
        if name == "page":
            source.add_argument("--url", required=True, help="the post's original address, /YYYY/MM/<slug>.html")
            source.add_argument("--date", type=date.fromisoformat, help="publication date, YYYY-MM-DD, if a source gives it")
            source.add_argument("--date-note", help="where the date comes from, shown to readers")
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

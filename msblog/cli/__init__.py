"""The ``msblog`` command line."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from functools import partial
from pathlib import Path

import msblog
from msblog.bench import LINEAR_RUNS, RUNS, SIZES
from msblog.bench.generate import SHAPES
from msblog.check import check_site, exit_status
from msblog.importers.blogger import read_blogger
from msblog.importers.page import read_page
from msblog.importers.run import import_export
from msblog.importers.takeout import blogger_export
from msblog.importers.wordpress import read_wordpress
from msblog.model.errors import ContentError
from msblog.model.names import counted


def _not_a_site(site: Path) -> str | None:
    """Why ``site`` is not a site's folder (one with ``conf.py``), or ``None``."""
    if not site.is_dir():
        return f"msblog: --site {site}: no such folder. Give the site's folder (the one with conf.py), or create it first"
    if not (site / "conf.py").is_file():
        return f"msblog: --site {site}: not a site's folder (it has no conf.py). Give the site's folder, or run msblog there"
    return None


def _import(args: argparse.Namespace) -> int:
    if problem := _not_a_site(args.site):
        print(problem, file=sys.stderr)
        return 1
    if not args.file.exists():
        print(f"msblog: {args.file}: no such file or folder", file=sys.stderr)
        return 1
    options = {"force": args.force, "source": args.source, "report_path": args.report}
    if args.source == "page":
        records = read_page(args.file, args.url, args.date, args.date_note)
        report = import_export(lambda path, layout, progress: records, args.file, args.site, **options)
    elif args.source == "blogger":
        with blogger_export(args.file, args.blog) as (export, albums):
            report = import_export(partial(read_blogger, albums=albums), export, args.site, **options)
    else:
        report = import_export(read_wordpress, args.file, args.site, **options)
    print("\n".join(report.lines(args.report)))
    return 0


def _generate(args: argparse.Namespace) -> int:
    from msblog.bench.generate import generate

    generate(args.posts, args.out, args.comments, args.seed, current=args.format == "current", shape=SHAPES[args.shape])
    print(f"Wrote {args.out}: {counted(args.posts, 'post')}, about {args.comments} comments each, of the {args.shape} shape, "
          f"in Blogger's {args.format} format")
    return 0


def _bench(args: argparse.Namespace) -> int:
    from msblog.bench.run import WHOLE_BLOG, run_benchmarks

    print(run_benchmarks(args.sizes + ([WHOLE_BLOG] if args.full else []), args.runs, args.output,
                         current=args.format == "current", shapes=args.shape))
    return 0


def _linear(args: argparse.Namespace) -> int:
    from msblog.bench.linear import linearity_table, measure_linearity
    from msblog.bench.run import machine

    print(f"On {machine()}:\n")
    print("\n".join(linearity_table(measure_linearity(args.runs), args.runs)))
    return 0


def _check(args: argparse.Namespace) -> int:
    if problem := _not_a_site(args.site):
        print(problem, file=sys.stderr)
        return 1
    problems = check_site(args.site)
    for problem in problems:
        print(problem)
    return exit_status(problems, args.strict)


def _export(args: argparse.Namespace) -> int:
    from msblog.exporters.dataset import COMMENTS, POSTS, dataset_files, write_dataset
    from msblog.model.layout import Layout

    if problem := _not_a_site(args.site):
        print(problem, file=sys.stderr)
        return 1
    files = dataset_files(args.site, Layout.of_site(args.site))
    write_dataset(files, args.out)
    counts = {name: files[name].count(b"\n") for name in (POSTS, COMMENTS)}
    print(f"Wrote {args.out}: {counted(counts[POSTS], 'post')}, {counted(counts[COMMENTS], 'comment')}, and "
          "datapackage.json describing them")
    return 0


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="msblog", description="Archive a blog and its reader discussions.")
    main.add_argument("--version", action="version", version=f"msblog {msblog.__version__}")
    commands = main.add_subparsers(dest="command", required=True)
    importing = commands.add_parser("import", help="bring posts and discussions into the site",
                                    description="Bring posts and discussions into the site, from one of these sources.")
    sources = importing.add_subparsers(dest="source", required=True)
    formats = {
        "blogger": "Blogger's export, current (feed.atom) or older, or a Google Takeout (its .zip or unpacked folder): "
                   "posts, labels and threaded comments; only live posts and comments publish",
        "wordpress": "a WordPress export (WXR): posts, tags and threaded comments; only approved comments publish",
        "page": "a saved page's text: the post, then its numbered comments",
    }
    for name, help_text in formats.items():
        source = sources.add_parser(name, help=help_text, description=help_text)
        source.add_argument("file", type=Path, help={"blogger": "the export: feed.atom, an older .xml, or a Takeout (.zip or folder)",
                                                     "wordpress": "the export (.xml, WXR)",
                                                     "page": "the saved page's text (.txt)"}[name])
        source.add_argument("--site", type=Path, default=Path("."), help="the site to import into (default: here); its conf.py gives the folders posts and discussions go in "
                                 "(msblog_posts_dir, msblog_comments_dir) and the original blog whose links lead into "
                                 "the archive (msblog_blog, and msblog_wordpress if it moved to WordPress)")
        source.add_argument("--force", action="store_true",
                            help="overwrite files an editor has changed or deleted since import, and files of another source")
        source.add_argument("--report", type=Path, metavar="FILE.json",
                            help="write the full report here: every file written, every item withheld and why")
        source.set_defaults(run=_import)
        if name == "blogger":
            source.add_argument("--blog", metavar="NAME",
                                help="the blog to import, by its folder's name in the Takeout, when it holds several "
                                     "(the original blog whose links lead into the archive is conf.py's msblog_blog)")
        if name == "page":
            source.add_argument("--url", required=True, help="the post's original address, /YYYY/MM/<slug>.html")
            source.add_argument("--date", type=date.fromisoformat, help="publication date, YYYY-MM-DD, if a source gives it")
            source.add_argument("--date-note", help="where the date comes from, shown to readers")
    bench = commands.add_parser("bench", help="benchmarks", description="Measure imports and builds at the blog's size "
                                "on synthetic exports (make bench runs `msblog bench run`).").add_subparsers(dest="bench", required=True)
    export_format = {"choices": ["older", "current"], "default": "older",
                     "help": "Blogger's export format: the older one, or the current one (feed.atom); default: older"}
    shapes = ", ".join(f"{name} ({shape.about})" for name, shape in SHAPES.items())
    generate = bench.add_parser("generate", help="write a synthetic Blogger export for benchmarks",
                                description="Write a synthetic Blogger export for benchmarks.")
    generate.add_argument("posts", type=int, help="how many posts")
    generate.add_argument("out", type=Path, help="the export file to write")
    generate.add_argument("--format", **export_format)
    generate.add_argument("--comments", type=int, default=20, help="comments per post, on average (default: 20)")
    generate.add_argument("--seed", type=int, default=1, help="the random seed: the same seed writes the same export")
    generate.add_argument("--shape", choices=SHAPES, default="typical",
                          help=f"what drives the build's cost (default: typical, the first benchmarks' export): {shapes}")
    generate.set_defaults(run=_generate)
    run = bench.add_parser("run", help="generate, import and build several sizes; write BENCHMARKS.md",
                           description="Generate, import and build several sizes; write BENCHMARKS.md.")
    run.add_argument("--sizes", type=int, nargs="+", default=list(SIZES),
                     help=f"numbers of posts (default: {' '.join(map(str, SIZES))})")
    run.add_argument("--full", action="store_true", help="add the whole blog's size: 10,000 posts")
    run.add_argument("--runs", type=int, default=RUNS, help=f"runs per size; figures are medians (default: {RUNS})")
    run.add_argument("--output", type=Path, default=Path("BENCHMARKS.md"), help="the report to write (default: BENCHMARKS.md)")
    run.add_argument("--format", **export_format)
    run.add_argument("--shape", choices=SHAPES, nargs="+", default=list(SHAPES),
                     help=f"the exports' shapes, each measured at every size, so that none flatters the figures "
                          f"(default: all of them): {shapes}")
    run.set_defaults(run=_bench)
    linear = bench.add_parser("linear", help="time only the hostile inputs, at n and 4n; print their table",
                              description="Time only the hostile inputs of `msblog bench run`, each at a size n and at "
                                          "4n in turn, in seconds; print their table (BENCHMARKS.md is not written).")
    linear.add_argument("--runs", type=int, default=LINEAR_RUNS, help=f"runs of each size; figures are medians "
                                                                     f"(default: {LINEAR_RUNS})")
    linear.set_defaults(run=_linear)
    check = commands.add_parser("check", help="validate the site's content without building it",
                                description="Validate the site's content without building it: each problem and notice "
                                            "as path:line: message. Exit 1 on problems (with --strict, on notices too).")
    check.add_argument("--site", type=Path, default=Path("."), help="the site to check (default: here); its conf.py gives the folders of posts, discussions and the registry "
                            "(msblog_posts_dir, msblog_comments_dir, msblog_registry_dir) and the original blog (msblog_blog)")
    check.add_argument("--strict", action="store_true", help="exit 1 on notices too, not only on problems")
    check.set_defaults(run=_check)
    exporting = commands.add_parser("export", help="write the archive out for others to use",
                                    description="Write the archive out for others to use.")
    dataset = exporting.add_subparsers(dest="export", required=True).add_parser(
        "dataset", help="the posts and comments as JSON Lines, with a Frictionless datapackage.json",
        description="Write the archive's posts and comments as JSON Lines (posts.jsonl, comments.jsonl), one record "
                    "a line, with datapackage.json, the Frictionless data package describing every field. Content "
                    "the check refuses is listed as path:line: message, and nothing is written (exit 1).")
    dataset.add_argument("out", type=Path, help="the folder to write the three files into (made if missing; files "
                                                "of the same names in it are replaced)")
    dataset.add_argument("--site", type=Path, default=Path("."), help="the site to export (default: here); its "
                         "conf.py gives the folders of posts, discussions and the registry (msblog_posts_dir, "
                         "msblog_comments_dir, msblog_registry_dir)")
    dataset.set_defaults(run=_export)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    except BrokenPipeError:  # what reads the output stopped reading (msblog check | head): nothing is wrong to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nor at exit, when Python flushes it
        return 1
    except (OSError, ValueError) as error:
        print(f"msblog: {error}", file=sys.stderr)
        return 1

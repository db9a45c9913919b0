"""Paths and helpers the tests share."""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from msblog.importers.records import ImportReport
from msblog.importers.run import Reader, import_export

TESTS = Path(__file__).parent
REPO = TESTS.parent
SEED = TESTS / "fixtures" / "seed" / "induction-therapies-more-science-is-needed.txt"
SEED_POST = "posts/2015/05/induction-therapies-more-science-is"
SITE_URL = "https://archive.example/"  # the canonical address the test builds of the real site use


def new_site(folder: Path) -> Path:
    """An empty site with the import test root's configuration, in ``folder``."""
    site = folder / "site"
    shutil.copytree(TESTS / "roots" / "test-import-site", site)
    return site


def write_files(root: Path, files: dict[str, str]) -> Path:
    """Write each of ``files`` (a path below ``root``: its text) and return ``root``."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def build_real_site(work: Path, builder: str = "html") -> Path:
    """The repository's site, copied into ``work`` and built the way `make html` builds it (any warning an error),
    served from the top of a host (``SITE_URL``, as the browser tests serve it); the output folder."""
    source, out = work / "src", work / builder
    shutil.copytree(REPO, source, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "tests", "__pycache__"))
    with pytest.MonkeyPatch.context() as environment:
        environment.setenv("MSBLOG_BASEURL", SITE_URL)
        status = build_main(["-b", builder, "-W", "--keep-going", "-n", "-q", str(source), str(out),
                             "-d", str(work / "doctrees")])
    assert status == 0, f"the real site must build with {builder} cleanly, with -W --keep-going -n"
    return out


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def meta(html: BeautifulSoup, key: str) -> list[str]:
    """Every ``content`` of the head's ``<meta>`` tags named (or with the property) ``key``."""
    return [tag["content"] for tag in html.head.find_all("meta") if key in (tag.get("name"), tag.get("property"))]


def rebuild(app: SphinxTestApp) -> str:
    """Build ``app`` again, incrementally; return only this build's warnings."""
    app.warning.seek(0)
    app.warning.truncate()
    app.build()
    return app.warning.getvalue()


def pagefind_pages(site: Path, shard: str = "*") -> dict[str, dict]:
    """What Pagefind indexed in the built ``site``, in every shard or in ``shard``: each page's URL and its record."""
    pages = {}
    for fragment in site.glob(f"pagefind/{shard}/fragment/*.pf_fragment"):
        record = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        pages[record["url"]] = record
    return pages


def built_app(site: Path, failing: bool = False) -> Iterator[SphinxTestApp]:
    """``site`` built with no error (``failing``: built whatever its errors), for a module's tests; cleaned up after them."""
    app = SphinxTestApp("html", srcdir=site)
    try:
        app.build()
        assert failing or app.statuscode == 0, app.warning.getvalue()
        yield app
    finally:  # a failed build too: another test's app registers the same nodes again
        app.cleanup()


def copy_root(name: str, folder: Path, edit: Callable[[Path], None] | None = None) -> Path:
    """A copy of the test root ``tests/roots/test-<name>`` at ``folder/src``, then ``edit(copy)``; to build and edit freely."""
    source = folder / "src"
    shutil.copytree(TESTS / "roots" / f"test-{name}", source)
    if edit:
        edit(source)
    return source


_ERROR = re.compile(r"^((?:posts|comments|therapies)/[^:]*|index\.md):(\d+): ERROR: (.*) \[msblog\.(\w+)\]$", re.M)


def msblog_errors(warnings: str, srcdir: Path, kinds: tuple[str, ...] = ("post", "discussion")) -> list[tuple[str, int, str]]:
    """Each msblog error of a build, of the ``kinds`` given: its path (relative to the site), line and message, sorted."""
    text = strip_colors(warnings).replace(f"{srcdir}/", "")
    return sorted((path, int(line), message) for path, line, message, kind in _ERROR.findall(text) if kind in kinds)


def imported_site(read: Reader, export: Path, folder: Path) -> tuple[Path, ImportReport]:
    """A new site in ``folder`` with ``export`` imported by ``read``, and the import's report."""
    site = new_site(folder)
    return site, import_export(read, export, site)


def import_fixtures(read: Reader, export: Path):
    """A module's fixtures ``imported`` (:func:`imported_site`) and ``built`` (that site built with no error),
    each made once for the module's tests, which only read them::

        imported, built = import_fixtures(read_blogger, EXPORT)
    """
    @pytest.fixture(scope="module", name="imported")
    def imported(tmp_path_factory) -> tuple[Path, ImportReport]:
        return imported_site(read, export, tmp_path_factory.mktemp(export.stem))

    @pytest.fixture(scope="module", name="built")
    def built(imported) -> Iterator[SphinxTestApp]:
        yield from built_app(imported[0])

    return imported, built


def changed_export(export: Path, target: Path, *changes: tuple[str, str], count: int = -1) -> Path:
    """``export`` written to ``target`` with each ``(old, new)`` text replaced (``count`` times: every time, by default)."""
    text = export.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, count)
    target.write_text(text, encoding="utf-8")
    return target


def words(text: str) -> str:
    """``text`` with its white space as one space each, as a reader sees it."""
    return " ".join(text.split())


def build(site: Path, out: Path | None = None, parallel: int = 0, builder: str = "html", **settings) -> Path:
    """One ``sphinx-build`` run, with no warning: a new application that reads the saved environment, if any
    (in ``out``, by default the site's ``_build``), with ``settings`` overriding conf.py; the output folder."""
    app = SphinxTestApp(builder, srcdir=site, builddir=out, parallel=parallel, confoverrides=settings)
    try:
        app.build()
        assert app.statuscode == 0 and "WARNING" not in app.warning.getvalue(), app.warning.getvalue()
    finally:
        app.cleanup()
    return app.outdir


def follow_pages(out: Path, first: str, links: str) -> list[list[str]]:
    """The targets of ``links`` on each page of a paginated list, following ``rel="next"`` from ``first``."""
    pages, path, seen = [], out / first, set()
    while path is not None:
        assert path not in seen, f"{path} is reached twice"
        seen.add(path)
        html = parse_html(path)
        pages.append([(path.parent / a["href"]).resolve().relative_to(out).as_posix() for a in html.select(links)])
        following = html.select_one('.pager a[rel="next"]')
        path = (path.parent / following["href"]).resolve() if following else None
    return pages


def incremental_and_clean(tmp_path: Path, site: Path, edit, parallel: int = 0) -> tuple[Path, Path]:
    """Build ``site``, ``edit(site)`` and build again; then build a copy of the edited site from nothing."""
    incremental = tmp_path / "incremental"
    build(site, incremental, parallel)
    edit(site)
    out = build(site, incremental, parallel)
    clean = tmp_path / "clean"
    shutil.copytree(site, clean / "src")
    return out, build(clean / "src", clean / "_build", parallel)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on localhost, as a static host serves it; yields its address (``http://127.0.0.1:PORT/``)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()

"""The research dataset, published with the site: ``dataset.tar.gz`` at the top of the output.

The archive's posts and comments as :mod:`msblog.exporters.dataset` writes them
(``msblog export dataset``: JSON Lines and a Frictionless ``datapackage.json``),
in one ``.tar.gz`` whose bytes depend only on the content. A page links it with
the ``dataset-download`` directive, which says what it is and how large::

    ```{dataset-download}
    ```

It is made from the files of posts, discussions and the registry, and only when
one of them changed since this output folder's last build (or the file is
missing): a build with nothing changed writes nothing. An archive of
:data:`BESIDE_READING` files or more makes it in a process of its own, started
with the build (``builder-inited``), while the documents are read: at 10,000
posts that is two minutes of work a second core does. The build takes it, or the
problems that kept it from being made, once the documents are read
(``env-get-updated``); a smaller archive makes it then, in the build's process.
Only the files changed since are read again, and only the parts of the archive
they change compressed again: what each file gave, and
each part compressed, are kept beside the environment (all of it made again
when the registry, the layout, msblog's code or the libraries reading pages
change, and in a build that starts from no environment, as ``-E`` does). A page linking it is written again when its size
changes (:func:`~msblog.sphinxext.pages.written_again`). The file is one the
build makes (:func:`~msblog.sphinxext.pages.made_file`): a build that makes
none (content the check refuses, or a builder not writing HTML) deletes it. A
symbolic link at its place in the output is left, with a warning, and nothing is
written through it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import pickle
import subprocess
import sys
import threading
import traceback
import uuid
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

import msblog
from msblog.exporters.dataset import FileRows, RowCache, dataset_archive, dataset_parts, source_files, stamp
from msblog.model.errors import ContentError, Problem
from msblog.model.layout import Layout
from msblog.sphinxext import compat
from msblog.sphinxext.env_store import per_document
from msblog.sphinxext.layout import layout
from msblog.sphinxext.pages import digest, made_file, written_again

logger = logging.getLogger(__name__)
FILE = "dataset.tar.gz"  # at the top of the output: a slug has no ".", so no page or folder of the site is there
BESIDE_READING = 1000  # source files from which the dataset is made in a process of its own, while documents are read


class dataset_download(nodes.Element):
    """Where a page links the dataset, filled in when the page is written."""


class DatasetDownload(SphinxDirective):
    """``{dataset-download}``: a link to the dataset, saying what it is and its size."""

    def run(self) -> list[nodes.Node]:
        self.env.msblog_dataset_links[self.env.docname] = True
        node = dataset_download()
        self.set_source_info(node)
        return [node]


def _record(app: Sphinx) -> Path:
    """What this builder last wrote into this output folder: the fingerprint of the content it made it from."""
    return Path(app.doctreedir) / f"msblog-dataset-{app.builder.name}-{digest(Path(app.outdir).resolve())}.pickle"


@lru_cache(maxsize=1)
def _code() -> str:
    """What the rows are made by: msblog's code, and the libraries that read its pages."""
    package = Path(msblog.__file__).parent
    return digest(([(path.relative_to(package).as_posix(), path.read_bytes()) for path in sorted(package.rglob("*.py"))],
                   [version(name) for name in ("markdown-it-py", "PyYAML", "python-dateutil")]))


def _cache_key(app: Sphinx, env: BuildEnvironment) -> str:
    """What the kept rows hold for: the code, the layout, the registry, and this environment (a build that
    starts from none, ``-E`` included, reads every file again)."""
    if not getattr(env, "msblog_dataset_environment", None):
        env.msblog_dataset_environment = uuid.uuid4().hex
    site = Path(app.srcdir)
    registry = [(path.relative_to(site).as_posix(), *stamp(path))
                for path in sorted((site / layout(app).registry).rglob("*.md"))]
    return digest((_code(), layout(app), registry, env.msblog_dataset_environment))


def _load(path: Path, key: str) -> tuple[RowCache, dict[bytes, bytes]]:
    """The rows and compressed parts an earlier build kept at ``path``, if they hold for ``key``: anything
    else there (another msblog's, a damaged file) is no rows."""
    try:
        with path.open("rb") as file:
            rows, compressed = pickle.load(file)
        if isinstance(rows, RowCache) and rows.key == key and isinstance(compressed, dict) and \
                all(isinstance(value, FileRows) for value in rows.files.values()):
            return rows, compressed
    except Exception:  # noqa: BLE001 - a file that cannot be read back is made again
        pass
    return RowCache(key), {}


def _keep(path: Path, rows: RowCache, compressed: dict[bytes, bytes]) -> None:
    with path.open("wb") as file:
        pickle.dump((rows, compressed), file, pickle.HIGHEST_PROTOCOL)


@dataclass(frozen=True)
class Job:
    """Making the dataset of the archive at ``site`` into ``out``, all of it picklable: it may be done in a process
    of its own. ``record`` holds the fingerprint of the content ``out`` was last made from, ``rows`` the rows and
    compressed parts kept for ``key`` (:func:`_cache_key`)."""

    site: Path
    layout: Layout
    today: date
    out: Path
    record: Path
    rows: Path
    key: str

    def run(self) -> list[Problem]:
        """Make the dataset unless ``out`` holds this content already; the problems keeping it from being made."""
        stats = [(path.relative_to(self.site).as_posix(), *stamp(path)) for path in source_files(self.site, self.layout)]
        fingerprint = digest((_code(), self.layout, self.today, stats))
        try:
            written = pickle.loads(self.record.read_bytes())
        except (OSError, pickle.UnpicklingError, ValueError, EOFError):
            written = None
        if written == fingerprint and self.out.is_file():
            return []
        rows, compressed = _load(self.rows, self.key)
        try:
            files = dataset_parts(self.site, self.layout, self.today, rows)
        except ContentError as error:
            self.record.unlink(missing_ok=True)
            _keep(self.rows, rows, {})
            return error.problems
        archive = dataset_archive(files, FILE.removesuffix(".tar.gz"), compressed)
        _keep(self.rows, rows, compressed)
        if _written_unless_linked(self.out, archive):  # a link put there meanwhile is left: the build says so
            self.record.write_bytes(pickle.dumps(fingerprint))
        return []


def _written_unless_linked(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` unless ``path`` is a symbolic link (checked as the file is opened); whether it
    was written."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o666)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return False
        raise
    with os.fdopen(descriptor, "wb") as file:
        file.write(data)
    return True


def run_beside(results: int) -> None:
    """In a process of its own: the pickled :class:`Job` read from standard input run, and what it gave (or how it
    failed) pickled on the file descriptor ``results``. Once standard input ends the process ends too, done or not:
    the build that started it has ended, or no longer wants it."""
    job = pickle.load(sys.stdin.buffer)
    threading.Thread(target=_end_with_build, daemon=True).start()
    try:
        outcome = ("made", job.run())
    except BaseException:  # noqa: BLE001 - the build reports it
        outcome = ("failed", traceback.format_exc())
    with os.fdopen(results, "wb") as sent:
        pickle.dump(outcome, sent)


def _end_with_build() -> None:
    while os.read(sys.stdin.fileno(), 65536):  # the descriptor, not Python's buffer, whose lock exit would wait on
        pass
    os._exit(1)


class Beside:
    """A :class:`Job` running in a Python process of its own, which imports the build's msblog and nothing else of
    the build's (not the script that started it, as :mod:`multiprocessing` would, nor a package of the current
    folder); its standard output and errors are the build's. :meth:`result` waits for it; it ends with the build."""

    def __init__(self, job: Job):
        package = str(Path(msblog.__file__).resolve().parent.parent)
        paths = os.pathsep.join(filter(None, [package, os.environ.get("PYTHONPATH")]))
        read, write = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-P", "-c", f"from msblog.sphinxext.dataset import run_beside; run_beside({write})"],
                stdin=subprocess.PIPE, pass_fds=[write], env={**os.environ, "PYTHONPATH": paths})
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        self.results = os.fdopen(read, "rb")
        with contextlib.suppress(BrokenPipeError):  # it ended at once: result() says how
            self.process.stdin.write(pickle.dumps(job))
            self.process.stdin.flush()

    def result(self) -> list[Problem]:
        with self.results:
            sent = self.results.read()
        self._end()
        try:
            outcome, value = pickle.loads(sent)
        except Exception:  # noqa: BLE001 - whatever ended it, the build says
            outcome, value = "failed", "its process ended without a result"
        if outcome == "failed":
            raise ExtensionError(f"the dataset could not be made (exit code {self.process.returncode}): {value}")
        return value

    def stop(self) -> None:
        """End it, done or not."""
        self.results.close()
        self._end()

    def _end(self) -> None:
        with contextlib.suppress(BrokenPipeError):
            self.process.stdin.close()  # it ends, if not ended already
        self.process.wait()


def _job(app: Sphinx) -> Job:
    site = Path(app.srcdir)
    return Job(site, layout(app), compat.BUILD_DAY, Path(app.outdir) / FILE, _record(app),
               Path(app.doctreedir) / "msblog-dataset-rows.pickle", _cache_key(app, app.env))


def start_dataset(app: Sphinx) -> None:
    """Set the dataset to be made in a process of its own, for an archive of :data:`BESIDE_READING` files or more."""
    app.msblog_dataset_beside = None
    if app.builder.format != "html" or (Path(app.outdir) / FILE).is_symlink():
        return
    if sum(1 for _ in source_files(Path(app.srcdir), layout(app))) >= BESIDE_READING:
        try:
            app.msblog_dataset_beside = Beside(_job(app))
        except OSError as error:
            logger.info(f"the dataset is made in the build's process: its own could not start ({error})")


def stop_dataset(app: Sphinx, exception: Exception | None) -> None:
    """A dataset still being made when the build ends (it failed before taking it) is not made."""
    beside, app.msblog_dataset_beside = getattr(app, "msblog_dataset_beside", None), None
    if beside:
        beside.stop()


def make_dataset(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Take the dataset (:func:`start_dataset`): the pages linking it to write again, when its size changed."""
    app.msblog_dataset_size = None
    if app.builder.format != "html":
        return []
    out, beside = Path(app.outdir) / FILE, getattr(app, "msblog_dataset_beside", None)
    app.msblog_dataset_beside = None
    problems = beside.result() if beside else None
    if out.is_symlink():
        logger.warning(f"the dataset is not published: {FILE} is a symbolic link in the output folder, to "
                       f"{out.resolve()} (msblog writes nothing through a link, nor deletes one)",
                       type="msblog", subtype="dataset")
        return written_again(app, "dataset", dict.fromkeys(env.msblog_dataset_links, None))
    if problems is None:
        problems = _job(app).run()
    for problem in problems:
        logger.warning(f"the dataset is not published: {problem.message}", type="msblog", subtype="dataset",
                       location=f"{Path(app.srcdir, problem.path)}:{problem.line}")
    if problems:
        return written_again(app, "dataset", dict.fromkeys(env.msblog_dataset_links, None))
    made_file(app, FILE)
    app.msblog_dataset_size = out.stat().st_size
    return written_again(app, "dataset", dict.fromkeys(env.msblog_dataset_links, app.msblog_dataset_size))


def size_text(size: int) -> str:
    """A file's size as readers read it: ``900 bytes``, ``12 KB``, ``3.4 MB``."""
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{round(size / 1000)} KB"
    return f"{size / 1_000_000:.1f} MB"


def fill_download(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each ``dataset-download``: a link to the dataset, with its size; or, where none was made, why not."""
    for node in list(doctree.findall(dataset_download)):
        size = getattr(app, "msblog_dataset_size", None)
        paragraph = nodes.paragraph(classes=["dataset-download"])
        if size is None:
            paragraph += nodes.Text("The dataset is published with the site's HTML pages, when its content passes "
                                    "msblog check.")
        else:
            link = nodes.reference("", "Download the archive as a dataset",
                                   refuri=relative_uri(app.builder.get_target_uri(docname), FILE))
            paragraph += [link, nodes.Text(f" ({FILE}, {size_text(size)}): every post and comment as JSON Lines, "
                                           "with the therapies and the papers and trials each names, described "
                                           "field by field in a Frictionless datapackage.json.")]
        node.replace_self(paragraph)


def setup(app: Sphinx) -> dict:
    for component in ("msblog.sphinxext.layout", "msblog.sphinxext.pages"):
        app.setup_extension(component)
    per_document(app, "msblog_dataset_links")
    app.add_node(dataset_download)
    app.add_directive("dataset-download", DatasetDownload)
    app.connect("builder-inited", start_dataset)
    app.connect("env-get-updated", make_dataset)
    app.connect("build-finished", stop_dataset)
    app.connect("doctree-resolved", fill_download)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Pages made at write time (listings, old addresses) are written only when they changed.

A component hands its pages to :func:`only_changed` with a fingerprint of what
each shows. A page is written when its fingerprint differs from the one recorded
after the last successful build of the same environment, configuration and templates, or
when its file is missing; a page no longer made is deleted, and so is the page of
a document that was removed, with the folders it leaves empty (``dirhtml``
writes each page into a folder of its own). Every page, written or not, stays known to the
sitemap through :func:`listed_pages`.

Sphinx copies each document's source into ``_sources``, and the files its
documents link or show into ``_downloads`` and ``_images``, but never deletes a
copy: the copies no document has any more (a post deleted, a link taken out)
are deleted after each build, so that an incremental build publishes what a
clean one does. ``_downloads`` is emptied of every file no document offers,
also one an older build left there (the archive offers none).
"""

from __future__ import annotations

import hashlib
import pickle
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

import msblog
from msblog.sphinxext import compat

STATE_FILE = "msblog-pages.pickle"


@dataclass
class Page:
    name: str
    context: dict | Callable[[], dict]  # a function where the context is costly: called only to write the page
    template: str
    fingerprint: object  # anything whose repr changes when the page would
    listed: bool = True  # in the sitemap
    file: str = ""  # the file it is written to, below the output folder, where its address is that whatever the builder


@dataclass
class _State:
    generation: str = ""
    previous: dict[str, str] = field(default_factory=dict)
    current: dict[str, str] = field(default_factory=dict)
    listed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)  # documents gone since the last build
    copies: set[str] = field(default_factory=set)  # Sphinx's copies of files the last build published
    previous_files: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)  # each page's file of its own


def digest(value: object) -> str:
    """A short hash of ``value``'s repr: the same while what it describes is the same."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _state_path(app: Sphinx) -> Path:
    return Path(app.doctreedir) / STATE_FILE


def new_generation(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """A new environment or configuration invalidates every recorded fingerprint."""
    if compat.config_changed(env) or not getattr(env, "msblog_generation", ""):
        env.msblog_generation = uuid.uuid4().hex
    app.msblog_removed = set(removed)
    return []


def load_state(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    state = _State(generation=env.msblog_generation, removed=getattr(app, "msblog_removed", set()))
    try:
        generation, previous, state.copies, previous_files = pickle.loads(_state_path(app).read_bytes())
    except (OSError, pickle.UnpicklingError, ValueError, EOFError):
        generation, previous, previous_files = "", {}, {}
    if generation == state.generation:
        state.previous, state.previous_files = previous, previous_files
    app.msblog_pages = state


def output_file(app: Sphinx, page: Page) -> Path:
    """Where ``page`` is written: its file of its own, or where the builder puts a page of its name."""
    return Path(app.outdir, page.file) if page.file else Path(app.builder.get_outfilename(page.name))


def only_changed(app: Sphinx, pages: Iterable[Page]) -> Iterator[tuple[str, dict, str]]:
    """The ``html-collect-pages`` triples of the pages that must be written; a page with a file of its own is
    written here, to that file (a triple cannot say where)."""
    state: _State = app.msblog_pages
    templates = app.builder.templates.newest_template_mtime()  # an edited template changes every page
    for page in pages:
        fingerprint = digest((msblog.__version__, templates, page.fingerprint))
        state.current[page.name] = fingerprint
        if page.listed:
            state.listed.add(page.name)
        if page.file:
            state.files[page.name] = page.file
        if state.previous.get(page.name) != fingerprint or not output_file(app, page).is_file():
            context = page.context() if callable(page.context) else page.context
            if page.file:
                app.builder.handle_page(page.name, context, page.template, outfilename=output_file(app, page))
            else:
                yield page.name, context, page.template


def listed_pages(app: Sphinx) -> set[str]:
    return app.msblog_pages.listed


def _delete(path: Path, top: Path) -> None:
    """Delete the file ``path``, and the folders below ``top`` it leaves empty."""
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == top or not folder.is_relative_to(top) or not folder.is_dir() or any(folder.iterdir()):
            return
        folder.rmdir()


def save_state(app: Sphinx, exception: Exception | None) -> None:
    state = getattr(app, "msblog_pages", None)
    if exception is None and state is not None and app.builder.format == "html":
        outdir = Path(app.outdir)
        for gone in (state.previous.keys() - state.current.keys()) | state.removed:  # e.g. a tag no post has now
            file = state.previous_files.get(gone)
            _delete(Path(outdir, file) if file else Path(app.builder.get_outfilename(gone)), outdir)
        made = compat.published_copies(app)
        downloads = {path.relative_to(outdir).as_posix() for path in Path(outdir, "_downloads").rglob("*")
                     if path.is_file()}
        for gone in (state.copies | downloads) - made:  # each kind of copy keeps its folder
            _delete(Path(outdir, gone), Path(outdir, gone.partition("/")[0]))
        _state_path(app).write_bytes(pickle.dumps((state.generation, state.current, made, state.files)))


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", new_generation)
    app.connect("env-before-read-docs", load_state)
    app.connect("build-finished", save_state)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

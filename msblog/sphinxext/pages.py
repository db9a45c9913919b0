"""Each output folder gets what a clean build of it would write, but only what changed is written.

One environment may be written by several builders (``make html``, then
``sphinx-build -b dirhtml``), each into its own folder. So what was written is
recorded per output folder and builder, beside the environment, after each
successful build: the documents it holds (as read when written), what each
document showed of others, and the pages made at write time. A build writes
again, into its own folder, what changed since that folder was written:

- a document read again since (:func:`read_since_written`), also by a build
  into another folder;
- a document that shows others (a ``postlist``, related posts, a registry
  entry's mentions) whose component finds that it would now show something
  else (:func:`written_again`);
- a page made at write time (listings, old addresses), which a component hands
  to :func:`only_changed` with a fingerprint of what it shows, when its
  fingerprint changed (or the environment, configuration or templates did), or
  its file is missing.

A page no longer made, the page of a document no longer in the site, and a
file a component wrote itself (:func:`made_file`: ``sitemap.xml``) and no
longer writes, is deleted, with the folders it leaves empty (``dirhtml`` writes
each page into a folder of its own). Every page, written or not, stays known to
the sitemap through :func:`listed_pages`.

Sphinx copies each document's source into ``_sources``, and the files its
documents link or show into ``_downloads`` and ``_images``, but never deletes a
copy: the copies no document has any more (a post deleted, a link taken out)
are deleted after each build, so that an incremental build publishes what a
clean one does.

Only what the record says this output's builds wrote is ever deleted, never a
file this build writes or copies at the same path (a post's page where an old
address's was, an old address at a deleted post's, a page of Sphinx's own,
``html_extra_path`` and ``html_static_path`` files), nor any other file (one an
editor put in the output); nor through a symbolic link in the output, nor a
link itself: that file is left, with a warning, on every build until it is gone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

import msblog
from msblog.sphinxext import compat, stages

logger = logging.getLogger(__name__)
STATE = "msblog-pages"  # the name of each output's record, beside the environment


@dataclass
class Page:
    name: str
    context: dict | Callable[[], dict]  # a function where the context is costly: called only to write the page
    template: str
    fingerprint: object  # anything whose repr changes when the page would
    listed: bool = True  # in the sitemap
    file: str = ""  # a file of its own, below the output folder, whatever the builder: a whole HTML file that its
    # template makes of its context alone (and the site's language), outside the theme's pages


@dataclass
class _Output:
    """What an output folder holds, as its builder last wrote it."""
    generation: str = ""  # the environment and configuration it was written from
    pages: dict[str, str] = field(default_factory=dict)  # each page's fingerprint
    files: dict[str, str] = field(default_factory=dict)  # each page's file of its own
    made: set[str] = field(default_factory=set)  # files components write themselves (made_file)
    documents: dict[str, int] = field(default_factory=dict)  # each document, as read when written (compat.documents_read(env))
    shown: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, document): what it showed of others
    copies: set[str] = field(default_factory=set)  # Sphinx's copies of files the last build published
    left: dict[str, str] = field(default_factory=dict)  # files not deleted (a link in the way), each with its top


@dataclass
class _State:
    """This build: the output as last written, and what this build makes of it."""
    path: Path
    written: _Output
    now: _Output
    listed: set[str] = field(default_factory=set)
    handled: set[str] = field(default_factory=set)  # every page the builder wrote in this process


def digest(value: object) -> str:
    """A short hash of ``value``'s repr: the same while what it describes is the same."""
    return hashlib.blake2b(repr(value).encode(), digest_size=16).hexdigest()


def _state_path(app: Sphinx) -> Path:
    """The record of what this builder wrote into this output folder, beside the environment."""
    return Path(app.doctreedir) / f"{STATE}-{app.builder.name}-{digest(Path(app.outdir).resolve())}.pickle"


def new_generation(app: Sphinx, env: BuildEnvironment, added, changed, removed) -> list[str]:
    """A new environment or configuration invalidates every recorded fingerprint."""
    if compat.config_changed(env) or not getattr(env, "msblog_generation", ""):
        env.msblog_generation = uuid.uuid4().hex
    return []


def load_state(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """What this builder last wrote into this output folder; under a new generation, no page's fingerprint holds."""
    path = _state_path(app)
    try:
        written = _Output(**pickle.loads(path.read_bytes()))
    except (OSError, pickle.UnpicklingError, ValueError, EOFError, TypeError):
        written = _Output()
    if written.generation != env.msblog_generation:  # every page is written, and still known, to be deleted
        written.pages, written.shown = dict.fromkeys(written.pages, ""), {}
    app.msblog_pages = _State(path, written, _Output(generation=env.msblog_generation))


def read_since_written(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Documents read since this output last wrote them: by this build, or by one into another output folder."""
    written = app.msblog_pages.written.documents
    return [docname for docname in env.found_docs if written.get(docname) != compat.documents_read(env).get(docname)]


def written_again(app: Sphinx, kind: str, shown: dict[str, object]) -> list[str]:
    """The documents of ``shown``, each with what it shows of others (``kind``: what that is), that this output
    holds showing something else, or does not hold: to be written again."""
    state: _State = app.msblog_pages
    found = []
    for docname, value in shown.items():
        state.now.shown[kind, docname] = text = digest(value)
        if state.written.shown.get((kind, docname)) != text and docname in app.env.found_docs:
            found.append(docname)
    return found


def output_file(app: Sphinx, page: Page) -> Path:
    """Where ``page`` is written: its file of its own, or where the builder puts a page of its name."""
    return Path(app.outdir, page.file) if page.file else Path(compat.page_file(app.builder, page.name))


def only_changed(app: Sphinx, pages: Iterable[Page]) -> Iterator[tuple[str, dict, str]]:
    """The ``html-collect-pages`` triples of the pages that must be written; a page with a file of its own is
    written here, to that file (a triple cannot say where), without the theme's page context, which it does not
    show (the site's navigation, and the like, would be made for each)."""
    state: _State = app.msblog_pages
    templates = app.builder.templates.newest_template_mtime()  # an edited template changes every page
    for page in pages:
        fingerprint = digest((msblog.__version__, templates, page.fingerprint))
        state.now.pages[page.name] = fingerprint
        if page.listed:
            state.listed.add(page.name)
        if page.file:
            state.now.files[page.name] = page.file
        if state.written.pages.get(page.name) != fingerprint or not output_file(app, page).is_file():
            context = page.context() if callable(page.context) else page.context
            if page.file:
                path = output_file(app, page)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(app.builder.templates.render(page.template, {"language": app.config.language, **context}),
                                encoding="utf-8", errors="xmlcharrefreplace")
            else:
                yield page.name, context, page.template


def listed_pages(app: Sphinx) -> set[str]:
    return app.msblog_pages.listed


def made_file(app: Sphinx, file: str) -> None:
    """Record that this build writes ``file`` (below the output folder) itself, not as a page: a build that no
    longer does deletes it. Called before :func:`save_state` saves the record (build-finished, ``AFTER_PAGES``)."""
    app.msblog_pages.now.made.add(file)


def note_page(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Every page the builder writes here, its generated pages too (Sphinx's ``search``, ``genindex``...)."""
    app.msblog_pages.handled.add(pagename)


def _page_files(app: Sphinx) -> Callable[[str], str]:
    """The file of a page or document, by its name, below the output folder (each name worked out once)."""
    out = Path(app.outdir)
    return functools.cache(lambda name: Path(compat.page_file(app.builder, name)).relative_to(out).as_posix())


def _held(output: _Output, page_file: Callable[[str], str]) -> dict[str, str]:
    """The files ``output`` holds, below the output folder, each with the folder (below it) that deleting it may
    leave empty at most: the output folder for a page, its kind's folder for a copy (``_sources``...)."""
    held = {page_file(name): "" for name in output.documents}
    held.update({output.files.get(name) or page_file(name): "" for name in output.pages})
    held.update(dict.fromkeys(output.made, ""))
    held.update({copy: copy.partition("/")[0] for copy in output.copies})
    return held


def _shipped(app: Sphinx) -> set[str]:
    """The files ``html_extra_path`` and ``html_static_path`` copy into the output, below it; a template's under
    the name it is written to as well."""
    shipped = set()
    for setting, folder in (("html_extra_path", "."), ("html_static_path", "_static")):
        for source in map(Path(app.confdir).joinpath, app.config[setting]):
            found = [source] if source.is_file() else [
                Path(top, name) for top, _, names in os.walk(source, followlinks=True) for name in names]
            for file in found:
                name = PurePosixPath(folder, file.name if file == source else file.relative_to(source).as_posix())
                shipped |= {name.as_posix(), name.as_posix().removesuffix("_t").removesuffix(".jinja")}
    return shipped


def _delete(out: Path, file: str, top: str) -> bool:
    """Delete ``file``, below the output folder ``out`` (resolved), and the folders below ``top`` it leaves empty;
    never through a symbolic link, nor a link: False if one is in the way of a file there."""
    path = out / file
    if path.resolve() != path:
        return not path.exists() and not path.is_symlink()  # only a file still there is in the way
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == out / top or not folder.is_relative_to(out / top) or not folder.is_dir() or any(folder.iterdir()):
            break
        folder.rmdir()
    return True


def save_state(app: Sphinx, exception: Exception | None) -> None:
    """Delete what this output's builds wrote and this one no longer does; record what the output holds now."""
    state: _State | None = getattr(app, "msblog_pages", None)
    if exception is not None or state is None:
        return
    env, written, now = app.env, state.written, state.now
    now.documents = {docname: compat.documents_read(env)[docname] for docname in env.found_docs if docname in compat.documents_read(env)}
    if app.builder.format == "html":
        out = Path(app.outdir).resolve()
        now.copies = compat.published_copies(app)
        page_file = _page_files(app)
        kept = _held(now, page_file).keys() | set(map(page_file, state.handled)) | _shipped(app)
        for file, top in (_held(written, page_file) | written.left).items():
            if file not in kept and not _delete(out, file, top):
                now.left[file] = top
                logger.warning(f"{file} is not deleted: a symbolic link in the output folder leads it to "
                               f"{Path(out, file).resolve()} (msblog deletes nothing through a link, nor a link)",
                               type="msblog", subtype="pages")
    state.path.write_bytes(pickle.dumps(vars(now)))


def setup(app: Sphinx) -> dict:
    app.connect("env-get-outdated", new_generation)
    app.connect("env-before-read-docs", load_state)
    app.connect("env-get-updated", read_since_written)
    app.connect("html-page-context", note_page)
    app.connect("build-finished", save_state, priority=stages.AFTER_PAGES)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

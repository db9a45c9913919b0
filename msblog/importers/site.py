"""Write an import into a site: staged first, then moved into place all at once.

Every file an import writes is recorded in ``.msblog-imports.json`` at the site's
top, with its SHA-256 and the importer that wrote it (``blogger``, ``wordpress``,
``page``). Importing again rewrites only files whose content changes, and never
(unless forced) a file an editor has changed or deleted since it was imported, nor
one that another source wrote (another importer, or an editor by hand): such files
are listed in the report. A post kept that way keeps its discussion and images
too: none from this import is written beside it. Nothing reaches the posts' or
discussions' folders (the site's :class:`~msblog.model.layout.Layout`) until the
whole export has been read, so a broken export leaves the site as it was. A
folder on the way to a file to write that is a symbolic link, which could lead
anywhere on the machine, stops the import before anything is written.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from msblog.importers.records import ImportReport
from msblog.model.errors import ContentError, Problem
from msblog.model.layout import Layout

MANIFEST = ".msblog-imports.json"
SOURCES = {"blogger": "a Blogger import", "wordpress": "a WordPress import", "page": "a saved page import"}
_CHUNK = 1 << 20


class SiteWriter:
    """Stage files under the site, then :meth:`commit` them; use as a context manager."""

    def __init__(self, site: Path, layout: Layout, source: str, force: bool = False):
        self.site = site
        self.layout = layout  # where the site keeps posts and discussions
        self.source = source  # the importer, as the manifest records it
        self.force = force
        self.staged: dict[str, str] = {}  # relative path -> digest
        self.folders: set[Path] = set()  # folders of the site found to be no symbolic link
        self.stage = Path(tempfile.mkdtemp(prefix=".msblog-import-", dir=site))

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def write(self, relative: str, text: str) -> None:
        data = text.encode("utf-8")
        self._staged_path(relative).write_bytes(data)
        self.staged[relative] = hashlib.sha256(data).hexdigest()

    def copy(self, relative: str, stream: BinaryIO) -> None:
        """Stage a file read from ``stream`` as it is, a chunk at a time."""
        digest = hashlib.sha256()
        with self._staged_path(relative).open("wb") as out:
            for chunk in iter(lambda: stream.read(_CHUNK), b""):
                digest.update(chunk)
                out.write(chunk)
        self.staged[relative] = digest.hexdigest()

    def _staged_path(self, relative: str) -> Path:
        parts = PurePosixPath(relative).parts
        if not parts or PurePosixPath(relative).is_absolute() or any(p in ("..", ".") for p in parts):
            raise ValueError(f"not a path inside the site: {relative!r}")
        self._no_link_on_the_way(relative, parts)
        path = self.stage.joinpath(*parts)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def _no_link_on_the_way(self, relative: str, parts: tuple[str, ...]) -> None:
        """Refuse to write ``relative`` when a folder of the site on the way to it is a symbolic link."""
        for depth in range(1, len(parts)):
            folder = self.site.joinpath(*parts[:depth])
            if folder in self.folders:
                continue
            if folder.is_symlink():
                raise ValueError(f"{folder}: a symbolic link (to {os.readlink(folder)}) on the way to {relative}. An "
                                 "import writes only into the site's own folders, never through a link, which could "
                                 "lead anywhere: make it a folder and import again; nothing was written")
            self.folders.add(folder)

    def commit(self, report: ImportReport, progress: Callable[[], None] | None = None) -> None:
        """Move staged files into place, keeping what editors and other sources wrote; posts first."""
        manifest_path = self.site / MANIFEST
        manifest = _read_manifest(manifest_path)
        held: dict[str, str] = {}  # a post not written -> why
        for relative in sorted(self.staged, key=lambda r: (not self._is_post(r), r)):
            post = self._post_of(relative)
            if post in held and not self._is_post(relative):
                report.left_with_post.append(relative)
            else:
                outcome = self._place(relative, manifest, report)
                if self._is_post(relative) and outcome in ("deleted", "other"):
                    held[post] = outcome
            if progress:
                progress()
        temporary = self.stage / MANIFEST  # a file of this import's own, never one a link could lead out from
        lines = [f"{json.dumps(path)}: {json.dumps(entry, sort_keys=True)}" for path, entry in sorted(manifest.items())]
        temporary.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
        os.replace(temporary, manifest_path)

    def _is_post(self, relative: str) -> bool:
        """A post's file, ``<posts>/YYYY/MM/<slug>.md``: a post of the layout, at the path an import writes."""
        name = self.layout.post_name(relative.removesuffix(".md")) if relative.endswith(".md") else None
        return name is not None and len(name.parts) == 3

    def _post_of(self, relative: str) -> str | None:
        """The post (``YYYY/MM/<slug>``) a file belongs to: the post itself, its discussion, or an image beside it."""
        in_posts, in_comments = self._parts(self.layout.posts, relative), self._parts(self.layout.comments, relative)
        if relative.endswith(".md") and 3 in (len(in_posts), len(in_comments)):
            return "/".join(in_posts or in_comments).removesuffix(".md")
        return "/".join(in_posts[:3]) if len(in_posts) == 4 else None

    @staticmethod
    def _parts(folder: str, relative: str) -> tuple[str, ...]:
        """The parts of ``relative`` below ``folder``; none if it is not there."""
        path = PurePosixPath(relative)
        return path.relative_to(folder).parts if path.is_relative_to(folder) else ()

    def _place(self, relative: str, manifest: dict[str, dict], report: ImportReport) -> str:
        """Put one staged file in place, or keep what is there; say which it was."""
        target, digest, entry = self.site / relative, self.staged[relative], manifest.get(relative)
        if not target.is_file():
            if entry is not None and not self.force:
                report.kept_deleted.append(relative)
                return "deleted"
        elif (current := _file_digest(target)) == digest:
            report.unchanged += 1
            manifest[relative] = {"sha256": digest, "source": self.source}
            return "unchanged"
        elif self.force:
            pass
        elif entry is None or entry["source"] != self.source:
            report.kept_other.append((relative, _written_by(entry)))
            return "other"
        elif current != entry["sha256"]:
            report.kept_edited.append(relative)
            return "edited"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self.stage / relative, target)
        manifest[relative] = {"sha256": digest, "source": self.source}
        report.written.append(relative)
        return "written"


def _read_manifest(path: Path) -> dict[str, dict]:
    """The manifest, each entry as ``{"sha256", "source"}``; an entry of a manifest that kept only the digest has no
    source. A manifest that is not one is a :class:`ContentError` at its line: nothing is written without it."""
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        line = getattr(error, "lineno", 1)
        raise ContentError([Problem(path, line, f"is not valid JSON ({error}): mend it, or delete it to import as if "
                                                "for the first time; nothing was written")]) from None
    if not isinstance(data, dict) or not all(
            isinstance(entry, str) or (isinstance(entry, dict) and isinstance(entry.get("sha256"), str))
            for entry in data.values()):
        raise ContentError([Problem(path, 1, "is not a mapping of files to what each held (as an import writes it): "
                                             "mend it, or delete it to import as if for the first time; nothing was "
                                             "written")])
    return {relative: {"sha256": entry["sha256"], "source": entry.get("source")} if isinstance(entry, dict)
            else {"sha256": entry, "source": None} for relative, entry in data.items()}


def _written_by(entry: dict | None) -> str:
    if entry is None:
        return f"hand or another tool: {MANIFEST} does not list it"
    if entry["source"] is None:
        return f"an import that did not record its source in {MANIFEST}"
    return SOURCES.get(entry["source"], entry["source"])


def _file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for chunk in iter(lambda: stream.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()

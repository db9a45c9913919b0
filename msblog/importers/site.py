"""Write an import into a site: staged first, then moved into place all at once.

Every file an import writes is recorded with its SHA-256 in ``.msblog-imports.json``
at the site's top. Importing again rewrites only files whose content changes, and
never a file an editor has changed since it was imported (unless forced): such
files are listed in the report. Nothing reaches ``posts/`` or ``comments/`` until
the whole export has been read, so a broken export leaves the site as it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from msblog.importers.records import ImportReport

MANIFEST = ".msblog-imports.json"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class SiteWriter:
    """Stage files under the site, then :meth:`commit` them; use as a context manager."""

    def __init__(self, site: Path, force: bool = False):
        self.site = site
        self.force = force
        self.staged: dict[str, str] = {}  # relative path -> digest
        self.stage = Path(tempfile.mkdtemp(prefix=".msblog-import-", dir=site))

    def __enter__(self) -> SiteWriter:
        return self

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.stage, ignore_errors=True)

    def write(self, relative: str, text: str) -> None:
        path = self.stage / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.staged[relative] = _digest(text)

    def commit(self, report: ImportReport) -> None:
        """Move staged files into place, keeping files an editor has changed."""
        manifest_path = self.site / MANIFEST
        manifest = json.loads(manifest_path.read_text(encoding="utf-8")) if manifest_path.is_file() else {}
        for relative, digest in sorted(self.staged.items()):
            target = self.site / relative
            if target.is_file():
                current = _digest(target.read_text(encoding="utf-8"))
                if current == digest:
                    report.unchanged += 1
                    manifest[relative] = digest
                    continue
                if current != manifest.get(relative) and not self.force:
                    report.kept_edited.append(relative)
                    continue
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.stage / relative, target)
            manifest[relative] = digest
            report.written.append(relative)
        temporary = manifest_path.with_suffix(".tmp")
        temporary.write_text(json.dumps(manifest, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(temporary, manifest_path)

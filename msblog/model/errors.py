"""Problems found in archive content, each tied to a file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one file, printed as ``path:line: message``."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


class ContentError(ValueError):
    """Raised when a file cannot be used; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def read_utf8(path: Path, site: Path) -> str:
    """The text of ``path``, a file of the site in ``site``, which every file of the archive's content is in, read
    as Sphinx reads a page: without a byte order mark before it, its lines ended by ``\n`` (not ``\r\n`` or ``\r``),
    as every rule's patterns expect; otherwise a :class:`ContentError` at the line of its first byte that is not
    UTF-8, or at its first line if it is a symbolic link out of the site's folder (the build would publish a file of
    the machine it runs on)."""
    if not path.resolve().is_relative_to(Path(site).resolve()):
        raise ContentError([Problem(path, 1, "the file is a symbolic link to a file outside the site's folder: the "
                                             "build would publish a file of the machine it runs on")])
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8").removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    except UnicodeDecodeError as error:
        raise ContentError([Problem(path, raw.count(b"\n", 0, error.start) + 1,
                                    "the file is not UTF-8, as every page, discussion and bibliography must be: "
                                    "save it as UTF-8")]) from None


def content_files(folder: Path) -> list[Path]:
    """The Markdown files below ``folder``, in order, found as Sphinx finds pages: through symbolic links to
    folders too (each folder once), so that :func:`read_utf8` refuses what they lead to, as the build does."""
    found, seen = [], set()
    for parent, folders, files in os.walk(folder, followlinks=True):
        real = Path(parent).resolve()
        if real in seen:
            folders.clear()
            continue
        seen.add(real)
        found += [Path(parent, name) for name in files if name.endswith(".md")]
    return sorted(found)

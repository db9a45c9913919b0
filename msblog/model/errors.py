"""Problems found in archive content, each tied to a file and line."""

from __future__ import annotations

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


def read_utf8(path: Path) -> str:
    """The text of ``path``, which every file of the archive's content is in; otherwise a :class:`ContentError` at
    the line of its first byte that is not UTF-8."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ContentError([Problem(path, raw.count(b"\n", 0, error.start) + 1,
                                    "the file is not UTF-8, as every page, discussion and bibliography must be: "
                                    "save it as UTF-8")]) from None

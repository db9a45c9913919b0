"""Front matter: the YAML mapping between ``---`` lines that opens a Markdown page."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from msblog.model.errors import ContentError, Problem

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*\n", re.S)  # its YAML is group 1


def load_front_matter(text: str, path: Path) -> dict:
    """The mapping in the front matter's YAML ``text``; a :class:`ContentError` names the line of a YAML error."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)  # its line counts from 0 after the opening "---"
        reason = getattr(error, "problem", None) or error
        raise ContentError([Problem(path, mark.line + 2 if mark else 1, f"front matter is not valid YAML: {reason}")]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(path, 1, "front matter must be a mapping of keys to values")])
    return data

"""The bibliography editors keep: the titles of cited papers, from a BibTeX file, never fetched.

Each entry gives a title and the identifiers it is known by, in the fields
BibTeX styles use: ``doi``, ``pmid``, ``pmcid``, ``eprint`` (read by its
``eprinttype``: ``pubmed``, ``pmc``, or any identifier written whole) and
``url`` when it is a resolver's address::

    @article{coles2012,
      title = {Alemtuzumab versus interferon beta 1a as first-line treatment ...},
      doi = {10.1016/S0140-6736(12)61769-3},
      pmid = {23122652},
    }

The file is read with pybtex; a title's LaTeX (``{MS}``, ``Caf\\'e``) becomes
plain text, which pages escape. A ``%`` in a title is a percent sign (``40% of
patients``), not a LaTeX comment dropping the words after it. A file not in
UTF-8 or that pybtex cannot read, an identifier that is not one, an entry with
no title, a title that is not LaTeX (one ending in a backslash), a title
holding a character XML cannot hold, and an identifier two entries claim are
problems at the file's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.backends.plaintext import Backend
from pybtex.database import parse_string
from pybtex.exceptions import PybtexError
from pybtex.richtext import Text

from msblog.model.errors import ContentError, Problem, read_utf8
from msblog.model.identifiers import Identifier, Malformed, from_address, parse, parse_any
from msblog.model.safe_markdown import NOT_XML, not_xml

_FIELDS = {"doi": "doi", "pmid": "pmid", "pmcid": "pmc"}
_EPRINT_TYPES = {"pubmed": "pmid", "pmid": "pmid", "pmc": "pmc", "pmcid": "pmc", "doi": "doi"}
_PLAIN_TEXT = Backend()  # found once: pybtex's render_as looks its backend up in the installed packages each time
_ENTRY = re.compile(r"@\w+\s*[{(]\s*([^\s,]+)\s*,")
_PERCENT = re.compile(r"(?<!\\)((?:\\\\)*)%")  # a % no backslash escapes (one after \\, LaTeX's line break, too)


@dataclass(frozen=True)
class Paper:
    """One entry of the bibliography: its BibTeX key, its title as plain text, and where it is."""

    key: str
    title: str
    line: int


@dataclass
class Bibliography:
    """Papers by the identifiers they are known by."""

    path: Path | None = None
    papers: dict[Identifier, Paper] = field(default_factory=dict)

    def title(self, identifier: Identifier) -> str | None:
        """The paper's title, if the bibliography has it."""
        paper = self.papers.get(identifier)
        return paper.title if paper else None


BIBLIOGRAPHY = "papers.bib"  # the bibliography when ``msblog_bibliography`` names none, if the site has it


def bibliography_file(site: Path, named: str | None) -> Path | None:
    """The bibliography of the site in ``site``: the file ``msblog_bibliography`` names, else :data:`BIBLIOGRAPHY`
    if the site has it; ``None`` if neither."""
    if named:
        return Path(site, named)
    default = Path(site, BIBLIOGRAPHY)
    return default if default.is_file() else None


def read_bibliography(path: Path, site: Path) -> Bibliography:
    """The bibliography in the BibTeX file ``path``, of the site in ``site``; raise :class:`ContentError` naming
    every problem."""
    text = read_utf8(path, site)
    lines = _entry_lines(text)
    try:
        data = parse_string(text, "bibtex")
    except PybtexError as error:
        raise ContentError([Problem(path, getattr(error, "lineno", None) or _line_of(lines, str(error)), str(error))])
    papers: dict[Identifier, Paper] = {}
    problems = []
    for key, entry in data.entries.items():
        line = lines.get(key, [1])[0]
        fields = {name.lower(): " ".join(str(value).split()) for name, value in entry.fields.items()}
        found, wrong = _identifiers(fields)
        problems += [Problem(path, line, f"entry {key!r}: {problem}") for problem in wrong]
        if not fields.get("title"):
            if found:
                problems.append(Problem(path, line, f"entry {key!r} has no title"))
            continue
        try:
            title = " ".join(Text.from_latex(_PERCENT.sub(r"\1\\%", fields["title"])).render(_PLAIN_TEXT).split())
        except PybtexError as error:
            problems.append(Problem(path, line, f"entry {key!r}: its title cannot be read: {error}"))
            continue
        except UnicodeDecodeError:  # latexcodec's one: a backslash the title ends in, beginning no command
            problems.append(Problem(path, line, f"entry {key!r}: its title cannot be read: it ends in a backslash, "
                                                "which begins a LaTeX command (a backslash is \\textbackslash)"))
            continue
        if wrong := NOT_XML.search(title):
            problems.append(Problem(path, line, f"entry {key!r}: its title holds {not_xml(wrong.group())}, a "
                                                "character XML cannot hold, and the Atom feed is XML"))
            continue
        for identifier in found:
            if identifier in papers:
                problems.append(Problem(path, line, f"entry {key!r}: {identifier.label} is also entry "
                                                    f"{papers[identifier].key!r}'s, at line {papers[identifier].line}"))
            else:
                papers[identifier] = Paper(key, title, line)
    if problems:
        raise ContentError(problems)
    return Bibliography(path, papers)


def _identifiers(fields: dict[str, str]) -> tuple[list[Identifier], list[str]]:
    """The identifiers an entry's fields give, and what is wrong with those that are not identifiers."""
    found: list[Identifier | Malformed] = []
    for name, kind in _FIELDS.items():
        if fields.get(name):
            found.append(parse(kind, fields[name]))
    if fields.get("eprint"):
        kind = _EPRINT_TYPES.get(fields.get("eprinttype", "").lower())
        eprint = parse(kind, fields["eprint"]) if kind else parse_any(fields["eprint"])
        found += [eprint] if eprint is not None else []
    if fields.get("url") and (address := from_address(fields["url"])) is not None:
        found.append(address)
    identifiers = list(dict.fromkeys(f for f in found if isinstance(f, Identifier)))
    return identifiers, [str(f) for f in found if isinstance(f, Malformed)]


def _entry_lines(text: str) -> dict[str, list[int]]:
    """The lines where each key's entries begin, in one pass over the file."""
    lines: dict[str, list[int]] = {}
    line, at = 1, 0
    for match in _ENTRY.finditer(text):
        line, at = line + text.count("\n", at, match.start()), match.start()
        lines.setdefault(match.group(1), []).append(line)
    return lines


def _line_of(lines: dict[str, list[int]], message: str) -> int:
    """The line of the entry a message without a line names (pybtex's "repeated bibliography entry: KEY", "entry
    with key KEY has a duplicate FIELD field"): its last entry's."""
    match = re.search(r"entry: (\S+)$|entry with key (\S+) has", message)
    return lines.get(match.group(1) or match.group(2), [1])[-1] if match else 1

"""The therapy and trial registry: one MyST page per entry under ``therapies/``.

Each page's front matter names the entry; its body is the team's short,
neutral description::

    ---
    therapy: HSCT
    kind: induction therapy
    aliases: [aHSCT, bone marrow transplantation]
    brands: []
    trials: [MIST]
    ---

    # HSCT

    The description.

An entry is either a ``therapy`` or a ``trial`` (the key holding its canonical
name). ``kind`` is the archive's own classification, given only where the
archive defines one. ``trials`` names registry trials that test the therapy.
A trial's ``registrations`` are its registration numbers (NCT, EudraCT,
ISRCTN: ``registrations: [NCT00273364]``), each written whole, each one
trial's.

Names are found in text by :meth:`Registry.find`: whole words only; a name
with two or more capital letters (an acronym such as MIST or HSCT) matches only
as written, any other name in any case. Aliases and brands lead to the entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from msblog.model.errors import ContentError, Problem, read_utf8
from msblog.model.front_matter import FRONT_MATTER, key_line, load_front_matter
from msblog.model.identifiers import REGISTRATIONS, Identifier, parse_any

TYPES = ("therapy", "trial")
# A role's "title <target>", as the build's roles read it (the {therapy} and {trial} roles set it as theirs).
EXPLICIT_TITLE = re.compile(r"^(.+?)\s*(?<!\x00)<(.*?)>$", re.DOTALL)
_KEYS = {*TYPES, "kind", "aliases", "brands", "trials", "registrations"}


@dataclass
class Entry:
    """One therapy or trial."""

    type: str  # "therapy" or "trial"
    name: str
    docname: str  # the registry page, such as "therapies/hsct"
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    brands: list[str] = field(default_factory=list)
    trials: list[str] = field(default_factory=list)
    registrations: list[Identifier] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        """Every name the entry goes by, canonical first."""
        return [self.name, *self.aliases, *self.brands]

    @property
    def anchor(self) -> str:
        return f"{self.type}-{re.sub(r'[^a-z0-9]+', '-', self.name.lower()).strip('-')}"


# Text written as an address is quoted, not prose: "hsct" in a URL is no mention.
WRITTEN_ADDRESS = re.compile(r"\b(?:https?://|www\.)\S+")


def is_acronym(name: str) -> bool:
    """Names with two or more capitals match only as written ("MIST" is not "mist")."""
    return sum(c.isupper() for c in name) >= 2


def _key(name: str) -> str:
    """How a name is looked up: spacing normalised; folded to lower case unless an acronym."""
    name = " ".join(name.split())
    return name if is_acronym(name) else name.casefold()


def _pattern(name: str) -> str:
    words = r"\s+".join(re.escape(word) for word in name.split())
    return words if is_acronym(name) else f"(?i:{words})"


@dataclass
class Registry:
    """Every entry, found by any of its names."""

    entries: list[Entry] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._names = {_key(name): entry for entry in self.entries for name in entry.names}
        names = sorted({n for e in self.entries for n in e.names}, key=len, reverse=True)
        alternatives = "|".join(_pattern(n) for n in names) or r"(?!x)x"
        # The names are tried only where one may begin: not within a word, and at a character a name's first would
        # match (quicker to look at than every name). Where every name begins with a letter or digit, that is \b.
        exact = "".join(sorted({n[0] for n in names if is_acronym(n)}))
        folded = "".join(sorted({n[0] for n in names if not is_acronym(n)}))
        first = "|".join([f"[{re.escape(exact)}]"] * bool(exact) + [f"(?i:[{re.escape(folded)}])"] * bool(folded)) or "x"
        boundary = r"\b" if all(re.match(r"\w", n) for n in names) else r"(?<!\w)"
        self._regex = re.compile(rf"{boundary}(?={first})(?:{alternatives})(?!\w)")
        self._matched: dict[str, Entry | None] = {}  # each text the expression matched, looked up once

    def get(self, name: str) -> Entry | None:
        """The entry called ``name`` (canonical, alias or brand), by the case rules."""
        return self._names.get(_key(name)) or self._names.get(_key(name.casefold()))

    def find(self, text: str) -> Iterator[tuple[int, int, Entry]]:
        """``(start, end, entry)`` for every mention in ``text``, outside any address written out in it."""
        addresses = None  # found once a name is
        for match in self._regex.finditer(text):
            written = match.group()
            if written not in self._matched:
                self._matched[written] = self.get(written)
            entry = self._matched[written]
            if entry is None:
                continue
            if addresses is None:
                addresses = [address.span() for address in WRITTEN_ADDRESS.finditer(text)]
            if not any(a < match.end() and match.start() < b for a, b in addresses):
                yield match.start(), match.end(), entry

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)


def read_entry(path: Path, docname: str, site: Path) -> Entry:
    """One registry page's entry, a page of the site in ``site``; raise :class:`ContentError` naming each problem."""
    text = read_utf8(path, site)
    match = FRONT_MATTER.match(text)
    if not match:
        raise ContentError([Problem(path, 1, "a registry page needs front matter naming a 'therapy' or a 'trial'")])
    data = load_front_matter(match.group(1), path)
    problems = []
    for key in sorted(set(data) - _KEYS, key=str):
        problems.append(Problem(path, key_line(text, str(key)),
                                f"unknown registry key {key!r} (known: {', '.join(sorted(_KEYS))})"))
    types = [t for t in TYPES if t in data]
    if len(types) != 1 or not isinstance(data[types[0]], str) or not data[types[0]].strip():
        problems.append(Problem(path, key_line(text, types[-1]) if types else 1,
                                "give exactly one of 'therapy: NAME' or 'trial: NAME'"))
    lists = {}
    for key in ("aliases", "brands", "trials"):
        value = data.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            problems.append(Problem(path, key_line(text, key), f"'{key}' must be a list of names"))
            value = []
        lists[key] = [v.strip() for v in value]
    if data.get("kind") is not None and not isinstance(data["kind"], str):
        problems.append(Problem(path, key_line(text, "kind"), "'kind' must be text, such as 'induction therapy'"))
    registrations, wrong = _registrations(data.get("registrations"), types)
    problems += [Problem(path, key_line(text, "registrations"), message) for message in wrong]
    if problems:
        raise ContentError(problems)
    kind = (data.get("kind") or "").strip() or None  # spaces only: no kind
    return Entry(type=types[0], name=data[types[0]].strip(), docname=docname, kind=kind, registrations=registrations,
                 **lists)


def _registrations(value: object, types: list[str]) -> tuple[list[Identifier], list[str]]:
    """A trial's registration numbers, and what is wrong with the ``registrations`` given."""
    if value is None:
        return [], []
    if types != ["trial"]:
        return [], ["'registrations' are a trial's registration numbers: only a 'trial' has them"]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return [], ["'registrations' must be a list of registration numbers, such as [NCT00273364]"]
    found, wrong = [], []
    for written in value:
        identifier = parse_any(written, REGISTRATIONS)
        if isinstance(identifier, Identifier):
            found.append(identifier)
        else:
            wrong.append(f"'registrations' lists {written!r}: " + (
                str(identifier) if identifier else "not a registration number (NCT, EudraCT or ISRCTN)"))
    return list(dict.fromkeys(found)), wrong


def load_registry(folder: Path, docprefix: str) -> Registry:
    """Read every registry page in ``folder``; raise :class:`ContentError` naming every problem."""
    entries, problems, seen, registered = [], [], {}, {}
    site = folder.parents[len(PurePosixPath(docprefix).parts) - 1]
    for path in sorted(folder.glob("*.md")) if folder.is_dir() else []:
        if path.stem == "index":
            continue
        try:
            entry = read_entry(path, f"{docprefix}/{path.stem}", site)
        except ContentError as error:
            problems += error.problems
            continue
        for key, names in ((entry.type, [entry.name]), ("aliases", entry.aliases), ("brands", entry.brands)):
            for name in names:
                if _key(name) in seen:
                    problems.append(Problem(path, key_line(path.read_text(encoding="utf-8"), key),
                                            f"the name {name!r} is already used by {seen[_key(name)]}"))
                seen[_key(name)] = path.name
        for identifier in entry.registrations:
            if identifier in registered:
                problems.append(Problem(path, key_line(path.read_text(encoding="utf-8"), "registrations"),
                                        f"{identifier.label} is already registered by {registered[identifier]}"))
            registered[identifier] = path.name
        entries.append(entry)
    registry = Registry(entries)
    for entry in entries:
        for trial in entry.trials:
            found = registry.get(trial)
            if found is None or found.type != "trial":
                path = folder / f"{Path(entry.docname).name}.md"
                problems.append(Problem(path, key_line(path.read_text(encoding="utf-8"), "trials"),
                                        f"'trials' names {trial!r}, which is not a trial in the registry"))
    if problems:
        raise ContentError(problems)
    return registry


def role_target(text: str) -> str:
    """What a role's ``text`` names, as the build reads it: ``target`` in ``title <target>``, else the whole text."""
    return explicit.group(2) if (explicit := EXPLICIT_TITLE.match(text)) else text

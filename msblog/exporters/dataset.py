"""The archive as a dataset for researchers: JSON Lines and a Frictionless data package.

``msblog export dataset OUT`` writes three files, which the site also publishes
(:mod:`msblog.sphinxext.dataset`), together as one ``.tar.gz``:

- ``posts.jsonl``: one post a line (:data:`POST_FIELDS`);
- ``comments.jsonl``: one comment a line, each post's in the order of its
  discussion file, so a reply comes after the comment it answers
  (:data:`COMMENT_FIELDS`);
- ``datapackage.json``: the Frictionless data package that describes both, each
  field's type and meaning, and their keys (a comment's ``post`` is a post's
  ``id``, its ``parent`` another comment's ``id``).

Posts and comments are read as the build and ``msblog check`` read them, from
the folders of the site's layout: a file not in UTF-8 is refused
(:func:`~msblog.check.checks.read_content`), a post by the check's rules
(:func:`~msblog.check.checks.check_post`), a discussion by the discussion
format's (:func:`~msblog.model.discussion.read_discussion`), and every problem
is raised together as a :class:`~msblog.model.errors.ContentError`
(``path:line: message``). What a source does not say is null, never guessed;
texts are kept whole, as the archive stores them (MyST Markdown). The therapies
and trials a text names, and the papers and trials it cites, are found as the
build finds them: by the registry's rules
(:meth:`~msblog.model.registry.Registry.find`) and
:mod:`msblog.model.identifiers`, in what the build reads of a post's MyST (never
code, nor a ``{nomentions}`` block) and of a comment as it renders it
(:func:`~msblog.model.safe_markdown.render_comment`: no roles, no code, no
link's words). The same content gives the same bytes: posts in
order of their ids, every file in UTF-8 with each record on one line (every
character that some readers take for a line's end is escaped).
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from myst_parser.config.main import MdParserConfig

from msblog.check.checks import check_front_matter, check_post, read_content
from msblog.model.addresses import SCHEME
from msblog.model.dates import given_date
from msblog.model.discussion import Comment, read_discussion
from msblog.model.errors import ContentError, Problem, content_files, read_utf8
from msblog.model.front_matter import FRONT_MATTER, as_text, load_front_matter
from msblog.model.identifiers import KINDS, Identifier, Malformed, find, from_address, parse
from msblog.model.layout import Layout
from msblog.model.myst import MYST, parsed, walk
from msblog.model.names import clean_names
from msblog.model.registry import EXPLICIT_TITLE, Registry, role_target
from msblog.model.safe_markdown import render_comment

PACKAGE = "datapackage.json"
POSTS = "posts.jsonl"
COMMENTS = "comments.jsonl"
ISO_8601 = r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2})?)?"
_TITLE = re.compile(r"^# (\S.*)$", re.M)
# What MyST links to as an address out of the site (a reference), not a page of it: the build sets no other schemes.
_URL_SCHEMES = MdParserConfig().url_schemes
# Roles that show their text as code (or as mathematics, refused and shown as code): the build reads none.
_CODE_ROLES = {"code", "literal", "kbd", "samp", "file", "regexp", "manpage", "math", "raw", "download", "numref",
               "keyword", "option", "envvar", "token", "any"}
_LINK_ROLES = re.compile(r"pep$|rfc$|bdg-link-")  # roles that link out of the site (sphinx-design's link badges)
_EXPLANATION = re.compile(r"\((.*)\)$", re.DOTALL)  # an {abbr}'s explanation, as Sphinx finds it
# What JSON leaves as it is but some readers of JSON Lines end a line at (Python's str.splitlines), and C1 controls.
_LINE_BREAKING = re.compile("[\x7f-\x9f\u2028\u2029]")


def _field(name: str, type_: str, description: str, required: bool = False, format: str | None = None,
           **constraints: object) -> dict:
    field = {"name": name, "type": type_, "description": description, **({"format": format} if format else {})}
    if required:
        constraints["required"] = True
    if constraints:
        field["constraints"] = constraints
    return field


_DATE = {"pattern": ISO_8601}
_ENTRIES = ("the therapies and trials of the archive's registry the text names, each by its canonical name, "
            "in alphabetical order; found as the site finds them (whole words; an acronym only as written; not inside a web "
            "address written out, code or a {nomentions} passage; in a comment, not in a link's words)")
_IDENTIFIERS = ("the papers and trial registrations the text names, in its words or its links, each as kind:id, "
                "normalised (doi:10.1056/nejmoa1011205, pmid:21175342, pmc:PMC3025341, nct:NCT00346424, "
                "eudract:2006-002497-27, isrctn:ISRCTN12345678), by kind in that order and then by id; found as the site "
                "finds them (not in code or a {nomentions} passage; in a comment, not in a link's words, and no role); "
                "a look-alike that is not a valid identifier is left out")
POST_FIELDS = [
    _field("id", "string", "the post's path in the archive, YYYY/MM/<slug>, from its original address; its page "
                           "is posts/<id>.html", required=True, unique=True),
    _field("title", "string", "the post's title, as its heading gives it", required=True),
    _field("date", "string", "when the post was published, in ISO 8601: a day (YYYY-MM-DD), or a day and time with "
                             "its time zone, as the source gives it; null when the source gives none", **_DATE),
    _field("authors", "array", "the authors' names; null when the source names none"),
    _field("tags", "array", "the post's labels on the blog; null when it has none"),
    _field("original_url", "string", "the post's address on the original blog (or where else it was first "
                                     "published); null when the source gives none", format="uri"),
    _field("text", "string", "the post's text after its title, whole, in MyST Markdown as the archive stores it",
           required=True),
    _field("therapies", "array", _ENTRIES, required=True),
    _field("identifiers", "array", _IDENTIFIERS, required=True),
]
COMMENT_FIELDS = [
    _field("id", "string", "<post>#comment-<number>: the post's id, and the comment's id in its discussion, "
                           "which is its anchor on the post's page", required=True, unique=True),
    _field("post", "string", "the id of the post the comment was written under", required=True),
    _field("parent", "string", "the id of the comment this one replies to; null for a comment at the top level"),
    _field("author", "string", "the commenter's name as the source gives it; null when it gives none"),
    _field("time", "string", "when the comment was written, in ISO 8601 with its time zone as the source gives it; "
                             "null when the source gives none", **_DATE),
    _field("text", "string", "the comment's text, whole, in Markdown as the archive stores it; null when none is "
                             "kept (a deleted comment)"),
    _field("deleted", "boolean", "true for a comment deleted on the blog, kept as a placeholder so that its "
                                 "replies keep their place", required=True),
    _field("flag", "string", "the archive editors' note on the comment, shown to readers (such as why a reply "
                             "stands at the top level); null when there is none"),
    _field("therapies", "array", _ENTRIES, required=True),
    _field("identifiers", "array", _IDENTIFIERS, required=True),
]


def datapackage(layout: Layout) -> dict:
    """The Frictionless data package describing the dataset of an archive of the blog in ``layout``."""
    def resource(name: str, path: str, title: str, fields: list[dict], keys: list[dict]) -> dict:
        return {"name": name, "path": path, "format": "jsonl", "mediatype": "application/jsonl", "encoding": "utf-8",
                "title": title, "schema": {"fields": fields, "primaryKey": ["id"], "foreignKeys": keys}}

    return {
        "name": f"{layout.blog.name}-archive",
        "title": f"The archive of the blog {layout.blog.name}: posts and reader discussions",
        "description": "Every post of the archive and every comment archived under it, as the archive keeps them. "
                       "What a source does not say is null; texts are whole, in Markdown.",
        "resources": [
            resource("posts", POSTS, "Posts", POST_FIELDS, []),
            resource("comments", COMMENTS, "Comments", COMMENT_FIELDS, [
                {"fields": ["post"], "reference": {"resource": "posts", "fields": ["id"]}},
                {"fields": ["parent"], "reference": {"resource": "", "fields": ["id"]}},
            ]),
        ],
    }


Stamp = tuple[int, int, int, int]  # a file's times of change of its content and of its entry (ns), size and inode


@dataclass(frozen=True)
class FileRows:
    """What one post or discussion file gave the dataset: its rows as JSON Lines, and when it was read (its
    :data:`Stamp`); for a post, its date as the dataset gives it."""

    stamp: Stamp
    lines: bytes
    date: str | None = None


@dataclass
class RowCache:
    """The rows of the files read before, by path below the site: a file whose stamp is unchanged is not read
    again. They hold while ``key`` does (what else rows depend on: the registry, the layout, msblog's version);
    a post's rows only while its date is before the day of the export (a post of the future is refused)."""

    key: object = None
    files: dict[str, FileRows] = field(default_factory=dict)


@dataclass
class Rows:
    """The dataset's rows as JSON Lines: each post's line by its id, each discussion's lines by its post's id."""

    posts: dict[str, bytes]
    comments: dict[str, bytes]


def source_files(site: Path, layout: Layout) -> Iterator[Path]:
    """The files the dataset is read from: posts, discussions and the registry."""
    for folder in (layout.posts, layout.comments, layout.registry):
        yield from content_files(Path(site) / folder)


def stamp(path: Path) -> Stamp:
    """What changes whenever a file's content does, however it is written (``touch -d`` or ``cp -p`` set a time
    of change of the content back, never that of the file's entry; ``mv`` gives another inode)."""
    status = path.stat()
    return status.st_mtime_ns, status.st_ctime_ns, status.st_size, status.st_ino


def read_rows(site: Path, layout: Layout, today: date | None = None, cache: RowCache | None = None) -> Rows:
    """Every post's and comment's row; a :class:`ContentError` with every problem found (paths relative to
    ``site``). A post dated after ``today`` (by default the day of the export) is a problem, as for the check.
    With a ``cache`` (whose ``key`` the caller keeps), only files changed since it was filled are read, and it
    is left holding the rows of every file read without a problem."""
    site = Path(site)
    today = today or date.today()
    cache = cache or RowCache()
    posts_folder, comments_folder = site / layout.posts, site / layout.comments
    post_files, discussion_files = content_files(posts_folder), content_files(comments_folder)
    known, stamps = {}, {}
    for path in post_files + discussion_files:
        name, stamps[path] = path.relative_to(site).as_posix(), stamp(path)
        cached = cache.files.get(name)
        if cached and cached.stamp == stamps[path] and (cached.date is None or cached.date[:10] < today.isoformat()):
            known[name] = cached
    unread = [path for path in post_files + discussion_files if path.relative_to(site).as_posix() not in known]
    problems, unreadable, registry = read_content(site, layout, unread + content_files(site / layout.registry))
    posts, comments = {}, {}
    for path in post_files:
        name, post = path.relative_to(site).as_posix(), path.relative_to(posts_folder).with_suffix("").as_posix()
        if name not in known:
            if path in unreadable:
                continue
            text = read_utf8(path, site)
            if found := check_post(site, layout, path, text, today) + check_front_matter(path, text):
                problems += found
                continue
            row = _post(layout, post, text, registry)
            known[name] = FileRows(stamps[path], json_lines([row]), row["date"] or "")
        posts[post] = known[name].lines
    for path in discussion_files:
        name, post = path.relative_to(site).as_posix(), path.relative_to(comments_folder).with_suffix("").as_posix()
        if path in unreadable:
            continue
        if not (site / layout.post_file(post)).is_file():
            problems.append(Problem(path, 1, f"discussion has no post: {layout.post_file(post)} does not exist"))
            continue
        if name not in known:
            try:
                discussion = read_discussion(path, site)
            except ContentError as error:
                problems += error.problems
                continue
            known[name] = FileRows(stamps[path], json_lines([_comment(post, c, registry) for c in discussion.comments]))
        if post in posts:
            comments[post] = known[name].lines
    cache.files = known
    if problems:
        raise ContentError(sorted({_relative(site, p) for p in problems}, key=lambda p: (str(p.path), p.line)))
    return Rows(dict(sorted(posts.items())), {post: comments[post] for post in sorted(posts) if post in comments})


def _relative(site: Path, problem: Problem) -> Problem:
    path = Path(problem.path)
    return Problem(path.relative_to(site) if path.is_relative_to(site) else path, problem.line, problem.message)


def _names(value: object) -> list[str] | None:
    """Names as ABlog reads them from front matter (split on commas), cleaned; ``None`` when there are none."""
    return clean_names(as_text(value).split(",")) or None if value else None


def _post(layout: Layout, name: str, text: str, registry: Registry) -> dict:
    front = FRONT_MATTER.match(text)
    data = load_front_matter(front.group(1), Path(name))
    body = text[front.end():]
    heading = _TITLE.search(body)
    rest = (body[:heading.start()] + body[heading.end():]).strip("\n")
    when = given_date(data)
    return {
        "id": name,
        "title": _plain(heading.group(1)),
        "date": when.isoformat() if when else None,
        "authors": _names(data.get("author")),
        "tags": _names(data.get("tags")),
        "original_url": as_text(data["original_url"]) if data.get("original_url") else None,
        "text": rest,
        **_named(*_read_post(registry, body)),
    }


def _plain(markdown: str) -> str:
    """A heading's text as the page shows it: its Markdown escapes and emphasis read, each role the words it shows
    (:func:`_shown`), its words as written."""
    tokens = MYST.parseInline(markdown)[0].children or []
    return "".join(_shown(t) if t.type == "myst_role" else t.content for t in tokens
                   if t.type in ("text", "code_inline", "html_inline", "myst_role")) if tokens else markdown


def _shown(role) -> str:
    """The words a role shows: an identifier's role its title (``title <target>``) or its identifier's label, and
    its text when its target is no identifier; ``{abbr}`` its words before the explanation in parentheses; a role of
    :data:`_CODE_ROLES` its text; any other its title or its text."""
    name, text = role.meta.get("name"), role.content
    explicit = EXPLICIT_TITLE.match(text)
    if name in KINDS:
        identifier = parse(name, role_target(text))
        return text if not isinstance(identifier, Identifier) else explicit.group(1) if explicit else identifier.label
    if name == "abbr":
        return text[:explanation.start()].strip() if (explanation := _EXPLANATION.search(text)) else text
    return text if name in _CODE_ROLES or not explicit else explicit.group(1)


def _comment(post: str, comment, registry: Registry) -> dict:
    return {
        "id": comment_id(post, comment.id),
        "post": post,
        "parent": comment_id(post, comment.reply_to) if comment.reply_to else None,
        "author": comment.author,
        "time": comment.time.isoformat() if comment.time else None,
        "text": comment.body or None,
        "deleted": comment.deleted,
        "flag": comment.flag,
        **_named(*_read_comment(registry, comment)),
    }


def comment_id(post: str, comment: str) -> str:
    """A comment's id in the dataset: its post's id, and its own in the discussion (its anchor on the page)."""
    return f"{post}#comment-{comment}"


def _named(entries: list[str], cited: list[Identifier | Malformed | None]) -> dict[str, list[str]]:
    """A text's ``therapies``, each by its canonical name, in alphabetical order; its ``identifiers`` once each, as
    ``kind:id``, by kind and then by id (look-alikes left out)."""
    unique = {(KINDS.index(i.kind), i.id): i for i in cited if isinstance(i, Identifier)}
    return {"therapies": sorted(set(entries), key=lambda name: (name.casefold(), name)),
            "identifiers": [f"{unique[key].kind}:{unique[key].id}" for key in sorted(unique)]}


def _read_post(registry: Registry, markdown: str) -> tuple[list[str], list[Identifier | Malformed | None]]:
    """The entries a post's text names and the identifiers it cites, as the build finds them
    (:mod:`msblog.sphinxext.mentions`, :mod:`msblog.sphinxext.citations`) in what it reads of its MyST
    (:func:`~msblog.model.myst.walk`): its words, headings, directives' titles and captions included (a link out of the
    site names entries in its words, an identifier in its address: :func:`_out_of_site`); HTML, which it shows as
    text; roles. Never in code, nor in a ``{nomentions}`` block."""
    entries: list[str] = []
    cited: list[Identifier | Malformed | None] = []

    def read(text: str, citing: bool = True) -> None:
        entries.extend(entry.name for *_, entry in registry.find(text))
        if citing:
            cited.extend(what for *_, what in find(text))

    def read_role(role, citing: bool) -> None:
        """An identifier's role cites it, showing its title (read for entries alone: a link's words) or its label;
        one whose target is not an identifier shows its text. ``{therapy}`` and ``{trial}`` name their entry. Every
        other role but :data:`_CODE_ROLES` shows its title (``title <target>``) or its text (``{abbr}`` its words
        before the explanation in parentheses); the words of one linking out of the site (:data:`_LINK_ROLES`) are
        read for entries alone."""
        name, text = role.meta.get("name"), role.content
        explicit = EXPLICIT_TITLE.match(text)
        if name in KINDS and isinstance(identifier := parse(name, role_target(text)), Identifier):
            cited.append(identifier)
            read(explicit.group(1) if explicit else "", citing=False)
        elif name in KINDS:
            read(text, citing)
        elif name == "abbr":
            read(text[:explanation.start()].strip() if (explanation := _EXPLANATION.search(text)) else text, citing)
        elif name not in _CODE_ROLES:
            if name in ("therapy", "trial"):
                entries.extend(entry.name for entry in [registry.get(role_target(text))] if entry)
            read(explicit.group(1) if explicit else text, citing and not _LINK_ROLES.match(name))

    for token, _, _ in walk(parsed(markdown), unread=frozenset({"nomentions"})):
        if token.type == "html_block":
            read(token.content)
        elif token.type == "inline":
            out = False  # in a link out of the site (a link holds no other)
            for child in token.children or []:
                if child.type == "link_open":
                    out = _out_of_site(child)
                    cited.append(from_address(str(child.attrGet("href") or "")))
                elif child.type == "link_close":
                    out = False
                elif child.type in ("text", "html_inline"):
                    read(child.content, citing=not out)
                elif child.type == "myst_role":
                    read_role(child, citing=not out)
    return entries, cited


def _out_of_site(link) -> bool:
    """Whether MyST makes a link (its ``link_open`` token) a link out of the site, whose words the build does not read
    for identifiers: an address of one of its URL schemes (``https:``), or an autolink (``<https://...>``); any other
    (``#section``, ``other.md``) is a cross-reference, whose words it reads."""
    scheme = SCHEME.match(str(link.attrGet("href") or ""))
    return link.info == "auto" or bool(scheme) and scheme.group(1) in _URL_SCHEMES


def _read_comment(registry: Registry, comment: Comment) -> tuple[list[str], list[Identifier | Malformed | None]]:
    """The entries a comment names and the identifiers it cites, as the build finds them as it renders the comment
    (:mod:`msblog.sphinxext.comment_links`): in its words outside links and code, and its links' addresses; a
    deleted comment's none."""
    entries: list[str] = []
    cited: list[Identifier | Malformed | None] = []

    def text(value: str) -> list[str]:
        at = 0
        for start, end, what in find(value):
            if isinstance(what, Identifier):  # a link: no mention in it
                entries.extend(entry.name for *_, entry in registry.find(value[at:start]))
                cited.append(what)
                at = end
        entries.extend(entry.name for *_, entry in registry.find(value[at:]))
        return [value]

    def href(url: str) -> None:
        cited.append(from_address(url))

    if not comment.deleted:
        render_comment(comment.body, text, href)
    return entries, cited


def json_lines(rows: list[dict]) -> bytes:
    """One JSON record a line, in UTF-8; every character a reader might end a line at escaped."""
    lines = (_LINE_BREAKING.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(row, ensure_ascii=False))
             for row in rows)
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def dataset_parts(site: Path, layout: Layout, today: date | None = None, cache: RowCache | None = None
                  ) -> dict[str, list[bytes]]:
    """The dataset's files by name, each in parts (:func:`read_rows` reads them): the data package whole, the
    posts and the comments a part for each month (by the posts' ids, ``YYYY/MM/...``)."""
    rows = read_rows(site, layout, today, cache)
    package = json.dumps(datapackage(layout), ensure_ascii=False, indent=2) + "\n"
    return {PACKAGE: [package.encode("utf-8")], POSTS: _by_month(rows.posts), COMMENTS: _by_month(rows.comments)}


def _by_month(lines: dict[str, bytes]) -> list[bytes]:
    months: dict[str, list[bytes]] = {}
    for post, text in lines.items():
        months.setdefault(post[:7], []).append(text)
    return [b"".join(month) for month in months.values()]


def dataset_files(site: Path, layout: Layout, today: date | None = None) -> dict[str, bytes]:
    """The dataset's files, by name: the data package, the posts and the comments."""
    return {name: b"".join(parts) for name, parts in dataset_parts(site, layout, today).items()}


def write_dataset(files: dict[str, bytes], out: Path) -> None:
    """Write the dataset's ``files`` into the folder ``out``, made if missing."""
    out.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        (out / name).write_bytes(content)


def dataset_archive(files: dict[str, list[bytes]], folder: str, compressed: dict[bytes, bytes] | None = None) -> bytes:
    """The dataset's ``files`` (each in parts) in one ``.tar.gz``, in ``folder``; the same files give the same
    bytes (no time, owner or file mode of the machine: every time is 0).

    One gzip member (RFC 1952), whose deflate stream is each part compressed on its own and ended with a full
    flush (RFC 1951 blocks that need nothing before them, as pigz writes them), so that a part already
    compressed is taken from ``compressed`` (by its digest) and only parts that changed are compressed again;
    ``compressed`` is left holding this archive's."""
    blocks = []
    for name, parts in sorted(files.items()):
        member = tarfile.TarInfo(str(PurePosixPath(folder, name)))
        member.size, member.mode, member.mtime = sum(map(len, parts)), 0o644, 0
        blocks += [member.tobuf(tarfile.PAX_FORMAT, "utf-8", "surrogateescape"), *parts,
                   bytes(-member.size % tarfile.BLOCKSIZE)]
    blocks.append(bytes(2 * tarfile.BLOCKSIZE))  # the end of the archive
    blocks.append(bytes(-sum(map(len, blocks)) % tarfile.RECORDSIZE))
    blocks = [block for block in blocks if block]
    keys = [hashlib.blake2b(block, digest_size=16).digest() for block in blocks]
    before = dict(compressed or {})
    deflated = {key: before.get(key) or _deflate(block) for key, block in zip(keys, blocks)}
    if compressed is not None:
        compressed.clear()
        compressed.update(deflated)
    crc = 0
    for block in blocks:
        crc = zlib.crc32(block, crc)
    end = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS).flush()  # the last block: empty
    trailer = struct.pack("<II", crc, sum(map(len, blocks)) & 0xFFFFFFFF)
    return b"".join([_GZIP_HEADER, *(deflated[key] for key in keys), end, trailer])


# A gzip header with no name and no time, compressed at level 9 (XFL 2), on an unknown system (OS 255).
_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"


def _deflate(block: bytes) -> bytes:
    """``block`` as deflate blocks that end on a byte and refer to nothing before them."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    return compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)

"""A Google Takeout download of Blogger: the export inside it, and the images that came with it.

Takeout gives each blog's export at ``Takeout/Blogger/Blogs/<blog name>/feed.atom``,
beside theme files, and the images of its posts under ``Takeout/Blogger/Albums/``.
It is read as it arrives: the ``.zip`` itself (the export streamed from it, never
unpacked) or the unpacked folder. Takeout makes no symbolic links: one on the way
to the export or in Albums (``unzip`` recreates those of someone else's zip) is
refused, so nothing outside the Takeout is ever read. A damaged zip (one cut
short, or a file in it that does not read back as it was stored) is an error
naming the zip and the file, and nothing is written.

An image of a post served from Blogger's own hosts is copied into the site when
Albums holds exactly one file of its name (or several with the same content; a
"+" in the address's name may be a space of the file's) and
that file is a JPEG, PNG, GIF, WebP or BMP by its content. The copy goes beside
the post, ``<posts>/YYYY/MM/<slug>/<name>`` in the site's posts' folder, so a post and its images move and go
together, the post links to them as ``<slug>/<name>``, and the build publishes
only images a page shows. Its name is made from the file's own, reduced to
lower-case letters, digits and dashes, and its extension is that of its content:
no name in a Takeout decides where a file goes or what it is served as. Any
other image keeps its original address, and the report says why.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from msblog.importers.records import ImageCopy
from msblog.model.layout import Layout

_FEED = re.compile(r"(?:\A|/)Blogger/Blogs/([^/]+)/feed\.atom\Z")
_ALBUM = re.compile(r"(?:\A|/)Blogger/Albums/.+[^/]\Z")
_FOLDER_FEEDS = ("feed.atom", "Blogs/*/feed.atom", "Blogger/Blogs/*/feed.atom", "*/Blogger/Blogs/*/feed.atom")
# Hosts that served the images of a Blogger post (older blogspot servers, the current ones, Picasa's).
_BLOGGER_IMAGES = re.compile(r"(?:\A|\.)(?:bp\.blogspot\.com|googleusercontent\.com|ggpht\.com|blogger\.com)\Z")
_KINDS = ((b"\xff\xd8\xff", "jpg"), (b"\x89PNG\r\n\x1a\n", "png"), (b"GIF87a", "gif"), (b"GIF89a", "gif"), (b"BM", "bmp"))
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
MISSING = "not in the Takeout's Albums"
AMBIGUOUS = "ambiguous: Albums holds different files of that name"
NOT_AN_IMAGE = "not an image file (JPEG, PNG, GIF, WebP or BMP)"
NAMELESS = "no file name in its address"


@dataclass(frozen=True)
class ZipMember:
    """A file inside a zip, read as a stream without unpacking it; named ``archive.zip/path/inside``."""

    archive: zipfile.ZipFile
    member: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.member).name

    @property
    def size(self) -> int:
        return self.archive.getinfo(self.member).file_size

    def open(self, mode: str = "rb") -> BinaryIO:
        return _MemberStream(self)

    def __str__(self) -> str:
        return f"{self.archive.filename}/{self.member}"


class _MemberStream:
    """A zip member's data, read as a stream; damage found in reading it (a wrong checksum, data that does not
    decompress) is a ``ValueError`` naming the zip and the member."""

    def __init__(self, member: ZipMember):
        self.member = member
        self.stream = self._checked(member.archive.open, member.member)

    def read(self, size: int = -1) -> bytes:
        return self._checked(self.stream.read, size)

    def tell(self) -> int:
        return self.stream.tell()

    def close(self) -> None:
        self.stream.close()

    def __enter__(self) -> _MemberStream:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _checked(self, call: Callable, *args):
        try:
            return call(*args)
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise ValueError(f"{self.member}: the zip is damaged: {error}. Nothing was written: download the Takeout "
                             "again") from None


@dataclass
class AlbumFile:
    """One file of a Takeout's Albums; ``name`` is its path inside the Takeout."""

    name: str
    open: Callable[[], BinaryIO]

    @cached_property
    def kind(self) -> str | None:
        """The image format its content is (``jpg``, ``png``, ...), or ``None``."""
        with self.open() as stream:
            head = stream.read(12)
        if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
            return "webp"
        return next((kind for magic, kind in _KINDS if head.startswith(magic)), None)

    @cached_property
    def digest(self) -> str:
        digest = hashlib.sha256()
        with self.open() as stream:
            for chunk in iter(lambda: stream.read(1 << 20), b""):
                digest.update(chunk)
        return digest.hexdigest()


@dataclass
class LocalImages:
    """The images of a post that Albums holds, each given a placeholder address for the conversion
    (:func:`~msblog.importers.html_to_myst.html_to_myst`'s ``images``), until its MyST is written."""

    placeholders: dict[str, str] = field(default_factory=dict)  # an image's src, as it reads -> its placeholder
    copies: dict[str, ImageCopy] = field(default_factory=dict)  # placeholder -> the copy
    kept: list[tuple[str, str]] = field(default_factory=list)  # (address, why) of images left where they were

    def apply(self, text: str, folder: str) -> tuple[str, list[ImageCopy]]:
        """``text`` with each placeholder made a link to its copy in ``folder`` beside the post, and the copies it uses.

        An image the conversion left out (one inside a heading keeps only its alt text) is not copied.
        """
        used = []
        for placeholder, copy in self.copies.items():
            if placeholder in text:
                text = text.replace(placeholder, f"{folder}/{PurePosixPath(copy.path).name}")
                used.append(copy)
        return text, used


class Albums:
    """The image files of a Takeout, found by file name."""

    def __init__(self, files: Iterable[AlbumFile]):
        self.by_name: dict[str, list[AlbumFile]] = {}
        for file in files:
            self.by_name.setdefault(unicodedata.normalize("NFC", PurePosixPath(file.name).name), []).append(file)

    def localise(self, html: str, post: str, layout: Layout) -> LocalImages:
        """The images of ``post`` (``YYYY/MM/<slug>``) in ``html`` that Albums holds, each to be copied beside it in
        the posts' folder of ``layout``; an image counts as the post's when Blogger's image hosts or the layout's blog
        served it. The HTML is not changed: the conversion reads it as the export wrote it."""
        found = LocalImages()
        names: dict[int, str] = {}  # id of an album file -> its name in the post's folder
        taken: dict[str, int] = {}  # each name given -> the number of the last name its search for a free one reached
        token = secrets.token_hex(8)
        for image in BeautifulSoup(html, "lxml").find_all("img", src=True):
            address = image["src"].strip()
            address = "https:" + address if address.startswith("//") else address
            host = urlsplit(address).hostname or ""
            if image["src"] in found.placeholders or not (_BLOGGER_IMAGES.search(host) or layout.blog.host.match(host)):
                continue
            file, why = self.find(address)
            if file is None:
                found.kept.append((address, why))
                continue
            if id(file) not in names:
                names[id(file)] = _unique(_site_name(file.name, file.kind), taken)
            placeholder = f"https://msblog.invalid/{token}/{len(found.copies)}.image"  # no one the start of another
            found.copies[placeholder] = ImageCopy(address, file.name, file.open, f"{layout.post_docname(post)}/{names[id(file)]}")
            found.placeholders[image["src"]] = placeholder
        return found

    def find(self, address: str) -> tuple[AlbumFile | None, str]:
        """The album file an image address names, or ``None`` and why not."""
        name = re.sub(r"=[^/]*\Z", "", unquote(urlsplit(address).path.rsplit("/", 1)[-1]))  # "photo.jpg=s1600"
        if not re.search(r"\.[A-Za-z0-9]{2,5}\Z", name):
            return None, NAMELESS
        name = unicodedata.normalize("NFC", name)
        # Blogger's uploader wrote a name's spaces as "+" in its address ("Screen%2BShot.png"); Albums keeps the name
        candidates = self.by_name.get(name) or self.by_name.get(name.replace("+", " "), [])
        if not candidates:
            return None, MISSING
        if len(candidates) > 1 and len({file.digest for file in candidates}) > 1:
            return None, AMBIGUOUS
        if candidates[0].kind is None:
            return None, NOT_AN_IMAGE
        return candidates[0], ""


def _site_name(name: str, kind: str) -> str:
    """A portable file name for a copy: the file's own name in lower-case letters, digits and dashes, and its format."""
    stem = unicodedata.normalize("NFKD", PurePosixPath(name).stem).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")[:60].strip("-") or "image"
    return f"{stem}-image.{kind}" if stem in _RESERVED else f"{stem}.{kind}"


def _unique(name: str, taken: dict[str, int]) -> str:
    """``name``, or the first of ``<stem>-2.<kind>``, ``<stem>-3.<kind>``... not ``taken``, which it is added to. A
    name given again is looked for from the number its last search reached (the names below it are still taken): a post
    of many images whose names reduce to one took time growing with their number squared."""
    stem, kind = name.rsplit(".", 1)
    given, number = name, taken.get(name, 1)
    if number > 1:
        name = f"{stem}-{number}.{kind}"
    while name in taken:
        number += 1
        name = f"{stem}-{number}.{kind}"
    taken[given], taken[name] = number, taken.get(name, 1)
    return name


@contextmanager
def blogger_export(path: Path, blog: str | None = None) -> Iterator[tuple[Path | ZipMember, Albums | None]]:
    """The export to read at ``path``, and the Albums that came with it, if any.

    ``path`` is an export file, or a Google Takeout: its ``.zip`` (recognised by
    content, not by name) or its unpacked folder. With several blogs in it,
    ``blog`` names the one to import; a ``ValueError`` lists them otherwise.
    """
    if path.is_dir():
        feeds: dict[str, list[Path]] = {}
        for pattern in _FOLDER_FEEDS:
            for feed in path.glob(pattern):
                _no_link_on_the_way(path, feed)
                feeds.setdefault(unicodedata.normalize("NFC", feed.parent.name), []).append(feed)
        feed = _choose(path, feeds, blog)
        folder = feed.parent.parent.parent / "Albums"
        if folder.is_symlink():
            raise _link(folder)
        yield feed, Albums(_folder_files(folder)) if feed.parent.parent.name == "Blogs" and folder.is_dir() else None
    elif zipfile.is_zipfile(path) or _starts_as_zip(path):
        with _open_zip(path) as archive:
            for info in archive.infolist():
                if stat.S_ISLNK(info.external_attr >> 16) and (_FEED.search(info.filename) or _ALBUM.search(info.filename)):
                    raise _link(f"{path}/{info.filename}")
            members = [name for name in archive.namelist() if not _hidden(name)]
            feeds = {}
            for name in members:
                if match := _FEED.search(name):
                    feeds.setdefault(unicodedata.normalize("NFC", match.group(1)), []).append(name)
            member = _choose(path, feeds, blog)
            files = [AlbumFile(name, ZipMember(archive, name).open) for name in members if _ALBUM.search(name)]
            yield ZipMember(archive, member), Albums(files)
    elif blog is not None:
        raise ValueError(f"{path}: --blog chooses a blog in a Google Takeout, and this is a single export file")
    else:
        yield path, None


def _starts_as_zip(path: Path) -> bool:
    """Whether ``path`` begins as a zip does, with its first file's header."""
    with path.open("rb") as stream:
        return stream.read(4) == b"PK\x03\x04"


def _open_zip(path: Path) -> zipfile.ZipFile:
    """The zip at ``path``; one whose list of files, at its end, cannot be read (the zip is cut short) is refused."""
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise ValueError(f"{path}: the zip is damaged or cut short: its list of files, at its end, cannot be read. "
                         "Nothing was written: download the Takeout again") from None


def _choose(path: Path, feeds: dict[str, list], blog: str | None):
    """The export of the blog named ``blog``, or of the only blog, among ``feeds`` (blog name -> exports found)."""
    names = ", ".join(repr(name) for name in sorted(feeds))
    if not feeds:
        raise ValueError(f"{path}: no Blogger export in this Google Takeout: expected "
                         "Takeout/Blogger/Blogs/<blog name>/feed.atom")
    if blog is None and len(feeds) > 1:
        raise ValueError(f"{path}: this Google Takeout holds {len(feeds)} blogs; choose one with --blog NAME: {names}")
    chosen = feeds.get(unicodedata.normalize("NFC", blog)) if blog is not None else next(iter(feeds.values()))
    if chosen is None:
        raise ValueError(f"{path}: no blog named {blog!r} in this Google Takeout; its blogs: {names}")
    if len(chosen) > 1:
        raise ValueError(f"{path}: the blog's export is there {len(chosen)} times: {', '.join(map(str, chosen))}")
    return chosen[0]


def _hidden(name: str) -> bool:
    """What macOS adds to a zip it makes (``__MACOSX/``, ``._photo.jpg``), and Takeout's JSON notes on each file."""
    parts = PurePosixPath(name).parts
    return "__MACOSX" in parts or (bool(parts) and (parts[-1].startswith(".") or parts[-1].endswith(".json")))


def _folder_files(folder: Path) -> Iterator[AlbumFile]:
    """Every file under ``folder`` (itself no symbolic link); a symbolic link in it is refused."""
    for directory, subfolders, files in os.walk(folder, followlinks=False):
        for name in sorted(subfolders + files):
            if (Path(directory) / name).is_symlink():
                raise _link(Path(directory) / name)
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not _hidden(name):
                yield AlbumFile(str(path), lambda path=path: path.open("rb"))


def _no_link_on_the_way(top: Path, path: Path) -> None:
    """Refuse ``path`` when it, or a folder on the way to it from ``top``, is a symbolic link."""
    for depth in range(len(path.relative_to(top).parts)):
        part = top.joinpath(*path.relative_to(top).parts[:depth + 1])
        if part.is_symlink():
            raise _link(part)


def _link(path: Path | str) -> ValueError:
    """Google Takeout makes no symbolic links; one (say, from unpacking someone else's zip) could lead outside it."""
    return ValueError(f"{path}: a symbolic link in the Google Takeout. A Takeout holds none, and nothing outside it "
                      "is read: remove the link (or unpack the download again) and import again")

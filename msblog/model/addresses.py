"""The original blog's addresses: ``/YYYY/MM/<slug>.html`` on any country mirror.

Blogger served the blog on every country domain (``.blogspot.com``,
``.blogspot.co.uk``, ``.blogspot.ca``, ...), over http and https, with
``?m=1`` for phones and ``?showComment=<id>#c<id>`` for one comment. A post
written on WordPress has WordPress's address, ``/YYYY/MM/DD/<slug>/``, and
``#comment-<id>`` for one comment; on the WordPress site the blog moved to, if
the archive names it, a link to one leads into the archive too.

Only web addresses (http or https, with a host) are ever kept as a post's
address, and a slug becomes a file name only if it is a portable one
(:func:`slug_problem`): the same rule for every importer and for the build.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

_MONTH, _DAY = r"(0[1-9]|1[0-2])", r"(0[1-9]|[12]\d|3[01])"  # a month or a day of one, as the blogs write them
_POST_PATH = re.compile(rf"/(\d{{4}})/{_MONTH}/([A-Za-z0-9][A-Za-z0-9_-]*)\.html\Z")
_WORDPRESS_PATH = re.compile(rf"/(\d{{4}})/{_MONTH}/(?:{_DAY}/)?([^/]+)/?\Z")
# What RFC 3986 allows in an address, with every escape whole: no space, quote, angle bracket, backslash,
# control or non-ASCII character, so that the address is the same text wherever it is written.
_URL = re.compile(r"(?:[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=-]|%[0-9A-Fa-f]{2})+\Z")
_HOST = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?\.?\Z")

SLUG_BYTES = 200  # WordPress's longest slug; with ".md.txt" within the 255 bytes file systems allow a name
# Characters that show nothing yet count as letters or marks (Unicode's default-ignorable ones).
_IGNORABLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0"
                        "\U000e0100-\U000e01ef]")
_PLAIN_SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*")
_RESERVED = re.compile(r"(?:con|prn|aux|nul|(?:com|lpt)[0-9])\Z")  # names Windows keeps for devices, whatever follows


def is_device_name(name: str) -> bool:
    """Whether Windows keeps ``name`` (a file's name before its extension) for a device: ``con``, ``lpt1``..."""
    return bool(_RESERVED.match(name.lower()))


def is_web_address(url: str) -> bool:
    """Whether ``url`` is an ``http`` or ``https`` address with a host (and no user name), in URL characters only."""
    if not isinstance(url, str) or not _URL.match(url):
        return False
    parts = urlsplit(url)
    try:
        parts.port  # noqa: B018 - a port that is not a number raises
    except ValueError:
        return False
    return (parts.scheme in ("http", "https") and "@" not in parts.netloc
            and bool(_HOST.match(parts.hostname or "")))


# What a link from a page may lead to besides its own site's pages (an address with no scheme): the web and e-mail.
LINK_SCHEMES = ("http", "https", "mailto")
SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")  # an address's scheme: what a path in the site has not


def link_scheme_problem(uri: str) -> str | None:
    """Why a page may not link to ``uri``, read as a browser reads it (tabs and line breaks dropped, spaces and
    control characters at its ends too): a scheme other than :data:`LINK_SCHEMES` (``javascript:``, ``data:``,
    ``file:``); ``None`` if it may."""
    address = re.sub(r"[\t\n\r]", "", uri).strip("".join(map(chr, range(0x21))))
    scheme = SCHEME.match(address)
    if scheme is None or scheme.group(1).lower() in LINK_SCHEMES:
        return None
    return (f"link to {uri!r}: a page links only to web addresses (http or https), e-mail addresses and pages of the "
            "site")


def image_scheme_problem(uri: str) -> str | None:
    """Why a page may not show ``uri`` as an image: what it may not link to (:func:`link_scheme_problem`), or an
    e-mail address, which Sphinx takes for a file of the page's folder; ``None`` if it may. An image written as data
    (``data:image/png;...``, as Sphinx reads it) is the page's own."""
    if uri.startswith("data:"):
        return None
    if message := link_scheme_problem(uri):
        return message
    scheme = SCHEME.match(re.sub(r"[\t\n\r]", "", uri).strip("".join(map(chr, range(0x21)))))
    if scheme is None or scheme.group(1).lower() in ("http", "https"):
        return None
    return f"image {uri!r}: an image is a web address (http or https) or a file of the site"


def slug_problem(text: str) -> str | None:
    """What keeps ``text`` from being a portable slug, the file name of a post on any system; ``None`` if nothing.

    A portable slug is lower-case letters, digits, marks, ``-`` and ``_``, begins with a letter or digit,
    is in NFKC, shows every character it holds, is no device name Windows keeps (``con``, ``lpt1``...),
    and takes at most :data:`SLUG_BYTES` bytes in UTF-8. So it holds no ``/``, ``\\``, ``.``, ``%``,
    quote, angle bracket, ampersand, space, control, bidi or zero-width character.
    """
    if _PLAIN_SLUG.fullmatch(text) and not _RESERVED.match(text) and len(text) <= SLUG_BYTES:
        return None  # the common case, without a look at each character
    if not text:
        return "it is empty"
    if unicodedata.normalize("NFKC", text) != text:
        return "it is not in Unicode normal form NFKC"
    if other := [c for c in text if not _slug_character(c)]:
        shown = " ".join(c if c.isascii() and c.isprintable() and c != " " else f"U+{ord(c):04X}"
                         for c in dict.fromkeys(other))
        return f"it holds {shown}, which a slug may not (it has only lower-case letters, digits, marks, - and _)"
    if not unicodedata.category(text[0]).startswith(("L", "N")):
        return "it does not begin with a letter or digit"
    if _RESERVED.match(text):
        return "Windows keeps that name for a device"
    if len(text.encode()) > SLUG_BYTES:
        return f"it is longer than {SLUG_BYTES} bytes"
    return None


def slug_path_problem(path: str) -> str | None:
    """What keeps ``path`` from being a path inside the site written as portable slugs joined by ``/``
    (``2015/05/hsct``): each part as it is written, so ``.``, ``..`` and an empty part (``a//b``, a leading
    or trailing ``/``) are refused, not normalised away; ``None`` if nothing."""
    if not path:
        return "it is empty"
    if path.startswith("/"):
        return "it begins with /"
    parts = path.split("/")
    for part in parts:
        if problem := slug_problem(part):
            return f"{part!r}: {problem}" if len(parts) > 1 else problem
    return None


def is_portable_slug(text: str) -> bool:
    """Whether ``text`` is a portable slug (see :func:`slug_problem`)."""
    return slug_problem(text) is None


def _slug_character(character: str) -> bool:
    category = unicodedata.category(character)
    return (character in "-_" or category in ("Ll", "Lm", "Lo", "Nd") or category[0] == "M") \
        and not _IGNORABLE.match(character)


def portable_slug(text: str) -> str:
    """``text`` as a portable slug: a portable one as it is; else in NFKC and lower case, without invisible
    characters, each run of other characters one ``-``, cut to length.

    :class:`ValueError` if no letter or digit is left.
    """
    if is_portable_slug(text):
        return text
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())
    shown = "".join(c for c in folded if unicodedata.category(c) != "Cf" and not _IGNORABLE.match(c))
    slug = re.sub(r"[-\x00]*\x00[-\x00]*", "-", "".join(c if _slug_character(c) else "\x00" for c in shown))
    while slug and not unicodedata.category(slug[0]).startswith(("L", "N")):  # "-", "_" or a mark with no letter
        slug = slug[1:]
    slug = slug.encode()[:SLUG_BYTES].decode(errors="ignore").rstrip("-")
    if not slug:
        raise ValueError(f"{text!r} has no letter or digit to make a slug of")
    if _RESERVED.match(slug):
        slug += "_"
    if problem := slug_problem(slug):
        raise ValueError(f"{text!r} cannot be made a portable slug: {problem}")
    return slug


def post_path(url: str) -> str:
    """``YYYY/MM/<slug>`` from a post's original address; slugs are never made from titles.

    :class:`ValueError` for an address that is not a web address, not a post's, or whose slug is not portable.
    """
    if not is_web_address(url):
        raise ValueError(f"not a web address (http or https, with a host, in URL characters): {url!r}")
    match = _POST_PATH.search(urlsplit(url).path)
    if not match:
        raise ValueError(f"not a blog post address of the form /YYYY/MM/<slug>.html: {url}")
    if problem := slug_problem(match.group(3)):
        raise ValueError(f"the slug {match.group(3)!r} of {url} is not a portable file name: {problem}")
    return "/".join(match.groups())


def wordpress_address(url: str) -> tuple[str, str] | None:
    """The folders (``YYYY/MM/DD`` or ``YYYY/MM``) and the unescaped slug of a WordPress post's web address,
    whatever the slug holds (see :func:`portable_slug`); ``None`` for another address."""
    match = _WORDPRESS_PATH.search(urlsplit(url).path) if is_web_address(url) else None
    if not match:
        return None
    return "/".join(part for part in match.groups()[:3] if part), unquote(match.group(4), errors="replace")


def wordpress_path(url: str) -> str | None:
    """``YYYY/MM/DD/<slug>`` (or ``YYYY/MM/<slug>``) from a WordPress post address, below the folders of a site that
    lived in one (``blog/2016/...``), its folders and slug unescaped (``caf%C3%A9``: ``café``), as a static host looks
    the file up; ``None`` for another address, or a folder or slug that is not a portable file name."""
    found = wordpress_address(url)
    if found is None:
        return None
    path = urlsplit(url).path
    above = [unquote(part, errors="replace") for part in path[:_WORDPRESS_PATH.search(path).start()].split("/") if part]
    named = [*above, found[1]]
    return "/".join([*above, *found]) if all(is_portable_slug(name) for name in named) else None


@dataclass(frozen=True)
class BlogAddress:
    """Where a link to the original blog points: a post, and maybe one comment."""

    path: str  # YYYY/MM/<slug>
    comment: str | None = None  # Blogger's comment number, from showComment or #c<number>


class OriginalBlog:
    """The Blogger blog an archive keeps, by its name (``<name>.blogspot.com``): every address it was served at; and
    the WordPress site it moved to (``wordpress``, its host), if any, whose posts' addresses the import gives the
    posts written there (``/YYYY/MM/DD/<slug>/``: ``YYYY/MM/<slug>``, the slug made portable)."""

    def __init__(self, name: str, wordpress: str = "") -> None:
        if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?", name):
            raise ValueError(f"not a Blogger blog's name (lower-case letters, digits and -): {name!r}")
        if wordpress and not _HOST.fullmatch(wordpress):
            raise ValueError(f"not a host name (lower-case letters, digits, - and .): {wordpress!r}")
        self.name, self.wordpress = name, wordpress
        host = rf"(?:www\.)?{re.escape(name)}\.blogspot(?:\.[a-z]{{2,3}}){{1,2}}"
        self.host = re.compile(host + r"\Z")
        self._wordpress_host = re.compile(rf"(?:www\.)?{re.escape(wordpress)}\Z") if wordpress else None
        # A post's address as it appears in running text, which may run straight into the next word.
        in_text = rf"https?://{host}/\d{{4}}/\d{{2}}/[A-Za-z0-9][A-Za-z0-9_-]*\.html(?:\?[A-Za-z0-9=&%._-]*)?(?:#c\d+)?"
        if wordpress:
            in_text += (rf"|https?://(?:www\.)?{re.escape(wordpress)}/\d{{4}}/\d{{2}}/(?:\d{{2}}/)?"
                        rf"[A-Za-z0-9%][A-Za-z0-9_%-]*/?(?:#comment-\d+)?")
        self.url_in_text = re.compile(in_text)

    def __repr__(self) -> str:
        return f"OriginalBlog({self.name!r}, wordpress={self.wordpress!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, OriginalBlog) and (other.name, other.wordpress) == (self.name, self.wordpress)

    def __hash__(self) -> int:
        return hash((self.name, self.wordpress))

    @property
    def home(self) -> str:
        """The blog's own address, which a post's file name in an export is relative to."""
        return f"http://{self.name}.blogspot.com"

    def address(self, url: str) -> BlogAddress | None:
        """The post (and comment) a link to the blog points to; ``None`` for any other link."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https"):
            return None
        if self._wordpress_host and self._wordpress_host.match(parts.hostname or ""):
            return self._wordpress_address(url, parts.fragment)
        if not self.host.match(parts.hostname or ""):
            return None
        match = _POST_PATH.search(parts.path)
        if not match:
            return None
        fragment = re.fullmatch(r"c(\d+)", parts.fragment)
        shown = parse_qs(parts.query).get("showComment", [None])[0]
        return BlogAddress("/".join(match.groups()), fragment.group(1) if fragment else shown)

    @staticmethod
    def _wordpress_address(url: str, fragment: str) -> BlogAddress | None:
        """The post (and comment, ``#comment-<id>``) a link to the WordPress site points to, at the path the import
        gives the post written there; ``None`` for another page of the site."""
        found = wordpress_address(url)
        if found is None:
            return None
        try:
            slug = portable_slug(found[1])
        except ValueError:
            return None
        comment = re.fullmatch(r"comment-(\d+)", fragment)
        return BlogAddress(f"{found[0][:7]}/{slug}", comment.group(1) if comment else None)

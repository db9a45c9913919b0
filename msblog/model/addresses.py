"""The original blog's addresses: ``/YYYY/MM/<slug>.html`` on any country mirror.

Blogger served the blog on every country domain (``.blogspot.com``,
``.blogspot.co.uk``, ``.blogspot.ca``, ...), over http and https, with
``?m=1`` for phones and ``?showComment=<id>#c<id>`` for one comment. A post
written on WordPress has WordPress's address, ``/YYYY/MM/DD/<slug>/``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

_POST_PATH = re.compile(r"/(\d{4})/(\d{2})/([A-Za-z0-9][A-Za-z0-9_-]*)\.html\Z")
_WORDPRESS_PATH = re.compile(r"/(\d{4})/(\d{2})/(?:\d{2}/)?([A-Za-z0-9][A-Za-z0-9_%-]*)/?\Z")
BLOG_HOST = re.compile(r"(?:www\.)?multiple-sclerosis-research\.blogspot(?:\.[a-z]{2,3}){1,2}\Z")
# A post's address as it appears in running text, which may run straight into the next word.
BLOG_URL = re.compile(
    r"https?://(?:www\.)?multiple-sclerosis-research\.blogspot(?:\.[a-z]{2,3}){1,2}"
    r"/\d{4}/\d{2}/[A-Za-z0-9][A-Za-z0-9_-]*\.html(?:\?[A-Za-z0-9=&%._-]*)?(?:#c\d+)?"
)


def post_path(url: str) -> str:
    """``YYYY/MM/<slug>`` from a post's original address; slugs are never made from titles."""
    match = _POST_PATH.search(urlsplit(url).path)
    if not match:
        raise ValueError(f"not a blog post address of the form /YYYY/MM/<slug>.html: {url}")
    return "/".join(match.groups())


def wordpress_path(url: str) -> str | None:
    """``YYYY/MM/DD/<slug>`` (or ``YYYY/MM/<slug>``) from a WordPress post address, its slug unescaped (``caf%C3%A9``: ``café``),
    as a static host looks the file up; ``None`` for another address, or a slug that unescapes into a path."""
    match = _WORDPRESS_PATH.search(urlsplit(url).path)
    if not match:
        return None
    *folders, slug = match.group(0).strip("/").split("/")
    try:
        slug = unquote(slug, errors="strict")
    except UnicodeDecodeError:
        return None
    return None if re.search(r"[/\\\x00]", slug) or slug in (".", "..") else "/".join([*folders, slug])


@dataclass(frozen=True)
class BlogAddress:
    """Where a link to the original blog points: a post, and maybe one comment."""

    path: str  # YYYY/MM/<slug>
    comment: str | None = None  # Blogger's comment number, from showComment or #c<number>


def blog_address(url: str) -> BlogAddress | None:
    """The post (and comment) a link to the original blog points to; ``None`` for any other link."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not BLOG_HOST.match(parts.hostname or ""):
        return None
    match = _POST_PATH.search(parts.path)
    if not match:
        return None
    fragment = re.fullmatch(r"c(\d+)", parts.fragment)
    shown = parse_qs(parts.query).get("showComment", [None])[0]
    return BlogAddress("/".join(match.groups()), fragment.group(1) if fragment else shown)

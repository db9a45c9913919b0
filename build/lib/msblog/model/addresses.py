"""The original blog's addresses: ``/YYYY/MM/<slug>.html`` on any country mirror."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_POST_PATH = re.compile(r"/(\d{4})/(\d{2})/([A-Za-z0-9][A-Za-z0-9_-]*)\.html\Z")


def post_path(url: str) -> str:
    """``YYYY/MM/<slug>`` from a post's original address; slugs are never made from titles."""
    match = _POST_PATH.search(urlsplit(url).path)
    if not match:
        raise ValueError(f"not a blog post address of the form /YYYY/MM/<slug>.html: {url}")
    return "/".join(match.groups())

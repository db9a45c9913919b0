"""Where an archive keeps what: one layout, read from the site's ``conf.py``.

The build (:mod:`msblog.sphinxext.layout`), the importers and ``msblog check``
all place and find files through a :class:`Layout`:

- a post is the page ``<posts>/YYYY/MM/<slug>`` (``posts/2015/05/hsct.md``);
- its discussion is ``<comments>/YYYY/MM/<slug>.md``, data the build reads with
  the post, never a page of its own;
- each therapy or trial of the registry is a page under ``<registry>/``;
- links to the original Blogger blog (:class:`~msblog.model.addresses.OriginalBlog`)
  lead into the archive.

An archive of another Blogger blog sets ``msblog_blog`` (and, if it wants other
folders, ``msblog_posts_dir``, ``msblog_comments_dir``, ``msblog_registry_dir``)
in its ``conf.py``.
"""

from __future__ import annotations

import runpy
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from msblog.model.addresses import OriginalBlog

# Each setting of conf.py a layout reads, and its default.
SETTINGS = {
    "msblog_posts_dir": "posts",
    "msblog_comments_dir": "comments",
    "msblog_registry_dir": "therapies",
    "msblog_blog": "multiple-sclerosis-research",
}


def _folder(value: str, setting: str) -> str:
    """A folder of the site, as a relative POSIX path without a leading or trailing ``/``."""
    folder = PurePosixPath(str(value).strip("/"))
    if not folder.parts or folder.is_absolute() or ".." in folder.parts:
        raise ValueError(f"{setting} must name a folder inside the site: {value!r}")
    return folder.as_posix()


@dataclass(frozen=True)
class Layout:
    """The folders of an archive's site, and the blog it archives."""

    posts: str = SETTINGS["msblog_posts_dir"]
    comments: str = SETTINGS["msblog_comments_dir"]
    registry: str = SETTINGS["msblog_registry_dir"]
    blog: OriginalBlog = field(default_factory=lambda: OriginalBlog(SETTINGS["msblog_blog"]))

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> Layout:
        """The layout that ``settings`` (a ``conf.py``'s names, or Sphinx's config) give; defaults for the rest."""
        value = {name: settings.get(name, default) for name, default in SETTINGS.items()}
        return cls(_folder(value["msblog_posts_dir"], "msblog_posts_dir"),
                   _folder(value["msblog_comments_dir"], "msblog_comments_dir"),
                   _folder(value["msblog_registry_dir"], "msblog_registry_dir"),
                   OriginalBlog(str(value["msblog_blog"])))

    @classmethod
    def of_site(cls, site: Path) -> Layout:
        """The layout the ``conf.py`` of ``site`` sets (Sphinx runs the same file to build it)."""
        return cls.from_settings(runpy.run_path(str(site / "conf.py")))

    def post_name(self, docname: str) -> PurePosixPath | None:
        """A page's path below the posts' folder (``2015/05/hsct``); ``None`` for a page that is not there."""
        name, posts = PurePosixPath(docname), PurePosixPath(self.posts)
        return name.relative_to(posts) if name.is_relative_to(posts) and name != posts else None

    def is_post(self, docname: str) -> bool:
        """Whether the page ``docname`` is a post: any page in the posts' folder."""
        return self.post_name(docname) is not None

    def post_docname(self, name: str | PurePosixPath) -> str:
        """The page of the post at ``name`` (``YYYY/MM/<slug>``)."""
        return f"{self.posts}/{PurePosixPath(name).as_posix()}"

    def post_file(self, name: str | PurePosixPath) -> str:
        """The source file of the post at ``name``, relative to the site."""
        return f"{self.post_docname(name)}.md"

    def discussion_file(self, name: str | PurePosixPath) -> str:
        """The discussion file of the post at ``name``, relative to the site."""
        return f"{self.comments}/{PurePosixPath(name).as_posix()}.md"

    def is_registry_page(self, docname: str) -> bool:
        """Whether ``docname`` is a page of the registry (an entry's, or its index)."""
        return docname.startswith(self.registry + "/")

    @property
    def registry_index(self) -> str:
        return f"{self.registry}/index"

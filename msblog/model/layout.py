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
in its ``conf.py``; one of a blog that moved to WordPress, ``msblog_wordpress``
(its host), so that links to the posts written there lead into the archive too. The importers and ``msblog check`` read it once per command
(:meth:`Layout.of_site` runs ``conf.py`` as Sphinx does) and hand it to all they
call: nothing else names a folder or the blog. ABlog's ``blog_path`` is read with
it, for the folders the site writes pages of its own in (:attr:`Layout.site_folders`).

Each folder (and ``blog_path``) is a path inside the site written as portable
slugs joined by ``/`` (:func:`~msblog.model.addresses.slug_path_problem`, the
rule of a post's file name), and no two of them lie one inside the other, compared
as a disk that ignores case compares them.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import re
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sphinx.util.tags import Tags

from msblog.model.addresses import OriginalBlog, slug_path_problem
from msblog.model.errors import ContentError, Problem
from msblog.model.front_matter import SITE_FOLDERS

# Each setting of conf.py a layout reads, and its default.
SETTINGS = {
    "msblog_posts_dir": "posts",
    "msblog_comments_dir": "comments",
    "msblog_registry_dir": "therapies",
    "msblog_blog": "multiple-sclerosis-research",
    "msblog_wordpress": "",  # the host of the WordPress site the blog moved to, if any
}
# ABlog's setting (ABlog declares it, with this default): the folder of its listings and feed.
LISTINGS = ("blog_path", "blog")


class SettingError(ValueError):
    """A setting of ``conf.py`` the layout cannot use; ``setting`` is its name."""

    def __init__(self, setting: str, message: str):
        self.setting = setting
        super().__init__(message)


def _text(value: object, setting: str) -> str:
    if not isinstance(value, str):
        raise SettingError(setting, f"{setting} must be text (a str), not {value!r}")
    return value


def _folder(value: object, setting: str) -> str:
    """A folder of the site: portable slugs joined by ``/``, as written (``archive/posts``)."""
    if problem := slug_path_problem(_text(value, setting)):
        raise SettingError(setting, f"{setting} must name a folder inside the site, written as portable slugs "
                                    f"joined by / (as archive/posts): {value!r}: {problem}")
    return value


def _blog(name: object, wordpress: object) -> OriginalBlog:
    try:
        name = _text(name, "msblog_blog")
        OriginalBlog(name)
    except ValueError:
        raise SettingError("msblog_blog", f"msblog_blog must be a Blogger blog's name, the <name> of "
                                          f"<name>.blogspot.com (lower-case letters, digits and -): {name!r}") from None
    try:
        return OriginalBlog(name, _text(wordpress, "msblog_wordpress"))
    except ValueError:
        raise SettingError("msblog_wordpress", f"msblog_wordpress must be the host of the WordPress site the blog moved "
                                               f"to (a host name, as blog.example.org), or empty: {wordpress!r}") from None


@dataclass(frozen=True)
class Layout:
    """The folders of an archive's site, and the blog it archives."""

    posts: str = SETTINGS["msblog_posts_dir"]
    comments: str = SETTINGS["msblog_comments_dir"]
    registry: str = SETTINGS["msblog_registry_dir"]
    blog: OriginalBlog = field(default_factory=lambda: OriginalBlog(SETTINGS["msblog_blog"]))
    listings: str = LISTINGS[1]  # ABlog's blog_path

    @classmethod
    def from_settings(cls, settings: Mapping[str, object]) -> Layout:
        """The layout that ``settings`` (a ``conf.py``'s names, or Sphinx's config) give; defaults for the rest.

        A :class:`SettingError` names a setting that is not text, a folder (``blog_path`` too) that is not
        portable slugs inside the site, that overlaps another's or lies where the site writes a page of its own
        (``search``, ``genindex``, the root page...), or a blog's name that is not a Blogger blog's.
        An overlap is blamed on a folder set away from its default (the one ``conf.py`` writes).
        """
        defaults = {**SETTINGS, LISTINGS[0]: LISTINGS[1]}
        value = {name: settings.get(name, default) for name, default in defaults.items()}
        folders = {name: _folder(value[name], name)
                   for name in ("msblog_posts_dir", "msblog_comments_dir", "msblog_registry_dir", LISTINGS[0])}
        taken = {*SITE_FOLDERS, str(settings.get("root_doc", "index")).casefold()}
        for name, folder in folders.items():
            if (top := folder.split("/")[0].casefold()) in taken:
                raise SettingError(name, f"{name} {folder!r} is where the site writes a page of its own ({top!r}: "
                                         f"{', '.join(sorted(taken))} are the root page's, Sphinx's and msblog's)")
        for name, other in itertools.combinations(folders, 2):
            # as a disk that ignores case compares them (to one, the slugs 'ς' and 'σ' are one name)
            first, second = PurePosixPath(folders[name].casefold()), PurePosixPath(folders[other].casefold())
            if first.is_relative_to(second) or second.is_relative_to(first):
                kept, blamed = (other, name) if folders[other] == defaults[other] else (name, other)
                raise SettingError(blamed, f"{blamed} {folders[blamed]!r} overlaps {kept} {folders[kept]!r}: posts, "
                                           "discussions, the registry and ABlog's listings (blog_path) each need a "
                                           "folder of their own")
        *own, listings = folders.values()
        return cls(*own, _blog(value["msblog_blog"], value["msblog_wordpress"]), listings)

    @classmethod
    def of_site(cls, site: Path) -> Layout:
        """The layout the ``conf.py`` of ``site`` sets, run as Sphinx runs it to build the site.

        A :class:`~msblog.model.errors.ContentError` at ``conf.py``'s line says why it could not be run, or
        which setting the layout cannot use.
        """
        conf = Path(site) / "conf.py"
        try:
            return cls.from_settings(_run(conf))
        except SettingError as error:
            raise ContentError([Problem(conf, setting_line(conf, error.setting), str(error))]) from None

    @property
    def site_folders(self) -> frozenset[str]:
        """The top folders the site writes pages of its own in: the registry's (each entry's list of posts),
        ABlog's listings, and Sphinx's and msblog's (:data:`~msblog.model.front_matter.SITE_FOLDERS`)."""
        tops = (PurePosixPath(folder).parts[:1] for folder in (self.registry, self.listings))
        return SITE_FOLDERS | {top[0] for top in tops if top}

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

    def is_made_page(self, docname: str) -> bool:
        """Whether the site may write a page of its own at ``docname``, which would replace a page there: a registry
        entry's list of mentions after its first page (``<registry>/<entry>/page/<n>``)."""
        return re.fullmatch(rf"{re.escape(self.registry)}/[^/]+/page/\d+", docname) is not None


MADE_PAGE = ("this page lies where the site writes a page of its own, a registry entry's list of mentions after its "
             "first page (<registry>/<entry>/page/<n>), which would replace it: move it")


def setting_line(conf: Path, setting: str) -> int:
    """The last line of ``conf`` that sets ``setting``, whose value holds when it is set twice (1 if none does,
    as when the setting is left at its default)."""
    try:
        tree = ast.parse(conf.read_bytes(), str(conf))
    except (SyntaxError, ValueError):  # reported as such when conf.py is run
        return 1
    return max((node.lineno for node in ast.walk(tree)
                if isinstance(node, ast.Name) and node.id == setting and isinstance(node.ctx, ast.Store)), default=1)


def conf_settings(site: Path) -> dict[str, object]:
    """The names the ``conf.py`` of ``site`` sets, run as Sphinx runs it (see :func:`_run`)."""
    return _run(Path(site) / "conf.py")


def _run(conf: Path) -> dict[str, object]:
    """The names ``conf`` sets, run as Sphinx runs it (in its folder, with ``tags``); a :class:`ContentError`
    at the line of ``conf`` that failed, never a traceback."""
    namespace: dict[str, object] = {"__file__": str(conf), "tags": Tags()}
    try:
        code = compile(conf.read_bytes(), conf, "exec")
        with contextlib.chdir(conf.parent):
            exec(code, namespace)  # noqa: S102 - the site's own configuration, as sphinx-build runs it
    except SyntaxError as error:
        raise ContentError([Problem(conf, error.lineno or 1, f"conf.py is not valid Python: {error.msg}")]) from None
    except SystemExit:
        raise ContentError([Problem(conf, 1, "conf.py (or a module it imports) called sys.exit()")]) from None
    except Exception as error:
        lines = [frame.lineno for frame in traceback.extract_tb(error.__traceback__) if frame.filename == str(conf)]
        raise ContentError([Problem(conf, lines[-1] if lines else 1,
                                    f"conf.py failed: {type(error).__name__}: {error}")]) from None
    return namespace

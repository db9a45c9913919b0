"""The archive's layout in the build: its settings, declared once, and what they mean to Sphinx.

``msblog_posts_dir``, ``msblog_comments_dir``, ``msblog_registry_dir``,
``msblog_blog`` and ``msblog_wordpress`` (see :mod:`msblog.model.layout`) are read from ``conf.py``
into one :class:`~msblog.model.layout.Layout`, which every component asks
with :func:`layout`. Every page in the posts' folder is a post (ABlog's
``blog_post_pattern``, unless ``conf.py`` sets it), registry pages are pages
whatever ``include_patterns`` says, and discussion files never are. A folder
(ABlog's ``blog_path`` too) the layout refuses stops the build with a
configuration error at the line of ``conf.py`` that sets it, before anything
is read or written.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from msblog.model.layout import LISTINGS, SETTINGS, Layout, SettingError, setting_line
from msblog.sphinxext import stages


@lru_cache(maxsize=8)
def _layout(settings: tuple[tuple[str, str], ...]) -> Layout:
    return Layout.from_settings(dict(settings))


def layout(app: Sphinx | BuildEnvironment) -> Layout:
    """The site's layout, from its configuration (with ABlog's ``blog_path``, where its listings go); the environment's
    holds in a transform."""
    return _layout(tuple((name, getattr(app.config, name)) for name in (*SETTINGS, LISTINGS[0])))


def apply_layout(app: Sphinx, config: Config) -> None:
    """Posts, registry pages and discussion files as the layout places them (each a new list: never change a default);
    a setting the layout refuses is a :class:`ConfigError` at ``conf.py:LINE``, the line whose value holds."""
    try:
        site = layout(app)
    except SettingError as error:
        conf = Path(app.confdir, "conf.py")
        raise ConfigError(f"{conf}:{setting_line(conf, error.setting)}: {error}") from None
    if not config.blog_post_pattern:
        config.blog_post_pattern = [f"{site.posts}/*/*/*"]
    for folder in (site.posts, site.registry):
        pattern = f"{folder}/**"
        if list(config.include_patterns) != ["**"] and pattern not in config.include_patterns:
            config.include_patterns = [*config.include_patterns, pattern]
    comments = f"{site.comments}/**"
    if comments not in config.exclude_patterns:
        config.exclude_patterns = [*config.exclude_patterns, comments]


def setup(app: Sphinx) -> dict:
    app.setup_extension("msblog.sphinxext.ablog_records")  # blog_path and blog_post_pattern are ABlog's
    for name, default in SETTINGS.items():
        app.add_config_value(name, default, "env", str)
    app.connect("config-inited", apply_layout, priority=stages.CONFIGURE)
    return {"parallel_read_safe": True, "parallel_write_safe": True}

"""Moved: the registry to :mod:`msblog.sphinxext.registry`, the ``ms`` domain to
:mod:`msblog.sphinxext.therapy_domain`, the mention pages to :mod:`msblog.sphinxext.mention_pages`."""

from msblog.sphinxext.registry import registry  # noqa: F401  (msblog.sphinxext.search imports it from here)

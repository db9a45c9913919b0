from tests.roots.shared_conf import *  # noqa: F403

extensions = ["msblog.sphinxext", "msblog.sphinxext.citation_pages"]  # until msblog.sphinxext lists the pages

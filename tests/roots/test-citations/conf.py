from tests.roots.shared_conf import *  # noqa: F403

extensions = ["msblog.sphinxext", "msblog.sphinxext.citations"]


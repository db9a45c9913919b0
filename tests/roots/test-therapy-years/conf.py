from tests.roots.shared_conf import *  # noqa: F403

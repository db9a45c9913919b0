from tests.roots.shared_conf import *  # noqa: F403

SECRET = "conf-py-secret-4711"  # a page that includes this file must not publish it

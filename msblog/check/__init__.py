"""``msblog check``: the whole site's content validated without building it."""

from msblog.check.checks import check_site, exit_status

__all__ = ["check_site", "exit_status"]

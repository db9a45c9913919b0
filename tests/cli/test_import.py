"""``msblog import``: a wrong folder or file is refused with a clear message, never a bare error number."""

from __future__ import annotations

import pytest

from msblog.cli import main
from tests.helpers import SEED, TESTS

BLOGGER = TESTS / "fixtures" / "exports" / "blogger-current.atom"
URL = "http://multiple-sclerosis-research.blogspot.com/2015/05/induction-therapies-more-science-is.html"


@pytest.mark.parametrize("command", [["blogger", str(BLOGGER)], ["page", str(SEED), "--url", URL]])
def test_a_site_folder_that_does_not_exist_is_refused_and_not_made(tmp_path, capsys, command):
    site = tmp_path / "no-such-site"
    assert main(["import", *command, "--site", str(site)]) == 1
    err = capsys.readouterr().err
    assert err == (f"msblog: --site {site}: no such folder. Give the site's folder (the one with conf.py), "
                   "or create it first\n")
    assert "Errno" not in err and not site.exists()


def test_a_site_that_is_a_file_is_refused(tmp_path, capsys):
    site = tmp_path / "conf.py"
    site.write_text("")
    assert main(["import", "blogger", str(BLOGGER), "--site", str(site)]) == 1
    assert "no such folder" in capsys.readouterr().err


def test_an_export_that_does_not_exist_is_named(tmp_path, capsys):
    (tmp_path / "conf.py").write_text("")
    assert main(["import", "blogger", str(tmp_path / "feed.atom"), "--site", str(tmp_path)]) == 1
    assert capsys.readouterr().err == f"msblog: {tmp_path / 'feed.atom'}: no such file or folder\n"
    assert list(tmp_path.iterdir()) == [tmp_path / "conf.py"]


@pytest.mark.parametrize("command", [["import", "blogger", str(BLOGGER)], ["check"]])
def test_a_folder_that_is_not_a_site_is_refused_and_nothing_is_written(tmp_path, capsys, command):
    assert main([*command, "--site", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"msblog: --site {tmp_path}: not a site's folder (it has no conf.py). "
                                       "Give the site's folder, or run msblog there\n")
    assert list(tmp_path.iterdir()) == []

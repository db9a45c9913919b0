"""``msblog export dataset``: the archive's posts and comments written out for researchers."""

from __future__ import annotations

import json

import pytest

from msblog.cli import main, parser
from tests.exporters.test_dataset import small_site
from tests.helpers import REPO


def test_export_writes_the_dataset_and_says_what(tmp_path, capsys):
    out = tmp_path / "new" / "dataset"
    assert main(["export", "dataset", str(out), "--site", str(REPO)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["comments.jsonl", "datapackage.json", "posts.jsonl"]
    assert capsys.readouterr().out == f"Wrote {out}: 1 post, 48 comments, and datapackage.json describing them\n"
    assert [r["name"] for r in json.loads((out / "datapackage.json").read_text())["resources"]] == ["posts", "comments"]


def test_content_problems_are_listed_by_path_and_line_and_nothing_is_written(tmp_path, capsys):
    site = small_site(tmp_path / "site", posts__2015__02__second="---\ndate: 2015-13-45\n---\n\n# Second\n")
    out = tmp_path / "out"
    assert main(["export", "dataset", str(out), "--site", str(site)]) == 1
    error = capsys.readouterr().err
    assert error == "posts/2015/02/second.md:2: front matter is not valid YAML: month must be in 1..12\n"
    assert not out.exists()


def test_a_folder_that_is_not_a_site_is_refused(tmp_path, capsys):
    assert main(["export", "dataset", str(tmp_path / "out"), "--site", str(tmp_path)]) == 1
    assert "not a site's folder" in capsys.readouterr().err


def test_every_argument_says_what_it_is(capsys):
    with pytest.raises(SystemExit):
        parser().parse_args(["export", "dataset", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "JSON Lines (posts.jsonl, comments.jsonl)" in help_text and "Frictionless" in help_text
    assert "out the folder to write the three files into" in help_text
    assert "--site SITE the site to export (default: here)" in help_text

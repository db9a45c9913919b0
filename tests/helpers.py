"""Paths and helpers the tests share."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

TESTS = Path(__file__).parent
REPO = TESTS.parent
SEED = TESTS / "fixtures" / "seed" / "induction-therapies-more-science-is-needed.txt"
SEED_POST = "posts/2015/05/induction-therapies-more-science-is"


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")

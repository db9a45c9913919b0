"""The pipeline drawn in msblog.sphinxext's docstring is the one Sphinx runs."""

from __future__ import annotations

import re
import shutil

import pytest
from sphinx.testing.util import SphinxTestApp

import msblog.sphinxext
from msblog.sphinxext import stages
from tests.helpers import REPO

DRAWN = msblog.sphinxext.__doc__
# A row of the drawing that names an event: two or three spaces, the event, then its first stage.
EVENT_ROW = re.compile(r"^ {2,3}([a-z-]+) {2,}", re.M)


def drawn_events() -> dict[str, str]:
    """Each event drawn, with the text of its rows."""
    rows = list(EVENT_ROW.finditer(DRAWN))
    ends = [row.start() for row in rows[1:]] + [DRAWN.index("What the environment keeps")]
    return {row.group(1): DRAWN[row.start():end] for row, end in zip(rows, ends)}


def stages_drawn(text: str) -> set[str]:
    return set(re.findall(r"\b[A-Z][A-Z_]*[A-Z]\b|\b500\b", text))


def stage_names(priority: int) -> set[str]:
    return {name for name, value in vars(stages).items() if value == priority} | ({"500"} if priority == 500 else set())


def test_every_listener_is_drawn_under_its_event_at_its_stage(rootdir, tmp_path):
    shutil.copytree(rootdir / "test-xrefs", tmp_path / "src")
    app = SphinxTestApp("html", srcdir=tmp_path / "src")
    try:
        events = drawn_events()
        for event, listeners in app.events.listeners.items():
            for listener in listeners:
                module = getattr(listener.handler, "__module__", "")
                if not module.startswith("msblog.sphinxext.") or module.endswith(".env_store"):
                    continue
                component = module.rpartition(".")[2]
                if event not in events:  # merging, purging and msblog's own events are told in prose
                    assert component in DRAWN, (event, component)
                    continue
                assert component in events[event], f"{component} is not drawn at {event}"
                assert stage_names(listener.priority) & stages_drawn(events[event]), (
                    f"{component} at {event} runs at {listener.priority}, which the drawing does not show")
        for transform in app.registry.get_transforms():
            if transform.__module__.startswith("msblog."):
                assert f"{transform.__module__.rpartition('.')[2]}.{transform.__name__}" in events["transforms"]
                assert stage_names(transform.default_priority) & stages_drawn(events["transforms"])
    finally:
        app.cleanup()


def test_every_component_is_drawn():
    assert [c for c in msblog.sphinxext.COMPONENTS if c not in DRAWN] == []


@pytest.mark.parametrize("component", msblog.sphinxext.COMPONENTS)
def test_each_component_sets_up_what_it_needs(component, rootdir, tmp_path):
    """A component alone (with MyST, for Markdown) builds a site with posts, comments and a registry, without an error;
    one post is dated, as imports date them, with its time zone."""
    shutil.copytree(rootdir / "test-xrefs", tmp_path / "src")
    (tmp_path / "src" / "posts" / "2016" / "04").mkdir(parents=True)
    (tmp_path / "src" / "posts" / "2016" / "04" / "zoned.md").write_text(
        "---\ndate: '2016-04-02T07:00:00+01:00'\ntags: Trials\n---\n\n# A post dated with its time zone\n\nText.\n")
    conf = tmp_path / "src" / "conf.py"
    conf.write_text(conf.read_text() + f"\nextensions = ['myst_parser', 'msblog.sphinxext.{component}']\nnitpicky = False\n")
    app = SphinxTestApp("html", srcdir=tmp_path / "src", builddir=tmp_path / "_build")
    try:
        app.build()
        assert app.statuscode == 0, component
    finally:
        app.cleanup()


def test_the_readme_draws_the_pipeline_as_the_package_does():
    drawing = msblog.sphinxext.__doc__.split("::\n", 1)[1].strip("\n")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"<summary>The pipeline</summary>\n\n```text\n{drawing}\n```" in readme, \
        "README.md's pipeline is not msblog/sphinxext/__init__.py's drawing: copy it again"

"""``msblog --help``: every command and every argument says what it is for; ``--version`` says which msblog."""

from __future__ import annotations

import argparse

import pytest

import msblog
from msblog.cli import main, parser


def commands(command: argparse.ArgumentParser, name: str = "msblog"):
    """Each (sub)command's parser, by its full name."""
    yield name, command
    for action in command._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub, sub_parser in action.choices.items():
                yield from commands(sub_parser, f"{name} {sub}")


def test_every_command_and_argument_has_help():
    missing = []
    for name, command in commands(parser()):
        if not command.description:
            missing.append(name)
        missing += [f"{name} {action.dest}" for action in command._actions
                    if not isinstance(action, argparse._SubParsersAction) and not action.help]
    assert missing == []


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"msblog {msblog.__version__}"

"""Naast's commands live in files with importable names and are typed with hyphens: `naast
import-requests` and `call_command("import-requests")` reach `import_requests.py` (see naast/core/commands.py)."""

import importlib
import os

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command, find_commands, get_commands

from naast import manage
from naast.core.commands import command_name


def _naast_command_modules() -> list[tuple[str, str]]:
    """(app module, command module name) for every command file of a Naast app."""
    found = []
    for app_config in apps.get_app_configs():
        if app_config.name.startswith("naast."):
            found += [(app_config.name, name) for name in find_commands(os.path.join(app_config.path, "management"))]
    return sorted(found)


COMMANDS = _naast_command_modules()
HYPHENATED = [(app, name) for app, name in COMMANDS if "_" in name]


def test_the_command_files_are_found_and_importable():
    names = {name for _app, name in COMMANDS}
    assert {"demo_data", "import_requests", "import_hsds", "send_mail", "report"} <= names
    for app, name in COMMANDS:
        assert name.isidentifier(), f"{app}: command file {name}.py is not an importable module name"
        assert hasattr(importlib.import_module(f"{app}.management.commands.{name}"), "Command")


@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _app, name in COMMANDS])
def test_django_lists_each_command_by_its_hyphenated_name_only(app, name):
    commands = get_commands()
    assert commands[command_name(name)] == app
    if "_" in name:
        assert name not in commands


@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _app, name in COMMANDS])
def test_the_naast_script_runs_each_command_by_its_hyphenated_name(app, name, monkeypatch, capsys):
    typed = command_name(name)
    monkeypatch.setattr("sys.argv", ["naast", typed, "--help"])
    with pytest.raises(SystemExit) as stopped:
        manage.main()
    assert stopped.value.code == 0
    assert f"usage: naast {typed} " in capsys.readouterr().out


@pytest.mark.parametrize(("app", "name"), COMMANDS, ids=[name for _app, name in COMMANDS])
def test_call_command_reaches_each_command_by_its_hyphenated_name(app, name, capsys):
    typed = command_name(name)
    with pytest.raises(SystemExit) as stopped:
        call_command(typed, "--help")
    assert stopped.value.code == 0
    assert f" {typed} [-h]" in capsys.readouterr().out


@pytest.mark.parametrize(("app", "name"), HYPHENATED, ids=[name for _app, name in HYPHENATED])
def test_the_module_name_is_not_a_second_command_name(app, name):
    with pytest.raises(CommandError, match="Unknown command"):
        call_command(name)


def test_naast_help_lists_the_hyphenated_names(monkeypatch, capsys):
    monkeypatch.setattr("sys.argv", ["naast", "help"])
    manage.main()
    listed = {line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("    ")}
    for _app, name in COMMANDS:
        assert command_name(name) in listed
        if "_" in name:
            assert name not in listed
    # Commands of Django and other packages keep their own names.
    assert {"migrate", "makemigrations", "axes_reset"} <= listed

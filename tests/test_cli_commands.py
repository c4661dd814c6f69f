"""The command line builds only the command it is asked for (spbe_tui/cli/__init__.py), and that
command is the one the whole command line has: same parameters, same help."""

from __future__ import annotations

import subprocess
import sys

import pytest
import typer.main

from spbe_tui import cli


def commands(app: typer.Typer) -> dict:
    return typer.main.get_command(app).commands  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", [*cli._COMMANDS, *cli._GROUPS])
def test_a_command_built_alone_is_the_one_of_the_whole_command_line(name):
    alone, whole = commands(cli.build(name)), commands(cli.build())
    assert list(alone) == [name]

    def shape(command) -> tuple:
        return (command.help, command.hidden, [(p.name, p.opts, p.required, p.default) for p in command.params],
                sorted(getattr(command, "commands", {})))

    assert shape(alone[name]) == shape(whole[name])


@pytest.mark.parametrize(("args", "named"), [
    (["review", "--db", "x.db"], "review"),
    (["--lang", "en", "export", "--help"], "export"),
    (["--lang=en", "status"], "status"),
    (["ssh", "add"], "ssh"),
    (["--help"], None),
    (["--lang", "en"], None),
    (["revieww"], None),
    ([], None),
])
def test_the_command_named_on_the_line(args, named):
    assert cli.named_command(args) == named


def test_a_command_imports_no_other_commands_module(tmp_path):
    probe = ("import sys\n"
             "sys.argv = ['spbe-tui', 'status', '--help']\n"
             "from spbe_tui.cli import main\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(sorted(m for m in sys.modules if m.startswith('spbe_tui.cli.')), file=sys.stderr)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, check=True)
    loaded = result.stderr.strip().splitlines()[-1]
    assert "spbe_tui.cli.status" in loaded
    for other in ("serve", "review", "import_", "panel", "ssh", "sample"):
        assert f"spbe_tui.cli.{other}'" not in loaded, loaded

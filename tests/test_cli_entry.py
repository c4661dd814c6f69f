"""Every command opens the database the same way: a mistyped --db is an error, not a new file;
unknown ids of the framework are plain errors, never "internal error"."""

import os
import subprocess
import sys

import pytest

from tests.panel_helpers import make_panel_db


def cli(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spbe_tui", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "COLUMNS": "200", "LOGNAME": "ani", "USER": "ani"})


@pytest.mark.parametrize("command", [
    ("audit", "verify"), ("status",), ("export", "--out", "x.csv"), ("assessor", "list"),
    ("lock", "--instansi", "kab-uji"), ("report", "--instansi", "kab-uji", "--out", "r.md"),
])
def test_a_mistyped_database_is_an_error_and_creates_nothing(tmp_path, command):
    typo = tmp_path / "typo.db"
    result = cli(*command, "--db", str(typo), cwd=tmp_path)
    assert result.returncode == 1
    assert f"{typo} does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not typo.exists()


@pytest.mark.parametrize(("args", "message"), [
    (("reviu", "--instansi", "kab-uji", "--indicator", "99", "--valid", "--as", "rina"),
     "has no indicator 99 (indicators 1–47)"),
    (("team-level", "--instansi", "kab-uji", "--indicator", "99", "--level", "3", "--justification", "x",
      "--as", "ani"), "has no indicator 99"),
    (("lock", "--instansi", "kab-uji", "--stage", "sidang", "--as", "ani"), "stage 'sidang' is not used"),
    (("framework", "show", "spbe-2020", "-i", "99"), "has no indicator 99"),
])
def test_unknown_indicators_and_stages_are_plain_errors(tmp_path, args, message):
    db_path = make_panel_db(tmp_path)  # rina is a reviewer there
    result = cli(*args, *(("--db", str(db_path)) if args[0] != "framework" else ()))
    assert result.returncode == 1, result.stderr
    assert message in result.stderr and "internal error" not in result.stderr

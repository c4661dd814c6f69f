"""The event log's chain checked from the command line, and serving bound to loopback only."""

import sqlite3
import subprocess
import sys

from typer.testing import CliRunner

from spbe_tui.cli import app
from tests.panel_helpers import make_panel_db, panel, score


def run(*args):
    return subprocess.run([sys.executable, "-m", "spbe_tui", *args], capture_output=True, text=True)


def test_audit_verify_intact_then_tampered(tmp_path):
    db_path = make_panel_db(tmp_path)
    score(db_path, "ani", {1: 2, 2: 3})
    panel(db_path).set_team_level("ani", "dokumen", 1, 2, "sepakat", 0)
    result = run("audit", "verify", "--db", str(db_path))
    assert result.returncode == 0 and "chain intact" in result.stdout
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TRIGGER events_no_update")
    (target,) = connection.execute("SELECT id FROM events WHERE kind = 'team_level'").fetchone()
    connection.execute("UPDATE events SET justification = 'diubah diam-diam' WHERE id = ?", (target,))
    connection.commit()
    connection.close()
    result = run("audit", "verify", "--db", str(db_path))
    assert result.returncode == 1
    assert f"BROKEN at event {target}" in result.stderr and "edited" in result.stderr


def test_deleted_event_is_reported(tmp_path):
    db_path = make_panel_db(tmp_path)
    score(db_path, "ani", {1: 2, 2: 3, 3: 4})
    connection = sqlite3.connect(db_path)
    connection.execute("DROP TRIGGER events_no_delete")
    (middle,) = connection.execute(
        "SELECT id FROM events WHERE kind = 'decision' ORDER BY id LIMIT 1 OFFSET 1"
    ).fetchone()
    connection.execute("DELETE FROM events WHERE id = ?", (middle,))
    connection.commit()
    connection.close()
    result = run("audit", "verify", "--db", str(db_path))
    assert result.returncode == 1 and f"BROKEN at event {middle + 1}" in result.stderr and "missing" in result.stderr


def test_serve_binds_to_localhost_only(monkeypatch, tmp_path):
    import textual_serve.server

    seen = {}

    class FakeServer:
        def __init__(self, command, host, port, **kwargs):
            seen.update(command=command, host=host, port=port)

        def serve(self):
            seen["served"] = True

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    from tests.panel_helpers import make_panel_db

    result = CliRunner().invoke(app, ["serve", "panel", "--instansi", "kab-uji", "--db", str(make_panel_db(tmp_path)),
                                      "--as", "ani", "--port", "8123", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8123 and seen["served"]
    assert "panel" in seen["command"] and "--instansi kab-uji --year 2025" in seen["command"]
    assert "ssh -L 8123:127.0.0.1:8123" in result.output

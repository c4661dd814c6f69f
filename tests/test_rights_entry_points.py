"""Each forbidden action, tried through the command line and the screens, is refused clearly."""

import os
import subprocess
import sys

import pytest

from spbe_tui.services.identity import os_login
from tests.panel_helpers import make_panel_db, score
from tests.reviewer_helpers import db_rows, open_app


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = make_panel_db(tmp_path_factory.mktemp("rights"))
    score(path, "ani", {n: 3 for n in range(1, 48)})
    return path


def cli(db_path, *args, actor):
    return subprocess.run(
        [sys.executable, "-m", "spbe_tui", *args, "--db", str(db_path), "--as", actor],
        capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
    )


FORBIDDEN = [
    (("assessor", "add", "eko"), "budi", "only an admin may add assessors"),
    (("assign", "kab-uji", "dodi"), "ani", "only an admin may assign assessors"),
    (("lock", "--instansi", "kab-uji"), "dodi", "dodi is not on the team of kab-uji"),
    (("reveal", "--instansi", "kab-uji"), "budi", "only the chair (ketua tim) of kab-uji may reveal"),
    (("team-level", "--instansi", "kab-uji", "--indicator", "3", "--level", "4", "--justification", "x"), "budi",
     "only the chair (ketua tim) of kab-uji may record the team level"),
    (("team-level", "--instansi", "kab-uji", "--indicator", "3", "--level", "4", "--justification", "x"), "admin1",
     "only the chair"),
    (("reviu", "--instansi", "kab-uji", "--indicator", "3", "--valid"), "ani",
     "only a reviewer (Tim Reviu) may record a reviu"),
    (("reviu", "--instansi", "kab-uji", "--indicator", "3", "--tidak-valid", "--level", "2"), "rina",
     "Tidak Valid needs a corrected level and a justification"),
    (("lock", "--instansi", "kab-uji"), "mallory", "'mallory' is not registered"),
]


@pytest.mark.parametrize(("args", "actor", "message"), FORBIDDEN, ids=[f"{a[0]}-{who}" for a, who, _ in FORBIDDEN])
def test_cli_refuses(db_path, args, actor, message):
    before = db_rows(db_path, "SELECT count(*) FROM events")
    result = cli(db_path, *args, actor=actor)
    assert result.returncode == 1, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert db_rows(db_path, "SELECT count(*) FROM events") == before


def test_first_admin_bootstrap_then_admins_only(tmp_path):
    from tests.reviewer_helpers import make_review_db

    path = make_review_db(tmp_path)  # has admin1 already
    assert cli(path, "assessor", "add", "eko", "--role", "reviewer", actor="admin1").returncode == 0
    fresh = tmp_path / "fresh.db"
    me = os_login()

    def plain(*args):  # as the OS login, no --as
        return subprocess.run([sys.executable, "-m", "spbe_tui", *args, "--db", str(fresh)],
                              capture_output=True, text=True, env={**os.environ, "LOGNAME": "siti", "USER": "siti"})

    # A new database's first admin is its creator, proven by the login: a typed name is no proof.
    result = plain("assessor", "add", "siti", "--role", "admin")
    assert result.returncode == 1
    assert f"register yourself first (spbe-tui assessor add {me} --role admin)" in result.stderr
    assert cli(fresh, "assessor", "add", "siti", "--role", "admin", actor="siti").returncode == 1
    assert plain("assessor", "add", me, "--role", "admin").returncode == 0
    assert plain("assessor", "add", "tono").returncode == 0  # the login is the admin now
    assert cli(fresh, "assessor", "add", "eko", actor="tono").returncode == 1  # tono acting: not an admin


async def test_reviewer_screen_refuses_scoring_an_institution_outside_the_team(db_path):
    app = open_app(db_path, assessor="admin1", instansi="kota-dua")  # admins may look, not score
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert db_rows(db_path, "SELECT count(*) FROM decisions WHERE instansi_id = 'kota-dua'") == [(0,)]
        assert any("not on the team" in str(n.message) for n in app._notifications)


async def test_panel_screen_refuses_team_level_from_a_member(db_path):
    from tests.panel_helpers import open_panel

    app = open_panel(db_path, "budi")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4")
        await pilot.pause()
        await pilot.press(*"ok")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert db_rows(db_path, "SELECT count(*) FROM team_levels") == [(0,)]
        assert any("only the chair" in str(n.message) for n in app._notifications)
        await pilot.press("v")
        await pilot.pause()
        assert any("only a reviewer" in str(n.message) for n in app._notifications)

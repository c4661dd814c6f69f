"""A panel round through the Pilot: reveal, disagreements first, team level, switching hands."""

import pytest
from textual.widgets import DataTable

from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.level_dialog import LevelDialog
from tests.panel_helpers import make_panel_db, open_panel, panel, score
from tests.reviewer_helpers import db_rows

SIZE = (100, 30)


@pytest.fixture
def db_path(tmp_path):
    path = make_panel_db(tmp_path)
    score(path, "ani", {n: 3 for n in range(1, 48)})
    score(path, "budi", {n: 3 for n in range(1, 48)} | {5: 5, 12: 1})
    score(path, "citra", {n: 3 for n in range(1, 48)} | {5: 4, 12: 2})
    return path


def cells(app, row):
    table = app.query_one(DataTable)
    return [str(c) for c in table.get_row_at(row)]


async def test_a_panel_round(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        # Blind: ani has not submitted and nothing is revealed.
        assert cells(app, 0)[3:6] == ["3", "?", "?"]
        assert "At the keyboard: ani (chair)" in str(app.query_one("#header").render())
        await pilot.press("r")  # reveal
        await pilot.pause()
        first = cells(app, 0)
        assert first[0].strip() == "!12" and first[3:8] == ["3", "1", "2", "2", "2"]  # levels, spread, median
        await pilot.press("d")  # disagreements only
        assert app.query_one(DataTable).row_count == 2
        await pilot.press("2")  # team level 2 for indicator 12
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog)
        await pilot.press("ctrl+s")  # the standard sentence is already there
        await pilot.pause()
        rows = db_rows(db_path, "SELECT indicator, level, version, set_by, justification FROM team_levels")
        assert rows[0][:4] == (12, 2, 1, "ani") and "tingkat kematangan 2" in rows[0][4]
        assert cells(app, 0)[8] == "2"
        assert "Team index" in str(app.query_one("#header").render())
        await pilot.press("a")  # hand the keyboard to budi
        await pilot.pause()
        assert "At the keyboard: budi" in str(app.query_one("#header").render())
        assert db_rows(db_path, "SELECT actor FROM events WHERE kind = 'panel_active'") == [("budi",)]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        assert "team_level" in str(app.screen.query_one("Static").render())


async def test_conflicting_team_level_shows_the_current_value(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        # Meanwhile the chair's other session records a level for the same indicator.
        panel(db_path).set_team_level("ani", "dokumen", 12, 1, "dari sesi lain", 0)
        await pilot.press("3")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog)
        notice = str(app.screen.query_one("#dialog-notice").render())
        assert "changed meanwhile" in notice and "now level 1" in notice
        assert db_rows(db_path, "SELECT level FROM team_levels") == [(1,)]
        await pilot.press("ctrl+s")  # a second, informed save goes through
        await pilot.pause()
        assert db_rows(db_path, "SELECT level, version FROM team_levels") == [(3, 2)]


async def test_reviewer_marks_valid_and_not_valid(db_path):
    app = open_panel(db_path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v")
        await pilot.pause()
        await pilot.press("down", "x")
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog)
        await pilot.press("2", "tab", *"kurang bukti", "ctrl+s")
        await pilot.pause()
        outcomes = sorted(r[0] for r in db_rows(db_path, "SELECT outcome FROM reviu"))
        assert outcomes == ["tidak_valid", "valid"]


def test_panel_snapshot_80x24(db_path, snap_compare):
    app = open_panel(db_path, "ani", language="id")
    assert snap_compare(app, terminal_size=(80, 24), press=["r"])

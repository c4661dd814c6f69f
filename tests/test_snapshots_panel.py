"""What the panel looks like after the reveal, and its help, at the smallest promised size and a
roomier one, in both languages; and the chair's list of unanimous rows at 80×24."""

import pytest

from tests.panel_helpers import make_scored_panel_db, open_panel, panel, score

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


@pytest.fixture
def db_path(tmp_path):
    path = make_scored_panel_db(tmp_path)
    score(path, "budi", {30: 4})  # a spread of 1 as well
    service = panel(path)
    service.reveal("ani", "dokumen")
    service.set_team_level("ani", "dokumen", 12, 2, "median", 0)
    service.set_reviu("rina", 12, True)
    return path


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_panel(db_path, snap_compare, monkeypatch, language, size):
    monkeypatch.setenv("SPBE_TUI_LANG", language)
    assert snap_compare(open_panel(db_path, "ani", language=language), terminal_size=SIZES[size])


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_help(db_path, snap_compare, monkeypatch, language, size):
    monkeypatch.setenv("SPBE_TUI_LANG", language)
    assert snap_compare(open_panel(db_path, "ani", language=language), terminal_size=SIZES[size],
                        press=["question_mark"])


def test_unanimous_rows_80x24(db_path, snap_compare, monkeypatch):
    monkeypatch.setenv("SPBE_TUI_LANG", "id")
    assert snap_compare(open_panel(db_path, "ani", language="id"), terminal_size=(80, 24), press=["u"])

"""Every key of the reviewer, driven through the Pilot at 80×24."""

import pytest
from textual.widgets import Input, TabbedContent, TextArea

from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.instansi_picker import InstansiPicker
from spbe_tui.ui.widgets.indicator_tree import IndicatorTree
from spbe_tui.ui.widgets.level_selector import LevelSelector
from tests.reviewer_helpers import SELF_LEVELS, db_rows, make_review_db, open_app

SIZE = (80, 24)


@pytest.fixture
def db_path(tmp_path):
    return make_review_db(tmp_path)


def level_in_db(db_path, indicator, stage="dokumen", assessor="ani"):
    rows = db_rows(db_path, "SELECT level FROM decisions WHERE indicator = ? AND stage = ? AND assessor_id = ?",
                   (indicator, stage, assessor))
    return rows[0][0] if rows else None


async def test_digit_keys_set_the_level_and_it_is_stored_before_the_next_key(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.current == 1
        for digit in "12345":
            await pilot.press(digit)
            # No pause: the write happened inside the key handler.
            assert level_in_db(db_path, 1) == int(digit)
        assert app.session.state(1).level == 5
        await pilot.press("0")  # spbe-2020 has no level 0: refused, nothing stored
        assert level_in_db(db_path, 1) == 5


async def test_arrow_keys_and_jk_move_between_indicators(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("down")
        assert app.current == 2
        await pilot.press("j", "j")
        assert app.current == 4
        await pilot.press("k")
        assert app.current == 3
        await pilot.press("up", "up")
        assert app.current == 1


async def test_left_right_step_the_selector(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        start = SELF_LEVELS[1]
        await pilot.press("right")
        assert level_in_db(db_path, 1) == min(5, start + 1)
        await pilot.press("left", "left")
        assert level_in_db(db_path, 1) == max(1, start - 1)


async def test_clicking_a_selector_segment_sets_that_level(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        selector = app.query_one(LevelSelector)
        start, end, value = selector._spans[3]
        await pilot.click(LevelSelector, offset=(start + 3 + 1, 1))  # +1 for the padding cell
        await pilot.pause()
        assert level_in_db(db_path, 1) == value == 4


async def test_n_goes_to_the_next_undecided(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "down", "4", "up")
        assert app.current == 1
        await pilot.press("n")
        assert app.current == 3
        await pilot.press("n")
        assert app.current == 4


async def test_tab_cycles_three_panes(db_path):
    """The list, the indicator (or its evidence), the justification; the tab bar and the
    selector answer their own keys and are no stops."""
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, IndicatorTree)
        seen = []
        for _ in range(6):
            await pilot.press("tab")
            seen.append(app.focused.id)
        assert seen == ["detail", "justification", "tree"] * 2


async def test_slash_filters_indicators_and_escape_closes(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        assert isinstance(app.focused, Input)
        await pilot.press(*"audit")
        await pilot.pause()
        tree = app.query_one(IndicatorTree)
        assert sorted(tree._indicator_nodes) == [9, 29, 30, 31]
        await pilot.press("enter")
        assert isinstance(app.focused, IndicatorTree)
        await pilot.press("down")
        assert app.current in (9, 29, 30, 31)
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert len(tree._indicator_nodes) == 47 and not app.query_one("#filter").display


async def test_command_palette_switches_stage_and_jumps(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Interviu")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.stage.id == "interviu"
        assert app.session.state(1).level == 2  # carried forward
        # Looking at another stage writes nothing.
        assert db_rows(db_path, "SELECT count(*) FROM events WHERE kind = 'stage_opened'") == [(0,)]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Audit Aplikasi")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.current == 30


async def test_ctrl_z_undoes_the_last_change(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "2")
        await pilot.press("ctrl+z")
        assert level_in_db(db_path, 1) == 4
        await pilot.press("ctrl+z")
        assert level_in_db(db_path, 1) is None
        assert db_rows(db_path, "SELECT count(*) FROM events WHERE kind = 'undo'") == [(2,)]


async def test_question_mark_shows_help(db_path):
    app = open_app(db_path, language="id")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, TextScreen)
        assert "kalimat justifikasi standar" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        assert not isinstance(app.screen, TextScreen)


async def test_justification_is_saved_after_typing_and_ctrl_t_fills_the_template(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        app.query_one("#justification", TextArea).focus()
        await pilot.press(*"ok 3")  # digits type into the text area, they do not set levels
        await pilot.pause(0.6)
        assert db_rows(db_path, "SELECT level, justification FROM decisions WHERE indicator = 1") == [(3, "ok 3")]
        await pilot.press("ctrl+t")
        await pilot.pause()
        (text,) = db_rows(db_path, "SELECT justification FROM decisions WHERE indicator = 1")[0]
        assert text.startswith("Verifikasi dan validasi telah dilakukan") and "tingkat kematangan 3" in text


async def test_justification_typed_then_moving_away_is_not_lost(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        app.query_one("#justification", TextArea).focus()
        await pilot.press(*"perlu klarifikasi")
        app.query_one(IndicatorTree).focus()
        await pilot.press("down")
        assert db_rows(db_path, "SELECT level, justification FROM decisions WHERE indicator = 1") == [
            (None, "perlu klarifikasi")
        ]


async def test_e_opens_the_evidence_preview(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        assert app.query_one(TabbedContent).active == "tab-evidence"
        await pilot.pause(0.2)
        assert "Tim SPBE membahas arsitektur" in app.query_one("#viewer-text", TextArea).text


async def test_institution_picker_lists_only_assigned_and_switches(db_path):
    app = open_app(db_path, assessor="admin1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, InstansiPicker)
        assert [i.id for i in app.screen._shown] == ["kab-uji", "kota-dua"]
        await pilot.press(*"dua", "enter")
        await pilot.pause()
        assert app.session.instansi.id == "kota-dua"
    limited = open_app(db_path, assessor="ani")
    async with limited.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert [i.id for i in limited.screen._shown] == ["kab-uji"]


async def test_the_picker_opens_again_afresh(db_path):
    # One picker is kept and opened again: what was typed in it last time is gone, the list is
    # whole again, and the institution now open is the one highlighted.
    app = open_app(db_path, assessor="admin1")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await pilot.pause()
        first = app.screen
        await pilot.press(*"dua", "escape")
        await pilot.pause()
        assert app.session.instansi.id == "kab-uji"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen is first
        assert app.screen.query_one("#picker-filter").value == ""
        assert [i.id for i in app.screen._shown] == ["kab-uji", "kota-dua"]
        assert app.screen.query_one("#picker-list").highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.session.instansi.id == "kota-dua"
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.query_one("#picker-list").highlighted == 1  # kota-dua, now the open one


async def test_header_shows_live_index_and_undecided_count(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        header = app.query_one("#header")
        before = str(header.render())
        assert "47 undecided" in before
        await pilot.press("5")
        after = str(header.render())
        assert "46 undecided" in after and after != before


async def test_tree_marks_are_characters(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        tree = app.query_one(IndicatorTree)
        assert str(tree._indicator_nodes[1].label).startswith("· ")
        await pilot.press("5")  # self level of indicator 1 is 2: differs by 3
        assert str(tree._indicator_nodes[1].label).startswith("✓!")


async def test_bindings_have_ids_and_can_be_remapped(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        app.set_keymap({"next-undecided": "x"})
        await pilot.press("3", "x")
        assert app.current == 2


async def test_interface_language(db_path):
    app = open_app(db_path, language="id")
    async with app.run_test(size=SIZE):
        assert "47 belum" in str(app.query_one("#header").render())


async def test_level_typed_right_after_moving_goes_to_the_new_indicator(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        # Both keys queued before any highlight message is handled, as a fast typist over SSH does.
        app.post_message(__import__("textual.events", fromlist=["Key"]).Key("j", "j"))
        app.post_message(__import__("textual.events", fromlist=["Key"]).Key("4", "4"))
        await pilot.pause()
        assert level_in_db(db_path, 1) is None
        assert level_in_db(db_path, 2) == 4


async def test_palette_exports_my_levels(db_path, tmp_path, monkeypatch):
    import csv

    monkeypatch.setenv("HOME", str(tmp_path))
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Export my", "enter")
        await pilot.pause(0.3)
    rows = list(csv.DictReader((tmp_path / "spbe-kab-uji-dokumen-ani.csv").open(encoding="utf-8")))
    assert len(rows) == 47 and rows[0]["level"] == "4" and rows[0]["status"] == "decided"
    assert rows[1]["level"] == "" and rows[1]["status"] == "self"

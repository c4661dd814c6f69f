"""Agreeing is one key: space confirms the level shown; a carried level comes with its
justification and waits to be confirmed; the position is kept on every move."""

import pytest
from textual.widgets import Label

from tests.reviewer_helpers import SELF_LEVELS, db_rows, make_review_db, open_app

SIZE = (80, 24)
INDICATORS = range(1, 48)


@pytest.fixture
def db_path(tmp_path):
    return make_review_db(tmp_path)


def decided(db_path, stage="dokumen"):
    return dict((n, (level, text)) for n, level, text in db_rows(
        db_path, "SELECT indicator, level, justification FROM decisions WHERE assessor_id = 'ani' AND stage = ?",
        (stage,)))


def label_text(app) -> str:
    return str(app.query_one("#justification-label", Label).render())


async def test_space_confirms_the_self_level_and_moves_to_the_next_undecided(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4", "down", "down")  # 1 decided by a digit; the cursor on 3
        await pilot.press("space")
        assert decided(db_path) == {1: (4, ""), 3: (SELF_LEVELS[3], "")}
        assert app.current == 4  # 2 is behind the cursor; the next undecided after 3
        await pilot.press("space", "space")
        assert set(decided(db_path)) == {1, 3, 4, 5}
        assert app.session.undecided_count == 47 - 4


async def test_confirming_a_decided_level_writes_nothing_and_moves_on(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        events = db_rows(db_path, "SELECT count(*) FROM events")[0][0]
        await pilot.press("space")
        assert db_rows(db_path, "SELECT count(*) FROM events")[0][0] == events
        assert app.current == 2


async def test_a_submitted_dokumen_stage_in_61_keys_when_agreeing_with_40_of_47(db_path):
    """The closing note's count: every indicator visited in order; 40 confirmed as they stand,
    7 given another level first; then the stage submitted through the palette."""
    disagree = {3: 5, 9: 1, 14: 2, 22: 4, 30: 3, 38: 5, 45: 2}
    assert all(SELF_LEVELS[n] != level for n, level in disagree.items())
    app = open_app(db_path, language="id")
    keys: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        for number in INDICATORS:
            assert app.current == number
            step = [str(disagree[number]), "space"] if number in disagree else ["space"]
            keys += step
            await pilot.press(*step)
        submit = ["ctrl+p", *"kunci", "enter"]
        keys += submit
        await pilot.press(*submit[:-1])
        await pilot.pause(0.3)  # the palette searches in a worker
        await pilot.press("enter")
        await pilot.pause()
        assert app.session.locked
    stored = decided(db_path)
    assert {n: level for n, (level, _) in stored.items()} == {n: disagree.get(n, SELF_LEVELS[n]) for n in INDICATORS}
    assert len(keys) == 61


async def test_a_carried_level_brings_its_justification_and_waits_for_confirmation(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        app.box.focus()
        await pilot.press(*"ok")
        app._flush_justification()
        app.switch_stage("interviu")
        await pilot.pause()
        state = app.session.state(1)
        assert (state.level, state.undecided, state.justification_carried) == (3, True, True)
        assert app.box.text == "ok" and "carried" in label_text(app)
        assert decided(db_path, "interviu") == {}  # shown, not written
        assert app.session.next_undecided(47) == 1  # n stops on it
        app.query_one("#tree").focus()
        await pilot.press("space")
        assert decided(db_path, "interviu") == {1: (3, "ok")}
        assert not app.session.state(1).undecided and "carried" not in label_text(app)


async def test_the_carried_digit_keeps_the_text_another_level_leaves_it_behind(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for text in ("satu", "dua"):
            await pilot.press("3")
            app.box.focus()
            await pilot.press(*text)
            app._flush_justification()
            app.query_one("#tree").focus()
            await pilot.press("down")
        app.switch_stage("interviu")
        app._jump(1)
        await pilot.press("3", "down", "4")
    assert decided(db_path, "interviu") == {1: (3, "satu"), 2: (4, "")}


async def test_the_position_is_kept_on_every_move(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*["down"] * 9)
        assert app.current == 10
        # Read while the app still runs: a killed process keeps it too.
        assert db_rows(db_path, "SELECT indicator FROM reviewer_state WHERE assessor_id = 'ani'") == [(10,)]
    reopened = open_app(db_path)
    assert reopened.current == 10


async def test_opening_the_app_writes_no_position(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
    assert db_rows(db_path, "SELECT count(*) FROM reviewer_state")[0][0] == 0


async def test_a_stage_of_carried_levels_is_submitted_only_once_they_are_confirmed(db_path):
    from spbe_tui.errors import SpbeError

    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for number in INDICATORS:
            app.session.set_level(number, 3)
        app.switch_stage("interviu")
        await pilot.pause()
        panel = app.workspace.panel("kab-uji")
        with pytest.raises(SpbeError, match="47 indicator.*confirm"):
            panel.lock("ani", "interviu")
        app._jump(1)
        await pilot.press(*["space"] * 47)
        assert app.session.undecided_count == 0
        panel.lock("ani", "interviu")
    assert {level for level, _ in decided(db_path, "interviu").values()} == {3}

"""The assessor app never loses, moves or invents a word: each reproduction of the integrity
report as a test (reopen, switching institution or stage, undo, two windows, a submitted stage)."""

import sqlite3

import pytest
from textual.widgets import TextArea

from spbe_tui.storage.db import write
from spbe_tui.storage.people import assign
from tests.databases import open_database
from tests.importing_helpers import db_content
from tests.reviewer_helpers import db_rows, make_review_db, open_app

SIZE = (80, 24)


@pytest.fixture
def db_path(tmp_path):
    path = make_review_db(tmp_path)
    db = open_database(path)
    with write(db):
        assign(db, 1, "kota-dua", "ani", "chair")
    return path


def decisions(db_path, instansi="kab-uji"):
    return db_rows(db_path, """SELECT stage, indicator, level, justification FROM decisions
                               WHERE instansi_id = ? AND assessor_id = 'ani' ORDER BY stage, indicator""", (instansi,))


async def type_justification(app, pilot, text):
    app.query_one("#justification", TextArea).focus()
    await pilot.press(*text)
    app.query_one("#tree").focus()
    await pilot.pause()


async def test_opening_and_quitting_without_a_key_changes_nothing(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await type_justification(app, pilot, "alasan")
    before = db_content(db_path)
    again = open_app(db_path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause(0.6)
    assert db_content(db_path) == before


async def test_reopening_keeps_the_justification(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await type_justification(app, pilot, "sudah dicek")
        await pilot.pause(0.6)
    for _ in range(2):
        again = open_app(db_path)
        async with again.run_test(size=SIZE) as pilot:
            await pilot.pause(0.6)
            assert again.query_one("#justification", TextArea).text == "sudah dicek"
    assert decisions(db_path) == [("dokumen", 1, None, "sudah dicek")]
    erased = db_rows(db_path, "SELECT count(*) FROM events WHERE new_value LIKE '%\"justification\": \"\"%'")
    assert erased == [(0,)]


async def test_switching_institution_copies_no_text(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "j", "j", "j", "j", "j", "4")
        await type_justification(app, pilot, "teks instansi A")
        app._open_instansi("kota-dua")
        await pilot.pause(0.6)
        assert app.query_one("#justification", TextArea).text == ""
    assert decisions(db_path) == [("dokumen", 7, 4, "teks instansi A")]
    assert decisions(db_path, "kota-dua") == []


async def test_switching_stage_copies_and_wipes_nothing(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await type_justification(app, pilot, "dokumen ok")
        app.switch_stage("interviu")
        await pilot.pause(0.6)
        # Shown with the carried level, so the assessor can confirm both; not written.
        assert app.query_one("#justification", TextArea).text == "dokumen ok"
        app.switch_stage("dokumen")
        await pilot.pause(0.6)
        assert app.query_one("#justification", TextArea).text == "dokumen ok"
    assert decisions(db_path) == [("dokumen", 1, 3, "dokumen ok")]


async def test_undo_of_a_justification_stays_undone(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await type_justification(app, pilot, "keliru")
        await pilot.press("ctrl+z")
        await pilot.pause(0.6)
        assert app.query_one("#justification", TextArea).text == ""
    assert decisions(db_path) == [("dokumen", 1, 3, "")]


async def test_a_second_window_of_the_same_assessor_never_overwrites_silently(db_path):
    from spbe_tui.services.workspace import Workspace

    window_b = open_app(db_path)
    async with window_b.run_test(size=SIZE) as pilot:
        window_a = Workspace(open_database(db_path), "ani", db_path=db_path).open("kab-uji", "dokumen")
        window_a.set_level(1, 4)
        await pilot.press("2")  # B still shows what it read before A's change
        await pilot.pause()
        assert decisions(db_path) == [("dokumen", 1, 4, "")]
        assert window_b.session.state(1).level == 4  # B now shows the current value
        await pilot.press("2")  # a second press, knowing the current value, is the person's choice
        assert decisions(db_path) == [("dokumen", 1, 2, "")]
    olds = db_rows(db_path, "SELECT old_value FROM events WHERE kind = 'decision' ORDER BY id")
    assert [o[0] for o in olds] == [None, '{"justification": "", "level": 4}']


async def test_typing_after_submitting_does_not_crash_and_changes_nothing(db_path):
    from tests.panel_helpers import score

    score(db_path, "ani", {n: 3 for n in range(1, 48)})
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        app.action_submit_stage()
        await pilot.pause()
        before = db_content(db_path)
        await pilot.press("4", "right", "ctrl+t", "ctrl+z")
        await type_justification(app, pilot, "setelah dikunci")
        await pilot.pause(0.6)
        assert db_content(db_path) == before
        assert app.session.locked and "submitted" in str(app.query_one("#header").render()).lower()


async def test_a_submitted_stage_opens_read_only(db_path):
    from tests.panel_helpers import panel, score

    score(db_path, "ani", {n: 3 for n in range(1, 48)})
    panel(db_path).lock("ani", "dokumen")
    before = db_content(db_path)
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        assert app.query_one("#justification", TextArea).read_only
        await pilot.press("5", "left")
        await pilot.pause()
    assert db_content(db_path) == before


@pytest.mark.parametrize("error", ["access", "spbe", "operational"])
async def test_no_service_error_reaches_the_terminal(db_path, monkeypatch, error):
    from spbe_tui.errors import SpbeError
    from spbe_tui.services.panel import PanelService
    from spbe_tui.services.review import ReviewSession
    from spbe_tui.services.rights import AccessDenied
    from spbe_tui.services.workspace import Workspace

    raised = {
        "access": AccessDenied("no"), "spbe": SpbeError("no"),
        "operational": sqlite3.OperationalError("disk I/O error"),
    }[error]

    def fail(*args, **kwargs):
        raise raised

    app = open_app(db_path)
    for name in ("set_level", "set_justification", "undo", "change_stage", "remember_position"):
        monkeypatch.setattr(ReviewSession, name, fail)
    for name in ("open", "instansi"):
        monkeypatch.setattr(Workspace, name, fail)
    for name in ("history", "lock"):
        monkeypatch.setattr(PanelService, name, fail)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("3", "right", "n", "ctrl+t", "ctrl+z", "h", "escape", "e", "escape", "ctrl+o")
        await type_justification(app, pilot, "x")
        app.switch_stage("interviu")
        app._open_instansi("kota-dua")
        app.action_submit_stage()
        app.action_export_mine()
        await pilot.pause(0.6)
        assert app.is_running

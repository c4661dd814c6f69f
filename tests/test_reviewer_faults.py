"""A full disk under the assessor app: nothing typed is lost. The change stays on screen, a
warning says it is not saved and why, and it is saved once the database takes writes again.

SQLite's max_page_count makes the disk "full" exactly when the database would grow, the same
error a full filesystem gives ("database or disk is full")."""

from spbe_tui.ui.assessor_app import AssessorApp
from tests.reviewer_helpers import db_rows, make_review_db, open_app

SIZE = (80, 24)


def fill_disk(app: AssessorApp) -> None:
    db = app.workspace.db
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")


def free_disk(app: AssessorApp) -> None:
    app.workspace.db.execute("PRAGMA max_page_count = 1073741823")


async def score_until_refused(app: AssessorApp, pilot) -> None:
    """Level 4 down the list until the full database refuses one."""
    fill_disk(app)
    for _ in range(47):
        await pilot.press("4", "j")
        if app._unsaved:
            return
    raise AssertionError("the disk never filled")


def stored(db_path):
    return db_rows(db_path, "SELECT indicator, level, justification FROM decisions ORDER BY indicator")


async def test_levels_and_text_typed_on_a_full_disk_are_kept_shown_and_saved_later(tmp_path):
    db_path = make_review_db(tmp_path)
    app = open_app(db_path)
    app.retry_delay = 0.2
    async with app.run_test(size=SIZE) as pilot:
        await score_until_refused(app, pilot)
        warning = str(app.query_one("#unsaved").render())
        assert "NOT SAVED" in warning and "the disk is full" in warning
        failed = next(iter(app._unsaved)).indicator
        assert (failed, 4, "") not in stored(db_path)
        # More work while full: typed text is kept too.
        app.box.focus()
        await pilot.press(*"catatan")
        await pilot.pause(0.6)
        assert app.is_running and app.box.text == "catatan"
        free_disk(app)
        await pilot.pause(0.6)
        assert not app._unsaved
        assert not app.query_one("#unsaved").display
    rows = stored(db_path)
    assert (failed, 4, "") in rows or any(r[0] == failed and r[1] == 4 for r in rows)
    assert any(r[2] == "catatan" for r in rows)


async def test_quitting_with_unsaved_changes_asks_twice(tmp_path):
    db_path = make_review_db(tmp_path)
    app = open_app(db_path)
    app.retry_delay = 60
    async with app.run_test(size=SIZE) as pilot:
        await score_until_refused(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert app.is_running  # the first ctrl+q warns
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running

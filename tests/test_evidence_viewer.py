"""The evidence preview: pages, search, tables, images, failures, and inert control characters."""

import pytest
from textual.widgets import DataTable, OptionList, Static, TextArea

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.services.evidence import EvidenceReader, parse_table
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.people import assign, ensure_assessor
from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer
from tests.evidence_fixtures import evidence_bundle
from tests.reviewer_helpers import open_app

SIZE = (100, 40)


@pytest.fixture
def db_path(tmp_path):
    bundle = evidence_bundle(tmp_path / "b")
    path = tmp_path / "spbe.db"
    db = open_db(path)
    assert run_import(bundle, db, path, ImportOptions(user="t")).ok
    with write(db):
        ensure_assessor(db, "ani")
        assign(db, 1, "kab-bukti", "ani")
    db.close()
    return path


async def open_evidence(pilot, app, name_part):
    await pilot.press("e")
    options = app.query_one("#evidence-list", OptionList)
    index = next(i for i, item in enumerate(app.query_one("#evidence")._items) if name_part in item.name)
    options.highlighted = index
    await pilot.pause(0.3)
    await app.workers.wait_for_complete()
    await pilot.pause(0.1)
    return app.query_one(EvidenceViewer)


def status(viewer):
    return str(viewer.query_one("#viewer-status", Static).render())


async def test_pdf_pages_navigation_and_goto(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "perbup")
        text = viewer.query_one("#viewer-text", TextArea)
        assert "Halaman 1 dari 9" in text.text and "(1/9)" in status(viewer)
        viewer.query_one("#viewer-text").focus()
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Halaman 3 dari 9" in text.text
        await pilot.press("left_square_bracket")
        assert "Halaman 2 dari 9" in text.text
        await pilot.press("g", *"8", "enter")
        assert "Halaman 8 dari 9" in text.text and "(8/9)" in status(viewer)


async def test_search_jumps_between_hits_across_pages(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "perbup")
        viewer.query_one("#viewer-text").focus()
        await pilot.press("slash", *"reviu", "enter")
        text = viewer.query_one("#viewer-text", TextArea)
        assert viewer.page == 3 and text.selected_text == "Reviu"
        assert "1/2 «reviu»" in status(viewer)
        await pilot.press("n")
        assert viewer.page == 7 and text.selected_text == "Reviu"
        await pilot.press("n")
        assert viewer.page == 3
        await pilot.press("N")
        assert viewer.page == 7


async def test_workbook_sheets_as_tables(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "aset")
        table = viewer.query_one("#viewer-table", DataTable)
        assert table.display and [str(c.label) for c in table.columns.values()] == ["No", "Nama aset", "Lokasi"]
        assert table.row_count == 500 and "200 more rows not shown" in status(viewer)
        assert "Aset TIK (1/2)" in status(viewer)
        viewer.query_one("#viewer-table").focus()
        await pilot.press("right_square_bracket")
        assert "Ringkasan (2/2)" in status(viewer) and table.row_count == 1


async def test_csv_as_a_table(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "data.csv")
        table = viewer.query_one("#viewer-table", DataTable)
        assert table.row_count == 2 and str(table.get_cell_at((0, 0))) == "Utara"


async def test_png_rendered_with_half_blocks(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "layar")
        image = viewer.query_one("#viewer-image", Static)
        assert viewer.query_one("#viewer-switcher").current == "viewer-image"
        # Half-block cells carry two pixels each: the screen shows ▄ characters in the image area.
        assert image.region.height >= 10
        assert "▄" in app.export_screenshot()


async def test_unreadable_document_shows_its_facts_and_reason(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "rusak")
        info = str(viewer.query_one("#viewer-info", Static).render())
        assert "rusak.pdf" in info and "sha256 " in info and "not a readable PDF" in info


async def test_control_characters_are_shown_inert(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, app, "catatan")
        text = viewer.query_one("#viewer-text", TextArea).text
        assert "\x1b" not in text and "\x07" not in text
        assert "␛]0;judul palsu␇␛[2J akhir" in text
        labels = [str(o.prompt) for o in app.query_one("#evidence-list", OptionList).options]
        # A control character in a file name is refused at import (tests/bad_inputs.py); in text it is shown inert.
        assert any("catatan.txt" in label for label in labels)
        assert all("\x1b" not in label for label in labels)


async def test_moving_quickly_keeps_only_the_last_load(db_path):
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        options = app.query_one("#evidence-list", OptionList)
        for index in (2, 0, 1, 2, 3):  # layar.png, …, ending on data.csv
            options.highlighted = index
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        viewer = app.query_one(EvidenceViewer)
        assert viewer.item.name == app.query_one("#evidence")._items[3].name
        expected = {"text/csv": "viewer-table", "image/png": "viewer-image"}.get(viewer.item.media_type, "viewer-text")
        if viewer.item.status == "failed":
            expected = "viewer-info"
        assert viewer.query_one("#viewer-switcher").current == expected
        assert viewer.latencies, "each shown preview records its latency"


def test_parse_table_counts_rows_beyond_the_cap():
    text = "a,b\n" + "".join(f"{n},{n}\n" for n in range(800))
    table = parse_table(text, "text/csv")
    assert table.header == ["a", "b"] and len(table.rows) == 500 and table.more == 300


def test_search_finds_every_hit(db_path):
    db = open_db(db_path)
    reader = EvidenceReader(db, None)
    sha = db.execute(
        "SELECT sha256 FROM evidence_files WHERE media_type = 'application/pdf' AND page_count = 9"
    ).fetchone()[0]
    assert [(h.page, h.row) for h in reader.search(sha, "REVIU")] == [(3, 2), (7, 2)]
    db.close()

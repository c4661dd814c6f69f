"""The evidence preview: pages and sheets named as such, search, tables, images with zoom and pan,
scrolling keys wherever the preview has the focus, the full screen and back, the stored path,
failures, inert control characters, and what is kept in memory."""

from textual.widgets import OptionList, Static, TabbedContent

from spbe_tui.importing.importer import ImportOptions, run_import
from spbe_tui.services import evidence as evidence_service
from spbe_tui.services.evidence import EvidenceReader, load_image, parse_table
from spbe_tui.storage.db import open_db, write
from spbe_tui.ui.screens.evidence_screen import EvidenceScreen
from spbe_tui.ui.widgets.evidence_image import ZOOMS, ImageView, crop_for
from spbe_tui.ui.widgets.evidence_panel import EvidenceList, EvidencePanel
from spbe_tui.ui.widgets.evidence_viewer import EvidenceViewer, PreviewTable, PreviewText
from tests import evidence_ui_helpers
from tests.databases import open_database
from tests.evidence_fixtures import evidence_bundle, screenshot
from tests.evidence_ui_helpers import LONG_LINES, full_screen, open_evidence, settle
from tests.reviewer_helpers import assign_team, make_review_db, open_app, register

# The shared fixtures (a database built once per module, a copy per test), where pytest looks for them.
evidence_template, evidence_db = evidence_ui_helpers.evidence_template, evidence_ui_helpers.evidence_db

SIZE = (100, 40)


def status(viewer):
    return str(viewer.query_one("#viewer-status", Static).render())


def list_labels(app):
    return [str(o.prompt) for o in app.query_one(EvidenceList).options]


def rendered(view: ImageView) -> list[str]:
    """The image as drawn: each line's characters and colours."""
    return [repr(view.render_line(y)) for y in range(view.content_size.height)]


# --- pages, sheets, search ----------------------------------------------------------------------


async def test_pdf_pages_navigation_and_goto(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "perbup")
        text = viewer.query_one(PreviewText)
        assert "Halaman 1 dari 9" in text.text and status(viewer) == "page 1/9"
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "Halaman 3 dari 9" in text.text
        await pilot.press("left_square_bracket")
        assert "Halaman 2 dari 9" in text.text
        await pilot.press("g", *"8", "enter")
        assert "Halaman 8 dari 9" in text.text and status(viewer) == "page 8/9"
        assert app.focused is text


async def test_search_jumps_between_hits_across_pages(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "perbup")
        await pilot.press("slash", *"reviu", "enter")
        text = viewer.query_one(PreviewText)
        assert viewer.page == 3 and text.selected_text == "Reviu"
        assert "1/2 «reviu»" in status(viewer)
        await pilot.press("n")
        assert viewer.page == 7 and text.selected_text == "Reviu"
        await pilot.press("n")
        assert viewer.page == 3
        await pilot.press("N")
        assert viewer.page == 7


async def test_escape_puts_the_prompt_away_and_gives_the_preview_the_focus_back(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "perbup")
        await pilot.press("g")
        prompt = viewer.query_one("#viewer-input")
        assert prompt.display and app.focused is prompt
        await pilot.press("escape")
        assert not prompt.display and app.focused is viewer.query_one(PreviewText)


async def test_workbook_sheets_are_named_sheets(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "aset")
        assert any("aset.xlsx" in label and "2 sheets" in label for label in list_labels(app))
        assert any("rekap.xlsx" in label and "3 sheets" in label for label in list_labels(app))
        assert any("perbup.pdf" in label and "9 pp" in label for label in list_labels(app))
        table = viewer.query_one(PreviewTable)
        assert table.display and [str(c.label) for c in table.columns.values()] == ["No", "Nama aset", "Lokasi"]
        assert table.row_count == 500 and status(viewer) == "sheet 1/2: Aset TIK · 200 more rows not shown"
        await pilot.press("right_square_bracket")
        assert status(viewer) == "sheet 2/2: Ringkasan" and table.row_count == 1
        await pilot.press("g")
        assert viewer.query_one("#viewer-input").placeholder.startswith("Go to sheet (1–2)")


async def test_sheets_and_pages_in_indonesian(evidence_db):
    app = open_app(evidence_db, language="id")
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "rekap")
        assert any("rekap.xlsx" in label and "3 lembar" in label for label in list_labels(app))
        assert any("perbup.pdf" in label and "9 hlm" in label for label in list_labels(app))
        await pilot.press("right_square_bracket")
        assert status(viewer) == "lembar 2/3: Ringkasan"
        viewer = await open_evidence(pilot, "perbup")
        await pilot.press("right_square_bracket")
        assert status(viewer) == "halaman 2/9"


async def test_csv_as_a_table(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "data.csv")
        table = viewer.query_one(PreviewTable)
        assert table.row_count == 40 and str(table.get_cell_at((0, 0))) == "Kecamatan 1"


# --- scrolling keys -----------------------------------------------------------------------------


async def test_at_80x24_the_preview_has_most_of_the_tab(evidence_db):
    """The list keeps three lines (six while it has the focus) and the stored path waits for `p`:
    a sheet shows its header and seven rows, where it showed two. (styles/evidence.tcss, which
    AssessorApp.CSS_PATH must name.)"""
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_evidence(pilot, "aset")
        options = app.query_one(EvidenceList)
        assert viewer.query_one(PreviewTable).region.height == 8 and options.region.height == 3
        await pilot.press("shift+tab")
        assert options.region.height == 6


async def test_j_k_and_page_keys_scroll_a_text_preview(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_evidence(pilot, "notulen")
        text = viewer.query_one(PreviewText)
        assert app.focused is text and text.scroll_y == 0
        await pilot.press("j", "j", "down")
        assert text.scroll_y == 3
        await pilot.press("k")
        assert text.scroll_y == 2
        await pilot.press("pagedown")
        page = text.scrollable_content_region.height - 1
        assert text.scroll_y == 2 + page
        await pilot.press("pageup", "up")
        assert text.scroll_y == 1
        await pilot.press("end")
        assert text.scroll_y == text.max_scroll_y > LONG_LINES - 30
        await pilot.press("home")
        assert text.scroll_y == 0


async def test_j_k_scroll_a_table(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_evidence(pilot, "aset")
        table = viewer.query_one(PreviewTable)
        assert app.focused is table
        await pilot.press("j", "j", "j", "k")
        assert table.scroll_y == 2
        await pilot.press("end")
        assert table.scroll_y == table.max_scroll_y > 400


async def test_focus_preview_from_the_detail_tab_and_tab_between_list_and_preview(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the panel is mounted after the first frame
        panel = app.query_one(EvidencePanel)
        # What the reviewer's `e` does: the tab, then the preview of the first file (a table) focused.
        app.query_one(TabbedContent).active = "tab-evidence"
        panel.focus_preview()
        await settle(pilot)
        viewer = app.query_one("#viewer", EvidenceViewer)
        table = viewer.query_one(PreviewTable)
        assert viewer.item == panel._items[0] and app.focused is table and viewer.has_class("-has-focus")
        await pilot.press("shift+tab")
        options = app.query_one(EvidenceList)
        assert app.focused is options and not viewer.has_class("-has-focus")
        await pilot.press("j")  # j/k move in the list too
        assert options.highlighted == 1
        await pilot.press("k")
        assert options.highlighted == 0
        await pilot.press("tab")
        assert app.focused is table


async def test_escape_in_the_panel_asks_the_app_to_take_the_focus_back(evidence_db):
    app = open_app(evidence_db)
    left = []
    async with app.run_test(size=SIZE, message_hook=lambda m: isinstance(m, EvidencePanel.Left) and left.append(m)) \
            as pilot:
        await open_evidence(pilot, "notulen")
        assert not left
        await pilot.press("escape")
        assert len({id(m) for m in left}) == 1  # one message, seen at each node it bubbles through


async def test_ctrl_z_in_the_preview_is_still_the_reviewers_undo(tmp_path):
    app = open_app(make_review_db(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("5")
        assert app.session.state(1).level == 5
        await open_evidence(pilot, "notulen")
        await pilot.press("ctrl+z")
        assert app.session.state(1).level != 5


# --- full screen --------------------------------------------------------------------------------


async def test_full_screen_keeps_the_position_and_escape_brings_it_back(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_evidence(pilot, "perbup")
        await pilot.press("slash", *"reviu", "enter", "n")  # the second hit, page 7
        assert viewer.page == 7
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, EvidenceScreen)
        full = app.screen.query_one(EvidenceViewer)
        assert full.item == viewer.item and full.page == 7 and full.hit_index == 1
        assert status(full) == "bukti/perbup.pdf · page 7/9 · 2/2 «reviu» n/N"
        assert app.focused is full.query_one(PreviewText)
        await pilot.press("right_square_bracket")
        assert full.page == 8
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EvidenceScreen)
        assert viewer.page == 8 and viewer.needle == "reviu" and viewer.hit_index == 1
        assert app.focused is viewer.query_one(PreviewText)


async def test_full_screen_restores_the_scrolled_line(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        full = await full_screen(pilot, "notulen")
        await pilot.press("pagedown", "pagedown", "j")
        top = full.position().top_line
        assert top > 20
        await pilot.press("f")  # f again goes back, like Escape
        await settle(pilot)
        viewer = app.query_one("#viewer", EvidenceViewer)
        assert viewer.position().top_line == top
        assert f"Baris {top + 1}:" in viewer.query_one(PreviewText).get_line(top).plain


async def test_the_full_screen_is_the_whole_terminal(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        full = await full_screen(pilot, "aset")
        table = full.query_one(PreviewTable)
        # 24 lines: the title, the table with its header, the footer.
        assert table.region.height == 22 and table.region.width == 80
        assert app.screen.query_one("KeyLine").region.y == 23


async def test_the_full_screens_keys_outside_it_do_not_reach_the_reviewer(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await full_screen(pilot, "notulen")
        before = app.session.state(1).level
        await pilot.press("3", "h")
        assert app.session.state(1).level == before and isinstance(app.screen, EvidenceScreen)


# --- images -------------------------------------------------------------------------------------


async def test_png_fills_the_preview_with_half_blocks(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "layar")
        view = viewer.query_one(ImageView)
        assert viewer.query_one("#viewer-switcher").current == "viewer-image" and app.focused is view
        assert status(viewer) == "PNG 200×120 px · zoom 1×"
        # 200×120 at two pixels a cell: as wide as the pane allows, rows half as many as pixels.
        crop = crop_for((200, 120), (view.content_size.width, view.content_size.height), 1.0, (0.5, 0.5))
        assert crop.width == view.content_size.width or crop.height // 2 >= view.content_size.height - 1
        assert "▀" in app.export_screenshot()


async def test_zoom_and_pan_change_what_is_drawn(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        full = await full_screen(pilot, "layar")
        view = full.query_one(ImageView)
        whole = rendered(view)
        await pilot.press("l")  # nothing to pan at zoom 1: the key means nothing here
        assert rendered(view) == whole and view.centre == (0.5, 0.5)
        await pilot.press("+")
        zoomed = rendered(view)
        assert zoomed != whole and view.zoom == ZOOMS[1] and "zoom 1.5×" in status(full)
        await pilot.press("l", "j")
        assert view.centre[0] > 0.5 and view.centre[1] > 0.5
        panned = rendered(view)
        assert panned != zoomed
        await pilot.press("h", "k")
        assert rendered(view) != panned and view.centre[0] < 0.6 and view.centre[1] == 0.5
        await pilot.press("-")
        assert rendered(view) == whole and view.centre == (0.5, 0.5)
        await pilot.press("+", "+", "right")
        position = full.position()
        await pilot.press("escape")
        await settle(pilot)
        panel_view = app.query_one("#viewer", EvidenceViewer).query_one(ImageView)
        assert (panel_view.zoom_step, panel_view.centre) == (position.zoom_step, position.centre)


def test_the_crop_stays_inside_the_image():
    for centre in ((0.0, 0.0), (1.0, 1.0), (0.5, 0.5)):
        crop = crop_for((200, 100), (40, 10), 4.0, centre)
        left, top, right, bottom = crop.box
        assert 0 <= left < right <= 200 and 0 <= top < bottom <= 100
        assert (crop.width, crop.height) == (40, 20)
    whole = crop_for((200, 100), (40, 10), 1.0, (0.9, 0.9))
    assert whole.box == (0, 0, 200, 100) and (whole.width, whole.height) == (40, 20)


async def test_decoded_images_are_kept_in_a_bounded_cache(evidence_db, tmp_path):
    evidence_service._decode.cache_clear()
    pictures = []
    for n in range(evidence_service.IMAGE_CACHE_ENTRIES + 3):
        path = tmp_path / f"layar-{n}.png"
        path.write_bytes(screenshot(200 + n, 120))
        pictures.append(load_image(path))
        assert evidence_service.cached_images() <= evidence_service.IMAGE_CACHE_ENTRIES
    assert load_image(tmp_path / f"layar-{n}.png") is pictures[-1]  # the latest is reused, not decoded again
    assert load_image(tmp_path / "layar-0.png") is not pictures[0]  # the oldest was released
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "layar")
        assert viewer.query_one(ImageView).picture is not None
        await open_evidence(pilot, "notulen")
        assert viewer.query_one(ImageView).picture is None  # the viewer holds no image it does not show
        assert evidence_service.cached_images() <= evidence_service.IMAGE_CACHE_ENTRIES


# --- the stored file ----------------------------------------------------------------------------


async def test_p_shows_the_whole_stored_path_and_c_copies_it(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=(80, 24)) as pilot:
        viewer = await open_evidence(pilot, "perbup")
        stored = str(evidence_db.with_name("spbe-evidence") / viewer.item.stored_path)
        await pilot.press("p")
        assert [n.message for n in app._notifications] == [f"Stored on the server at: {stored}"]
        await pilot.press("shift+tab", "c")  # from the list too
        assert app.clipboard == stored
        assert f"Path copied to the clipboard: {stored}" in [n.message for n in app._notifications]


async def test_the_full_screen_copies_the_path_too(evidence_db):
    app = open_app(evidence_db, language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        full = await full_screen(pilot, "layar")
        await pilot.press("c")
        assert app.clipboard == full.stored_location() and full.stored_location().endswith(".png")
        assert any(n.message.startswith("Lokasi berkas disalin ke papan klip: /") for n in app._notifications)


# --- failures, control characters, quick moves, hidden tab -------------------------------------


async def test_unreadable_document_shows_its_facts_and_reason(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "rusak")
        info = str(viewer.query_one("#viewer-info", Static).render())
        assert "rusak.pdf" in info and "sha256 " in info and "not a readable PDF" in info
        assert app.focused is viewer.query_one("#viewer-info")


async def test_control_characters_are_shown_inert(tmp_path):
    db_path = tmp_path / "spbe.db"
    db = open_db(db_path)
    assert run_import(evidence_bundle(tmp_path / "b"), db, db_path, ImportOptions(user="t")).ok
    with write(db):
        register(db, "ani")
        assign_team(db, "kab-bukti", ["ani"])
    db.close()
    app = open_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        viewer = await open_evidence(pilot, "catatan")
        text = viewer.query_one(PreviewText).text
        assert "\x1b" not in text and "\x07" not in text
        assert "␛]0;judul palsu␇␛[2J akhir" in text
        labels = list_labels(app)
        # A control character in a file name is refused at import (tests/bad_inputs.py); in text it is shown inert.
        assert any("catatan.txt" in label for label in labels)
        assert all("\x1b" not in label for label in labels)


async def test_moving_quickly_keeps_only_the_last_load(evidence_db):
    app = open_app(evidence_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("e")
        options = app.query_one("#evidence-list", OptionList)
        items = app.query_one(EvidencePanel)._items
        image, table = (next(i for i, item in enumerate(items) if item.name.endswith(end)) for end in (".png", ".csv"))
        for index in (image, 0, 5, image, table):
            options.highlighted = index
        await settle(pilot)
        viewer = app.query_one("#viewer", EvidenceViewer)
        assert viewer.item == items[table]
        assert viewer.query_one("#viewer-switcher").current == "viewer-table"
        assert viewer.query_one(ImageView).picture is None
        assert viewer.latencies, "each shown preview records its latency"


async def test_the_hidden_tab_is_neither_filled_nor_loaded(tmp_path):
    app = open_app(make_review_db(tmp_path))  # indicators 1 and 2 have evidence
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()  # the panel is mounted after the first frame
        panel = app.query_one(EvidencePanel)
        options = app.query_one(EvidenceList)
        await pilot.press("down", "up", "down")
        await settle(pilot)
        assert options.option_count == 0 and panel.query_one(EvidenceViewer).item is None
        await pilot.press("e")
        await settle(pilot)
        assert options.option_count == 2 and panel.query_one(EvidenceViewer).item.name == "bukti/notulen.md"


def test_parse_table_counts_rows_beyond_the_cap():
    text = "a,b\n" + "".join(f"{n},{n}\n" for n in range(800))
    table = parse_table(text, "text/csv")
    assert table.header == ["a", "b"] and len(table.rows) == 500 and table.more == 300


def test_search_finds_every_hit(evidence_db):
    db = open_database(evidence_db)
    reader = EvidenceReader(db, None)
    sha = db.execute(
        "SELECT sha256 FROM evidence_files WHERE media_type = 'application/pdf' AND page_count = 9"
    ).fetchone()[0]
    assert [(h.page, h.row) for h in reader.search(sha, "REVIU")] == [(3, 2), (7, 2)]

"""A panel round through the Pilot: reveal, disagreements first, team level, switching hands."""

import sqlite3

import pytest
from textual.widgets import DataTable, TextArea

from spbe_tui.ui.screens.handover_dialog import HandoverDialog
from spbe_tui.ui.screens.help import TextScreen
from spbe_tui.ui.screens.level_dialog import LevelDialog
from spbe_tui.ui.widgets.level_selector import LevelSelector
from tests.panel_helpers import make_scored_panel_db, open_panel, panel, passphrase_of
from tests.reviewer_helpers import db_rows

SIZE = (100, 30)


@pytest.fixture
def db_path(tmp_path):
    return make_scored_panel_db(tmp_path)


def cells(app, row):
    table = app.query_one(DataTable)
    return [str(c) for c in table.get_row_at(row)]


def dialog_text(app) -> str:
    return app.screen.query_one(TextArea).text


def dialog_level(app) -> int | None:
    return app.screen.query_one(LevelSelector).level


def notice(app) -> str:
    line = app.screen.query_one("#dialog-notice")
    return str(line.render()) if line.display else ""


def notified(app, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


async def hand_over(pilot, app, person: str, passphrase: str | None = None) -> None:
    """Press a, choose `person` in the list, and type their passphrase (theirs unless given)."""
    await pilot.press("a")
    await pilot.pause()
    assert isinstance(app.screen, HandoverDialog)
    people = [p for p in app.service.keyboard_candidates() if p != app.active]
    typed = passphrase_of(person) if passphrase is None else passphrase
    await pilot.press(*["down"] * people.index(person), *typed, "enter")
    await pilot.pause()


def team_levels(db_path):
    return db_rows(db_path, "SELECT indicator, level, justification FROM team_levels ORDER BY indicator")


async def test_a_panel_round(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        # Blind: nothing is revealed, so nobody's level shows, not even ani's own.
        assert cells(app, 0)[3:6] == ["?", "?", "?"]
        assert "At the keyboard: ani (chair)" in str(app.query_one("#header").render())
        await pilot.press("r", "y")  # reveal, confirmed
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
        await hand_over(pilot, app, "budi")
        assert "At the keyboard: budi" in str(app.query_one("#header").render())
        assert db_rows(db_path, "SELECT actor FROM events WHERE kind = 'panel_active'") == [("budi",)]
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, TextScreen)
        assert "team_level" in str(app.screen.query_one("Static").render())


async def test_conflicting_team_level_shows_the_current_value(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "y")
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
        await pilot.press(*"kurang bukti", "tab", "2", "ctrl+s")  # the text has the focus first
        await pilot.pause()
        outcomes = sorted(r[0] for r in db_rows(db_path, "SELECT outcome FROM reviu"))
        assert outcomes == ["tidak_valid", "valid"]


async def test_the_standard_sentence_follows_the_level_chosen_in_the_dialog(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "y", "3")  # indicator 12, first row after the reveal
        await pilot.pause()
        await pilot.press("tab", "right")  # Tab reaches the selector; → raises the level
        await pilot.pause()
        assert dialog_level(app) == 4 and "tingkat kematangan 4 (Terpadu dan Terukur)" in dialog_text(app)
        await pilot.press("end")
        await pilot.pause()
        assert dialog_level(app) == 5 and "tingkat kematangan 5 (Optimum)" in dialog_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        [(number, level, text)] = team_levels(db_path)
        assert (number, level) == (12, 5) and "tingkat kematangan 5 (Optimum)" in text and "kematangan 3" not in text
        # The saved text is still a standard sentence: reopening at another level rewrites it.
        await pilot.press("2")
        await pilot.pause()
        assert "tingkat kematangan 2 (Terkelola)" in dialog_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert team_levels(db_path)[0][1] == 2 and "kematangan 2 (Terkelola)" in team_levels(db_path)[0][2]


async def test_the_dialog_starts_in_the_text_and_alt_keys_change_the_level(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "y", "3", *" Catatan 3")  # typed at once: nothing may be lost
        await pilot.pause()
        assert isinstance(app.focused, TextArea)
        assert dialog_text(app).startswith("Verifikasi") and dialog_text(app).endswith("). Catatan 3")
        assert dialog_level(app) == 3  # a digit in the text is text
        await pilot.press("alt+right")
        await pilot.pause()
        assert dialog_level(app) == 4 and "kematangan 3 (Terdefinisi). Catatan 3" in dialog_text(app)  # edited: kept
        await pilot.press("alt+2", "alt+left")
        await pilot.pause()
        assert dialog_level(app) == 1
        await pilot.press("alt+4", "ctrl+s")  # the text still names level 3
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog) and team_levels(db_path) == []
        assert "names level 3" in notice(app) and "level 4 is chosen" in notice(app)
        await pilot.press("ctrl+s")  # said twice: meant
        await pilot.pause()
        assert not isinstance(app.screen, LevelDialog)
        assert team_levels(db_path)[0][:2] == (12, 4) and team_levels(db_path)[0][2].endswith("Catatan 3")


async def test_an_edited_text_naming_the_chosen_level_saves_without_a_warning(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "y", "3", *" Catatan", "alt+2", "ctrl+s")
        await pilot.pause()
        assert "names level 3" in notice(app)
        await pilot.press("alt+3", "ctrl+s")  # back to the level the text names
        await pilot.pause()
        assert team_levels(db_path)[0][:2] == (12, 3)


async def test_the_dialog_hint_names_the_level_keys(db_path):
    app = open_panel(db_path, "ani", language="id")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r", "y", "3")
        await pilot.pause()
        hint = str(app.screen.query_one("#dialog-hint").render())
        assert "alt+←/→" in hint and "alt+1–5" in hint and "ctrl+s simpan" in hint


async def test_no_dialog_opens_for_a_person_without_the_right(db_path):
    app = open_panel(db_path, "budi")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("4")
        await pilot.pause()
        assert not isinstance(app.screen, LevelDialog)
        assert notified(app, "budi may not set the team level: only the chair (ani) may")
        await pilot.press("x")
        await pilot.pause()
        assert not isinstance(app.screen, LevelDialog)
        assert notified(app, "only a reviewer (Tim Reviu) may")
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is app.screen_stack[0] and notified(app, "only the chair (ani) may")
    reviewer = open_panel(db_path, "rina", language="id")
    async with reviewer.run_test(size=SIZE) as pilot:
        await pilot.press("3")
        await pilot.pause()
        assert not isinstance(reviewer.screen, LevelDialog)
        assert notified(reviewer, "hanya ketua tim (ani) yang boleh menetapkan tingkat tim")


async def test_an_empty_reviu_justification_is_refused_in_the_dialog(db_path):
    panel(db_path).set_team_level("ani", "dokumen", 12, 2, "median", 0)  # the dialog starts at level 2
    panel(db_path).reveal("ani", "dokumen")  # so that 12, a disagreement, is the first row
    app = open_panel(db_path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog) and dialog_level(app) == 2
        assert "Write a justification first" in notice(app)  # not a bare bell
        assert isinstance(app.focused, TextArea)
        await pilot.press(*"kurang bukti", "ctrl+s")
        await pilot.pause()
        assert db_rows(db_path, "SELECT outcome, corrected_level, justification FROM reviu") == [
            ("tidak_valid", 2, "kurang bukti")
        ]


async def test_reveal_asks_first(db_path):
    from spbe_tui.ui.screens.confirm import ConfirmDialog

    app = open_panel(db_path, "ani", language="id")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question == "Buka tingkat semua anggota untuk tahap Penilaian Dokumen? y/n"
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("r", "escape", "r", "q", "3")  # other keys leave the question standing
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert db_rows(db_path, "SELECT count(*) FROM reveals") == [(0,)]
        assert cells(app, 0)[3:6] == ["?", "?", "?"]
        await pilot.press("enter")
        await pilot.pause()
        assert db_rows(db_path, "SELECT count(*) FROM reveals") == [(1,)]
        assert "?" not in cells(app, 0)[3:6]
        await pilot.press("r")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog) and notified(app, "sudah dibuka")
    english = open_panel(db_path, "ani")
    assert english.t("confirm_reveal", stage="X") == "Reveal every member's levels for stage X? y/n"


async def test_a_reviu_of_a_changed_team_level_shows_as_stale(db_path):
    service = panel(db_path)
    service.set_team_level("ani", "dokumen", 12, 2, "median", 0)
    service.set_team_level("ani", "dokumen", 5, 4, "sepakat", 0)
    service.set_reviu("rina", 12, True)
    service.set_reviu("rina", 5, False, 3, "data dukung kurang")
    service.set_team_level("ani", "dokumen", 7, 3, "sepakat", 0)
    service.set_reviu("rina", 7, True)
    service.set_team_level("ani", "dokumen", 12, 3, "setelah diskusi", 1)  # after both reviu
    service.set_team_level("ani", "dokumen", 5, 5, "setelah diskusi", 1)
    service.reveal("ani", "dokumen")  # disagreements (12 first) lead the table
    app = open_panel(db_path, "rina")
    async with app.run_test(size=SIZE) as pilot:
        reviu = {cells(app, n)[0].strip(" !"): cells(app, n)[-1] for n in range(47)}
        assert (reviu["12"], reviu["5"], reviu["7"], reviu["1"]) == ("✓?", "✗→3?", "✓", "")
        assert cells(app, 0)[0].strip(" !") == "12"
        await pilot.press("v")  # reviewed again
        await pilot.pause()
        assert cells(app, 0)[-1] == "✓"
        await pilot.press("question_mark")
        await pilot.pause()
        assert "? after it: the team level changed after the reviu" in str(app.screen.query_one("Static").render())


async def test_database_faults_become_notices_and_keep_the_text(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r", "y", "3", *" dibahas")
        await pilot.pause()

        def locked(*args, **kwargs):
            raise sqlite3.OperationalError("database is locked")

        saving = app.service.set_team_level
        app.service.set_team_level = locked
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, LevelDialog)  # reopened, the text kept, the fault said
        assert "database refused: database is locked" in notice(app) and dialog_text(app).endswith(" dibahas")
        app.service.set_team_level = saving
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert team_levels(db_path)[0][:2] == (12, 3)
        for name in ("board", "hand_over", "keyboard_candidates", "lock", "history", "set_reviu", "can_reveal",
                     "can_reviu", "can_set_team_level", "members"):
            setattr(app.service, name, locked)
        await pilot.press("l", "h", "v", "x", "4", "r", "a")
        app.reload()
        await pilot.pause()
        assert app.is_running and app.screen is app.screen_stack[0]
        assert notified(app, "database is locked")


async def test_a_board_read_for_someone_else_is_not_left_on_screen(db_path):
    """A failed reload after switching hands must not leave the previous person's view, which
    may show what the one at the keyboard now may not see."""
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        assert cells(app, 0)[3:6] == ["3", "1", "2"]
        board = app.service.board

        def failing_for_others(viewer, stage):
            if viewer != "ani":
                raise sqlite3.OperationalError("disk I/O error")
            return board(viewer, stage)

        app.service.board = failing_for_others
        await hand_over(pilot, app, "budi")
        assert app.active == "budi" and app.query_one(DataTable).row_count == 0


async def test_the_keyboard_goes_only_to_whoever_types_their_own_passphrase(db_path):
    app = open_panel(db_path, "budi")
    async with app.run_test(size=SIZE) as pilot:
        await hand_over(pilot, app, "ani", passphrase_of("budi"))  # budi types his own: refused
        assert isinstance(app.screen, HandoverDialog) and app.active == "budi"
        assert "wrong passphrase for ani" in str(app.screen.query_one("#handover-notice").render())
        assert app.screen.query_one("#handover-passphrase").has_focus  # ani still chosen: she types hers
        await pilot.press(*passphrase_of("ani"), "enter")
        await pilot.pause()
        assert app.active == "ani" and not isinstance(app.screen, HandoverDialog)
        await hand_over(pilot, app, "rina", "")  # an empty passphrase does not submit
        await pilot.press("escape")
        await pilot.pause()
        assert app.active == "ani" and app.screen is app.screen_stack[0]
    assert db_rows(db_path, "SELECT actor, old_value, new_value FROM events WHERE kind = 'panel_active'") == [
        ("ani", '{"active": "budi"}', '{"active": "ani"}')
    ]


async def test_the_shared_screen_shows_no_level_before_the_reveal_whoever_holds_the_keyboard(db_path):
    """ani has submitted, so on her own screen she sees the team's levels; the panel is watched
    by budi and citra, who have not: it shows `?` for every level, ani's too, and her history
    shows no level either."""
    panel(db_path).lock("ani", "dokumen")
    for person in ("ani", "admin1", "rina"):
        app = open_panel(db_path, person)
        async with app.run_test(size=SIZE) as pilot:
            assert all(cells(app, n)[3:6] == ["?", "?", "?"] for n in range(47)), person
            assert {cells(app, n)[6] for n in range(47)} == {"-"}  # no spread either
            await pilot.press("h")
            await pilot.pause()
            assert "decision" not in str(app.screen.query_one("Static").render())


# --- the palette --------------------------------------------------------------------------------


async def test_the_palette_runs_the_panel_commands(db_path):
    from spbe_tui.ui.screens.confirm import ConfirmDialog
    from tests.panel_helpers import run_command

    app = open_panel(db_path, "ani")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "Reveal everyone's levels (chair)")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await pilot.pause()
        assert db_rows(db_path, "SELECT revealed_by FROM reveals") == [("ani",)]
        await run_command(pilot, app, "Only rows that differ by ≥ 2")
        assert app.query_one(DataTable).row_count == 2
        await run_command(pilot, app, "Show every row")
        assert app.query_one(DataTable).row_count == 47
        await run_command(pilot, app, "History of indicator 12")
        assert isinstance(app.screen, TextScreen) and "decision" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        await run_command(pilot, app, "Hand over the keyboard")
        assert isinstance(app.screen, HandoverDialog)
        await pilot.press("escape")
        await run_command(pilot, app, "Submit the levels of whoever is at the keyboard")
        assert db_rows(db_path, "SELECT assessor_id FROM stage_locks") == [("ani",)]
        await run_command(pilot, app, "Only rows that differ by ≥ 2")
        await run_command(pilot, app, "Indicator 30: Audit Aplikasi SPBE")  # not shown: every row again
        assert app.query_one(DataTable).row_count == 47 and app.current_row.indicator == 30
        await run_command(pilot, app, "Stage: Penilaian Interviu")
        assert app.stage_id == "interviu" and "Penilaian Interviu" in str(app.query_one("#header").render())
        assert cells(app, 0)[3:6] == ["?", "?", "?"]  # a stage of its own, not revealed
        await run_command(pilot, app, "Switch institution")
        assert app.screen is app.screen_stack[0]
        assert notified(app, "There is no other institution whose panel ani may open.")


async def test_the_palette_speaks_indonesian(db_path):
    app = open_panel(db_path, "ani", language="id")
    async with app.run_test(size=(80, 24)):
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert titles[:8] == [
            "Terima semua baris yang disepakati bulat (ketua)", "Buka tingkat semua anggota (ketua)",
            "Kunci penilaian orang di keyboard (tahap ini)", "Hanya baris yang berbeda ≥ 2", "Riwayat indikator 1",
            "Serahkan keyboard", "Tahap: Penilaian Interviu", "Tahap: Penilaian Visitasi",
        ]
        assert titles[8] == "Ganti instansi"


async def test_an_admin_switches_institution_from_the_palette(db_path):
    from spbe_tui.ui.screens.instansi_picker import InstansiPicker
    from tests.panel_helpers import run_command

    app = open_panel(db_path, "admin1")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "Switch institution")
        assert isinstance(app.screen, InstansiPicker)
        await pilot.press(*"Dua", "enter")
        await pilot.pause()
        assert app.service.instansi_id == "kota-dua" and app.active == "admin1"
        assert "Pemerintah Kota Dua" in str(app.query_one("#header").render())
        assert notified(app, "Institution: Pemerintah Kota Dua")


def test_the_panel_picker_lists_the_teams_one_may_look_at(db_path):
    from spbe_tui.services.panel_instansi import panel_instansi

    service = panel(db_path)
    service.set_team_level("ani", "dokumen", 12, 2, "median", 0)

    def listed(person):
        return [(i.id, i.decided, i.total) for i in panel_instansi(service.db, service.evaluation, person, "dokumen")]

    assert listed("ani") == [("kab-uji", 1, 47)]  # the team levels set at the stage
    assert listed("rina") == listed("admin1") == [("kab-uji", 1, 47), ("kota-dua", 0, 47)]
    assert listed("dodi") == []
    assert [i.decided for i in panel_instansi(service.db, service.evaluation, "ani", "interviu")] == [0]


# --- the layout at 80 and 120 columns -----------------------------------------------------------


def key_line(app) -> str:
    return str(app.query_one("#panel-keys").render())


def name_width(app) -> int:
    return app.query_one(DataTable).ordered_columns[1].get_render_width(app.query_one(DataTable)) - 2


@pytest.mark.parametrize("language", ["en", "id"])
async def test_every_line_fits_80_columns_and_grows_at_120(db_path, language):
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani", language=language)
    async with app.run_test(size=(80, 24)) as pilot:
        header = str(app.query_one("#header").render())
        assert "Kab. Uji" in header and "Penilaian Dokumen" in header and app.t("team_index") in header
        assert app.t("at_keyboard", who=f"ani ({app.t('chair')})") in header
        for line in ("#panel-stats", "#panel-aspects", "#panel-keys"):
            assert app.query_one(line).size.height == 1
        assert "/α" not in str(app.query_one("#panel-aspects").render())  # exact agreement only at 80
        narrow, keys = name_width(app), key_line(app)
        assert narrow == 80 - 2 - sum(c.get_render_width(app.query_one(DataTable))
                                      for i, c in enumerate(app.query_one(DataTable).ordered_columns) if i != 1) - 2
        for hint in app.key_hints():  # a hint is there whole or not at all
            assert (f"{hint.key} {hint.text}" in keys) or (hint.text not in keys)
        assert f"? {app.t('key_help')}" in keys and len(keys) <= 78
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert "Pemerintah Kabupaten Uji" in str(app.query_one("#header").render())
        assert name_width(app) == 30 > narrow  # the longest short name of the framework, whole
        assert "/α" in str(app.query_one("#panel-aspects").render())
        assert f"q {app.t('key_quit')}" in key_line(app) and len(key_line(app)) > len(keys)


async def test_a_long_institution_name_is_shortened_never_dropped(db_path):
    from spbe_tui.services.evaluation import Instansi

    app = open_panel(db_path, "ani")
    async with app.run_test(size=(80, 24)) as pilot:
        app.service.instansi = Instansi("kab-uji", "Pemerintah Kabupaten Kepulauan Siau Tagulandang Biaro", "kabupaten")
        app.reload()
        await pilot.pause()
        header = str(app.query_one("#header").render())
        assert header.startswith("Kab. Kepulauan Siau") and "…" in header
        assert "dokumen │ At the keyboard: ani (chair)" in header  # the stage by its id


async def test_help_and_key_line_name_the_same_quit_key(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=(120, 40)) as pilot:
        assert "q Quit" in key_line(app) and "^q" not in key_line(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert "q, ctrl+q      quit" in str(app.screen.query_one("Static").render())
        await pilot.press("escape")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_the_help_fits_80x24_in_both_languages(db_path):
    for language in ("en", "id"):
        app = open_panel(db_path, "ani", language=language)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("question_mark")
            await pilot.pause()
            box = app.screen.query_one("#text-box")
            assert box.max_scroll_y == 0, language  # nothing to scroll to
            assert all(len(line) <= box.content_size.width for line in
                       str(app.screen.query_one("Static").render()).splitlines()), language


async def test_the_stats_line_counts_the_submitted_when_their_names_do_not_fit(db_path):
    for member in ("ani", "budi", "citra"):
        panel(db_path).lock(member, "dokumen")
    app = open_panel(db_path, "ani")
    async with app.run_test(size=(80, 24)) as pilot:
        stats = str(app.query_one("#panel-stats").render())
        assert stats == "Members' levels stay hidden until the chair reveals (r) · submitted: 3/3"
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert str(app.query_one("#panel-stats").render()).endswith("· submitted: ani, budi, citra")


def test_a_short_key_line_leaves_out_the_least_needed_hints_whole():
    from spbe_tui.ui.widgets.key_line import KeyHint, fitting, hint_width

    hints = [KeyHint("1-5", "Team level", 1), KeyHint("d", "Disagreements", 3), KeyHint("?", "Help", 0)]
    assert hint_width(hints) == len("1-5 Team level  d Disagreements  ? Help")
    assert fitting(hints, 39) == hints
    assert fitting(hints, 38) == [hints[0], hints[2]]  # order kept, the highest `keep` gone first
    assert fitting(hints, 6) == [hints[2]] and fitting(hints, 5) == []


async def test_the_table_jumps_a_third_of_a_page_instead_of_scrolling_a_row_per_key(db_path):
    # A DataTable scroll repaints every visible row: over SSH one scroll per ↓ past the edge sent
    # the whole table each time. The cursor must stay visible all the same.
    app = open_panel(db_path, "ani")
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.query_one(DataTable)
        await pilot.pause()
        offsets = []
        for _ in range(40):
            await pilot.press("down")
            top, height = int(table.scroll_y), table.scrollable_content_region.height - table.header_height
            assert top <= table.cursor_row < top + height, (table.cursor_row, top, height)
            offsets.append(top)
    scrolls = sum(1 for a, b in zip(offsets, offsets[1:], strict=False) if a != b)
    assert 0 < scrolls <= 40 // (height // 3 + 1) + 1, offsets

"""The chair accepts every unanimous row at once: `u` and the palette in the panel, and
`spbe-tui team-level --accept-unanimous` on the command line. The service's rules (which rows,
one event each, who, when) are in test_panel_service.py."""

import pytest
from textual.containers import VerticalScroll
from typer.testing import CliRunner

from spbe_tui.errors import SpbeError
from spbe_tui.services.rights import AccessDenied
from spbe_tui.ui.screens.confirm import ConfirmDialog
from tests.panel_helpers import make_scored_panel_db, open_panel, panel, run_command, until
from tests.reviewer_helpers import db_rows

SIZE = (80, 24)
AGREED = [n for n in range(1, 48) if n not in (5, 12)]


@pytest.fixture
def db_path(tmp_path):
    return make_scored_panel_db(tmp_path)


def team_levels(db_path):
    return db_rows(db_path, "SELECT indicator, level FROM team_levels WHERE stage = 'dokumen' ORDER BY indicator")


def notified(app, text: str) -> bool:
    return any(text in str(n.message) for n in app._notifications)


def listed(app) -> list[str]:
    """The indicators the confirmation lists, first column of each line."""
    lines = str(app.screen.query_one("#confirm-details").query_one("Static").render()).splitlines()
    return [line.split()[0] for line in lines]


async def press_u(pilot, app) -> None:
    await pilot.press("u")
    await pilot.pause()


async def test_u_lists_the_unanimous_rows_and_sets_them_once_confirmed(db_path):
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await press_u(pilot, app)
        assert isinstance(app.screen, ConfirmDialog)
        question = str(app.screen.query_one("#confirm-question").render())
        assert question.startswith("Set the team level of these 45 indicators")
        assert listed(app) == [str(n) for n in AGREED]
        details = app.screen.query_one("#confirm-details", VerticalScroll)
        assert details.has_focus and details.max_scroll_y > 0  # 45 lines do not fit 80×24: they scroll
        await pilot.press("pagedown")
        await until(pilot, lambda: details.scroll_y > 0, "PgDn did not scroll the list")
        assert team_levels(db_path) == []  # nothing before the answer
        await pilot.press("y")
        await pilot.pause()
        assert team_levels(db_path) == [(n, 3) for n in AGREED]
        assert db_rows(db_path, "SELECT count(*) FROM events WHERE kind = 'team_level'") == [(45,)]
        assert notified(app, "Team level set for 45 indicators (Penilaian Dokumen)")
        table = app.query_one("DataTable")
        row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]).strip() == "1")
        assert str(table.get_row_at(row)[-2]) == "3"  # the team column shows it at once
        await press_u(pilot, app)  # nothing left to accept
        assert not isinstance(app.screen, ConfirmDialog) and notified(app, "No unanimous row without a team level")


async def test_no_or_escape_writes_nothing(db_path):
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        for answer in ("n", "escape"):
            await press_u(pilot, app)
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(answer)
            await pilot.pause()
            assert app.screen is app.screen_stack[0]
    assert team_levels(db_path) == []


async def test_only_the_chair_and_only_once_nothing_is_blind(db_path):
    app = open_panel(db_path, "ani")
    async with app.run_test(size=SIZE) as pilot:
        await press_u(pilot, app)  # before the reveal, nobody has submitted
        assert not isinstance(app.screen, ConfirmDialog)
        assert notified(app, "once the chair has revealed the levels or every member has submitted "
                             "(not submitted yet: ani, budi, citra)")
    panel(db_path).reveal("ani", "dokumen")
    for person, refusal in (("budi", "budi may not accept the unanimous rows: only the chair (ani) may."),
                            ("rina", "rina may not accept the unanimous rows: only the chair (ani) may.")):
        app = open_panel(db_path, person)
        async with app.run_test(size=SIZE) as pilot:
            await press_u(pilot, app)
            assert not isinstance(app.screen, ConfirmDialog) and notified(app, refusal)
            await run_command(pilot, app, "Accept every unanimous row")
            assert not isinstance(app.screen, ConfirmDialog)
    assert team_levels(db_path) == []


async def test_a_list_changed_meanwhile_is_shown_again_before_anything_is_written(db_path):
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani", language="id")
    async with app.run_test(size=SIZE) as pilot:
        await press_u(pilot, app)
        first = app.screen
        panel(db_path).set_team_level("ani", "dokumen", 1, 2, "dari sesi lain", 0)  # the chair's other session
        await pilot.press("y")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog) and app.screen is not first)
        assert "Daftarnya berubah sementara itu" in str(app.screen.query_one("#confirm-notice").render())
        assert listed(app) == [str(n) for n in AGREED if n != 1]
        assert team_levels(db_path) == [(1, 2)]
        await pilot.press("enter")
        await pilot.pause()
        assert team_levels(db_path) == [(1, 2), *((n, 3) for n in AGREED if n != 1)]


async def test_the_palette_command_opens_the_same_list(db_path):
    panel(db_path).reveal("ani", "dokumen")
    app = open_panel(db_path, "ani", language="id")
    async with app.run_test(size=SIZE) as pilot:
        await run_command(pilot, app, "Terima semua baris yang disepakati bulat")
        assert isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one("#confirm-question").render().plain.startswith(
            "Tetapkan tingkat tim 45 indikator ini")
        await pilot.press("y")
        await pilot.pause()
    assert len(team_levels(db_path)) == 45


# --- the command line ---------------------------------------------------------------------------


def cli(db_path, *args, answer: str = ""):
    from spbe_tui.cli import app

    return CliRunner().invoke(app, ["team-level", "--instansi", "kab-uji", *args, "--db", str(db_path)],
                              input=answer)


def test_the_command_lists_asks_and_accepts(db_path):
    panel(db_path).reveal("ani", "dokumen")
    declined = cli(db_path, "--accept-unanimous", "--as", "ani", answer="n\n")
    assert declined.exit_code == 0, declined.output
    lines = declined.output.splitlines()
    assert lines[0] == "Unanimous, no team level yet (kab-uji, dokumen):"
    assert lines[1].split() == ["1", "Kebijakan", "Arsitektur", "SPBE", "3", "Terdefinisi"]
    assert len([line for line in lines if line.startswith("  ")]) == 45
    assert "Set the team level of these 45 indicators? [y/N]" in declined.output
    assert lines[-1] == "nothing changed" and team_levels(db_path) == []
    accepted = cli(db_path, "--accept-unanimous", "--as", "ani", answer="y\n")
    assert accepted.exit_code == 0, accepted.output
    assert accepted.output.splitlines()[-1] == (
        "team level: kab-uji dokumen, 45 unanimous indicators set (one event each)")
    assert team_levels(db_path) == [(n, 3) for n in AGREED]
    again = cli(db_path, "--accept-unanimous", "--as", "ani", "--yes")
    assert again.output == "No unanimous row without a team level at stage Penilaian Dokumen.\n"


def test_yes_accepts_without_asking_at_the_stage_given(db_path):
    for member in ("ani", "budi", "citra"):
        panel(db_path).lock(member, "dokumen")  # everyone submitted: nothing is blind any more
    result = cli(db_path, "--accept-unanimous", "--stage", "dokumen", "--yes", "--as", "ani")
    assert result.exit_code == 0, result.output
    assert "[y/N]" not in result.output and len(team_levels(db_path)) == 45


@pytest.mark.parametrize(("args", "actor", "error", "message"), [
    (("--accept-unanimous",), "ani", AccessDenied, "(not submitted yet: ani, budi, citra)"),
    (("--accept-unanimous", "--yes"), "budi", AccessDenied, "only the chair (ketua tim) of kab-uji may accept"),
    (("--accept-unanimous", "--indicator", "3"), "ani", SpbeError, "--accept-unanimous is not used with --indicator"),
    (("--indicator", "3", "--level", "4"), "ani", SpbeError, "without --accept-unanimous, team-level needs "
                                                              "--justification"),
])
def test_the_command_refuses(db_path, args, actor, error, message):
    result = cli(db_path, *args, "--as", actor)
    assert isinstance(result.exception, error) and message in str(result.exception)
    assert team_levels(db_path) == []


def test_one_team_level_still_works_and_speaks_indonesian(db_path):
    from spbe_tui.cli import app

    result = CliRunner().invoke(app, ["--lang", "id", "team-level", "--instansi", "kab-uji", "--indicator", "12",
                                      "--level", "2", "--justification", "median", "--as", "ani",
                                      "--db", str(db_path)])
    assert result.output == "tingkat tim: kab-uji dokumen indikator 12 = 2 (versi 1)\n"

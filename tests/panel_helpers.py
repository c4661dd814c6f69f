"""A database with a three-person team (chair ani, budi, citra), a reviewer and an admin, each
with a passphrase for the panel's keyboard."""

from __future__ import annotations

from pathlib import Path

from spbe_tui.i18n import Translator
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.panel import PanelService
from spbe_tui.services.passphrases import set_passphrase
from spbe_tui.services.workspace import Workspace
from spbe_tui.storage.db import open_db, write
from spbe_tui.ui.panel_app import PanelApp
from tests.databases import open_database
from tests.reviewer_helpers import assign_team, make_review_db, register

TEAM = ("ani", "budi", "citra")


def passphrase_of(person: str) -> str:
    return f"{person}-frasa-sandi"


def make_panel_db(root: Path) -> Path:
    db_path = make_review_db(root)  # ani chair and budi member of kab-uji; admin1 admin
    db = open_db(db_path)
    with write(db):
        register(db, "citra")
        register(db, "rina", ("reviewer",))
        register(db, "dodi")
        assign_team(db, "kab-uji", ["citra"])
    for person in (*TEAM, "rina", "admin1"):
        set_passphrase(db, person, passphrase_of(person))
    db.close()
    return db_path


def score(db_path: Path, assessor: str, levels: dict[int, int], stage: str = "dokumen") -> None:
    """Set every listed level through the reviewer's own service."""
    db = open_db(db_path)
    session = Workspace(db, assessor, db_path=db_path).open("kab-uji", stage)
    for number, level in levels.items():
        session.set_level(number, level)
    db.close()


def make_scored_panel_db(root: Path) -> Path:
    """`make_panel_db` with every level scored: all 3, but for indicator 12 (ani 3, budi 1,
    citra 2) and indicator 5 (3, 5, 4), the two disagreements."""
    path = make_panel_db(root)
    score(path, "ani", {n: 3 for n in range(1, 48)})
    score(path, "budi", {n: 3 for n in range(1, 48)} | {5: 5, 12: 1})
    score(path, "citra", {n: 3 for n in range(1, 48)} | {5: 4, 12: 2})
    return path


def panel(db_path: Path, *, shared_screen: bool = False) -> PanelService:
    db = open_database(db_path)
    return PanelService(db, load_evaluation(db), "kab-uji", shared_screen=shared_screen)


def open_panel(db_path: Path, actor: str, stage: str = "dokumen", language: str = "en") -> PanelApp:
    """The panel as `spbe-tui panel` opens it: a screen the whole team watches."""
    return PanelApp(panel(db_path, shared_screen=True), actor, stage, Translator(language))


async def until(pilot, ready, what: str = "") -> None:
    """Let the app work until `ready()`: a screen opening, a worker's results arriving."""
    for _ in range(100):
        if ready():
            return
        await pilot.pause(0.01)
    assert ready(), what


async def run_command(pilot, app, title: str) -> None:
    """ctrl+p, the command's title in the search field, Enter on the first match. The title is
    put in at once: searching again at every letter typed makes a test slow, not truer."""
    from textual.command import CommandInput, CommandList, CommandPalette

    await pilot.press("ctrl+p")
    await until(pilot, lambda: isinstance(app.screen, CommandPalette), "no palette")
    app.screen.query_one(CommandInput).value = title

    def found() -> bool:
        results = app.screen.query_one(CommandList)
        return results.option_count > 0 and results.highlighted is not None and title in str(
            results.get_option_at_index(results.highlighted).prompt)

    await until(pilot, found, f"no command {title!r}")
    await pilot.press("enter")
    await until(pilot, lambda: not isinstance(app.screen, CommandPalette), "the palette stayed open")
    await pilot.pause()

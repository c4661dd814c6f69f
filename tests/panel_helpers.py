"""A database with a three-person team (chair ani, budi, citra), a reviewer and an admin."""

from __future__ import annotations

from pathlib import Path

from spbe_tui.i18n import Translator
from spbe_tui.services.evaluation import load_evaluation
from spbe_tui.services.panel import PanelService
from spbe_tui.services.workspace import Workspace
from spbe_tui.storage.db import open_db, write
from spbe_tui.storage.people import assign, ensure_assessor, grant_role
from spbe_tui.ui.panel_app import PanelApp
from tests.databases import open_database
from tests.reviewer_helpers import make_review_db

TEAM = ("ani", "budi", "citra")


def make_panel_db(root: Path) -> Path:
    db_path = make_review_db(root)  # ani chair and budi member of kab-uji; admin1 admin
    db = open_db(db_path)
    with write(db):
        for person in ("citra", "rina", "dodi"):
            ensure_assessor(db, person)
        grant_role(db, "rina", "reviewer")
        assign(db, 1, "kab-uji", "citra")
    db.close()
    return db_path


def score(db_path: Path, assessor: str, levels: dict[int, int], stage: str = "dokumen") -> None:
    """Set every listed level through the reviewer's own service."""
    db = open_db(db_path)
    session = Workspace(db, assessor, db_path=db_path).open("kab-uji", stage)
    for number, level in levels.items():
        session.set_level(number, level)
    db.close()


def panel(db_path: Path) -> PanelService:
    db = open_database(db_path)
    return PanelService(db, load_evaluation(db), "kab-uji")


def open_panel(db_path: Path, actor: str, stage: str = "dokumen", language: str = "en") -> PanelApp:
    return PanelApp(panel(db_path), actor, stage, Translator(language))

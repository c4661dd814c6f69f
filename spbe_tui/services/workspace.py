"""An assessor's way in: which evaluation, which institutions they may see, where they left off."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlite_utils import Database

from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation, load_evaluation, submitted_instansi
from spbe_tui.services.evidence import EvidenceReader
from spbe_tui.services.review import ReviewSession
from spbe_tui.services.rights import AccessDenied, load_actor
from spbe_tui.storage import decision_counts, people
from spbe_tui.storage import submissions as submission_store
from spbe_tui.storage.positions import load_position

if TYPE_CHECKING:
    from spbe_tui.services.panel import PanelService


@dataclass(frozen=True)
class InstansiSummary:
    id: str
    name: str
    type: str
    decided: int  # indicators with a level set by this assessor at the stage asked about
    total: int

    @property
    def status(self) -> str:
        """todo | doing | done"""
        if self.decided == 0:
            return "todo"
        return "done" if self.decided >= self.total else "doing"


class Workspace:
    def __init__(self, db: Database, assessor_id: str, year: int | None = None, db_path: Path | None = None):
        self.db = db
        self.evidence_store = submission_store.evidence_store_dir(db_path) if db_path else None
        self.evaluation: Evaluation = load_evaluation(db, year)
        self.actor = load_actor(db, assessor_id)
        self.assessor_id = assessor_id

    @property
    def is_admin(self) -> bool:
        return self.actor.is_admin

    def _visible_ids(self) -> set[str] | None:
        """None means all (admins)."""
        if self.is_admin:
            return None
        return people.assigned_instansi(self.db, self.evaluation.id, self.assessor_id)

    def instansi(self, stage_id: str | None = None) -> list[InstansiSummary]:
        stage_id = stage_id or self.evaluation.stages[0].id
        total = len(self.evaluation.framework.indicators)
        rows = decision_counts.progress(self.db, self.evaluation.id, self.assessor_id, stage_id,
                                        assigned_only=not self.is_admin)
        return [InstansiSummary(*row, total) for row in rows]

    def open(self, instansi_id: str, stage_id: str | None = None) -> ReviewSession:
        visible = self._visible_ids()
        if visible is not None and instansi_id not in visible:
            raise AccessDenied(say("review_not_assigned", assessor=self.assessor_id, instansi=instansi_id))
        instansi = submitted_instansi(self.db, self.evaluation, instansi_id)
        stage = stage_id or self.evaluation.stages[0].id
        session = ReviewSession(self.db, self.evaluation, self.assessor_id, instansi, stage)
        session.evidence = EvidenceReader(self.db, self.evidence_store)
        return session

    def panel(self, instansi_id: str) -> PanelService:
        """The panel round of an institution, for the history and submitting from the assessor app."""
        from spbe_tui.services.panel import PanelService  # not before it is asked for: part of the reviewer's start

        return PanelService(self.db, self.evaluation, instansi_id)

    def start(self, instansi_id: str | None = None, stage_id: str | None = None) -> tuple[ReviewSession, int | None]:
        """Open where asked, else where this assessor left off, else the first visible institution."""
        position = load_position(self.db, self.assessor_id, self.evaluation.id)
        if instansi_id is None and position is not None:
            instansi_id = position["instansi_id"]
            stage_id = stage_id or position["stage"]
        if instansi_id is None:
            available = self.instansi()
            if not available:
                raise AccessDenied(say("review_nothing_assigned", assessor=self.assessor_id,
                                       evaluation=self.evaluation.name))
            instansi_id = available[0].id
        if stage_id is not None:
            self.evaluation.stage(stage_id)
        session = self.open(instansi_id, stage_id)
        indicator = position["indicator"] if position and position["instansi_id"] == instansi_id else None
        return session, indicator

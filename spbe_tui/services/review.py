"""One assessor reviewing one institution, stage by stage.

Every change is written at once, in one transaction with its event-log entry; nothing waits for
a save key. A stage starts from the assessor's level at the previous stage (carried forward),
and the first stage from the institution's self-assessment level.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from spbe_tui.domain import levels as rules
from spbe_tui.domain.framework import Indicator
from spbe_tui.domain.index import IndexResult, LevelError, compute_index, validate_level
from spbe_tui.domain.levels import Origin
from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation, Instansi
from spbe_tui.services.evidence import EvidenceItem, EvidenceReader
from spbe_tui.services.rights import AccessDenied
from spbe_tui.storage import decisions as decision_store
from spbe_tui.storage import panel as panel_store
from spbe_tui.storage import people
from spbe_tui.storage import submissions as submission_store
from spbe_tui.storage.db import write
from spbe_tui.storage.decisions import DecisionKey
from spbe_tui.storage.events import decision_events_newest_first
from spbe_tui.storage.ledger import record
from spbe_tui.storage.positions import save_position


@dataclass(frozen=True)
class DecisionRecord:
    """An assessor's stored decision, as a conflict reports it."""

    level: int | None
    justification: str
    version: int


@dataclass
class IndicatorState:
    indicator: Indicator
    self_level: int | None = None
    penjelasan: str = ""
    fakta: str = ""
    analisis: str = ""
    evidence: list[EvidenceItem] = field(default_factory=list)
    evidence_hash: str = ""
    level: int | None = None
    origin: Origin = Origin.NONE
    justification: str = ""  # this assessor's at this stage, else what came with a carried level
    justification_carried: bool = False  # the text came with the carried level, not typed here
    version: int = 0  # of this assessor's stored decision at the stage (0: none)
    stale: bool = False  # decided against evidence that has since changed

    @property
    def undecided(self) -> bool:
        """Not yet confirmed at this stage: a carried level waits for the assessor too."""
        return self.origin is not Origin.DECIDED

    @property
    def far_from_self(self) -> bool:
        return rules.far_from_self(self.level, self.self_level)


class ReviewSession:
    """The state of one institution for one assessor at one stage, kept in step with the database."""

    def __init__(self, db: Database, evaluation: Evaluation, assessor_id: str, instansi: Instansi, stage_id: str):
        self.db = db
        self.evaluation = evaluation
        self.framework = evaluation.framework
        self.assessor_id = assessor_id
        self.instansi = instansi
        self.stage = evaluation.stage(stage_id)
        self.evidence = EvidenceReader(db, None)
        self._states: dict[int, IndicatorState] = {}
        self._decisions: dict[tuple[str, int], dict[str, Any]] = {}
        self._team: dict[tuple[str, int], int] = {}
        self._team_text: dict[tuple[str, int], str] = {}
        # Only the institution's team scores it; an admin may look without being on it.
        self.team_role = people.assignment_role(db, evaluation.id, instansi.id, assessor_id)
        self._load_submission()
        self._load_decisions()

    # --- loading -------------------------------------------------------------------------------

    def _load_submission(self) -> None:
        current = decision_store.current_revision(self.db, self.evaluation.id, self.instansi.id)
        revision_id: int | None = current[0] if current else None
        self._revision: int | None = current[1] if current else None
        self._states = {i.number: IndicatorState(indicator=i) for i in self.framework.indicators}
        if revision_id is None:
            return
        for row in submission_store.self_assessments(self.db, revision_id):
            state = self._states.get(row["indicator"])
            if state is None:
                continue
            state.self_level = row["level"]
            state.penjelasan, state.fakta, state.analisis = row["penjelasan"], row["fakta"], row["analisis"]
            state.evidence_hash = row["evidence_hash"]
        for row in submission_store.revision_evidence(self.db, revision_id):
            state = self._states.get(row["indicator"])
            if state is not None:
                state.evidence.append(
                    EvidenceItem(
                        name=row["name"], sha256=row["sha256"], media_type=row["media_type"], size=row["size"],
                        status=row["extract_status"], error=row["extract_error"], page_count=row["page_count"],
                        stored_path=row["stored_path"],
                    )
                )

    def _load_decisions(self) -> None:
        rows = decision_store.decisions_of(self.db, self.evaluation.id, self.instansi.id, self.assessor_id)
        self._decisions = {(r["stage"], r["indicator"]): r for r in rows}
        team_rows = panel_store.team_level_records(self.db, self.evaluation.id, self.instansi.id)
        self._team = {(r["stage"], r["indicator"]): r["level"] for r in team_rows}
        self._team_text = {(r["stage"], r["indicator"]): r["justification"] for r in team_rows}
        for number in self._states:
            self._derive(number)

    def _derive(self, number: int) -> None:
        """Level, origin and staleness of one indicator at the current stage."""
        state = self._states[number]
        own = {
            stage: rules.Decision(row["level"], row["justification"], row["evidence_hash"])
            for (stage, indicator), row in self._decisions.items() if indicator == number
        }
        team = {stage: level for (stage, indicator), level in self._team.items() if indicator == number}
        team_text = {stage: text for (stage, indicator), text in self._team_text.items() if indicator == number}
        found = rules.assessor_level(self.evaluation.stage_ids, self.stage.id, own, team, state.self_level,
                                     state.evidence_hash, team_text)
        mine = own.get(self.stage.id)
        typed = mine.justification if mine else ""
        # Shown, never written: the carried text becomes this stage's only when the assessor
        # confirms the level or edits the text.
        state.justification_carried = not typed and found.origin is Origin.CARRIED and bool(found.carried_justification)
        state.justification = found.carried_justification if state.justification_carried else typed
        state.version = self.version(number)
        state.level, state.origin, state.stale = found.level, found.origin, found.stale

    # --- reading -------------------------------------------------------------------------------

    def state(self, number: int) -> IndicatorState:
        return self._states[number]

    def states(self) -> Iterator[IndicatorState]:
        return iter(self._states.values())

    @property
    def undecided_count(self) -> int:
        return sum(1 for s in self._states.values() if s.undecided)

    def index(self) -> IndexResult:
        levels = {n: s.level for n, s in self._states.items() if s.level is not None}
        return compute_index(self.framework, levels, self.evaluation.basis)

    def next_undecided(self, after: int) -> int | None:
        numbers = list(self._states)
        start = numbers.index(after) + 1 if after in self._states else 0
        for number in numbers[start:] + numbers[:start]:
            if self._states[number].undecided:
                return number
        return None

    def justification_template(self, number: int) -> str:
        return self.framework.justification(number, self._states[number].level)

    # --- changing ------------------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return panel_store.is_locked(self.db, self.evaluation.id, self.instansi.id, self.assessor_id, self.stage.id)

    def read_only_reason(self, stage_id: str | None = None) -> str | None:
        """Why this assessor may not change the stage's levels, or None when they may."""
        stage = self.evaluation.stage(stage_id or self.stage.id)
        if self.team_role is None:
            return say("review_not_on_team", assessor=self.assessor_id, instansi=self.instansi.id)
        if panel_store.is_locked(self.db, self.evaluation.id, self.instansi.id, self.assessor_id, stage.id):
            return say("review_submitted", assessor=self.assessor_id, stage=stage.name, instansi=self.instansi.id)
        return None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason() is not None

    def _record(self, stage_id: str, number: int, expected_version: int | None, change: dict[str, Any],
                kind: str = "decision", extra: dict[str, Any] | None = None) -> int:
        """Write one decision and its event in one transaction; returns the new version.

        `change` holds the fields that change (level, justification); the others keep their
        stored value, read inside the transaction, so the event's old value is what was there.
        `expected_version` is the version the person saw: None skips the check (undo)."""
        reason = self.read_only_reason(stage_id)
        if reason:
            raise AccessDenied(reason)
        key = DecisionKey(self.evaluation.id, self.instansi.id, self.assessor_id, stage_id, number)
        with write(self.db):
            before = decision_store.get_decision(self.db, key)
            version = before["version"] if before else 0
            if expected_version is not None and version != expected_version:
                assert before is not None  # version 0 is the only one without a row
                self._decisions[(stage_id, number)] = before
                self._derive(number)
                raise Conflict(
                    say("review_conflict", n=number, stage=stage_id,
                        level=before["level"] if before["level"] is not None else "-"),
                    DecisionRecord(before["level"], before["justification"], version),
                )
            old = {"level": before["level"], "justification": before["justification"]} if before else None
            new = {"level": None, "justification": "", **(old or {}), **change}
            # What it was decided against goes in the log too, so a stale mark can be checked.
            against = {"revision": self._revision, "evidence_hash": self._states[number].evidence_hash}
            record(self.db, actor=self.assessor_id, kind=kind, evaluation_id=self.evaluation.id,
                   instansi_id=self.instansi.id, stage=stage_id, indicator=number, old=old,
                   new={**new, **against, **(extra or {})}, justification=new["justification"])
            save_position(self.db, self.assessor_id, self.evaluation.id, self.instansi.id, stage_id, number)
        row = decision_store.get_decision(self.db, key)
        assert row is not None
        self._decisions[(stage_id, number)] = row
        self._derive(number)
        return version + 1

    def version(self, number: int, stage_id: str | None = None) -> int:
        """The stored version of this assessor's decision (0: none yet)."""
        row = self._decisions.get((stage_id or self.stage.id, number))
        return row["version"] if row else 0

    def set_level(self, number: int, level: int, stage_id: str | None = None) -> IndicatorState:
        """Set this assessor's level; the stored justification stays as it is.

        Conflict when another window changed the decision since this session read it: the
        state then shows the stored value, and a second call (the person's informed choice) goes
        through."""
        try:
            validate_level(self.framework, number, level)
        except LevelError as exc:
            raise SpbeError(str(exc)) from None
        stage_id = stage_id or self.stage.id
        state = self._states[number]
        if stage_id == self.stage.id and state.origin is Origin.DECIDED and state.level == level and not state.stale:
            return state
        change: dict[str, Any] = {"level": level}
        if stage_id == self.stage.id and state.justification_carried and state.level == level:
            change["justification"] = state.justification  # the carried level confirmed, with its text
        self._record(stage_id, number, self.version(number, stage_id), change)
        return state

    def confirm(self, number: int) -> bool:
        """Make the level shown (the self level, or one carried forward) this assessor's decision
        at this stage, with the justification shown; False when there is no level to confirm."""
        state = self._states[number]
        if state.level is None:
            return False
        if state.origin is Origin.DECIDED and not state.stale:
            return True
        self._record(self.stage.id, number, state.version, {"level": state.level, "justification": state.justification})
        return True

    def set_justification(self, stage_id: str, number: int, text: str, base_version: int) -> int:
        """Store the justification typed for (this institution, `stage_id`, `number`) against the
        version the person saw; returns the new version. The level stays as it is stored."""
        stored = self._decisions.get((stage_id, number))
        if stored is not None and stored["justification"] == text and stored["version"] == base_version:
            return base_version
        return self._record(stage_id, number, base_version, {"justification": text})

    def undo(self) -> int | None:
        """Revert this assessor's last decision change on this institution; returns its indicator.

        The undo is itself an event: history is never deleted.
        """
        undone: set[int] = set()
        for event in decision_events_newest_first(self.db, self.assessor_id, self.evaluation.id, self.instansi.id):
            if event["kind"] == "undo":
                undone.add(json.loads(event["new_value"])["undoes"])
                continue
            if event["id"] in undone:
                continue
            old = json.loads(event["old_value"]) if event["old_value"] else None
            previous = {"level": old["level"] if old else None, "justification": old["justification"] if old else ""}
            self._record(event["stage"], event["indicator"], None, previous, kind="undo",
                         extra={"undoes": event["id"]})
            if event["stage"] != self.stage.id:
                self.change_stage(event["stage"])
            return int(event["indicator"])
        return None

    def change_stage(self, stage_id: str) -> None:
        """Look at another stage: nothing is written."""
        self.stage = self.evaluation.stage(stage_id)
        for number in self._states:
            self._derive(number)

    def reload(self) -> None:
        """Read everything again (another window or person may have changed it)."""
        self._load_submission()
        self._load_decisions()

    def remember_position(self, number: int) -> None:
        with write(self.db):
            save_position(self.db, self.assessor_id, self.evaluation.id, self.instansi.id, self.stage.id, number)

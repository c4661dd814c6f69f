"""A team's panel round for one institution and stage: blind scoring, reveal, the chair's team
level with conflict detection, the Tim Reviu's reviu, and each indicator's history.

Who sees whose levels follows the blind rule of `spbe_tui.domain.levels`.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from spbe_tui.domain import levels as level_rules
from spbe_tui.domain.agreement import Agreement, agreement
from spbe_tui.domain.index import IndexResult, compute_index, validate_level
from spbe_tui.errors import Conflict, SpbeError
from spbe_tui.i18n import say
from spbe_tui.services import levels
from spbe_tui.services.evaluation import Evaluation, submitted_instansi
from spbe_tui.services.passphrases import check_passphrase
from spbe_tui.services.rights import (
    AccessDenied,
    Actor,
    load_actor,
    require_chair,
    require_reviewer,
    require_team,
    team_role,
)
from spbe_tui.storage import decisions as decision_store
from spbe_tui.storage import panel as store
from spbe_tui.storage import people
from spbe_tui.storage import submissions as submission_store
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record

DISAGREEMENT = 2  # a spread this wide is talked about first
HIDDEN_KINDS = ("stage_opened", "panel_active")  # navigation, not part of an indicator's story


@dataclass(frozen=True)
class TeamLevel:
    level: int
    justification: str
    set_by: str
    version: int


@dataclass(frozen=True)
class Reviu:
    outcome: str  # valid | tidak_valid
    corrected_level: int | None
    justification: str
    reviewer: str
    reviewed_at: str = ""
    stale: bool = False  # the team level it judged was set again afterwards: to be reviewed again

    @property
    def valid(self) -> bool:
        return self.outcome == "valid"


def judged_team_row(
    stages: Sequence[str], team_rows: Mapping[tuple[str, int], Mapping[str, Any]], indicator: int
) -> Mapping[str, Any] | None:
    """The team level a reviu judges: the one at the last stage, carried forward from the latest
    stage that has one (as `domain.levels.final_levels` counts it)."""
    for stage in reversed(stages):
        if (stage, indicator) in team_rows:
            return team_rows[(stage, indicator)]
    return None


def reviu_is_stale(reviewed_at: str, team_set_at: str | None) -> bool:
    """A reviu saw the team level as it stood then; one set afterwards has not been reviewed.

    The reviu table keeps no version of what it judged (and a schema change is not worth it
    here): both times are `storage.events.now()` ISO strings in UTC, so they compare as text.
    """
    return team_set_at is not None and team_set_at > reviewed_at


def reviu_from_rows(
    stages: Sequence[str], team_rows: Mapping[tuple[str, int], Mapping[str, Any]],
    reviu_rows: Iterable[Mapping[str, Any]],
) -> dict[int, Reviu]:
    """Indicator -> its reviu, from `reviu` rows and (stage, indicator) -> `team_levels` row."""
    records: dict[int, Reviu] = {}
    for r in reviu_rows:
        judged = judged_team_row(stages, team_rows, r["indicator"])
        records[r["indicator"]] = Reviu(
            r["outcome"], r["corrected_level"], r["justification"], r["reviewer_id"], r["reviewed_at"],
            reviu_is_stale(r["reviewed_at"], judged["set_at"] if judged else None),
        )
    return records


def reviu_records(db: Database, evaluation: Evaluation, instansi_id: str) -> dict[int, Reviu]:
    """Indicator -> the institution's reviu, each marked stale or not; for the panel and for exports."""
    team_rows = {(r["stage"], r["indicator"]): r for r in store.team_level_records(db, evaluation.id, instansi_id)}
    return reviu_from_rows(evaluation.stage_ids, team_rows, store.reviu_rows(db, evaluation.id, instansi_id))


@dataclass(frozen=True)
class HistoryEntry:
    at: str
    actor: str
    kind: str
    stage: str | None
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    justification: str


def _team_level(row: dict[str, Any]) -> TeamLevel:
    return TeamLevel(row["level"], row["justification"], row["set_by"], row["version"])


@dataclass(frozen=True)
class Unanimous:
    """A row every member of the team gave the same level, with no team level at the stage yet."""

    indicator: int
    label: str
    name: str
    level: int
    level_name: str


def unanimous_level(levels: Iterable[int | None]) -> int | None:
    """The level when there are two or more and all are the same one; a team of one agrees with
    nobody, and a member without a level has not agreed to anything."""
    given = list(levels)
    if len(given) < 2 or None in given or len(set(given)) != 1:
        return None
    return given[0]


@dataclass(frozen=True)
class Member:
    id: str
    name: str
    role: str  # chair | member


@dataclass
class Row:
    indicator: int
    label: str
    name: str
    weight_x_spread: float
    self_level: int | None
    levels: dict[str, int | None]  # assessor -> level (None: no level yet, or hidden)
    visible: bool  # False: the others' levels are hidden from the viewer
    spread: int | None
    suggested: int | None  # the median (lower median for an even count)
    team_level: int | None
    team_version: int  # 0: no team level yet
    team_justification: str = ""
    reviu: Reviu | None = None
    hidden: frozenset[str] = frozenset()  # assessors whose levels the viewer may not see here

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT


@dataclass
class Board:
    stage_id: str
    members: list[Member]
    locked: set[str]
    revealed: bool
    visible: bool
    rows: list[Row] = field(default_factory=list)
    agreement: Agreement | None = None
    aspect_agreement: dict[int, Agreement] = field(default_factory=dict)
    team_index: IndexResult | None = None


class PanelService:
    """`shared_screen`: the panel at one terminal, watched by the whole team, where no
    assessor's level shows before the reveal; otherwise one person's own screen."""

    def __init__(self, db: Database, evaluation: Evaluation, instansi_id: str, *, shared_screen: bool = False):
        self.db = db
        self.evaluation = evaluation
        self.framework = evaluation.framework
        self.instansi = submitted_instansi(db, evaluation, instansi_id)
        self.shared_screen = shared_screen

    @property
    def instansi_id(self) -> str:
        return self.instansi.id

    def for_instansi(self, instansi_id: str) -> PanelService:
        """The same kind of panel (shared screen or not) on another institution of the evaluation."""
        return PanelService(self.db, self.evaluation, instansi_id, shared_screen=self.shared_screen)

    def actor(self, actor_id: str) -> Actor:
        return load_actor(self.db, actor_id)

    def members(self) -> list[Member]:
        rows = store.team_members(self.db, self.evaluation.id, self.instansi_id)
        return [Member(r["id"], r["name"], r["role"]) for r in rows]

    # --- seeing --------------------------------------------------------------------------------

    def can_see_others(self, viewer: Actor, stage_id: str) -> bool:
        on_team = team_role(self.db, self.evaluation.id, self.instansi_id, viewer) is not None
        sees = level_rules.sees_others(
            on_team=on_team, is_admin=viewer.is_admin, is_reviewer=viewer.is_reviewer,
            submitted=on_team and store.is_locked(self.db, self.evaluation.id, self.instansi_id, viewer.id, stage_id),
            revealed=store.is_revealed(self.db, self.evaluation.id, self.instansi_id, stage_id),
        )
        if sees is None:
            raise AccessDenied(say("panel_not_on_team", who=viewer.id, instansi=self.instansi_id))
        return sees

    def _shows(self, viewer: Actor, owner: str, stage_id: str) -> bool:
        """Whether `owner`'s levels of the stage are shown to the viewer here."""
        return level_rules.on_screen(
            own=owner == viewer.id, sees_others=self.can_see_others(viewer, stage_id),
            revealed=store.is_revealed(self.db, self.evaluation.id, self.instansi_id, stage_id),
            shared_screen=self.shared_screen,
        )

    def _team_rows(self) -> dict[tuple[str, int], dict[str, Any]]:
        """(stage, indicator) -> the team level row."""
        return {(r["stage"], r["indicator"]): r
                for r in store.team_level_records(self.db, self.evaluation.id, self.instansi_id)}

    def _member_levels(self, member_ids: list[str], stage_id: str,
                       team_rows: dict[tuple[str, int], dict[str, Any]]) -> dict[str, dict[int, int]]:
        """Each member's level per indicator at the stage (decided or carried), from one query."""
        decisions = [
            (r["assessor_id"], r["stage"], r["indicator"],
             level_rules.Decision(r["level"], r["justification"], r["evidence_hash"]))
            for r in decision_store.team_decisions(self.db, self.evaluation.id, self.instansi_id)
        ]
        return level_rules.member_levels(
            self.evaluation.stage_ids, stage_id, member_ids,
            [i.number for i in self.framework.indicators], decisions,
            {key: row["level"] for key, row in team_rows.items()},
            submission_store.current_evidence_hashes(self.db, self.evaluation.id, self.instansi_id),
        )

    def board(self, viewer_id: str, stage_id: str) -> Board:
        viewer = self.actor(viewer_id)
        self.evaluation.stage(stage_id)
        members = self.members()
        shown = {m.id: self._shows(viewer, m.id, stage_id) for m in members}
        visible = self._shows(viewer, "", stage_id)  # someone else's: are the others' levels shown?
        team_rows = self._team_rows()
        ratings = self._member_levels([m.id for m in members], stage_id, team_rows)
        ratings = {m: (r if shown[m] else {}) for m, r in ratings.items()}
        hidden = frozenset(m for m, yes in shown.items() if not yes)
        self_levels = levels.self_levels(self.db, self.evaluation, self.instansi_id)
        reviu = reviu_from_rows(self.evaluation.stage_ids, team_rows,
                                store.reviu_rows(self.db, self.evaluation.id, self.instansi_id))
        board = Board(
            stage_id, members,
            store.locked_assessors(self.db, self.evaluation.id, self.instansi_id, stage_id),
            store.is_revealed(self.db, self.evaluation.id, self.instansi_id, stage_id), visible,
        )
        for ind in self.framework.indicators:
            given = [r[ind.number] for r in ratings.values() if ind.number in r]
            spread = (max(given) - min(given)) if visible and len(given) >= 2 else None
            team = team_rows.get((stage_id, ind.number))
            board.rows.append(
                Row(
                    indicator=ind.number, label=ind.label, name=ind.short_name,
                    weight_x_spread=float(ind.weight) * (spread or 0),
                    self_level=self_levels.get(ind.number),
                    levels={m.id: ratings[m.id].get(ind.number) for m in members},
                    visible=visible,
                    spread=spread,
                    suggested=statistics.median_low(given) if visible and given else None,
                    team_level=team["level"] if team else None,
                    team_version=team["version"] if team else 0,
                    team_justification=team["justification"] if team else "",
                    reviu=reviu.get(ind.number),
                    hidden=hidden,
                )
            )
        board.rows.sort(key=lambda r: (not r.disagreement, -r.weight_x_spread, r.indicator))
        if visible:
            board.agreement = agreement(ratings, [i.number for i in self.framework.indicators])
            board.aspect_agreement = {
                a.number: agreement(ratings, [i.number for i in a.indicators]) for a in self.framework.aspects
            }
        team_levels = levels.team_levels_at(self.db, self.evaluation, self.instansi_id, stage_id)
        board.team_index = compute_index(self.framework, team_levels, self.evaluation.basis)
        return board

    # --- rights, asked before a dialog opens so nobody types what would be refused ---------------

    @staticmethod
    def _allowed(check: Callable[[], object]) -> bool:
        try:
            check()
        except AccessDenied:
            return False
        return True

    def can_set_team_level(self, actor_id: str) -> bool:
        return self._allowed(lambda: require_chair(self.db, self.evaluation.id, self.instansi_id,
                                                   self.actor(actor_id), say("rights_act_team_level")))

    def can_reveal(self, actor_id: str) -> bool:
        return self._allowed(lambda: require_chair(self.db, self.evaluation.id, self.instansi_id,
                                                   self.actor(actor_id), say("rights_act_reveal")))

    def can_reviu(self, actor_id: str) -> bool:
        return self._allowed(lambda: require_reviewer(self.actor(actor_id), say("rights_act_reviu")))

    def reviu(self) -> dict[int, Reviu]:
        return reviu_records(self.db, self.evaluation, self.instansi_id)

    # --- changing ------------------------------------------------------------------------------

    def _event(self, actor: Actor, kind: str, stage: str | None = None, indicator: int | None = None,
               old=None, new=None, justification: str = "") -> None:
        record(self.db, actor=actor.id, kind=kind, evaluation_id=self.evaluation.id, instansi_id=self.instansi_id,
                     stage=stage, indicator=indicator, old=old, new=new, justification=justification)

    def lock(self, actor_id: str, stage_id: str) -> None:
        """Submit the actor's own set for the stage: every indicator must have a level decided at
        this stage; one carried from an earlier stage counts once the assessor confirmed it."""
        actor = self.actor(actor_id)
        require_team(self.db, self.evaluation.id, self.instansi_id, actor, say("rights_act_submit_levels"))
        stage = self.evaluation.stage(stage_id)
        if store.is_locked(self.db, self.evaluation.id, self.instansi_id, actor.id, stage_id):
            raise SpbeError(say("panel_already_submitted", who=actor.id, stage=stage.name, instansi=self.instansi_id))
        decided = {r["indicator"] for r in decision_store.decisions_of(self.db, self.evaluation.id, self.instansi_id,
                                                                       actor.id)
                   if r["stage"] == stage_id and r["level"] is not None}
        undecided = [i.number for i in self.framework.indicators if i.number not in decided]
        if undecided:
            shown = ", ".join(map(str, undecided[:10])) + (" …" if len(undecided) > 10 else "")
            raise SpbeError(say("panel_still_undecided", n=len(undecided), shown=shown))
        with write(self.db):
            self._event(actor, "levels_submitted", stage=stage_id)

    def reveal(self, actor_id: str, stage_id: str) -> None:
        actor = self.actor(actor_id)
        require_chair(self.db, self.evaluation.id, self.instansi_id, actor, say("rights_act_reveal"))
        self.evaluation.stage(stage_id)
        with write(self.db):
            self._event(actor, "levels_revealed", stage=stage_id)

    def set_team_level(self, actor_id: str, stage_id: str, indicator: int, level: int, justification: str,
                       expected_version: int) -> int:
        """Record the team's level; `expected_version` is the version the chair saw (0: none yet).

        Returns the new version. Raises Conflict when someone changed it in between: never a
        silent overwrite.
        """
        actor = self.actor(actor_id)
        require_chair(self.db, self.evaluation.id, self.instansi_id, actor, say("rights_act_team_level"))
        self.evaluation.stage(stage_id)
        validate_level(self.framework, indicator, level)
        if not justification.strip():
            raise SpbeError(say("panel_team_needs_text"))
        with write(self.db):
            current = store.get_team_level(self.db, self.evaluation.id, self.instansi_id, stage_id, indicator)
            version = current["version"] if current else 0
            if version != expected_version:
                assert current is not None  # version 0 is the only one without a row
                raise Conflict(say("panel_team_conflict", n=indicator, who=current["set_by"], level=current["level"],
                                   version=version), _team_level(current))
            self._event(actor, "team_level", stage=stage_id, indicator=indicator,
                        old={"level": current["level"], "justification": current["justification"]} if current else None,
                        new={"level": level, "justification": justification}, justification=justification)
        return version + 1

    def unanimous_rows(self, actor_id: str, stage_id: str) -> list[Unanimous]:
        """The rows the chair may accept at once, by indicator: every member stands by the same
        level (decided or carried, as the board compares them) and the stage has no team level
        for it yet. A team level already set at the stage is a decision of its own, perhaps
        taken against the members' levels after talking it over: it is never replaced in bulk.

        Only once the stage's levels are revealed or every member has submitted: before that,
        which rows agree would tell the room what the blind round still hides."""
        actor = self.actor(actor_id)
        require_chair(self.db, self.evaluation.id, self.instansi_id, actor, say("panel_act_accept_unanimous"))
        stage = self.evaluation.stage(stage_id)
        members = [m.id for m in self.members()]
        if not store.is_revealed(self.db, self.evaluation.id, self.instansi_id, stage_id):
            waiting = sorted(set(members) - store.locked_assessors(self.db, self.evaluation.id, self.instansi_id,
                                                                    stage_id))
            if waiting:
                raise AccessDenied(say("panel_unanimous_blind", stage=stage.name, who=", ".join(waiting)))
        team_rows = self._team_rows()
        ratings = self._member_levels(members, stage_id, team_rows)
        rows = []
        for ind in self.framework.indicators:
            level = unanimous_level(ratings[m].get(ind.number) for m in members)
            if level is not None and (stage_id, ind.number) not in team_rows:
                rows.append(Unanimous(ind.number, ind.label, ind.short_name, level, ind.scale.levels.get(level, "")))
        return rows

    def unanimous_justification(self, row: Unanimous, team_size: int) -> str:
        """The framework's standard sentence for the level, and that the whole team agreed on it."""
        agreed = say("panel_unanimous_sentence", n=team_size, level=row.level, name=row.level_name)
        return f"{self.framework.justification(row.indicator, row.level)} {agreed}"

    def accept_unanimous(self, actor_id: str, stage_id: str, expected: Mapping[int, int]) -> list[Unanimous]:
        """Set the team level of every unanimous row to the level its members agree on, one
        `team_level` event per row, all in one transaction. `expected` (indicator -> level) is
        the list the chair confirmed: if the rows are not exactly those any more, nothing is
        written and Conflict carries the rows as they are now."""
        actor = self.actor(actor_id)
        with write(self.db):
            rows = self.unanimous_rows(actor_id, stage_id)
            if {r.indicator: r.level for r in rows} != dict(expected):
                raise Conflict(say("panel_unanimous_changed"), rows)
            team_size = len(self.members())
            for row in rows:
                text = self.unanimous_justification(row, team_size)
                self._event(actor, "team_level", stage=stage_id, indicator=row.indicator,
                            new={"level": row.level, "justification": text}, justification=text)
        return rows

    def set_reviu(self, actor_id: str, indicator: int, valid: bool, corrected_level: int | None = None,
                  justification: str = "") -> None:
        actor = self.actor(actor_id)
        require_reviewer(actor, say("rights_act_reviu"))
        self.framework.indicator(indicator)
        if not valid:
            if corrected_level is None or not justification.strip():
                raise SpbeError(say("panel_tidak_valid_needs"))
            validate_level(self.framework, indicator, corrected_level)
        with write(self.db):
            before = store.get_reviu(self.db, self.evaluation.id, self.instansi_id, indicator)
            outcome = "valid" if valid else "tidak_valid"
            self._event(actor, "reviu", indicator=indicator,
                        old={k: before[k] for k in ("outcome", "corrected_level")} if before else None,
                        new={"outcome": outcome, "corrected_level": None if valid else corrected_level},
                        justification=justification)

    def keyboard_candidates(self) -> list[str]:
        """Who may take the keyboard: the team, then the Tim Reviu."""
        team = [m.id for m in self.members()]
        return team + sorted(set(people.with_role(self.db, "reviewer")) - set(team))

    def hand_over(self, actor_id: str, passphrase: str, previous: str | None) -> None:
        """Give the keyboard of a shared terminal to `actor_id`, who proves it is them with their
        own passphrase; from then on their rights apply. Recorded, so the trail shows whose hands
        did what."""
        actor = self.actor(actor_id)
        if not (actor.is_admin or actor.is_reviewer):
            require_team(self.db, self.evaluation.id, self.instansi_id, actor, say("rights_act_keyboard"))
        check_passphrase(self.db, actor.id, passphrase)
        with write(self.db):
            self._event(actor, "panel_active", old={"active": previous}, new={"active": actor.id})

    # --- history -------------------------------------------------------------------------------

    def team_level(self, stage_id: str, indicator: int) -> TeamLevel | None:
        self.evaluation.stage(stage_id)
        self.framework.indicator(indicator)
        row = store.get_team_level(self.db, self.evaluation.id, self.instansi_id, stage_id, indicator)
        return _team_level(row) if row else None

    def history(self, viewer_id: str, indicator: int) -> list[HistoryEntry]:
        """Every recorded change touching the indicator, oldest first, as visible to the viewer."""
        viewer = self.actor(viewer_id)
        self.framework.indicator(indicator)
        entries = []
        for event in store.indicator_events(self.db, self.evaluation.id, self.instansi_id, indicator):
            if event["kind"] in HIDDEN_KINDS:
                continue
            if (event["kind"] in ("decision", "undo") and event["stage"]
                    and not self._shows(viewer, event["actor"], event["stage"])):
                continue  # a blind level
            entries.append(HistoryEntry(
                at=event["at"], actor=event["actor"], kind=event["kind"], stage=event["stage"],
                old=json.loads(event["old_value"]) if event["old_value"] else None,
                new=json.loads(event["new_value"]) if event["new_value"] else None,
                justification=event["justification"],
            ))
        return entries

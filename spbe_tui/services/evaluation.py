"""The evaluation being worked on (its year, framework, stages and predikat basis) and the
institutions that have a submission in it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.domain.framework import Framework, Stage, UnknownStage
from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.domain.index import PredikatBasis
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.storage import submissions as store


class UnknownInstansi(SpbeError):
    """An institution with no submission in the evaluation."""


@dataclass(frozen=True)
class Evaluation:
    id: int
    year: int
    name: str
    framework: Framework
    stages: tuple[Stage, ...]  # the stages this evaluation uses, in order
    basis: PredikatBasis

    @property
    def stage_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.stages)

    def stage(self, stage_id: str) -> Stage:
        for stage in self.stages:
            if stage.id == stage_id:
                return stage
        raise UnknownStage(say("eval_stage_unused", stage=stage_id, name=self.name, stages=", ".join(self.stage_ids)))

    def stage_position(self, stage_id: str) -> int:
        return self.stage_ids.index(self.stage(stage_id).id)


@dataclass(frozen=True)
class Instansi:
    id: str
    name: str
    type: str


def has_evaluation(db: Database) -> bool:
    return bool(store.list_evaluations(db))


def load_evaluation(db: Database, year: int | None = None) -> Evaluation:
    """The evaluation of the given year, or the newest one."""
    rows = store.list_evaluations(db)
    if year is not None:
        rows = [r for r in rows if r["year"] == year]
    if not rows:
        if year is None:
            raise SpbeError(say("eval_none"))
        raise SpbeError(say("eval_none_for_year", year=year))
    row = rows[0]
    framework = load_framework(row["framework_id"])
    stage_ids = json.loads(row["stages"])
    return Evaluation(
        id=row["id"],
        year=row["year"],
        name=row["name"],
        framework=framework,
        stages=tuple(framework.stage(s) for s in stage_ids),
        basis=PredikatBasis(row["predikat_basis"]),
    )


def submitted_instansi(db: Database, evaluation: Evaluation, instansi_id: str) -> Instansi:
    """The institution, if it has a submission in the evaluation."""
    row = store.submitted_instansi(db, evaluation.id, instansi_id)
    if row is None:
        raise UnknownInstansi(say("eval_no_submission", instansi=instansi_id, name=evaluation.name))
    return Instansi(row["id"], row["name"], row["type"])


def instansi_with_submissions(db: Database, evaluation: Evaluation) -> list[Instansi]:
    """Every institution with a submission in the evaluation, by name."""
    return [Instansi(r["id"], r["name"], r["type"]) for r in store.instansi_with_submissions(db, evaluation.id)]

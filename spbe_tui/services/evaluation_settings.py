"""The evaluations a database holds, and an admin's changes to their settings (name, stages used,
and which value the predikat is read from)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from spbe_tui.domain.index import PredikatBasis
from spbe_tui.domain.levels import FINAL
from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation, load_evaluation
from spbe_tui.services.levels import levels_at
from spbe_tui.services.rights import load_actor, require_admin
from spbe_tui.storage import submissions as store
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record


@dataclass(frozen=True)
class EvaluationSummary:
    year: int
    framework_id: str
    name: str
    basis: PredikatBasis
    stages: tuple[str, ...]
    institutions: int
    complete: int  # institutions with a final level for every indicator


def evaluation_summaries(db: Database) -> list[EvaluationSummary]:
    """Every evaluation, newest year first, with how far it has got."""
    counts = store.submission_counts(db)
    summaries = []
    for row in store.list_evaluations(db):
        evaluation = load_evaluation(db, row["year"])
        total = len(evaluation.framework.indicators)
        final = levels_at(db, evaluation, FINAL)
        summaries.append(EvaluationSummary(
            evaluation.year, evaluation.framework.id, evaluation.name, evaluation.basis, evaluation.stage_ids,
            counts.get(evaluation.id, 0), sum(1 for levels in final.values() if len(levels) == total),
        ))
    return summaries


def _checked_stages(evaluation: Evaluation, stages: list[str], used: set[str]) -> list[str]:
    """The stages asked for, in the framework's order: known to it, every required one kept, and
    none dropped that already holds levels."""
    framework = evaluation.framework
    known = [s.id for s in framework.stages]
    unknown = [s for s in stages if s not in known]
    if unknown:
        raise SpbeError(say("eval_unknown_stage", framework=framework.id, unknown=", ".join(unknown),
                            stages=", ".join(known)))
    required = [s.id for s in framework.stages if not s.optional and s.id not in stages]
    if required:
        raise SpbeError(say("eval_stage_required", stages=", ".join(required), framework=framework.id))
    dropped = sorted(used - set(stages))
    if dropped:
        raise SpbeError(say("eval_stage_in_use", stages=", ".join(dropped), name=evaluation.name))
    return [s for s in known if s in stages]


def set_evaluation(
    db: Database, actor_id: str, year: int, *, predikat_basis: str | None = None, name: str | None = None,
    stages: list[str] | None = None,
) -> tuple[dict, dict]:
    """Change an evaluation's settings (admins only); returns the settings before and after.
    Recorded as an event with both, so every index computed afterwards can be traced to them."""
    require_admin(load_actor(db, actor_id), say("rights_act_settings"))
    evaluation = load_evaluation(db, year)
    if evaluation.year != year:
        raise SpbeError(say("eval_none_for_year_only", year=year))
    old = {"name": evaluation.name, "stages": list(evaluation.stage_ids), "predikat_basis": evaluation.basis.value}
    new = dict(old)
    if predikat_basis is not None:
        try:
            new["predikat_basis"] = PredikatBasis(predikat_basis).value
        except ValueError:
            raise SpbeError(say("eval_bad_basis", given=predikat_basis)) from None
    if name is not None:
        if not name.strip():
            raise SpbeError(say("eval_needs_name"))
        new["name"] = name.strip()
    with write(db):
        if stages is not None:
            new["stages"] = _checked_stages(evaluation, stages, store.stages_in_use(db, evaluation.id))
        if new != old:
            record(db, actor=actor_id, kind="evaluation_set", evaluation_id=evaluation.id, old=old, new=new)
    return old, new

"""Filling the per-aspect recommendation of an institution's report, logged like every change."""

from __future__ import annotations

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services.evaluation import Evaluation
from spbe_tui.services.rights import load_actor, require_chair
from spbe_tui.storage import recommendations as store
from spbe_tui.storage import submissions as submission_store
from spbe_tui.storage.db import write
from spbe_tui.storage.ledger import record


def recommend(db: Database, evaluation: Evaluation, instansi_id: str, aspect: int, text: str, author: str) -> str:
    """Set (or with an empty text, remove) the note; returns 'set', 'removed' or 'unchanged'."""
    if aspect not in evaluation.framework.aspect_by_number:
        known = ", ".join(str(n) for n in evaluation.framework.aspect_by_number)
        raise SpbeError(say("rec_no_aspect", framework=evaluation.framework.id, aspect=aspect, known=known))
    if submission_store.find_submission(db, evaluation.id, instansi_id) is None:
        raise SpbeError(say("eval_no_submission", instansi=instansi_id, name=evaluation.name))
    require_chair(db, evaluation.id, instansi_id, load_actor(db, author), say("rights_act_recommend"))
    # One line-ending convention, so reports show no stray carriage returns.
    text = "\n".join(text.strip().splitlines())
    before = store.get_recommendation(db, evaluation.id, instansi_id, aspect)
    old_text = before["text"] if before else ""
    if text == old_text:
        return "unchanged"
    with write(db):
        record(db, actor=author, kind="recommendation", evaluation_id=evaluation.id, instansi_id=instansi_id,
                     old={"aspect": aspect, "text": old_text} if before else None, new={"aspect": aspect, "text": text})
    return "set" if text else "removed"

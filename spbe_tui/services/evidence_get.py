"""`evidence get`: the original files of one indicator, checked against their hashes, for whoever
may review the institution (its team, the Tim Reviu, an admin)."""

from __future__ import annotations

import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.importing.evidence import EvidenceRejected, normalise_name, sha256_of
from spbe_tui.services.evaluation import Evaluation, submitted_instansi
from spbe_tui.services.rights import load_actor, require_team
from spbe_tui.storage import decisions as decision_store
from spbe_tui.storage import submissions as submission_store


@dataclass(frozen=True)
class EvidenceCopy:
    """One stored file, verified, and the relative name it is handed out under."""

    name: str  # the name as submitted, made safe: relative, no '..', no control characters
    source: Path  # the file in the evidence store
    size: int
    sha256: str
    mtime: float


def safe_name(submitted: str, sha256: str) -> str:
    """The submitted name as a relative path that cannot leave the folder it is written into.

    Import already refused unsafe names; this is checked again because the name is now used to
    write on someone's disk. Anything doubtful becomes the file's hash with its suffix.
    """
    suffix = PurePosixPath(submitted).suffix[:10]
    try:
        name = normalise_name(submitted)
    except EvidenceRejected:
        return f"{sha256}{suffix}"
    parts = PurePosixPath(name).parts
    if not parts or any(not p.isprintable() or p in ("", ".", "..") for p in parts):
        return f"{sha256}{suffix}"
    return name


def indicator_evidence(db: Database, db_path: Path, evaluation: Evaluation, instansi_id: str, indicator: int,
                       actor_id: str) -> list[EvidenceCopy]:
    """The evidence files of an indicator in the institution's latest revision, each read once
    and compared with its sha256 before anything is written anywhere."""
    actor = load_actor(db, actor_id)
    submitted_instansi(db, evaluation, instansi_id)
    if not (actor.is_admin or actor.is_reviewer):
        require_team(db, evaluation.id, instansi_id, actor, say("evidence_get_action"))
    evaluation.framework.indicator(indicator)
    revision = decision_store.current_revision_id(db, evaluation.id, instansi_id)
    listed = submission_store.revision_evidence(db, revision) if revision is not None else []
    rows = [r for r in listed if r["indicator"] == indicator]
    if not rows:
        raise SpbeError(say("evidence_get_none", instansi=instansi_id, indicator=indicator))
    store_dir = submission_store.evidence_store_dir(db_path)
    return [_verified(store_dir, row) for row in rows]


def _verified(store_dir: Path, row: dict[str, Any]) -> EvidenceCopy:
    source = store_dir / row["stored_path"]
    try:
        info = source.lstat()
    except OSError as exc:
        raise SpbeError(say("evidence_get_missing", name=row["name"], path=str(source), reason=exc.strerror)) from None
    if not stat.S_ISREG(info.st_mode):
        raise SpbeError(say("evidence_get_missing", name=row["name"], path=str(source),
                            reason=say("evidence_get_not_file")))
    try:
        digest = sha256_of(source)
    except OSError as exc:
        raise SpbeError(say("evidence_get_missing", name=row["name"], path=str(source), reason=exc.strerror)) from None
    if digest != row["sha256"]:
        raise SpbeError(say("evidence_get_corrupt", name=row["name"], path=str(source)))
    return EvidenceCopy(safe_name(row["name"], row["sha256"]), source, info.st_size, row["sha256"], info.st_mtime)

"""Import submissions: validate everything first, then store each submission in one transaction.

A refused submission leaves the database exactly as it was; an identical re-import changes
nothing; a changed one becomes a new revision, and decisions whose evidence changed are reported
as stale (by the rule of spbe_tui.domain.levels, from the stored evidence hashes). A storage
fault (a full disk, a read-only database) stops the import at that submission: the ones before
it stay stored, and the report says which were stored and which were not attempted.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.domain.framework import Framework
from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.domain.levels import is_stale
from spbe_tui.errors import SpbeError, StorageError
from spbe_tui.importing import extract
from spbe_tui.importing.evidence import DEFAULT_MAX_EVIDENCE_BYTES, EvidenceFile, store_copy
from spbe_tui.importing.model import Problem, Submission
from spbe_tui.importing.readers import read_input
from spbe_tui.importing.validate import check_against_framework, check_evidence
from spbe_tui.storage import submissions as store
from spbe_tui.storage.db import storage_error, write
from spbe_tui.storage.decisions import team_decisions
from spbe_tui.storage.ledger import digest, record, revision_id_of

DEFAULT_FRAMEWORK = "spbe-2020"


@dataclass
class ImportOptions:
    framework_id: str | None = None  # None: the submission's own, else DEFAULT_FRAMEWORK
    year: int | None = None  # None: the submission's own, else this year
    dry_run: bool = False
    max_evidence_bytes: int = DEFAULT_MAX_EVIDENCE_BYTES
    user: str = field(default_factory=getpass.getuser)


@dataclass(frozen=True, order=True)
class StaleDecision:
    assessor_id: str
    stage: str
    indicator: int


@dataclass
class Outcome:
    """What happened to one submission."""

    instansi_id: str
    instansi_name: str
    status: str  # new | revised | unchanged | valid (dry run) | refused
    revision: int | None = None
    indicators: int = 0
    evidence_files: int = 0
    problems: list[Problem] = field(default_factory=list)
    stale: list[StaleDecision] = field(default_factory=list)
    new_evaluation: str | None = None  # said in the summary: the first import of a year creates its evaluation


FAILED = "failed"  # the submission the storage fault stopped: nothing of it was stored
NOT_ATTEMPTED = "not attempted"  # the submissions after it


@dataclass
class ImportReport:
    outcomes: list[Outcome] = field(default_factory=list)
    input_problems: list[Problem] = field(default_factory=list)  # problems no submission could be read past
    warnings: list[str] = field(default_factory=list)
    # Set when the database or the evidence store could not be written (a full disk, a read-only
    # file): the import stopped there. Outcomes before it are stored, each in its own transaction.
    stopped: StorageError | None = None

    @property
    def problems(self) -> list[Problem]:
        return [*self.input_problems, *(p for o in self.outcomes for p in o.problems)]

    @property
    def ok(self) -> bool:
        return not self.problems and self.stopped is None

    def stop_message(self) -> str:
        """One line for a stopped import: why, where, what is stored and what is left to do."""
        assert self.stopped is not None
        failed = next(o for o in self.outcomes if o.status == FAILED)
        stored = sum(1 for o in self.outcomes if o.status in ("new", "revised"))
        left = sum(1 for o in self.outcomes if o.status == NOT_ATTEMPTED)
        return (
            f"import stopped at {failed.instansi_id}: {self.stopped}; {stored} submission(s) before it are stored, "
            f"{failed.instansi_id} and {left} after it are not; once that is fixed, run the same import again "
            "(the stored ones come out unchanged)"
        )


Progress = Callable[[int, int, str], None]


def _indicator_evidence_hash(files: list[EvidenceFile]) -> str:
    payload = json.dumps(sorted((f.name, f.sha256) for f in files), separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def _content_hash(submission: Submission, evidence: dict[int, list[EvidenceFile]]) -> str:
    payload = {
        "instansi": [submission.instansi_id, submission.instansi_name, submission.instansi_type],
        "items": [
            [
                i.indicator, i.level, i.penjelasan, i.fakta, i.analisis,
                sorted((f.name, f.sha256) for f in evidence[i.indicator]),
            ]
            for i in sorted(submission.items, key=lambda i: i.indicator)
        ],
    }
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()).hexdigest()


def _framework_for(submission: Submission, options: ImportOptions) -> Framework:
    return load_framework(options.framework_id or submission.framework_id or DEFAULT_FRAMEWORK)


def run_import(
    source: Path, db: Database, db_path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    report = ImportReport()
    read = read_input(source)
    report.input_problems.extend(read.problems)
    hash_cache: dict[Path, EvidenceFile] = {}
    extracted: set[str] = set()
    total = len(read.submissions)
    for done, submission in enumerate(read.submissions):
        if report.stopped is not None:
            report.outcomes.append(Outcome(submission.instansi_id, submission.instansi_name, NOT_ATTEMPTED))
            continue
        if progress:
            progress(done, total, submission.instansi_id)
        try:
            outcome = _import_one(submission, db, db_path, options, hash_cache, extracted, report.warnings)
        except (StorageError, sqlite3.Error) as exc:
            # The submission's transaction was rolled back (storage.db.write); the ones before it
            # are committed. Going on would fail the same way, or worse, store some of the rest.
            report.stopped = exc if isinstance(exc, StorageError) else storage_error(exc)
            outcome = Outcome(submission.instansi_id, submission.instansi_name, FAILED)
        report.outcomes.append(outcome)
    if progress:
        progress(total, total, "")
    return report


def _import_one(
    submission: Submission,
    db: Database,
    db_path: Path,
    options: ImportOptions,
    hash_cache: dict[Path, EvidenceFile],
    extracted: set[str],
    warnings: list[str],
) -> Outcome:
    outcome = Outcome(submission.instansi_id, submission.instansi_name, "refused", problems=submission.problems)
    try:
        framework = _framework_for(submission, options)
    except SpbeError as exc:
        submission.problems.append(Problem(submission.source, str(exc), field="framework"))
        return outcome
    submission_warnings = check_against_framework(submission, framework)
    evidence = check_evidence(submission, options.max_evidence_bytes, hash_cache)
    if submission.problems:
        return outcome
    warnings.extend(submission_warnings)
    outcome.indicators = len(submission.items)
    unique = {f.sha256: f for files in evidence.values() for f in files}
    outcome.evidence_files = len(unique)
    year = options.year or submission.year or date.today().year
    content_hash = _content_hash(submission, evidence)

    evaluation = store.evaluation_of_year(db, year)
    if _other_framework(submission, evaluation, framework):
        return outcome
    submission_id = store.find_submission(db, evaluation["id"], submission.instansi_id) if evaluation else None
    previous = store.latest_revision(db, submission_id) if submission_id else None
    if previous and previous["content_hash"] == content_hash:
        outcome.status, outcome.revision = "unchanged", previous["number"]
        return outcome
    if options.dry_run:
        outcome.status = "valid"
        return outcome

    # Slow work (copying, parsing documents) happens before the write lock is taken.
    store_root = store.evidence_store_dir(db_path)
    new_files = []
    for sha, found in unique.items():
        if sha in extracted or sha in store.known_evidence(db, [sha]):
            continue
        new_files.append(_prepare_evidence(found, store_root, warnings, submission.instansi_id))
        extracted.add(sha)

    hashes = {i.indicator: _indicator_evidence_hash(evidence[i.indicator]) for i in submission.items}
    rows = [
        {"indicator": i.indicator, "level": i.level, "penjelasan": i.penjelasan, "fakta": i.fakta,
         "analisis": i.analisis, "evidence_hash": hashes[i.indicator]}
        for i in submission.items
    ]
    links = [(i, f.name, f.sha256) for i, files in evidence.items() for f in files]
    with write(db):
        # Read again under the write lock: another import may have added a revision meanwhile.
        existing = store.evaluation_of_year(db, year)
        if _other_framework(submission, existing, framework):  # another import made the year meanwhile
            return outcome
        evaluation_id = existing["id"] if existing else store.next_evaluation_id(db)
        if existing is None:
            outcome.new_evaluation = f"Evaluasi SPBE {year} ({framework.id}), created by this import"
        submission_id = store.find_submission(db, evaluation_id, submission.instansi_id)
        latest = store.latest_revision(db, submission_id) if submission_id else None
        number = (latest["number"] if latest else 0) + 1
        for row in new_files:
            store.add_evidence_file(db, **row)
        # The event creates the evaluation, institution, submission and revision rows; the rows
        # themselves are too bulky for the log, which keeps their digest instead.
        record(
            db, actor=options.user, kind="submission_imported", evaluation_id=evaluation_id,
            instansi_id=submission.instansi_id, old={"revision": latest["number"]} if latest else None,
            new={"revision": number, "content_hash": content_hash, "source": str(submission.source),
                 "evaluation": {"year": year, "framework_id": framework.id, "name": f"Evaluasi SPBE {year}",
                                "stages": [s.id for s in framework.stages], "predikat_basis": "unrounded"},
                 "instansi": {"name": submission.instansi_name, "type": submission.instansi_type},
                 "digest": digest([list(r.values()) for r in rows], links)},
        )
        revision_id = revision_id_of(db, evaluation_id, submission.instansi_id, number)
        assert revision_id is not None  # the event has just created it
        store.add_self_assessments(db, revision_id, rows)
        store.link_evidence(db, revision_id, links)
        outcome.stale = sorted(
            StaleDecision(d["assessor_id"], d["stage"], d["indicator"])
            for d in team_decisions(db, evaluation_id, submission.instansi_id)
            if d["level"] is not None and d["indicator"] in hashes
            and is_stale(d["evidence_hash"], hashes[d["indicator"]])
        )
    outcome.status, outcome.revision = ("revised" if previous else "new"), number
    if outcome.stale:
        warnings.append(
            f"{submission.instansi_id}: {len(outcome.stale)} decision(s) were made against evidence that has "
            "changed in this revision and are now marked stale"
        )
    return outcome


def _other_framework(submission: Submission, evaluation: dict | None, framework: Framework) -> bool:
    """One evaluation per year: a submission for a year evaluated with another framework is
    refused (said in its problems), rather than starting a second evaluation of that year."""
    if evaluation is None or evaluation["framework_id"] == framework.id:
        return False
    submission.problems.append(Problem(
        submission.source,
        f"{evaluation['year']} is evaluated with {evaluation['framework_id']} ({evaluation['name']}), but this "
        f"submission uses {framework.id}; a year has one framework: correct the submission's framework or year",
        field="framework",
    ))
    return True


def _prepare_evidence(found: EvidenceFile, store_root: Path, warnings: list[str], instansi_id: str) -> dict:
    try:
        stored_path = store_copy(store_root, found)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise StorageError(f"cannot write to the evidence store {store_root}: {reason}") from None
    status, error, pages = "none", "", []
    if extract.has_text(found.media_type):
        try:
            pages = [(p.number, p.title, p.text) for p in extract.extract(found.path, found.media_type)]
            status = "ok"
        except extract.ExtractionFailed as exc:
            status, error = "failed", str(exc)
            warnings.append(f"{instansi_id}: {found.name}: {error}")
    return {
        "sha256": found.sha256, "size": found.size, "media_type": found.media_type, "stored_path": stored_path,
        "status": status, "error": error, "pages": pages,
    }

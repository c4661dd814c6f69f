"""Import submissions: validate each, then store it in one transaction.

A refused submission leaves the database exactly as it was; an identical re-import changes
nothing; a changed one becomes a new revision, and decisions whose evidence changed are reported
as stale (by the rule of spbe_tui.domain.levels, from the stored evidence hashes). A storage
fault (a full disk, a read-only database) stops the import at that submission: the ones before
it stay stored, and the report says which were stored and which were not attempted.

The input is read one submission at a time (readers.open_input), so memory does not grow with
the number of institutions. Documents are copied into the store and their text extracted in
worker processes (extract_pool) while this process checks the next submissions and writes the
current one: a few submissions are checked ahead of the one being written, and each is written
only once the one before it is committed, in the order of the input.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import sqlite3
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.domain.framework import Framework
from spbe_tui.domain.framework_loader import load_framework
from spbe_tui.domain.levels import is_stale
from spbe_tui.errors import SpbeError, StorageError
from spbe_tui.i18n import say
from spbe_tui.importing.evidence import DEFAULT_MAX_EVIDENCE_BYTES, EvidenceFile, store_copy
from spbe_tui.importing.extract_pool import Extractor, PreparedEvidence, WorkerStopped, open_extractor
from spbe_tui.importing.model import Problem, Submission
from spbe_tui.importing.readers import open_input
from spbe_tui.importing.validate import check_against_framework, check_evidence
from spbe_tui.os_text import os_reason
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
    # Processes reading documents: None, as many as the cores when the input is big enough to
    # gain from them; 1, none (this process reads them).
    workers: int | None = None


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
        return say("import_stopped", instansi=failed.instansi_id, reason=self.stopped, stored=stored, left=left)


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


# Files whose hash is remembered, so that a file named by many rows of a table is hashed once:
# the ones used last, because a national table may name hundreds of thousands.
_REMEMBERED_FILES = 1024


class _RecentFiles(dict[Path, EvidenceFile]):
    def __getitem__(self, key: Path) -> EvidenceFile:
        value = super().pop(key)
        super().__setitem__(key, value)  # now the most recent
        return value

    def __setitem__(self, key: Path, value: EvidenceFile) -> None:
        if len(self) >= _REMEMBERED_FILES:
            del self[next(iter(self))]
        super().__setitem__(key, value)


@dataclass
class _Plan:
    """What storing a checked submission writes."""

    framework: Framework
    year: int
    content_hash: str
    evidence: dict[int, list[EvidenceFile]]
    files: list[tuple[EvidenceFile, Future[PreparedEvidence]]]  # not yet stored when it was checked


@dataclass
class _Pending:
    """A submission checked, waiting for its turn to be written while its documents are read."""

    submission: Submission
    outcome: Outcome
    warnings: list[str] = field(default_factory=list)
    plan: _Plan | None = None  # None: nothing to write (refused, unchanged, or a dry run)
    fault: StorageError | sqlite3.Error | None = None  # the database failed while it was checked


def run_import(
    source: Path, db: Database, db_path: Path, options: ImportOptions, progress: Progress | None = None
) -> ImportReport:
    opened = open_input(source)
    with open_extractor(opened.total, options.workers) as extractor:
        run = _Run(db, db_path, options, extractor, progress, opened.total)
        for part in opened.parts:
            run.report.input_problems.extend(part.problems)
            for submission in part.submissions:
                run.add(submission)
        run.finish_all()
    done = len(run.report.outcomes)
    if progress:
        progress(done, done, "")
    return run.report


class _Run:
    """One import: submissions checked in the order read and written in that order, each once the
    one before it is committed, at most `extractor.ahead` of them checked ahead."""

    def __init__(self, db: Database, db_path: Path, options: ImportOptions, extractor: Extractor,
                 progress: Progress | None, total: int) -> None:
        self.db, self.options, self.extractor, self.progress, self.total = db, options, extractor, progress, total
        self.store_root = store.evidence_store_dir(db_path)
        self.report = ImportReport()
        self.window: deque[_Pending] = deque()
        self.hash_cache = _RecentFiles()
        # Files being prepared for a submission of the window: another one naming the same
        # content waits for the same work instead of doing it again.
        self.preparing: dict[str, Future[PreparedEvidence]] = {}

    def add(self, submission: Submission) -> None:
        if self.report.stopped is not None:
            self.report.outcomes.append(Outcome(submission.instansi_id, submission.instansi_name, NOT_ATTEMPTED))
            return
        pending = _Pending(submission, Outcome(submission.instansi_id, submission.instansi_name, "refused",
                                               problems=submission.problems))
        try:
            pending.plan = self._check(pending)
        except (StorageError, sqlite3.Error) as exc:
            pending.fault = exc  # said at its turn, after the submissions before it are written
        self.window.append(pending)
        while len(self.window) > self.extractor.ahead:
            self._finish(self.window.popleft())

    def finish_all(self) -> None:
        while self.window:
            self._finish(self.window.popleft())

    def _finish(self, pending: _Pending) -> None:
        submission = pending.submission
        if self.progress:
            self.progress(len(self.report.outcomes), self.total, submission.instansi_id)
        outcome = pending.outcome
        try:
            if pending.fault is not None:
                raise pending.fault
            if pending.plan is not None:
                self._store(pending, pending.plan)
        except (StorageError, sqlite3.Error) as exc:
            # The submission's transaction was rolled back (storage.db.write); the ones before it
            # are committed. Going on would fail the same way, or worse, store some of the rest.
            self.report.stopped = exc if isinstance(exc, StorageError) else storage_error(exc)
            outcome = Outcome(submission.instansi_id, submission.instansi_name, FAILED)
        self.report.warnings.extend(pending.warnings)
        self.report.outcomes.append(outcome)
        self._forget(pending)
        if self.report.stopped is not None:
            while self.window:
                skipped = self.window.popleft()
                self._forget(skipped)
                self.report.outcomes.append(
                    Outcome(skipped.submission.instansi_id, skipped.submission.instansi_name, NOT_ATTEMPTED))

    def _forget(self, pending: _Pending) -> None:
        for found, future in pending.plan.files if pending.plan else []:
            if self.preparing.get(found.sha256) is future:
                del self.preparing[found.sha256]
            if self.report.stopped is not None:
                future.cancel()  # not started yet: nobody will store it

    def _check(self, pending: _Pending) -> _Plan | None:
        """Everything that needs no write: the checks, and the evidence's preparation started."""
        submission, outcome, options = pending.submission, pending.outcome, self.options
        try:
            framework = _framework_for(submission, options)
        except SpbeError as exc:
            submission.problems.append(Problem(submission.source, str(exc), field="framework"))
            return None
        submission_warnings = check_against_framework(submission, framework)
        evidence = check_evidence(submission, options.max_evidence_bytes, self.hash_cache)
        if submission.problems:
            return None
        pending.warnings.extend(submission_warnings)
        outcome.indicators = len(submission.items)
        unique = {f.sha256: f for files in evidence.values() for f in files}
        outcome.evidence_files = len(unique)
        year = options.year or submission.year or date.today().year
        content_hash = _content_hash(submission, evidence)

        evaluation = store.evaluation_of_year(self.db, year)
        if _other_framework(submission, evaluation, framework):
            return None
        submission_id = store.find_submission(self.db, evaluation["id"], submission.instansi_id) if evaluation else None
        previous = store.latest_revision(self.db, submission_id) if submission_id else None
        if previous and previous["content_hash"] == content_hash:
            outcome.status, outcome.revision = "unchanged", previous["number"]
            return None
        if options.dry_run:
            outcome.status = "valid"
            return None
        # Slow work (copying, parsing documents) happens before the write lock is taken, in the
        # workers, while the submissions before this one are written.
        known = store.known_evidence(self.db, unique)
        files = []
        for sha, found in unique.items():
            if sha in known:
                continue
            if sha not in self.preparing:
                self.preparing[sha] = self.extractor.submit(found, self.store_root)
            files.append((found, self.preparing[sha]))
        return _Plan(framework, year, content_hash, evidence, files)

    def _store(self, pending: _Pending, plan: _Plan) -> None:
        submission, outcome, options, db = pending.submission, pending.outcome, self.options, self.db
        prepared = [(found, self._prepared(found, future)) for found, future in plan.files]
        hashes = {i.indicator: _indicator_evidence_hash(plan.evidence[i.indicator]) for i in submission.items}
        rows = [
            {"indicator": i.indicator, "level": i.level, "penjelasan": i.penjelasan, "fakta": i.fakta,
             "analisis": i.analisis, "evidence_hash": hashes[i.indicator]}
            for i in submission.items
        ]
        links = [(i, f.name, f.sha256) for i, files in plan.evidence.items() for f in files]
        framework, year = plan.framework, plan.year
        with write(db):
            # Read again under the write lock: another import, or the submission before this one
            # in the input, may have made the year's evaluation or a revision since the check.
            existing = store.evaluation_of_year(db, year)
            if _other_framework(submission, existing, framework):
                return
            evaluation_id = existing["id"] if existing else store.next_evaluation_id(db)
            submission_id = store.find_submission(db, evaluation_id, submission.instansi_id)
            latest = store.latest_revision(db, submission_id) if submission_id else None
            if latest and latest["content_hash"] == plan.content_hash:
                outcome.status, outcome.revision = "unchanged", latest["number"]
                return
            if existing is None:
                outcome.new_evaluation = say("import_new_evaluation", name=_evaluation_name(year),
                                             framework=framework.id)
            number = (latest["number"] if latest else 0) + 1
            known = store.known_evidence(db, [found.sha256 for found, _ in prepared])
            for found, ready in prepared:
                if found.sha256 in known:  # stored by a submission written since this one was checked
                    continue
                store.add_evidence_file(db, sha256=found.sha256, size=found.size, media_type=found.media_type,
                                        stored_path=ready.stored_path, status=ready.status, error=ready.error,
                                        pages=ready.pages)
                if ready.status == "failed":
                    pending.warnings.append(f"{submission.instansi_id}: {found.name}: {ready.error}")
            # The event creates the evaluation, institution, submission and revision rows; the rows
            # themselves are too bulky for the log, which keeps their digest instead.
            record(
                db, actor=options.user, kind="submission_imported", evaluation_id=evaluation_id,
                instansi_id=submission.instansi_id, old={"revision": latest["number"]} if latest else None,
                new={"revision": number, "content_hash": plan.content_hash, "source": str(submission.source),
                     "evaluation": {"year": year, "framework_id": framework.id, "name": _evaluation_name(year),
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
        outcome.status, outcome.revision = ("revised" if latest else "new"), number
        if outcome.stale:
            pending.warnings.append(say("import_stale", instansi=submission.instansi_id, n=len(outcome.stale)))

    def _prepared(self, found: EvidenceFile, future: Future[PreparedEvidence]) -> PreparedEvidence:
        """The file in the store and its text, once its worker is done with it."""
        try:
            try:
                return future.result()
            except WorkerStopped as exc:
                # The document crashed the library reading it, or the worker was killed: the
                # file is kept (copied here if the worker had not yet) without its text.
                return PreparedEvidence(store_copy(self.store_root, found), "failed",
                                        say("import_extractor_stopped", name=found.name, reason=exc))
        except OSError as exc:
            reason = os_reason(exc).lower()
            raise StorageError(say("import_store_unwritable", path=self.store_root, reason=reason)) from None


def _evaluation_name(year: int) -> str:
    """The name an evaluation is created with: data, in the assessors' language whatever the interface's."""
    return f"Evaluasi SPBE {year}"


def _other_framework(submission: Submission, evaluation: dict | None, framework: Framework) -> bool:
    """One evaluation per year: a submission for a year evaluated with another framework is
    refused (said in its problems), rather than starting a second evaluation of that year."""
    if evaluation is None or evaluation["framework_id"] == framework.id:
        return False
    submission.problems.append(Problem(
        submission.source,
        say("import_other_framework", year=evaluation["year"], framework=evaluation["framework_id"],
            name=evaluation["name"], used=framework.id),
        field="framework",
    ))
    return True

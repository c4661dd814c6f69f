"""Checking the event log: what `spbe-tui audit verify` reports, and the log head.

The chain alone catches an edited or deleted entry in the middle, but not a deleted tail, nor a
log rewritten and rehashed from some entry on: the result is again a valid chain. What catches
those is a head printed earlier, `N:HASH` (N events, the last one's hash), kept outside the
database: every export and report carries one, `audit head` prints one, and an admin's seal
signs one. The log still extends such a head when its event N still has that hash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from sqlite_utils import Database

from spbe_tui.errors import SpbeError
from spbe_tui.i18n import say
from spbe_tui.services import seals
from spbe_tui.services.rights import load_actor, require_admin
from spbe_tui.storage.events import GENESIS, ChainBreak, event_hash, log_head, verify_chain
from spbe_tui.storage.integrity import damage, missing_log_triggers, restored_log_triggers
from spbe_tui.storage.replay import first_difference

_HEAD = re.compile(r"(\d+):([0-9a-f]{64})")


@dataclass(frozen=True)
class LogHead:
    count: int  # events in the log, which is also the id of the last one in an intact chain
    hash: str  # the last event's hash, GENESIS for an empty log

    def __str__(self) -> str:
        return f"{self.count}:{self.hash}"


def parse_head(text: str) -> LogHead:
    """A head as printed (`N:HASH`); hex digits in either case."""
    match = _HEAD.fullmatch(text.strip().lower())
    if match is None:
        raise SpbeError(say("audit_not_a_head", text=text))
    head = LogHead(int(match[1]), match[2])
    if head.count == 0 and head.hash != GENESIS:
        raise SpbeError(say("audit_not_empty_head", text=text, genesis=GENESIS))
    return head


def current_head(db: Database) -> LogHead:
    return LogHead(*log_head(db))


@contextmanager
def read_snapshot(db: Database) -> Iterator[LogHead]:
    """The log head, and every read in the block made against the database as it was at that head.

    A deferred BEGIN takes no lock; in WAL mode the transaction's first read (the head) fixes its
    snapshot, and every later read until the end of the block sees that same snapshot, whatever
    other processes commit meanwhile. Without it each statement would see the newest commit, and
    an export could hold levels written after the head it prints. Holding the snapshot costs
    writers nothing; it only keeps a checkpoint from going past it until the block ends.
    """
    with db.atomic():
        yield current_head(db)


def head_failure(db: Database, head: LogHead) -> str | None:
    """Why the log no longer extends `head`, or None when its event N still has that hash."""
    if head.count == 0:
        return None  # every log extends the empty one
    stored = event_hash(db, head.count)
    if stored is None:
        count, _ = log_head(db)
        if count < head.count:
            return say("audit_log_shorter", n=head.count, count=count)
        return say("audit_event_gone", n=head.count)
    if stored != head.hash:
        return say("audit_rewritten", n=head.count, stored=stored, printed=head.hash)
    return None


class Outcome(Enum):
    OK = "ok"
    FAILED = "FAILED"
    UNCHECKED = "unchecked"  # a seal whose signature could not be checked: neither good nor bad
    NOTE = "note"  # worth knowing, not a failure: e.g. dropped triggers were found and restored


@dataclass(frozen=True)
class Check:
    """One head given with --head, or one seal found beside the database."""

    subject: str
    outcome: Outcome
    detail: str


@dataclass(frozen=True)
class LogReport:
    head: LogHead
    checked: int  # entries of the chain found intact (all of them unless `broken`)
    broken: ChainBreak | None
    checks: tuple[Check, ...]
    damaged: bool = False  # the file itself: nothing in it was checked

    @property
    def failed(self) -> bool:
        return self.broken is not None or any(c.outcome is Outcome.FAILED for c in self.checks)


def verify_log(
    db: Database, heads: Sequence[LogHead] = (), *, db_path: Path | None = None, allowed_signers: Path | None = None
) -> LogReport:
    """The chain walked, each head in `heads` checked against it, and each seal beside the
    database at `db_path` checked: its head like `heads`, its signature by ssh-keygen against
    `allowed_signers` (default: `<db stem>-allowed_signers` beside the database)."""
    found = damage(db)  # a damaged file is reported as such before any of its content is believed
    if found:
        return LogReport(LogHead(0, GENESIS), 0, None,
                         tuple(Check(say("audit_subject_file"), Outcome.FAILED, problem) for problem in found),
                         damaged=True)
    with read_snapshot(db) as head:
        checked, broken = verify_chain(db)
        checks = [_check_head(db, given) for given in heads]
        if db_path is not None:
            signers = allowed_signers or seals.default_allowed_signers(db_path)
            checks += [_check_seal(db, found, signers) for found in seals.found_seals(db_path)]
        # After the heads and seals: a deleted tail is named most plainly against a printed head.
        difference = first_difference(db) if broken is None else None
        if difference is not None:
            checks.append(Check(say("audit_subject_tables"), Outcome.FAILED, str(difference)))
        checks += _check_triggers(db)  # last: what was done with the log open is said first
    return LogReport(head, checked, broken, tuple(checks))


def _check_triggers(db: Database) -> list[Check]:
    """Triggers missing now (a read-only open cannot put them back), and those an earlier open
    found missing and restored: the log was open to deletion then, which the replay and the
    printed heads check for."""
    subject = say("audit_subject_triggers")
    checks = [Check(subject, Outcome.NOTE, say("audit_triggers_restored", event=event_id, at=at))
              for event_id, at in restored_log_triggers(db)]
    missing = missing_log_triggers(db)
    if missing:
        checks.append(Check(subject, Outcome.FAILED, say("audit_triggers_missing", triggers=", ".join(missing))))
    return checks


def _check_head(db: Database, head: LogHead) -> Check:
    failure = head_failure(db, head)
    subject = say("audit_subject_head", head=head)
    if failure is not None:
        return Check(subject, Outcome.FAILED, failure)
    return Check(subject, Outcome.OK, say("audit_head_ok", n=head.count))


def _check_seal(db: Database, signature: Path, allowed_signers: Path) -> Check:
    subject = say("audit_subject_seal", path=signature)
    try:
        text, message = seals.sealed_message(signature)
        head = parse_head(text)
    except SpbeError as exc:
        return Check(subject, Outcome.FAILED, str(exc))
    # The head first: a rewritten log fails its seals whoever signed them.
    failure = head_failure(db, head)
    if failure is not None:
        return Check(subject, Outcome.FAILED, failure)
    try:
        signer = seals.signer(signature, message, allowed_signers)
    except seals.Unchecked as exc:
        return Check(subject, Outcome.UNCHECKED, say("audit_seal_unchecked", head=head, reason=exc))
    except seals.BadSeal as exc:
        return Check(subject, Outcome.FAILED, str(exc))
    return Check(subject, Outcome.OK, say("audit_seal_ok", signer=signer, head=head))


def seal_log(db: Database, db_path: Path, actor_id: str, key: Path) -> seals.NewSeal:
    """The current head signed with `key` by an admin, ready to be written beside the database.

    The chain is checked first: a seal vouches for the log up to its head, so a log that is
    already broken is not sealed.
    """
    require_admin(load_actor(db, actor_id), say("rights_act_seal_log"))
    with read_snapshot(db) as head:
        _, broken = verify_chain(db)
    if broken is not None:
        raise SpbeError(say("audit_broken_not_sealed", event=broken.event_id, reason=broken.reason))
    return seals.sign(db_path, str(head), key)

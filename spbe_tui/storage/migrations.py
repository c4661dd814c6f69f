"""The schema, as an ordered list of migrations applied on every open.

Never edit a migration that has shipped: an assessor's existing database has already run it.
Add a new `mNNN_…` function instead.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from spbe_tui.storage import decision_counts
from spbe_tui.storage.integrity import LOG_TRIGGERS

migrations = Migrations("spbe_tui")

_M001 = [
    """
    CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY,
        year INTEGER NOT NULL,
        framework_id TEXT NOT NULL,
        name TEXT NOT NULL,
        predikat_basis TEXT NOT NULL DEFAULT 'unrounded' CHECK (predikat_basis IN ('unrounded', 'rounded')),
        stages TEXT NOT NULL,  -- JSON list of the framework's stage ids this evaluation uses, in order
        created_at TEXT NOT NULL,
        UNIQUE (year, framework_id)
    ) STRICT
    """,
    """
    CREATE TABLE instansi (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        instansi_id TEXT NOT NULL REFERENCES instansi(id),
        created_at TEXT NOT NULL,
        UNIQUE (evaluation_id, instansi_id)
    ) STRICT
    """,
    """
    CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        submission_id INTEGER NOT NULL REFERENCES submissions(id),
        number INTEGER NOT NULL,
        content_hash TEXT NOT NULL,   -- sha256 over levels, penjelasan and evidence hashes
        source TEXT NOT NULL,          -- the file or folder it was imported from
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        UNIQUE (submission_id, number)
    ) STRICT
    """,
    """
    CREATE TABLE self_assessments (
        revision_id INTEGER NOT NULL REFERENCES revisions(id),
        indicator INTEGER NOT NULL,
        level INTEGER NOT NULL,
        penjelasan TEXT NOT NULL DEFAULT '',
        fakta TEXT NOT NULL DEFAULT '',
        analisis TEXT NOT NULL DEFAULT '',
        evidence_hash TEXT NOT NULL DEFAULT '',  -- sha256 over this indicator's evidence set
        PRIMARY KEY (revision_id, indicator)
    ) STRICT
    """,
    """
    CREATE TABLE evidence_files (
        sha256 TEXT PRIMARY KEY,
        size INTEGER NOT NULL,
        media_type TEXT NOT NULL,
        stored_path TEXT NOT NULL,      -- relative to the evidence store beside the database
        extract_status TEXT NOT NULL CHECK (extract_status IN ('ok', 'failed', 'none')),
        extract_error TEXT NOT NULL DEFAULT '',
        page_count INTEGER NOT NULL DEFAULT 0
    ) STRICT
    """,
    """
    CREATE TABLE evidence_pages (
        sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
        page INTEGER NOT NULL,          -- 1-based; sheets of a workbook count as pages
        title TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        PRIMARY KEY (sha256, page)
    ) STRICT
    """,
    """
    CREATE TABLE revision_evidence (
        revision_id INTEGER NOT NULL REFERENCES revisions(id),
        indicator INTEGER NOT NULL,
        name TEXT NOT NULL,             -- path as given in the submission
        sha256 TEXT NOT NULL REFERENCES evidence_files(sha256),
        PRIMARY KEY (revision_id, indicator, name)
    ) STRICT
    """,
    """
    CREATE TABLE assessors (
        id TEXT PRIMARY KEY,            -- login name; each SSH login is a person
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
    ) STRICT
    """,
    """
    CREATE TABLE assessor_roles (
        assessor_id TEXT NOT NULL REFERENCES assessors(id),
        role TEXT NOT NULL CHECK (role IN ('assessor', 'reviewer', 'admin')),
        PRIMARY KEY (assessor_id, role)
    ) STRICT
    """,
    """
    CREATE TABLE assignments (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        instansi_id TEXT NOT NULL REFERENCES instansi(id),
        assessor_id TEXT NOT NULL REFERENCES assessors(id),
        role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'chair')),
        PRIMARY KEY (evaluation_id, instansi_id, assessor_id)
    ) STRICT
    """,
    """
    CREATE TABLE decisions (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        instansi_id TEXT NOT NULL REFERENCES instansi(id),
        assessor_id TEXT NOT NULL REFERENCES assessors(id),
        stage TEXT NOT NULL,
        indicator INTEGER NOT NULL,
        level INTEGER,                  -- NULL: a justification written before a level was set
        justification TEXT NOT NULL DEFAULT '',
        revision_id INTEGER REFERENCES revisions(id),   -- the submission revision decided against
        evidence_hash TEXT NOT NULL DEFAULT '',         -- the indicator's evidence set at that time
        decided_at TEXT NOT NULL,
        PRIMARY KEY (evaluation_id, instansi_id, assessor_id, stage, indicator)
    ) STRICT
    """,
    """
    CREATE TABLE team_levels (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        instansi_id TEXT NOT NULL REFERENCES instansi(id),
        stage TEXT NOT NULL,
        indicator INTEGER NOT NULL,
        level INTEGER NOT NULL,
        justification TEXT NOT NULL DEFAULT '',
        set_by TEXT NOT NULL REFERENCES assessors(id),
        set_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,   -- bumped on each change; writers compare it to detect conflicts
        PRIMARY KEY (evaluation_id, instansi_id, stage, indicator)
    ) STRICT
    """,
    """
    CREATE TABLE reviu (
        evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
        instansi_id TEXT NOT NULL REFERENCES instansi(id),
        indicator INTEGER NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('valid', 'tidak_valid')),
        corrected_level INTEGER,
        justification TEXT NOT NULL DEFAULT '',
        reviewer_id TEXT NOT NULL REFERENCES assessors(id),
        reviewed_at TEXT NOT NULL,
        CHECK (outcome = 'valid' OR (corrected_level IS NOT NULL AND justification <> '')),
        PRIMARY KEY (evaluation_id, instansi_id, indicator)
    ) STRICT
    """,
    """
    CREATE TABLE events (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        kind TEXT NOT NULL,
        evaluation_id INTEGER,
        instansi_id TEXT,
        stage TEXT,
        indicator INTEGER,
        old_value TEXT,                 -- JSON
        new_value TEXT,                 -- JSON
        justification TEXT NOT NULL DEFAULT '',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
    ) STRICT
    """,
    # The event log is append-only: history is corrected by new events, never rewritten.
    *LOG_TRIGGERS.values(),
    "CREATE INDEX decisions_by_instansi ON decisions (evaluation_id, instansi_id, stage)",
    "CREATE INDEX events_by_subject ON events (evaluation_id, instansi_id, indicator)",
    "CREATE INDEX revision_evidence_by_sha ON revision_evidence (sha256)",
]


@migrations()
def m001_initial_schema(db: Database) -> None:
    for statement in _M001:
        db.execute(statement)


@migrations()
def m002_reviewer_state(db: Database) -> None:
    # Where each assessor left off, so a reviewer reopened after a dropped SSH link resumes there.
    db.execute(
        """
        CREATE TABLE reviewer_state (
            assessor_id TEXT NOT NULL REFERENCES assessors(id),
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
            instansi_id TEXT NOT NULL REFERENCES instansi(id),
            stage TEXT NOT NULL,
            indicator INTEGER NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (assessor_id, evaluation_id)
        ) STRICT
        """
    )


@migrations()
def m003_recommendations(db: Database) -> None:
    """Migration: one note per evaluation × institution × aspect; the latest text replaces it."""
    db.execute(
        """
        CREATE TABLE recommendations (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
            instansi_id TEXT NOT NULL REFERENCES instansi(id),
            aspect INTEGER NOT NULL,
            text TEXT NOT NULL,
            author TEXT NOT NULL REFERENCES assessors(id),
            updated_at TEXT NOT NULL,
            PRIMARY KEY (evaluation_id, instansi_id, aspect)
        ) STRICT
        """
    )


@migrations()
def m004_panel(db: Database) -> None:
    # An assessor's submitted (locked) set per stage, and the chair's reveal of a stage: together
    # they decide when team members may see each other's levels.
    db.execute(
        """
        CREATE TABLE stage_locks (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
            instansi_id TEXT NOT NULL REFERENCES instansi(id),
            assessor_id TEXT NOT NULL REFERENCES assessors(id),
            stage TEXT NOT NULL,
            locked_at TEXT NOT NULL,
            PRIMARY KEY (evaluation_id, instansi_id, assessor_id, stage)
        ) STRICT
        """
    )
    db.execute(
        """
        CREATE TABLE reveals (
            evaluation_id INTEGER NOT NULL REFERENCES evaluations(id),
            instansi_id TEXT NOT NULL REFERENCES instansi(id),
            stage TEXT NOT NULL,
            revealed_by TEXT NOT NULL REFERENCES assessors(id),
            revealed_at TEXT NOT NULL,
            PRIMARY KEY (evaluation_id, instansi_id, stage)
        ) STRICT
        """
    )


@migrations()
def m005_decision_versions(db: Database) -> None:
    # Two windows of the same assessor write the same rows: each write names the version it was
    # based on, and a stale one is refused instead of silently undoing the other window's change.
    db.execute("ALTER TABLE decisions ADD COLUMN version INTEGER NOT NULL DEFAULT 1")


@migrations()
def m006_proven_identity(db: Database) -> None:
    # An admin acting for someone else (--as) is named in every event that person's name is on.
    db.execute("ALTER TABLE events ADD COLUMN via TEXT")
    # OpenSSH proves who a person is by their key; this binds each key to one person.
    db.execute(
        """
        CREATE TABLE ssh_keys (
            fingerprint TEXT PRIMARY KEY,   -- SHA256:… as ssh-keygen -l prints it
            assessor_id TEXT NOT NULL REFERENCES assessors(id),
            key_type TEXT NOT NULL,
            blob TEXT NOT NULL,             -- base64, as in the .pub file
            comment TEXT NOT NULL DEFAULT '',
            added_at TEXT NOT NULL
        ) STRICT
        """
    )


@migrations()
def m007_passphrases(db: Database) -> None:
    # At a shared panel terminal no SSH key speaks for the person taking the keyboard: their own
    # passphrase does. Only a scrypt hash is kept, with its salt and cost.
    db.execute(
        """
        CREATE TABLE passphrases (
            assessor_id TEXT PRIMARY KEY REFERENCES assessors(id),
            salt TEXT NOT NULL,             -- hex
            hash TEXT NOT NULL,             -- hex, hashlib.scrypt
            n INTEGER NOT NULL,
            r INTEGER NOT NULL,
            p INTEGER NOT NULL,
            set_at TEXT NOT NULL
        ) STRICT
        """
    )



@migrations()
def m008_log_is_the_source(db: Database) -> None:
    # From here on every recorded change is made by applying its event (storage.ledger). Events
    # already in the log were written beside their rows, which kept their own times (and, before
    # m005, no decision versions): this event marks where the replay may compare those too.
    from spbe_tui.storage.events import append_event
    from spbe_tui.storage.ledger import LEDGER_STARTED

    legacy = db.execute("SELECT count(*) FROM events").fetchone()[0]
    if legacy:
        append_event(db, actor="spbe-tui", kind=LEDGER_STARTED, new={"legacy_events": legacy})


@migrations()
def m009_progress_indexes(db: Database) -> None:
    # `status` counts decisions per institution and per assessor over the whole evaluation, the
    # institution picker one assessor's per institution: with the level (and indicator) in the
    # index those counts read the index alone instead of every row. At ten times national scale
    # (868,560 decisions): 0.59 s became 0.13 s and 0.27 s 0.16 s (status), 0.45 s ~0.1 s (picker).
    db.execute("DROP INDEX IF EXISTS decisions_by_instansi")
    db.execute("CREATE INDEX decisions_by_instansi ON decisions (evaluation_id, instansi_id, stage, indicator, level)")
    db.execute(
        "CREATE INDEX decisions_by_assessor ON decisions (evaluation_id, assessor_id, stage, instansi_id, level)"
    )


@migrations()
def m010_decision_counts(db: Database) -> None:
    # One assessor's progress per institution, for the institution picker: kept by triggers
    # rather than counted from the decisions on every open (see storage.decision_counts).
    db.execute(decision_counts.TABLE)
    for trigger in decision_counts.COUNT_TRIGGERS.values():
        db.execute(trigger)
    decision_counts.count_again(db)


def migrate(db: Database, *, read_only: bool = False) -> None:
    """Apply pending migrations under the write lock, so concurrent first opens do not race.

    A database a newer spbe-tui has migrated is refused before anything runs: its schema may
    differ in ways this code would misread or break with its writes. `read_only` applies nothing
    and raises NeedsUpgrade if something is pending.
    """
    from spbe_tui.errors import StorageError
    from spbe_tui.i18n import say
    from spbe_tui.storage.db import NeedsUpgrade, write

    # Every migration is pending on an empty database: that lists the ones this code knows.
    empty = Database(memory=True, execute_plugins=False)  # no plugin of the environment in our process
    try:
        known = [m.name for m in migrations.pending(empty)]
    finally:
        empty.close()
    unknown = [m.name for m in migrations.applied(db) if m.name not in known]
    if unknown:
        key = "migr_newer_many" if len(unknown) > 1 else "migr_newer_one"
        raise StorageError(say(key, unknown=", ".join(unknown), known=known[-1]))
    if migrations.pending(db):
        if read_only:
            raise NeedsUpgrade(say("migr_needs_upgrade"))
        with write(db):
            migrations.apply(db)
